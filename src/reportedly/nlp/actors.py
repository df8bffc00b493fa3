"""Article-level actors: what a mention denotes, and which actor of the article it is.

Every stage that turns text into an actor id goes through here, so speakers, event parties
and editorial targets share one set of actors per article:

* :func:`analyze_mention` reads a mention off the parse (no extra spaCy pass): the person
  name without its appositive or title, the role ("senior Hamas official"), the affiliation
  named inside it ("Hamas", "Israeli" -> Israel), count and rank of anonymous sources,
  coordination ("two Hamas officials and two other officials" = two mentions);
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

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from reportedly.models import Actor
from reportedly.models import Span as TextSpan
from reportedly.nlp.registry import Registry, RegistryEntry, load_registry, norm

PRONOUNS = {
    "he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f",
    "they": "pl", "them": "pl", "their": "pl", "it": "n", "its": "n",
    "i": "1", "me": "1", "my": "1", "we": "1pl", "us": "1pl", "our": "1pl",
}
#: unnamed human sources: "a senior official", "people familiar with the talks"
ANONYMOUS_HEADS = {
    "official", "source", "person", "people", "diplomat", "aide", "insider", "negotiator", "mediator",
    "officer", "spokesman", "spokeswoman", "spokesperson", "representative", "member", "staffer",
    "employee", "adviser", "advisor", "witness", "resident", "minister", "lawmaker", "legislator",
    "commander", "soldier", "investigator", "intelligence", "envoy", "delegate", "participant",
    "individual", "figure", "leader", "executive", "operative", "fighter", "militant",
    "doctor", "medic", "worker", "expert", "analyst", "observer",
}
#: generic groups of people or institutions spoken of as a collective
GROUP_HEADS = {
    "critic", "protester", "demonstrator", "activist", "family", "relative", "supporter", "opponent",
    "scientist", "researcher", "economist", "voter", "citizen", "civilian", "israelis", "palestinians",
    "settler", "student", "group", "coalition", "community", "side",
}
MEDIA_HEADS = {
    "report", "newspaper", "outlet", "paper", "broadcaster", "network", "channel", "station",
    "publication", "magazine", "daily", "tabloid", "website", "site", "media", "press", "wire",
    "agency", "news", "radio", "television", "tv", "broadcast",
}
DOCUMENT_HEADS = {
    "statement", "document", "memo", "letter", "indictment", "filing", "study", "survey", "poll",
    "data", "analysis", "assessment", "communique", "communiqué", "proposal", "draft", "text",
    "transcript", "cable", "email", "post", "tweet", "video", "footage", "recording", "message",
}
GOVERNMENT_HEADS = {
    "government", "administration", "cabinet", "ministry", "office", "presidency", "parliament",
    "authority", "authorities", "regime", "embassy", "department", "council", "court", "police",
    "kremlin",
}
MILITARY_HEADS = {"army", "military", "force", "troop", "navy", "soldier", "air force", "command"}
ARMED_GROUP_HEADS = {"militia", "militant", "rebel", "insurgent", "gunman", "guerrilla", "fighter", "faction"}
MILITARY_PERSON_HEADS = {"soldier", "commander", "officer", "general", "colonel", "fighter", "militant"}
RANKS = ("senior", "high-ranking", "high-level", "top", "junior", "mid-level", "low-level", "former",
         "ranking", "veteran", "deputy", "chief")
NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "dozen": 12, "a": 1, "an": 1, "another": 1, "both": 2,
    "pair": 2, "couple": 2,
}
_VAGUE = {"several", "some", "many", "multiple", "few", "various", "numerous", "other", "more", "most"}
_OTHER = {"another", "other", "second", "third", "different", "separate", "additional", "fourth"}
_EDGE_PUNCT = set("\"'“”‘’«»„,;:—–-()[]. \n\t")
_CLAUSE_DEPS = {"relcl", "acl"}
_STATE_LIKE = {"state", "government"}


@dataclass(slots=True)
class Mention:
    """What a stretch of text says about the actor it denotes."""

    start: int
    end: int
    text: str
    name: str
    type: str = "unspecified"
    plural: bool = False
    count: int | None = None
    rank: str | None = None
    role: str | None = None
    role_head: str | None = None
    person: str | None = None
    entry: RegistryEntry | None = None
    affiliation: tuple[int, int, RegistryEntry | None, str, str] | None = None
    descriptors: frozenset[str] = frozenset()
    head_lemma: str = ""
    determiner: str | None = None
    pronoun: str | None = None
    other: bool = False
    conjuncts: list[Mention] = field(default_factory=list)

    @property
    def definite(self) -> bool:
        return self.determiner in {"the", "this", "that", "these", "those"}


def registry_of(doc: Doc) -> Registry:
    """The registry in force for this Doc: the built-in one plus the files the pipeline was given."""
    files = doc.user_data.get("reportedly_actors_files") or ()
    return load_registry(tuple(files))


def name_key(text: str) -> str:
    words = re.findall(r"[\w]+", text.lower())
    return " ".join(w for w in words if w not in {"the", "a", "an", "s"})


# -- mention analysis --------------------------------------------------------------------------


def _trim_tokens(tokens: list[Token]) -> list[Token]:
    while tokens and (tokens[0].is_space or tokens[0].is_punct or set(tokens[0].text) <= _EDGE_PUNCT):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_space or tokens[-1].is_punct or tokens[-1].tag_ == "POS"
                      or set(tokens[-1].text) <= _EDGE_PUNCT):
        tokens = tokens[:-1]
    return tokens


def _text(doc: Doc, tokens: list[Token]) -> tuple[int, int, str]:
    start = tokens[0].idx
    end = tokens[-1].idx + len(tokens[-1])
    text = doc.text[start:end]
    # "Netanyahu's" -> "Netanyahu": the possessive is not part of the name
    text = re.sub(r"['’]s?$", "", text) if tokens[-1].tag_ != "POS" and text[-2:] in {"'s", "’s"} else text
    return start, start + len(text), text


def _root(tokens: list[Token]) -> Token:
    ids = {t.i for t in tokens}
    outside = [t for t in tokens if t.head.i not in ids or t.head.i == t.i]
    nominal = [t for t in outside if t.pos_ in {"NOUN", "PROPN", "PRON", "NUM"}]
    return (nominal or outside or tokens)[0]


def analyze_mention(doc: Doc, start: int, end: int, registry: Registry) -> Mention:
    """Read the mention at ``doc.text[start:end]`` (conjuncts, if coordinated, in ``.conjuncts``)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    tokens = _trim_tokens(list(span) if span is not None else [])
    if not tokens:
        text = doc.text[start:end].strip()
        return Mention(start, end, text, text or "unidentified source")
    s, e, text = _text(doc, tokens)
    if len(tokens) == 1 and tokens[0].lower_ in PRONOUNS:
        return Mention(s, e, text, text, pronoun=tokens[0].lower_, plural=PRONOUNS[tokens[0].lower_] in {"pl", "1pl"})
    whole = registry.lookup(text)
    root = _root(tokens)
    parts = _conjuncts(tokens, root) if whole is None else [tokens]
    mentions = [_analyze(doc, part, registry) for part in parts]
    first = mentions[0]
    first.conjuncts = mentions[1:]
    return first


