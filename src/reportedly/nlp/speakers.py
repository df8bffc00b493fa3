"""Speaker resolution: one actor per real speaker across the article.

First pass (issue #2): sources with the same head are one actor, pronouns go to the latest
person speaker, sources with no span of their own share the speaker of their main clause.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from reportedly.models import Actor, Attribution
from reportedly.models import Span as TextSpan

_PRONOUNS = {"he", "she", "they", "him", "her", "them", "i", "we", "his", "their"}
_ANONYMOUS_HEADS = {
    "official", "officials", "source", "sources", "person", "people", "diplomat", "diplomats",
    "aide", "aides", "spokesman", "spokeswoman", "spokesperson", "insider", "insiders",
    "negotiator", "negotiators", "mediator", "mediators", "analyst", "analysts", "observers",
    "official's", "officer", "officers",
}
_MEDIA_HEADS = {"report", "reports", "newspaper", "outlet", "times", "post", "agency", "media", "press"}
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
            "nine": 9, "ten": 10, "a": 1, "an": 1, "several": None, "some": None}
_RANKS = ("senior", "high-ranking", "top", "junior", "mid-level", "former")


def _key(text: str) -> str:
    words = re.findall(r"[\w']+", text.lower())
    words = [w for w in words if w not in {"the", "a", "an", "who", "'s", "s"}]
    return " ".join(words)


class SpeakerResolver:
    """spaCy component: fills ``speaker`` on every attribution and ``doc._.actors``."""

    def __init__(self, nlp: Language, name: str = "reportedly_speakers") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        actors: list[Actor] = []
        by_key: dict[str, Actor] = {}
        last_person: Actor | None = None
        records: list[Attribution] = doc._.attributions
        implicit_heads: dict[str, int] = doc.user_data.get("reportedly_implicit_heads", {})
        by_cue_token: dict[int, Attribution] = {}
        for rec in records:
            if rec.cue is not None:
                span = doc.char_span(rec.cue.start, rec.cue.end, alignment_mode="expand")
                if span is not None:
                    for tok in span:
                        by_cue_token[tok.i] = rec
        for rec in sorted(records, key=lambda r: (r.source or r.cue or r.content).start):
            if rec.source is None:
                head = implicit_heads.get(rec.id)
                owner = by_cue_token.get(head) if head is not None else None
                if owner is not None and owner.speaker:
                    rec.speaker = owner.speaker
                continue
            text = rec.source.text
            key = _key(text)
            if key in _PRONOUNS and last_person is not None:
                rec.speaker = last_person.id
                last_person.mentions.append(rec.source)
                continue
            actor = by_key.get(key) or self._match_existing(key, actors)
            if actor is None:
                actor = self._new_actor(doc, rec.source, f"P{len(actors) + 1}")
                actors.append(actor)
            by_key[key] = actor
            actor.mentions.append(rec.source)
            rec.speaker = actor.id
            if actor.type in {"person", "anonymous"}:
                last_person = actor
        for rec in records:
            if rec.speaker is None:
                actor = Actor(id=f"P{len(actors) + 1}", name="unidentified source", type="unspecified")
                actors.append(actor)
                rec.speaker = actor.id
        doc._.actors = actors
        return doc

    @staticmethod
    def _match_existing(key: str, actors: list[Actor]) -> Actor | None:
        """A surname or a shorter description of an actor already seen."""
        words = key.split()
        for actor in reversed(actors):
            akey = _key(actor.name)
            if words and akey.endswith(" ".join(words)) and actor.type == "person":
                return actor
            if actor.type == "anonymous" and words and words[-1] in _ANONYMOUS_HEADS and key in akey:
                return actor
        return None

    @staticmethod
    def _new_actor(doc: Doc, span: TextSpan, actor_id: str) -> Actor:
        tokens = doc.char_span(span.start, span.end, alignment_mode="expand")
        name = span.text.strip().rstrip(",")
        words = _key(name).split()
        head = words[-1] if words else ""
        ents = [e for e in tokens.ents] if tokens is not None else []
        kind = "unspecified"
        count: int | None = None
        rank = next((r for r in _RANKS if r in words), None)
        if any(e.label_ == "PERSON" for e in ents):
            kind = "person"
            name = next(e.text for e in ents if e.label_ == "PERSON")
        elif head in _ANONYMOUS_HEADS or (tokens is not None and tokens.root.lower_ in _ANONYMOUS_HEADS):
            kind = "anonymous"
            first = words[0] if words else ""
            count = _NUMBERS.get(span.text.split()[0].lower()) if span.text.split() else None
            if first.isdigit():
                count = int(first)
            if count is None and head.endswith("s") and head not in _NUMBERS:
                count = None
            elif count is None:
                count = 1
        elif head in _MEDIA_HEADS or any(e.label_ == "ORG" and "times" in e.text.lower() for e in ents):
            kind = "media"
        elif any(e.label_ == "GPE" for e in ents):
            kind = "state"
        elif any(e.label_ in {"ORG", "NORP"} for e in ents):
            kind = "organization"
        return Actor(id=actor_id, name=name, type=kind, count=count, rank=rank)
