"""Speaker resolution: one actor per real speaker across the article.

Every attribution gets a ``speaker`` actor id.  Sources are read by
:func:`reportedly.nlp.actors.analyze_mention` and linked in text order:

* a named person is one actor across the article ("Benjamin Netanyahu", "Netanyahu",
  "Netanyahu's"), with the appositive or title as ``role`` and the body named in it as
  ``affiliation`` ("Moussa Abu Marzouk, a senior Hamas official" -> Hamas);
* a pronoun ("He also claimed") is the most recent compatible speaker (or main-clause subject
  named as a person): he/she -> one person, they -> a group, plural source or organisation;
* a description ("The Israeli official who spoke to the Times") is the most recent earlier
  actor with the same head noun, number and affiliation whose description covers it
  ("An Israeli official"); "another official" never is;
* a coordinated source ("two senior Hamas officials and two other officials familiar with the
  talks") yields one actor per conjunct; ``speaker`` is the first, the others keep their mention;
* a source-less participle ("…, claiming that …") shares the speaker of its governing clause;
* the channel ("told the Times", "in an interview with the news outlet") resolves to a media
  actor: registry names, earlier full names of the same outlet, then the last outlet named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from reportedly.models import Actor, Attribution
from reportedly.models import Span as TextSpan
from reportedly.nlp.actors import (
    BODY_HEADS,
    BODY_KINDS,
    EMPLOYEE_ROLES,
    HONORIFICS,
    MEDIA_HEADS,
    OWNER_PRONOUNS,
    PRONOUNS,
    ROLE_NOUNS,
    TITLE_ABBREVIATIONS,
    Mention,
    actor_for_entry,
    analyze_mention,
    doc_ents,
    doc_text,
    next_actor_id,
    possessive_reference,
    pronoun_fits,
    registry_of,
    resolve_mention,
)
from reportedly.nlp.attribution_rules import PLATFORMS
from reportedly.nlp.registry import Registry, load_registry, norm

_GENERIC_MEDIA = MEDIA_HEADS | {"outlet", "newspaper", "paper"}
#: possessives of an employer: "her spokesman" works for her, "its spokesman" for the body "it" is
_EMPLOYER_PRONOUNS = OWNER_PRONOUNS | {"its", "their"}

@dataclass(slots=True)
class _Seen:
    """What the article has said about one actor so far, for matching later descriptions."""

    heads: set[str] = field(default_factory=set)
    words: set[str] = field(default_factory=set)
    first: frozenset[str] | None = None
    plural: bool = False
    affiliation: str | None = None


@dataclass(slots=True)
class _Context:
    doc: Doc
    registry: Registry
    seen: dict[str, _Seen] = field(default_factory=dict)
    #: (char position, actor id) of every resolved speaker mention, in text order
    history: list[tuple[int, str]] = field(default_factory=list)
    #: actor id -> "m"/"f" once a title, noun or pronoun has said it
    gender: dict[str, str] = field(default_factory=dict)
    #: surname -> "m"/"f" from an honorific anywhere in the article ("Ms. Whitfield"), built once
    surnames: dict[str, str] | None = None

    #: actor id -> actor, rebuilt when the article's actor list has grown (lookups are frequent)
    by_id: dict[str, Actor] = field(default_factory=dict)

    def actor(self, actor_id: str | None) -> Actor | None:
        if actor_id is None:
            return None
        actors: list[Actor] = self.doc._.actors
        if len(self.by_id) != len(actors) or actor_id not in self.by_id:
            self.by_id = {a.id: a for a in actors}
        return self.by_id.get(actor_id)

    def gender_of(self, actor: Actor) -> str | None:
        """What the article says of a person's gender so far, or by an honorific anywhere in it
        ("Senator Dana Whitfield … Ms. Whitfield": not the "he" of the sentence in between)."""
        known = self.gender.get(actor.id)
        if known is not None or actor.type != "person":
            return known
        if self.surnames is None:
            self.surnames = _honorific_surnames(self.doc)
        last = actor.name.split()[-1:]
        return self.surnames.get(last[0].lower()) if last else None


class SpeakerResolver:
    """spaCy component: fills ``speaker`` (and ``channel_actor``) on every attribution and ``doc._.actors``."""

    def __init__(self, nlp: Language | None = None, name: str = "reportedly_speakers",
                 actors: list[str] | tuple[str, ...] | None = None) -> None:
        self.name = name
        self.actors_files = tuple(actors or ())
        load_registry(self.actors_files)  # a bad user file fails here, at pipeline load

    def __call__(self, doc: Doc) -> Doc:
        if self.actors_files and not doc.user_data.get("reportedly_actors_files"):
            doc.user_data["reportedly_actors_files"] = self.actors_files
        if doc._.actors is None:
            doc._.actors = []
        ctx = _Context(doc, registry_of(doc))
        records: list[Attribution] = sorted(doc._.attributions or [], key=_position)
        deferred = [rec for rec in records if rec.source is not None and not self._resolve_source(ctx, rec, records)]
        for rec in deferred:  # "I"/"we" inside a quotation whose speaker is named after it
            self._resolve_source(ctx, rec, records, last_try=True)
        implicit: dict[str, int] = doc.user_data.get("reportedly_implicit_heads", {}) or {}
        for _ in range(2):  # a participle may hang on another source-less attribution
            for rec in records:
                if rec.speaker is None and rec.source is None:
                    self._resolve_sourceless(ctx, rec, records, implicit)
        for rec in records:
            if rec.speaker is None:
                actors: list[Actor] = doc._.actors
                actor = Actor(id=next_actor_id(actors), name="unidentified source", type="unspecified")
                actors.append(actor)
                rec.speaker = actor.id
            if rec.channel is not None and rec.channel_actor is None:
                channel = self._resolve_channel(ctx, rec.channel)
                rec.channel_actor = channel.id if channel is not None else None
        _merge_short_names(ctx, records)
        _merge_titles_into_names(ctx, records)
        _complete_names(ctx)
        _link_entities(ctx)
        return doc

    # -- explicit sources -------------------------------------------------------------------

    def _resolve_source(self, ctx: _Context, rec: Attribution, records: list[Attribution],
                        last_try: bool = False) -> bool:
        """Set ``rec.speaker`` from its source span; False to come back once the others are done."""
        assert rec.source is not None
        if self._resolve_member(ctx, rec):
            return True
        m = analyze_mention(ctx.doc, rec.source.start, rec.source.end, ctx.registry)
        if m.pronoun is not None:
            if PRONOUNS[m.pronoun] in {"1", "1pl"}:
                # "I"/"we" speak inside someone's quotation: that someone
                outer = _container(rec, records)
                if outer is not None and outer.speaker is None and not last_try:
                    return False
                actor = ctx.actor(outer.speaker) if outer is not None else None
                if actor is None:
                    actor = self._antecedent(ctx, m, rec.source.start)
            else:
                actor = self._antecedent(ctx, m, rec.source.start)
            if actor is not None:
                if PRONOUNS[m.pronoun] in {"m", "f"}:
                    ctx.gender.setdefault(actor.id, PRONOUNS[m.pronoun])
                _speaks(ctx, rec, actor, m.start, m.end)
                return True
        actors = [self._resolve(ctx, part) for part in [m, *m.conjuncts]]
        for part, actor in zip([m, *m.conjuncts], actors, strict=True):
            if part.gender in {"m", "f"}:
                ctx.gender.setdefault(actor.id, part.gender)
        rec.speaker = actors[0].id
        self._owner_affiliation(ctx, rec, actors[0])
        ctx.history.append((rec.source.start, actors[0].id))
        return True

    def _owner_affiliation(self, ctx: _Context, rec: Attribution, actor: Actor) -> None:
        """"His campaign spokesman, Luis Ortega", "Her deputy": with no body named, the person the
        possessive pronoun stands for is whom the speaker works for."""
        if actor.affiliation is not None or actor.type not in {"person", "anonymous"} or rec.source is None:
            return
        span = ctx.doc.char_span(rec.source.start, rec.source.end, alignment_mode="expand")
        if span is None:
            return
        owner = next((t for t in span if t.dep_ == "poss" and t.lower_ in _EMPLOYER_PRONOUNS
                      and t.head.lemma_.lower() in EMPLOYEE_ROLES), None)
        if owner is None:
            return
        boss = self._pronoun_actor(ctx, owner.lower_, owner.idx, owner.idx + len(owner))
        if boss is not None and boss.id != actor.id:
            actor.affiliation = boss.id

    def _pronoun_actor(self, ctx: _Context, pronoun: str, start: int, end: int) -> Actor | None:
        """The actor a possessive pronoun inside a phrase stands for ("his" of "his group")."""
        return self._antecedent(ctx, Mention(start, end, pronoun, pronoun, pronoun=pronoun), start)

    def _resolve_member(self, ctx: _Context, rec: Attribution) -> bool:
        """"One of them acknowledged …", "one of the diplomats said …": the group named before
        ("Two Western diplomats said …") speaks; with no such group the phrase is read as it stands."""
        assert rec.source is not None
        group = _member_group(ctx.doc, rec.source.start, rec.source.end)
        if group is None:
            return False
        m = analyze_mention(ctx.doc, *group, ctx.registry)
        if m.pronoun is not None:
            actor = self._antecedent(ctx, m, rec.source.start) if PRONOUNS[m.pronoun] == "pl" else None
        else:
            actor = self._description(ctx, m)
        if actor is None:
            return False
        _speaks(ctx, rec, actor, rec.source.start, rec.source.end)
        return True

    def _resolve(self, ctx: _Context, m: Mention) -> Actor:
        actor = None if m.other else (self._generic(ctx, m) or self._description(ctx, m))
        if actor is not None:
            actor.mentions.append(TextSpan.of(doc_text(ctx.doc), m.start, m.end))
            actor.mentions.sort(key=lambda s: s.start)
        else:
            resolved = resolve_mention(ctx.doc, m)
            assert resolved is not None
            actor = resolved
        seen = ctx.seen.setdefault(actor.id, _Seen())
        seen.heads.add(m.head_lemma)
        if m.role_head:
            seen.heads.add(m.role_head)
        if seen.first is None:
            seen.first = m.descriptors
        seen.words |= set(m.descriptors) | {w.lower() for w in (m.role or "").split()}
        seen.plural = m.plural if actor.type != "person" else False
        if m.affiliation is not None and m.affiliation[2] is not None:
            seen.affiliation = m.affiliation[2].id
        return actor

    def _generic(self, ctx: _Context, m: Mention) -> Actor | None:
        """"the country", "the group", "the militants": the latest actor of a fitting type named before."""
        owner, types = possessive_reference(m)
        if not types or m.entry is not None or m.person:
            return None
        if owner is not None:
            # "his group", "her party": what the pronoun's person is affiliated with
            person = self._pronoun_actor(ctx, owner, m.start, m.end)
            body = ctx.actor(person.affiliation) if person is not None and person.affiliation else None
            return body if body is not None and body.type in types else None
        if not m.definite or m.descriptors:
            return None
        if m.plural and m.head_lemma != "militant":
            return None  # "the companies" are several, not the one company named before
        # "the company" is the actor called "company" before, when there is one, else the
        # latest actor of a fitting type: "the union says …. The company has denied" is not
        # the union
        best: tuple[bool, int, Actor] | None = None
        for actor in ctx.doc._.actors:
            if actor.type not in types:
                continue
            before = [s for s in actor.mentions if s.start < m.start]
            if not before:
                continue
            key = (any(_head_word(s.text) == m.head_lemma for s in before), max(s.start for s in before), actor)
            if best is None or key[:2] > best[:2]:
                best = key
        return best[2] if best else None

    def _description(self, ctx: _Context, m: Mention) -> Actor | None:
        """An earlier actor this description refers back to ("the Israeli official" = "an Israeli
        official"; "the Hamas official" = "Moussa Abu Marzouk, a senior Hamas official")."""
        if m.pronoun or m.person or m.entry is not None:
            return None
        if m.type not in {"anonymous", "group", "person"} and not m.definite:
            return None  # "the commission" refers back; "a commission" does not
        aff = m.affiliation[2].id if m.affiliation is not None and m.affiliation[2] is not None else None
        indefinite = not m.definite
        for _pos, actor_id in reversed(ctx.history):
            actor = ctx.actor(actor_id)
            seen = ctx.seen.get(actor_id)
            if actor is None or seen is None or m.head_lemma not in seen.heads:
                continue
            if actor.type == "person" and (m.plural or indefinite):
                continue
            if m.type not in {"anonymous", "group", "person"} and actor.type in {"anonymous", "group", "person"}:
                continue
            if actor.type != "person" and seen.plural != m.plural:
                continue
            if aff and seen.affiliation and aff != seen.affiliation:
                continue
            if m.count is not None and actor.count is not None and m.count != actor.count:
                continue
            if m.plural and m.determiner is None and m.count is None and actor.count is not None:
                continue  # bare "People feel …" is people at large, not the "three people" before
            if indefinite and m.descriptors != seen.first:
                continue  # "an Israeli official" again is the same one; "a senior official" may not be
            if not m.descriptors <= seen.words:
                continue
            return actor
        if m.definite and not m.plural and m.type == "person":
            return self._titled_person(ctx, m)
        return None

    def _titled_person(self, ctx: _Context, m: Mention) -> Actor | None:
        """"the mayor" = the latest person named with that title ("Mayor Bill de Blasio described …")."""
        doc = ctx.doc
        for ent in reversed(doc_ents(doc)):
            if ent.label_ != "PERSON" or ent.end_char > m.start:
                continue
            title = [t for t in doc[ent.root.left_edge.i:ent.start] if t.dep_ not in {"det", "poss", "case", "punct"}]
            appos = [c for c in ent.root.rights if c.dep_ == "appos"]
            words = {TITLE_ABBREVIATIONS.get(t.lower_, t.lemma_.lower()) for t in title}
            words |= {c.lemma_.lower() for c in appos}
            if m.head_lemma in words and m.descriptors <= {t.lower_ for t in title} | words:
                start = min([ent.start_char, *(t.idx for t in title)])
                return resolve_mention(doc, analyze_mention(doc, start, ent.end_char, ctx.registry))
        return None

    # -- pronouns and source-less attributions --------------------------------------------

    def _antecedent(self, ctx: _Context, m: Mention, pos: int) -> Actor | None:
        """The most recent earlier speaker (or person subject of a main clause) the pronoun fits."""
        kind = m.pronoun or ""
        candidates: list[tuple[int, Actor | Span]] = []
        for p, actor_id in ctx.history:
            actor = ctx.actor(actor_id)
            if actor is not None and p < pos:
                candidates.append((p, actor))
        singular = pronoun_fits(kind, Actor(id="", name="", type="person"))
        at = ctx.doc.char_span(pos, pos + 1, alignment_mode="expand")
        sent = at[0].sent if at is not None else None
        # the main subject of the pronoun's own sentence comes first ("the foreign minister, Lena
        # Okoro, threatened to walk out after X's delegation presented a map that, she said, …")
        sentence_start = sent.start_char if sent is not None else pos
        first: list[tuple[int, Actor | Span]] = []
        # an actor named as a main-clause subject since the last speaker ("X met Y. He said …")
        named = {a.name.split()[-1].lower() for a in ctx.doc._.actors if a.type == "person" and a.name.split()}
        for ent in doc_ents(ctx.doc):
            if ent.end_char > pos or pos - ent.start_char > 600:
                continue
            # the subject itself, or a name in apposition to it ("Marova's prime minister, Elena
            # Varga, struck a harder tone. … she vowed")
            # or its possessor ("Marsh's office pushed back. Her spokesman, …")
            root = ent.root
            if not _main_subject(root) and not (root.dep_ in {"appos", "poss"} and _main_subject(root.head)):
                continue
            wanted = {"PERSON"} if singular else {"ORG", "GPE"} if kind in {"it", "its"} else {"ORG", "NORP", "GPE"}
            # a person the article has named, whatever NER made of this mention ("Marsh's office")
            known = singular and ent.text.split()[-1].lower().removesuffix("'s") in named
            if ent.label_ in wanted or known:
                (first if ent.start_char >= sentence_start else candidates).append((ent.start_char, ent))
        if singular and at is not None and sent is not None:
            # a person described by a role noun earlier in the pronoun's own sentence ("Her deputy
            # put it more bluntly: the authority, he said, …"; "X accused her opponent of …, and he
            # fired back …")
            for tok in ctx.doc[sent.start:at[0].i]:
                if (tok.tag_ == "NN" and tok.dep_ in {"nsubj", "nsubjpass", "dobj"} and not tok.ent_type_
                        and tok.lemma_.lower() in ROLE_NOUNS and tok.right_edge.i < at[0].i):
                    # the noun phrase up to its head: "her Republican opponent", not "… of hiding"
                    candidates.append((tok.left_edge.idx, ctx.doc[tok.left_edge.i:tok.i + 1]))
        if kind in {"they", "them", "their"} and at is not None and sent is not None:
            # or a plural noun subject just before ("Regulators met on Friday. They said …")
            # or, earlier in the pronoun's own sentence, the plural subject of any clause ("…, when
            # union delegates walked out over what they described as …")
            sent_start = sent.start
            for tok in ctx.doc[max(0, sent_start - 60):at[0].i]:
                if tok.tag_ not in {"NNS", "NNPS"} or tok.ent_type_:
                    continue
                own_sentence = tok.i >= sent_start and tok.dep_ in {"nsubj", "nsubjpass"}
                if (own_sentence or _main_subject(tok)) and tok.right_edge.i < at[0].i:
                    sub = list(tok.subtree)
                    candidates.append((sub[0].idx, ctx.doc[sub[0].i:sub[-1].i + 1]))
        want = PRONOUNS.get(kind, "")
        ordered = sorted(first, key=lambda c: c[0], reverse=True) + sorted(candidates, key=lambda c: c[0], reverse=True)
        for _p, cand in ordered:
            if isinstance(cand, Span):
                m_ent = analyze_mention(ctx.doc, cand.start_char, cand.end_char, ctx.registry)
                if want in {"m", "f"} and m_ent.gender not in {None, "x", want}:
                    continue
                actor = resolve_mention(ctx.doc, m_ent)
            else:
                actor = cand if pronoun_fits(kind, cand) else None
            # "he" after "she" was said of someone is someone else
            if actor is not None and (want not in {"m", "f"} or (ctx.gender_of(actor) or want) == want):
                return actor
        return None

    def _resolve_sourceless(self, ctx: _Context, rec: Attribution, records: list[Attribution],
                            implicit: dict[str, int]) -> None:
        doc = ctx.doc
        head_i = implicit.get(rec.id)
        if head_i is not None and 0 <= head_i < len(doc):
            owner = _owner_of(doc, head_i, records)
            if owner is not None and owner is not rec and owner.speaker:
                rec.speaker = owner.speaker
                return
            subject = _subject_of(doc[head_i])
            if subject is not None:
                left = min(t.idx for t in subject.subtree)
                right = max(t.idx + len(t) for t in subject.subtree)
                m = analyze_mention(doc, left, right, ctx.registry)
                actor = self._antecedent(ctx, m, left) if m.pronoun else self._resolve(ctx, m)
                if actor is not None:
                    rec.speaker = actor.id
                    return
        # a quotation standing alone continues the previous speaker's words (news convention)
        if rec.kind in {"direct", "mixed"} and rec.nested_in is None:
            prev = [r for r in records if r.speaker and _position(r) < _position(rec)]
            if prev and rec.content.start - (prev[-1].content.end) < 400:
                rec.speaker = prev[-1].speaker

    # -- channels -------------------------------------------------------------------------

    def _resolve_channel(self, ctx: _Context, span: TextSpan) -> Actor | None:
        doc = ctx.doc
        m = analyze_mention(doc, span.start, span.end, ctx.registry)
        media = [a for a in doc._.actors if a.type == "media" and a.registry_id]
        if m.entry is not None and m.entry.type == "media":
            # "the Times" after "The New York Times" (or "The Times of Israel") is that outlet
            short = norm(m.text)
            for actor in reversed(media):
                if actor.registry_id != m.entry.id and short and set(short.split()) <= set(norm(actor.name).split()) \
                        and actor.mentions and actor.mentions[0].start < span.start:
                    _mention(actor, span, doc)
                    return actor
            return actor_for_entry(doc, m.entry, span)
        # "the news outlet" refers back; "state television", "local radio" name an outlet of their own
        # "the broadcaster NRK-West" names its outlet; only a bare "the broadcaster" refers back
        named = any(w[:1].isupper() for w in m.name.split()[1:]) or (m.name[:1].isupper() and m.determiner is None)
        if m.entry is None and not m.person and not named and m.head_lemma in _GENERIC_MEDIA and (
            m.definite or not (m.determiner or m.descriptors)
        ):
            # a platform ("wrote on X") is not an outlet that "the broadcaster" refers back to
            earlier = [a for a in doc._.actors if a.type == "media" and a.mentions
                       and a.mentions[0].start < span.start and a.name.lower() not in {"reports", "report"}
                       and norm(a.name) not in PLATFORMS]
            if earlier:
                actor = max(earlier, key=lambda a: max(s.start for s in a.mentions if s.start < span.start))
                _mention(actor, span, doc)
                return actor
            outlet = getattr(doc.user_data.get("reportedly_article"), "outlet", None)
            entry = ctx.registry.lookup(outlet) if outlet else None
            if entry is not None:
                return actor_for_entry(doc, entry, span)
        if m.entry is None and not m.person and (
            norm(m.name) in PLATFORMS or m.head_lemma in MEDIA_HEADS
        ):
            # "wrote on X": the platform is where the words went out; "quoted by the state news
            # agency": a channel named by a press noun is the press
            m.type = "media"
        return resolve_mention(doc, m)


def _speaks(ctx: _Context, rec: Attribution, actor: Actor, start: int, end: int) -> None:
    """``actor`` is the speaker of ``rec``, mentioned at ``doc.text[start:end]`` (an earlier actor
    found again: a pronoun's antecedent, the group of "one of them")."""
    assert rec.source is not None
    actor.mentions.append(TextSpan.of(doc_text(ctx.doc), start, end))
    actor.mentions.sort(key=lambda s: s.start)
    rec.speaker = actor.id
    ctx.history.append((rec.source.start, actor.id))


#: words for a part of a group named before: "one of them", "two of the people", "some of them"
_PART_WORDS = frozenset({"one", "some", "several", "both", "many", "most", "all", "each", "either", "neither"})


def _head_word(mention: str) -> str:
    """The last word of a mention, lower-cased, without a possessive ending ("the company's")."""
    words = mention.lower().replace("’", "'").removesuffix("'s").removesuffix("'").split()
    return words[-1] if words else ""


def _member_group(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """The characters of the group in "one of them" / "one of the diplomats" / "two of the people"
    at ``doc.text[start:end]``; None for any other phrase."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not (span.root.lower_ in _PART_WORDS or span.root.like_num):
        return None
    for prep in span.root.children:
        if prep.dep_ != "prep" or prep.lower_ != "of" or not span.start <= prep.i < span.end:
            continue
        for pobj in prep.children:
            group = [t for t in pobj.subtree if pobj.dep_ == "pobj" and span.start <= t.i < span.end and not t.is_punct]
            if group:
                return group[0].idx, group[-1].idx + len(group[-1])
    return None


def _mention(actor: Actor, span: TextSpan, doc: Doc) -> None:
    if not any(s.start == span.start and s.end == span.end for s in actor.mentions):
        actor.mentions.append(TextSpan.of(doc_text(doc), span.start, span.end))
        actor.mentions.sort(key=lambda s: s.start)


def _position(rec: Attribution) -> int:
    return (rec.source or rec.cue or rec.content).start


def _main_subject(token: Token) -> bool:
    """The subject of the sentence's main verb (or, when the parser hung that verb lower, a subject
    that opens the sentence)."""
    if token.dep_ not in {"nsubj", "nsubjpass"}:
        return False
    if token.head.dep_ == "ROOT":
        return True
    left = token.left_edge  # is_sent_start is a flag: cheaper than building token.sent
    return bool(left.is_sent_start or (left.i > 0 and left.nbor(-1).is_sent_start))


def _merge_short_names(ctx: _Context, records: list[Attribution]) -> None:
    """A body named by one word ("Front", in a headline) before the article names it in full ("The
    Northern Front") is that body: the short actor's mentions and references move to the long one.
    Only when exactly one longer name of a body ends in that word."""
    actors: list[Actor] = ctx.doc._.actors
    bodies = [a for a in actors if a.type in BODY_KINDS and a.registry_id is None]
    for short in list(bodies):
        words = norm(short.name).split()
        if len(words) != 1:
            continue
        longer = [a for a in bodies if a is not short and len(norm(a.name).split()) > 1
                  and norm(a.name).split()[-1] == words[0]]
        if not longer:
            _name_in_full(ctx.doc, short, words[0])
            continue
        if len(longer) != 1:
            continue
        _merge_into(ctx, records, short, longer[0])
        bodies.remove(short)


def _merge_into(ctx: _Context, records: list[Attribution], gone: Actor, kept: Actor) -> None:
    """``gone`` is ``kept``: its mentions, the attributions it speaks or hears and the actors
    affiliated with it move over, and it leaves the article's actors."""
    for span in gone.mentions:
        _mention(kept, span, ctx.doc)
    for rec in records:
        if rec.speaker == gone.id:
            rec.speaker = kept.id
        if rec.channel_actor == gone.id:
            rec.channel_actor = kept.id
    actors: list[Actor] = ctx.doc._.actors
    for actor in actors:
        if actor.affiliation == gone.id:
            actor.affiliation = kept.id
    actors.remove(gone)


def _merge_titles_into_names(ctx: _Context, records: list[Attribution]) -> None:
    """"The chairman of the talks warned … 'A text everyone can live with,' the chairman, Abel
    Mensah, told reporters": a person described by a title before the article names the title's
    holder is that holder.  Only when exactly one named person of the article holds a role with
    that head word, and the description comes first (after the name, the resolver already links
    "the chairman" back)."""
    actors: list[Actor] = ctx.doc._.actors
    people = [a for a in actors if a.type == "person" and a.role and a.mentions]
    named = [a for a in people if _is_named(a)]
    for titled in [a for a in people if not _is_named(a)]:
        head = _role_head(titled.role or "")
        holders = [a for a in named if head and head in _role_words(a.role or "")]
        if len(holders) != 1 or holders[0].mentions[0].start < titled.mentions[0].start:
            continue
        _merge_into(ctx, records, titled, holders[0])


def _is_named(actor: Actor) -> bool:
    """Whether a person actor carries a name ("Abel Mensah"), not a description ("the chairman")."""
    first = actor.name.split()[0] if actor.name.split() else ""
    return first[:1].isupper() and first.lower() not in {"the", "a", "an"}


def _role_head(role: str) -> str:
    """The office word of a role: "chairman of the talks" -> "chairman"."""
    words = role.lower().split(" of ")[0].split()
    return words[-1] if words else ""


def _role_words(role: str) -> set[str]:
    return set(role.lower().replace(",", " ").split())


def _name_in_full(doc: Doc, short: Actor, word: str) -> None:
    """"The Brigades" after "the Crescent Brigades", a name no other stage made an actor: the
    short actor takes the full name, and the first full mention before its own.  Only for a noun
    that heads bodies' names, and when exactly one longer organisation name of the article
    ends in that word."""
    if word not in BODY_HEADS and word.removesuffix("s") not in BODY_HEADS:
        return  # "House" after "the White House" may be the House of Representatives
    first = min((m.start for m in short.mentions), default=None)
    full = {
        norm(e.text): e for e in doc_ents(doc)
        if e.label_ == "ORG" and first is not None and e.end_char <= first
        and len(norm(e.text).split()) > 1 and norm(e.text).split()[-1] == word
    }
    if len(full) != 1:
        return
    ent = next(iter(full.values()))
    words = ent.text.split()
    short.name = " ".join(words[1:]) if words[0].lower() == "the" else ent.text
    _mention(short, TextSpan.of(doc_text(doc), ent.start_char, ent.end_char), doc)


def _honorific_surnames(doc: Doc) -> dict[str, str]:
    """Surname -> gender for every "Mr./Ms./Mrs. <Name>" of the article (none when it conflicts).
    A regular expression over the text: walking every token cost 2 ms an article."""
    out: dict[str, str] = {}
    clash: set[str] = set()
    for match in _HONORIFIC_NAME.finditer(doc_text(doc)):
        gender = HONORIFICS.get(match.group(1).lower()) or HONORIFICS.get(match.group(1).lower() + ".")
        if gender not in {"m", "f"}:
            continue
        key = match.group(2).lower()
        if out.get(key, gender) != gender:
            clash.add(key)
        out[key] = gender
    return {k: v for k, v in out.items() if k not in clash}


#: an honorific and the capitalised word after it ("Ms. Whitfield")
_HONORIFIC_NAME = re.compile(
    r"\b(" + "|".join(sorted({re.escape(h.rstrip(".").capitalize()) for h in HONORIFICS}, key=len, reverse=True))
    + r")\.?[ \t\xa0]+([A-Z][\w-]*(?:['’][A-Z][\w-]*)?)"
)


def _complete_names(ctx: _Context) -> None:
    """A person known only by surname gets the full name the article gives elsewhere
    ("DuVernay" -> "Ava DuVernay"), and that mention."""
    persons = [a for a in ctx.doc._.actors if a.type == "person" and a.registry_id is None]
    if not persons:
        return
    # NER reads an inverted cue into the name ("Said Ellis: …"); a cue word is never a name
    cues = [rec.cue for rec in ctx.doc._.attributions or [] if rec.cue is not None]
    for ent in doc_ents(ctx.doc):
        if ent.label_ != "PERSON" or len(ent) < 2:
            continue
        if any(cue.start < ent.end_char and ent.start_char < cue.end for cue in cues):
            continue
        words = norm(ent.text).split()
        for actor in persons:
            short = norm(actor.name).split()
            if short and len(words) > len(short) and words[-len(short):] == short:
                actor.name = ent.text
                _mention(actor, TextSpan.of(doc_text(ctx.doc), ent.start_char, ent.end_char), ctx.doc)


def _link_entities(ctx: _Context) -> None:
    """Named-entity mentions of actors the article already has become their mentions ("Hamas" in a
    quotation is the Hamas that speaks elsewhere).  No actor is created here: places and names
    that never act stay out of ``actors[]``.  Matching is by name only (no mention analysis), so
    this costs one dictionary look-up per entity."""
    doc = ctx.doc
    actors: list[Actor] = doc._.actors
    if not actors:
        return
    names: dict[str, Actor] = {}
    for actor in actors:
        entry = ctx.registry.get(actor.registry_id)
        forms = [actor.name, *actor.aliases, *(entry.names() if entry else ()), *(entry.adjectives if entry else ())]
        for form in forms:
            key = norm(form)
            if key and key not in {"he", "she", "they", "it", "we", "i"}:
                names.setdefault(key, actor)
        if actor.type == "person":
            last = norm(actor.name).split()[-1:]
            if last:
                names.setdefault(last[0], actor)
    taken = [(m.start, m.end) for a in actors for m in a.mentions]
    for ent in doc_ents(doc):
        if ent.label_ not in {"PERSON", "ORG", "GPE", "NORP"}:
            continue
        named = names.get(norm(ent.text))
        if named is None or any(s < ent.end_char and ent.start_char < e for s, e in taken):
            continue
        _mention(named, TextSpan.of(doc_text(doc), ent.start_char, ent.end_char), doc)


def _container(rec: Attribution, records: list[Attribution]) -> Attribution | None:
    """The innermost other attribution whose content holds ``rec``'s source."""
    assert rec.source is not None
    src = rec.source
    best: Attribution | None = None
    for other in records:
        if other is not rec and other.content.contains(src) and (best is None or best.content.contains(other.content)):
            best = other
    return best


def _owner_of(doc: Doc, head_i: int, records: list[Attribution]) -> Attribution | None:
    """The attribution whose cue contains the token (the participle's governing speech verb).

    The parser often hangs ", claiming …" on the reported clause rather than on the speech verb
    ("X confirmed that the talks had collapsed, claiming …"); a speech participle there still
    belongs to the reporter, so climb out of complement clauses to the cue that governs them.
    """
    tok = doc[head_i]
    for _ in range(3):
        for rec in records:
            if rec.cue is not None and rec.cue.start <= tok.idx < rec.cue.end:
                return rec
        if tok.dep_ not in {"ccomp", "conj"} or tok.head is tok:
            return None
        tok = tok.head
    return None


def _subject_of(token: Token) -> Token | None:
    """The subject of the clause a participle hangs on, climbing conjunctions and complements."""
    cur = token
    for _ in range(4):
        for child in cur.children:
            if child.dep_ in {"nsubj", "nsubjpass"}:
                if child.lower_ in {"who", "which", "that"} and cur.dep_ == "relcl":
                    return cur.head
                return child
            if child.dep_ == "agent":
                objs = [g for g in child.children if g.dep_ == "pobj"]
                if objs:
                    return objs[0]
        if cur.dep_ in {"conj", "xcomp", "advcl", "ccomp"} and cur.head.i != cur.i:
            cur = cur.head
        else:
            break
    return None


__all__ = ["SpeakerResolver"]