def _conjuncts(tokens: list[Token], root: Token) -> list[list[Token]]:
    """Split "two Hamas officials and two other officials" into its nominal conjuncts."""
    ids = {t.i for t in tokens}
    if root.pos_ not in {"NOUN", "PROPN"}:
        return [tokens]
    conjs = [c for c in root.children if c.dep_ == "conj" and c.i in ids and c.pos_ in {"NOUN", "PROPN"}]
    if not conjs or not any(c.dep_ == "cc" and c.i in ids for c in root.children):
        return [tokens]
    parts: list[list[Token]] = []
    taken: set[int] = set()
    for conj in conjs:
        sub = [t for t in conj.subtree if t.i in ids]
        taken |= {t.i for t in sub}
        parts.append(sub)
    head = [t for t in tokens if t.i not in taken and not (t.dep_ == "cc" and t.head.i == root.i)]
    out = [_trim_tokens(p) for p in [head, *parts]]
    return [p for p in out if p] or [tokens]


def _analyze(doc: Doc, tokens: list[Token], registry: Registry) -> Mention:
    s, e, text = _text(doc, tokens)
    root = _root(tokens)
    ids = {t.i for t in tokens}
    # clauses and appositives describe the actor but are not its name
    skip: set[int] = set()
    appos: list[Token] = []
    for child in root.children:
        if child.i not in ids:
            continue
        if child.dep_ in _CLAUSE_DEPS and child.i > root.i:
            skip |= {t.i for t in child.subtree}
        elif child.dep_ == "appos":
            appos = [t for t in child.subtree if t.i in ids]
            skip |= {t.i for t in appos}
    core = _trim_tokens([t for t in tokens if t.i not in skip])
    if not core:
        core = tokens
    appos = _trim_tokens(appos)
    head = root if root.i in {t.i for t in core} else _root(core)
    person_toks = _person_tokens(core)
    role_toks: list[Token] = []
    if appos:
        app_head = _root(appos)
        if person_toks or head.pos_ == "PROPN":
            role_toks = appos  # "Moussa Abu Marzouk, a senior Hamas official"
        elif app_head.pos_ == "PROPN" and _person_tokens(appos):
            role_toks, core = core, appos  # "a senior Hamas official, Khaled Omar"
            person_toks = _person_tokens(core)
            head = app_head
    if person_toks and not role_toks:
        # "Israeli Prime Minister Benjamin Netanyahu": the title before the name is the role
        role_toks = [t for t in core if t.i < person_toks[0].i and t.dep_ not in {"det", "poss", "case"}
                     and not t.is_punct]
    cs, ce, core_text = _text(doc, core)
    m = Mention(s, e, text, core_text)
    m.head_lemma = head.lemma_.lower()
    m.plural = head.tag_ in {"NNS", "NNPS"}
    dets = [c for c in head.children if c.dep_ in {"det", "predet"} and c.i in ids]
    m.determiner = dets[0].lower_ if dets else None
    m.other = any(t.lower_ in _OTHER for t in core)
    m.rank = next((t.lower_ for t in core if t.lower_ in RANKS), None)
    if person_toks:
        m.person = _text(doc, person_toks)[2]
        m.name = m.person
        m.type = "person"
        m.entry = registry.lookup(m.person, capitals=False)
        if m.entry is not None and m.entry.type != "person":
            m.entry = None
    else:
        m.entry = _entry_for(core, head, registry)
    if role_toks:
        role_clean = [t for t in role_toks if t.dep_ not in {"det", "predet"} and not t.is_punct]
        if role_clean:
            m.role = _text(doc, role_clean)[2]
            m.role_head = _root(role_clean).lemma_.lower()
    if m.entry is not None:
        m.type = m.entry.type
        m.name = m.entry.name
    elif not person_toks:
        m.type = _guess_type(head, core)
    scan = role_toks if (role_toks or m.entry is not None) else [t for t in core if t.i != head.i or m.type != "anonymous"]
    if m.entry is None or m.type == "person":
        m.affiliation = _affiliation(doc, scan if scan else core, registry, exclude=m.entry)
    m.descriptors = frozenset(
        t.lower_ for t in core if t.i != head.i and t.dep_ in {"amod", "compound", "nmod", "npadvmod", "poss"}
        and t.lower_ not in _OTHER and not t.like_num
    )
    if m.type in {"anonymous", "group", "person"} and not person_toks:
        m.count = _count(head, core, m.plural)
        if m.type == "anonymous" and m.role is None:
            m.role_head = m.head_lemma
    return m


