"""Article-level actors: which actor of the article a mention is.

Every stage that turns text into an actor id goes through here, so speakers, event parties
and editorial targets share one set of actors per article:

* :func:`~reportedly.nlp.mentions.analyze_mention` (in :mod:`reportedly.nlp.mentions`, re-exported
  here) reads a mention off the parse: name, role, affiliation, count and rank, conjuncts;
* :func:`resolve_mention` links it to an actor already in the article (same registry entry,
  same person by surname, same description) or creates one, filling ``registry_id``,
  ``country`` (ISO alpha-3), ``sector`` (PLOVER agent code) and ``type`` from the registry;
* :func:`actor_for_span` is the one-call form for other stages: it returns the actor with an
  overlapping (best-overlapping) or same-named mention, else resolves the span as above and
  creates an article-local actor when nothing matches — no mention is ever dropped;
* :func:`party_of` follows affiliations to the state or organisation an actor acts for
  (Netanyahu -> Israel, an official "of Hamas" -> Hamas).
"""

from __future__ import annotations

from spacy.tokens import Doc

from reportedly.models import Actor
from reportedly.models import Span as TextSpan

# mention analysis lives in reportedly.nlp.mentions; the names other stages use are re-exported here
from reportedly.nlp.mentions import (
    BODY_HEADS,
    BODY_TYPES,
    EMPLOYEE_ROLES,
    HONORIFICS,
    MEDIA_HEADS,
    MILITARY_PERSON_HEADS,
    OFFICIAL_HEADS,
    OUTLET_NAMES,
    OWNER_PRONOUNS,
    PRONOUNS,
    ROLE_NOUNS,
    STATE_LIKE,
    TITLE_ABBREVIATIONS,
    Mention,
    analyze_mention,
    article_date,
    doc_ents,
    doc_text,
    ent_bounds,
    name_key,
    possessive_reference,
    registry_of,
)
from reportedly.nlp.registry import RegistryEntry, norm

# -- resolution -----------------------------------------------------------------------------


def next_actor_id(actors: list[Actor]) -> str:
    used = {a.id for a in actors}
    n = len(actors) + 1
    while f"P{n}" in used:
        n += 1
    return f"P{n}"


def _add_mention(actor: Actor, span: TextSpan) -> None:
    if not any(m.start == span.start and m.end == span.end for m in actor.mentions):
        actor.mentions.append(span)
        actor.mentions.sort(key=lambda m: m.start)
    surface = span.text.strip()
    if surface and surface != actor.name and surface not in actor.aliases and len(surface) <= 60:
        actor.aliases.append(surface)


def actor_for_entry(doc: Doc, entry: RegistryEntry, span: TextSpan | None = None) -> Actor:
    """The article's actor for a registry entry, created (with its party chain) when absent."""
    actors: list[Actor] = doc._.actors
    for actor in actors:
        if actor.registry_id == entry.id:
            if span is not None:
                _add_mention(actor, span)
            return actor
    registry = registry_of(doc)
    actor = Actor(
        id=next_actor_id(actors), name=entry.name, type=entry.type, country=entry.country,
        sector=entry.sector or _sector_for_type(entry.type), registry_id=entry.id,
    )
    if entry.type == "state":
        actor.country = entry.country or entry.id
    actor.role = _registry_role(doc, entry)
    actors.append(actor)
    if span is not None:
        _add_mention(actor, span)
    aff = registry.get(entry.affiliations[0]) if entry.affiliations else None
    if aff is not None and aff.id != entry.id:
        actor.affiliation = actor_for_entry(doc, aff).id
    return actor


def _registry_role(doc: Doc, entry: RegistryEntry) -> str | None:
    """The office the registry says the actor held on the article's date ("Prime Minister of Israel")."""
    role = entry.role_at(article_date(doc))
    if role is None or not role.title:
        return None
    of = registry_of(doc).get(role.of)
    return f"{role.title} of {of.name}" if of is not None and of.type == "state" else role.title


def _sector_for_type(kind: str) -> str | None:
    return {"government": "GOV", "military": "MIL", "armed_group": "REB", "party": "PTY", "igo": "IGO",
            "media": "MED"}.get(kind)


def _person_match(name: str, actor: Actor) -> bool:
    """"Netanyahu" = "Benjamin Netanyahu", "Abu Marzouk" = "Moussa Abu Marzouk" (either order)."""
    a = norm(name).split()
    b = norm(actor.name).split()
    if not a or not b:
        return False
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return long[-len(short):] == short or (len(short) >= 2 and short[0] == long[0] and short[-1] == long[-1])


