"""Article-level actor lookup shared by the speaker, event and editorial stages.

``actor_for_span`` is the one way a stage turns a text mention into an actor id: it reuses an
actor that already has an overlapping (or same-named) mention and otherwise creates an
article-local actor with its type guessed from the entity label, so no mention is dropped.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from reportedly.models import Actor
from reportedly.models import Span as TextSpan

_ENT_TYPES = {"PERSON": "person", "GPE": "state", "ORG": "organization", "NORP": "group"}


def name_key(text: str) -> str:
    words = re.findall(r"[\w]+", text.lower())
    return " ".join(w for w in words if w not in {"the", "a", "an", "s"})


def actor_for_span(doc: Doc, start: int, end: int, *, create: bool = True) -> Actor | None:
    """The actor mentioned at ``doc.text[start:end]``, created when unknown and ``create``."""
    actors: list[Actor] = doc._.actors
    probe = TextSpan.of(doc.text, start, end)
    for actor in actors:
        if any(m.overlaps(probe) for m in actor.mentions):
            return actor
    key = name_key(probe.text)
    for actor in actors:
        if key and (name_key(actor.name) == key or key in (name_key(a) for a in actor.aliases)):
            actor.mentions.append(probe)
            return actor
    if not create or not key:
        return None
    span = doc.char_span(start, end, alignment_mode="expand")
    label = span.ents[0].label_ if span is not None and span.ents else ""
    actor = Actor(
        id=next_actor_id(actors),
        name=probe.text.strip(),
        type=_ENT_TYPES.get(label, "unspecified"),
        mentions=[probe],
    )
    actors.append(actor)
    return actor


def next_actor_id(actors: list[Actor]) -> str:
    used = {a.id for a in actors}
    n = len(actors) + 1
    while f"P{n}" in used:
        n += 1
    return f"P{n}"


def affiliation_chain(actor: Actor, actors: list[Actor]) -> list[Actor]:
    """The actor followed by what it belongs to (Abu Marzouk -> Hamas), cycles cut."""
    by_id = {a.id: a for a in actors}
    chain = [actor]
    seen = {actor.id}
    while chain[-1].affiliation and chain[-1].affiliation in by_id and chain[-1].affiliation not in seen:
        nxt = by_id[chain[-1].affiliation]
        seen.add(nxt.id)
        chain.append(nxt)
    return chain