def _person_tokens(tokens: list[Token]) -> list[Token]:
    run: list[Token] = []
    for t in tokens:
        if t.ent_type_ == "PERSON" and t.tag_ != "POS":
            if run and t.i != run[-1].i + 1:
                break
            run.append(t)
        elif run:
            break
    return run


def _entry_for(core: list[Token], head: Token, registry: Registry) -> RegistryEntry | None:
    """The registry entry the mention names as a whole ("the Times", "Hamas'", "the Kremlin")."""
    words = [t for t in core if t.dep_ not in {"det", "predet", "nummod"} and t.tag_ != "POS"]
    candidates = [" ".join(t.text for t in words)] if words else []
    # the head with its compounds: "the Hamas-run Gaza Health Ministry" -> "Gaza Health Ministry"
    chain = [t for t in words if t.i <= head.i and (t.i == head.i or t.dep_ == "compound")]
    if chain:
        candidates.append(" ".join(t.text for t in chain))
    for cand in candidates:
        entry = registry.lookup(cand)
        if entry is not None:
            return entry
    return None


def _guess_type(head: Token, core: list[Token]) -> str:
    lemma = head.lemma_.lower()
    lower = head.lower_
    if lemma in ANONYMOUS_HEADS or lower in ANONYMOUS_HEADS:
        return "anonymous"
    if lemma == "report" or lower == "reports":
        return "media"
    if lemma in MEDIA_HEADS:
        return "media"
    if lemma in DOCUMENT_HEADS:
        return "document"
    if lemma in GOVERNMENT_HEADS:
        return "government"
    if lemma in MILITARY_HEADS:
        return "military"
    if lemma in ARMED_GROUP_HEADS:
        return "armed_group"
    if lemma == "party":
        return "party"
    if lemma in GROUP_HEADS or lower in GROUP_HEADS:
        return "group"
    label = head.ent_type_ or next((t.ent_type_ for t in core if t.ent_type_), "")
    return {"PERSON": "person", "GPE": "state", "ORG": "organization", "NORP": "group",
            "FAC": "organization"}.get(label, "unspecified")