def find_existing(doc: Doc, m: Mention) -> Actor | None:
    """An actor of the article that ``m`` refers to, by registry entry, person name or name key."""
    actors: list[Actor] = doc._.actors
    if m.entry is not None:
        hit = next((a for a in actors if a.registry_id == m.entry.id), None)
        if hit is not None:
            return hit
        # a short name means the outlet or body the article already named in full: "the Post"
        # after "The New York Post" is not the registry's default Post
        short = set(norm(m.text).split())
        for actor in reversed(actors):
            if actor.type == m.entry.type and short and short < set(norm(actor.name).split()):
                return actor
    if m.type == "person" and m.person:
        for actor in reversed(actors):
            if actor.type == "person" and _person_match(m.person, actor):
                return actor
    key = name_key(m.name)
    if key and m.type not in {"anonymous", "group"}:
        for actor in reversed(actors):
            if actor.type in {"anonymous"}:
                continue
            if name_key(actor.name) == key or key in (name_key(x) for x in actor.aliases):
                return actor
    if m.entry is None and m.type in BODY_KINDS:
        # "SLA" and "the Sarn Liberation Army", in either order: an acronym of the other's name
        mine, my_bare = _initials(m.name), _bare(m.name)
        for actor in reversed(actors):
            if actor.type not in BODY_KINDS or actor.registry_id is not None:
                continue
            theirs, their_bare = _initials(actor.name), _bare(actor.name)
            if (my_bare.isupper() and mine is None and theirs == my_bare) or (
                    their_bare.isupper() and theirs is None and mine == their_bare):
                return actor
    if m.definite and m.type in BODY_KINDS and m.entry is None and not m.descriptors and not m.plural:
        # "the authority" after "the port authority", "the ministry" after "the transport ministry":
        # the latest body whose name ends in the same noun
        for actor in reversed(actors):
            # the noun a body's name ends in, before any "of" phrase ("The monitoring mission of
            # the Regional Council" ends in "mission")
            last = norm(actor.name).split(" of ")[0].split()[-1:]
            if actor.type in BODY_KINDS and last and last[0] == m.head_lemma and actor.mentions \
                    and actor.mentions[0].start < m.start:
                return actor
    return None


def _bare(name: str) -> str:
    """A name without a leading article ("The SLA" -> "SLA")."""
    words = name.split()
    return " ".join(words[1:]) if len(words) > 1 and words[0].lower() == "the" else name


def _initials(name: str) -> str | None:
    """"the Sarn Liberation Army" -> "SLA": the capitals of a name of two words or more (None for
    an acronym itself or a one-word name)."""
    words = [w for w in name.replace("-", " ").split() if w.lower() not in {"the", "of", "for", "and", "de", "la"}]
    if len(words) < 2 or not all(w[:1].isupper() for w in words):
        return None
    return "".join(w[0] for w in words)


#: the labels _body_affiliation gives a body named by a common noun
BODY_KIND_LABELS = frozenset(k for k, _ in BODY_TYPES)
#: actor types a definite common noun can refer back to by its head ("the ministry")
BODY_KINDS = frozenset({"government", "organization", "igo", "military", "armed_group", "party"})


def resolve_mention(doc: Doc, m: Mention, *, create: bool = True) -> Actor | None:
    """The actor ``m`` denotes: an existing one (see :func:`find_existing`) or a new one."""
    span = TextSpan.of(doc_text(doc), m.start, m.end)
    actor = find_existing(doc, m)
    if actor is not None:
        _add_mention(actor, span)
        _enrich(doc, actor, m)
        return actor
    if not create:
        return None
    if m.entry is not None:
        actor = actor_for_entry(doc, m.entry, span)
        _enrich(doc, actor, m)
        return actor
    actors: list[Actor] = doc._.actors
    actor = Actor(id=next_actor_id(actors), name=m.name, type=m.type, rank=m.rank)
    if m.type in {"anonymous", "group"}:
        actor.count = m.count
    actors.append(actor)
    _add_mention(actor, span)
    _enrich(doc, actor, m)
    return actor


#: organs only a state has; their one-word possessor is a state whatever NER said ("Valmora's
#: defense ministry"), where "Trump's administration" or "Putin's government" are a person's
_STATE_ORGANS = frozenset({"ministry", "army", "military", "navy", "parliament", "embassy"})


def _enrich(doc: Doc, actor: Actor, m: Mention) -> None:
    """Fill role, affiliation, country and sector the mention adds (never overwrite with None)."""
    registry = registry_of(doc)
    if m.described_as and m.described_as != actor.name and m.described_as not in actor.aliases:
        actor.aliases.append(m.described_as)  # "the operator" later is the same body
    if m.person and actor.type == "person" and len(norm(m.person).split()) > len(norm(actor.name).split()):
        actor.name = m.person  # the fullest form of a name is the actor's name
    if m.person and actor.registry_id is None:
        entry = registry.lookup(m.person, capitals=False)
        if entry is not None and entry.type == "person":
            actor.registry_id = entry.id
            actor.country = actor.country or entry.country
            actor.sector = actor.sector or entry.sector
    if m.role and (not actor.role or (actor.registry_id and actor.role == _registry_role(doc, registry.entries[actor.registry_id]))):
        actor.role = m.role  # the article's own words beat the registry's office title
    if m.rank and not actor.rank:
        actor.rank = m.rank
    if m.affiliation is not None and not actor.affiliation:
        s, e, entry, text, label = m.affiliation
        span = TextSpan.of(doc_text(doc), s, e)
        aff: Actor | None
        if entry is not None:
            aff = actor_for_entry(doc, entry, span)
        else:
            # an entity label, or the type of a body named by a common noun (_body_affiliation)
            kind = {"GPE": "government", "ORG": "organization", "PERSON": "person"}.get(
                label, label if label in BODY_KIND_LABELS else "group"
            )
            if kind == "organization" and text.split()[-1].lower() in OUTLET_NAMES:
                kind = "media"  # "a copy of the report reviewed by The Coastal Times"
            if kind == "person" and len(text.split()) == 1 and m.head_lemma in _STATE_ORGANS:
                kind = "state"  # "Valmora's defense ministry": one word owning a ministry is a state
            if label in BODY_KIND_LABELS:
                # a body named by a common noun ("the authority's director"): read it as a mention,
                # so that it refers back like one ("the authority" = "The port authority")
                aff_m = analyze_mention(doc, s, e, registry)
                aff_m.type = kind
                # a bare "ministry" in "a ministry spokesman" means the ministry, like "the ministry"
                aff_m.determiner = aff_m.determiner or "the"
            else:
                aff_m = Mention(s, e, text, text, type=kind, person=text if kind == "person" else None)
            aff = resolve_mention(doc, aff_m)
        if aff is not None and aff.id != actor.id:
            actor.affiliation = aff.id
            party = party_of(actor, doc._.actors)
            actor.country = actor.country or aff.country or party.country
            if not actor.sector:
                actor.sector = _sector_from_affiliation(m, aff)
    if actor.registry_id and actor.affiliation is None:
        entry = registry.get(actor.registry_id)
        if entry is not None and entry.affiliations:
            aff_entry = registry.get(entry.affiliations[0])
            if aff_entry is not None:
                actor.affiliation = actor_for_entry(doc, aff_entry).id
    if not actor.sector:
        actor.sector = _sector_for_type(actor.type)


def _sector_from_affiliation(m: Mention, aff: Actor) -> str | None:
    if m.head_lemma in MILITARY_PERSON_HEADS or m.role_head in MILITARY_PERSON_HEADS:
        return "MIL"
    if aff.type in STATE_LIKE and m.type in {"anonymous", "person"}:
        official = m.head_lemma in OFFICIAL_HEADS or (m.role_head or "") in OFFICIAL_HEADS
        return "GOV" if official else None
    return aff.sector


def actor_for_span(doc: Doc, start: int, end: int, *, create: bool = True) -> Actor | None:
    """The actor mentioned at ``doc.text[start:end]``, created when unknown and ``create``.

    An actor with an overlapping mention wins (the best-overlapping one, so "Hamas" inside
    "a senior Hamas official" is Hamas, not the official); then one with the same name, the
    same registry entry or the same person; otherwise a new article-local actor.
    """
    actors: list[Actor] = doc._.actors
    probe = TextSpan.of(doc_text(doc), start, end)
    best: tuple[float, Actor] | None = None
    for actor in actors:
        for mention in actor.mentions:
            if mention.overlaps(probe):
                inter = min(mention.end, probe.end) - max(mention.start, probe.start)
                union = max(mention.end, probe.end) - min(mention.start, probe.start)
                score = inter / union if union else 0.0
                if best is None or score > best[0]:
                    best = (score, actor)
    if best is not None:
        return best[1]
    if not probe.text.strip():
        return None
    m = analyze_mention(doc, start, end, registry_of(doc))
    body = _owned_body(doc, m)
    if body is not None:
        _add_mention(body, probe)
        return body
    if m.pronoun is not None:
        antecedent = pronoun_antecedent(doc, m.pronoun, start)
        if antecedent is not None:
            _add_mention(antecedent, probe)
            return antecedent
        # nothing it can refer back to: keep it as an unspecified mention, never dropped
        if not create:
            return None
        actor = Actor(id=next_actor_id(actors), name=m.text, type="unspecified")
        actors.append(actor)
        _add_mention(actor, probe)
        return actor
    titled = _titled_actor(doc, m)
    if titled is not None:
        _add_mention(titled, probe)
        return titled
    return resolve_mention(doc, m, create=create)