def _affiliation(
    doc: Doc, tokens: list[Token], registry: Registry, exclude: RegistryEntry | None
) -> tuple[int, int, RegistryEntry | None, str, str] | None:
    """The first registry actor (or named entity) inside a role or description."""
    words = [t.text for t in tokens]
    for i, j, entry, how in registry.scan(words):
        if exclude is not None and entry.id == exclude.id:
            continue
        s, e, text = _text(doc, tokens[i:j])
        return s, e, entry, text, how
    for t in tokens:
        if t.ent_type_ in {"GPE", "ORG", "NORP"} and t.ent_iob_ == "B":
            ent = next((x for x in doc.ents if x.start == t.i), None)
            if ent is not None and ent.label_ != "PERSON":
                return ent.start_char, ent.end_char, None, ent.text, ent.label_
    return None


def _count(head: Token, core: list[Token], plural: bool) -> int | None:
    for child in head.children:
        if child.dep_ == "nummod":
            word = child.lower_.replace(",", "")
            if word.isdigit():
                return int(word) or None
            if word in NUMBERS:
                return NUMBERS[word]
            return None
    words = {t.lower_ for t in core}
    if words & _VAGUE and plural:
        return None
    if plural:
        return None
    return 1


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
    role = entry.role_at(_article_date(doc))
    if role is not None and role.title:
        of = registry.get(role.of)
        actor.role = f"{role.title} of {of.name}" if of is not None and of.type == "state" else role.title
    actors.append(actor)
    if span is not None:
        _add_mention(actor, span)
    aff = registry.get(entry.affiliations[0]) if entry.affiliations else None
    if aff is not None and aff.id != entry.id:
        actor.affiliation = actor_for_entry(doc, aff).id
    return actor


def _article_date(doc: Doc) -> str | None:
    article = doc.user_data.get("reportedly_article")
    published = getattr(article, "published", None)
    return str(published)[:10] if published else None


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
    return None


def resolve_mention(doc: Doc, m: Mention, *, create: bool = True) -> Actor | None:
    """The actor ``m`` denotes: an existing one (see :func:`find_existing`) or a new one."""
    span = TextSpan.of(doc.text, m.start, m.end)
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


def _enrich(doc: Doc, actor: Actor, m: Mention) -> None:
    """Fill role, affiliation, country and sector the mention adds (never overwrite with None)."""
    registry = registry_of(doc)
    if m.person and actor.type == "person" and len(norm(m.person).split()) > len(norm(actor.name).split()):
        actor.name = m.person  # the fullest form of a name is the actor's name
    if m.person and actor.registry_id is None:
        entry = registry.lookup(m.person, capitals=False)
        if entry is not None and entry.type == "person":
            actor.registry_id = entry.id
            actor.country = actor.country or entry.country
            actor.sector = actor.sector or entry.sector
    if m.role and not actor.role:
        actor.role = m.role
    if m.rank and not actor.rank:
        actor.rank = m.rank
    if m.affiliation is not None and not actor.affiliation:
        s, e, entry, text, label = m.affiliation
        span = TextSpan.of(doc.text, s, e)
        if entry is not None:
            aff = actor_for_entry(doc, entry, span)
        else:
            aff_m = Mention(s, e, text, text, type={"GPE": "state", "ORG": "organization"}.get(label, "group"))
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
    if aff.type in _STATE_LIKE and m.type in {"anonymous", "person"}:
        return "GOV"
    return aff.sector


def actor_for_span(doc: Doc, start: int, end: int, *, create: bool = True) -> Actor | None:
    """The actor mentioned at ``doc.text[start:end]``, created when unknown and ``create``.

    An actor with an overlapping mention wins (the best-overlapping one, so "Hamas" inside
    "a senior Hamas official" is Hamas, not the official); then one with the same name, the
    same registry entry or the same person; otherwise a new article-local actor.
    """
    actors: list[Actor] = doc._.actors
    probe = TextSpan.of(doc.text, start, end)
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
    if m.pronoun is not None:
        # a pronoun alone says nothing about who: keep it as an unspecified mention, never dropped
        if not create:
            return None
        actor = Actor(id=next_actor_id(actors), name=m.text, type="unspecified")
        actors.append(actor)
        _add_mention(actor, probe)
        return actor
    return resolve_mention(doc, m, create=create)


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
    "Mention",
    "actor_for_entry",
    "actor_for_span",
    "affiliation_chain",
    "analyze_mention",
    "find_existing",
    "name_key",
    "next_actor_id",
    "party_of",
    "registry_of",
    "resolve_mention",
]