def _titled_actor(doc: Doc, m: Mention) -> Actor | None:
    """"the minister" = the latest person the article gave that title or role ("Transport
    Minister Anja Holm … accused the minister of …"); the speaker stage reads its sources the
    same way."""
    if not m.definite or m.plural or m.type != "person" or m.person or m.entry is not None:
        return None
    best: tuple[int, Actor] | None = None
    for actor in doc._.actors:
        if actor.type != "person" or not actor.role:
            continue
        words = {w.lower() for w in actor.role.replace("-", " ").split()}
        if m.head_lemma not in words or not set(m.descriptors) <= words:
            continue
        before = [s.start for s in actor.mentions if s.start < m.start]
        if before and (best is None or max(before) > best[0]):
            best = (max(before), actor)
    return best[1] if best else None


def _owned_body(doc: Doc, m: Mention) -> Actor | None:
    """"her government", "his group": the body the pronoun's person is affiliated with, when it
    is of a type the noun can name (the speaker stage does the same with its own pronouns)."""
    owner, types = possessive_reference(m)
    if owner is None or m.person or m.entry is not None:
        return None
    person = pronoun_antecedent(doc, owner, m.start) if types else None
    if person is None or not person.affiliation:
        return None
    body = next((a for a in doc._.actors if a.id == person.affiliation), None)
    return body if body is not None and types is not None and body.type in types else None


_COLLECTIVE = {"organization", "state", "government", "military", "armed_group", "party", "igo", "group",
               "media"}


def pronoun_fits(pronoun: str, actor: Actor) -> bool:
    """he/she/I -> one person (or one unnamed source); it -> an institution; they/we -> plural or collective."""
    if PRONOUNS.get(pronoun) in {"m", "f", "1"}:
        return actor.type == "person" or (actor.type == "anonymous" and actor.count == 1)
    if pronoun in {"it", "its"}:
        return actor.type in _COLLECTIVE - {"group"} or actor.type == "document"
    return actor.type in _COLLECTIVE or (actor.type == "anonymous" and actor.count != 1)


def pronoun_antecedent(doc: Doc, pronoun: str, start: int, window: int = 600) -> Actor | None:
    """The actor with the latest mention before ``start`` (within ``window`` characters) that the
    pronoun fits: the fallback coreference other stages get from :func:`actor_for_span`."""
    best: tuple[int, Actor] | None = None
    for actor in doc._.actors:
        if not pronoun_fits(pronoun, actor):
            continue
        before = [m.start for m in actor.mentions if m.end <= start and start - m.start <= window]
        if before and (best is None or max(before) > best[0]):
            best = (max(before), actor)
    return best[1] if best else None


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


def party_of(actor: Actor, actors: list[Actor]) -> Actor:
    """The state or organisation an actor acts for: the last link of its affiliation chain
    (Netanyahu -> Israel, "two US officials" -> United States, Hamas -> Hamas)."""
    return affiliation_chain(actor, actors)[-1]


__all__ = [
    "BODY_HEADS",
    "BODY_KINDS",
    "EMPLOYEE_ROLES",
    "HONORIFICS",
    "MEDIA_HEADS",
    "OWNER_PRONOUNS",
    "PRONOUNS",
    "ROLE_NOUNS",
    "TITLE_ABBREVIATIONS",
    "Mention",
    "actor_for_entry",
    "actor_for_span",
    "affiliation_chain",
    "analyze_mention",
    "doc_ents",
    "doc_text",
    "ent_bounds",
    "find_existing",
    "name_key",
    "next_actor_id",
    "party_of",
    "possessive_reference",
    "pronoun_antecedent",
    "pronoun_fits",
    "registry_of",
    "resolve_mention",
]
