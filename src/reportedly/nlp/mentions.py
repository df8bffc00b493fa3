"""Mention analysis: what a stretch of text says about the actor it denotes.

:func:`analyze_mention` reads a mention off the parse (no extra spaCy pass): the person name
without its appositive or title, the role ("senior Hamas official"), the affiliation named inside
it ("Hamas", "Israeli" -> Israel; "the ministry's spokeswoman" -> the ministry), count and rank of
anonymous sources, coordination ("two Hamas officials and two other officials" = two mentions).
The word lists behind it are data (``resources/actor_words.yaml``, documented in docs/actors.md).
:mod:`reportedly.nlp.actors` links mentions to the article's actors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Span, Token

from reportedly.nlp.lexicon import load_resource
from reportedly.nlp.registry import Registry, RegistryEntry, load_registry

_WORDS: dict[str, Any] = load_resource("actor_words.yaml")  # word lists, documented in the file
PRONOUNS: dict[str, str] = {str(k): str(v) for k, v in _WORDS["pronouns"].items()}
ANONYMOUS_HEADS = frozenset(_WORDS["anonymous"])
PERSON_ROLE_HEADS = frozenset(_WORDS["person_role"])
EMPLOYEE_ROLES = frozenset(_WORDS["employee_roles"])
OWNER_PRONOUNS = frozenset(_WORDS["owner_pronouns"])
GENERIC_REFERENCE: dict[str, frozenset[str]] = {k: frozenset(v) for k, v in _WORDS["generic_reference"].items()}
OWNED_REFERENCE: dict[str, frozenset[str]] = {k: frozenset(v) for k, v in _WORDS["owned_reference"].items()}
OFFICIAL_HEADS = frozenset(_WORDS["official"])
MILITARY_PERSON_HEADS = frozenset(_WORDS["military_person"])
GROUP_HEADS = frozenset(_WORDS["group"])
MEDIA_HEADS = frozenset(_WORDS["media"])
OUTLET_NAMES = frozenset(_WORDS["outlet_names"])
DOCUMENT_HEADS = frozenset(_WORDS["document"])
GOVERNMENT_HEADS = frozenset(_WORDS["government"])
MILITARY_HEADS = frozenset(_WORDS["military"])
ARMED_GROUP_HEADS = frozenset(_WORDS["armed_group"])
ORGANIZATION_HEADS = frozenset(_WORDS["organization"])
RANKS: tuple[str, ...] = tuple(_WORDS["ranks"])
NUMBERS: dict[str, int] = {str(k): int(v) for k, v in _WORDS["numbers"].items()}
TITLE_ABBREVIATIONS: dict[str, str] = dict(_WORDS["title_abbreviations"])
PARTY_CODES: dict[str, str] = {str(k): str(v) for k, v in _WORDS["party_codes"].items()}
HONORIFICS: dict[str, str] = {str(k): str(v) for k, v in _WORDS["honorifics"].items()}
GENDERED: dict[str, str] = {**HONORIFICS, **{str(k): str(v) for k, v in _WORDS["gendered"].items()}}
#: nouns for a role a person holds ("spokeswoman", "minister", "official"): a name can stand in
#: apposition to one, a body noun can modify one ("a ministry spokesman")
ROLE_NOUNS = PERSON_ROLE_HEADS | ANONYMOUS_HEADS | OFFICIAL_HEADS
#: government heads that also end the names of clubs and firms ("Manchester City")
_PLACE_HEADS = frozenset({"city", "town", "county", "province", "municipality"})
#: common nouns that name a body a person can speak for ("the ministry's spokeswoman"), by type
BODY_TYPES = (("government", GOVERNMENT_HEADS), ("military", MILITARY_HEADS), ("armed_group", ARMED_GROUP_HEADS),
               ("organization", ORGANIZATION_HEADS))
#: every noun that heads a body's name, of any type
BODY_HEADS = frozenset().union(*(heads for _kind, heads in BODY_TYPES))
_VAGUE = frozenset(_WORDS["vague"])
_OTHER = frozenset(_WORDS["other"])
_NOT_PEOPLE = frozenset(_WORDS["not_people"])
_PEOPLE_SUFFIX = re.compile(r"(?:ist|er|or|ian|ant|ent|ee|ive|al)$")
#: entity label -> type for names the registry does not know.  A GPE that is no registry country is
#: a city, province or US state; acting in the news, it is its government ("Phoenix sued").
_LABEL_TYPES = {"PERSON": "person", "GPE": "government", "ORG": "organization", "NORP": "group",
                "FAC": "organization"}
_EDGE_PUNCT = set("\"'“”‘’«»„,;:—–-()[]. \n\t")
_CLAUSE_DEPS = {"relcl", "acl"}
_RELATIVE_TAGS = {"WP", "WDT"}  # who, which, that (as a relative pronoun)
STATE_LIKE = {"state", "government"}


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
    gender: str | None = None
    other: bool = False
    #: the description a body was named after ("The operator" of "The operator, Halden Terminals")
    described_as: str | None = None
    conjuncts: list[Mention] = field(default_factory=list)

    @property
    def definite(self) -> bool:
        return self.determiner in {"the", "this", "that", "these", "those"}


#: the Doc whose text was last asked for, and its text (one slot, like the entities below)
_TEXT: list[Any] = [None, ""]


def possessive_reference(m: Mention) -> tuple[str | None, frozenset[str] | None]:
    """A generic noun's reference: the owner pronoun of "his group" / "her government" (None when
    the mention has none), and the actor types the noun can refer back to (``generic_reference``;
    with an owner pronoun also ``owned_reference``: "her government", never "the government")."""
    owner = next(iter(m.descriptors), None) if len(m.descriptors) == 1 else None
    owned = owner is not None and owner in OWNER_PRONOUNS and not m.determiner
    types = GENERIC_REFERENCE.get(m.head_lemma)
    if owned:
        types = types or OWNED_REFERENCE.get(m.head_lemma)
    return (owner if owned else None), types


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per Doc: spaCy rebuilds the string from every token on each access."""
    if _TEXT[0] is not doc:
        _TEXT[0], _TEXT[1] = doc, doc.text
    text: str = _TEXT[1]
    return text


#: the Doc whose entities were last asked for, and its entities (one slot: Spans hold their Doc,
#: so a per-Doc weak cache would keep every Doc alive)
_ENTS: list[Any] = [None, ()]


def doc_ents(doc: Doc) -> tuple[Span, ...]:
    """``doc.ents``, built once per Doc (spaCy makes new Span objects on every access).  The
    entities are NER's; no reportedly stage changes them."""
    if _ENTS[0] is not doc:
        _ENTS[0], _ENTS[1] = doc, tuple(doc.ents)
    ents: tuple[Span, ...] = _ENTS[1]
    return ents


def ent_bounds(token: Token) -> tuple[int, int] | None:
    """Token range of the named entity holding ``token`` (IOB walk: no scan of ``doc.ents``)."""
    if not token.ent_type_:
        return None
    doc = token.doc
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    if end - start > 2 and any(doc[i].tag_ in {"VBZ", "VBD"} for i in range(start, end)):
        # a headline NER read as one name ("Union Walks Out of Mine Talks as …"): a clause, not a name
        return None
    if end - start >= 6 and _whole_line(doc, start, end):
        return None  # a whole headline the parser read as one long name ("Port Authority Rejects …")
    return start, end


def _whole_line(doc: Doc, start: int, end: int) -> bool:
    """Whether tokens ``start``..``end`` fill a line of the text by themselves."""
    before = start == 0 or "\n" in doc[start - 1].text
    after = end == len(doc) or "\n" in doc[end].text
    return before and after


def registry_of(doc: Doc) -> Registry:
    """The registry in force for this Doc: the built-in one plus the files the pipeline was given."""
    files = doc.user_data.get("reportedly_actors_files") or ()
    return load_registry(tuple(files))


def name_key(text: str) -> str:
    words = re.findall(r"[\w]+", text.lower())
    return " ".join(w for w in words if w not in {"the", "a", "an", "s"})


def article_date(doc: Doc) -> str | None:
    """The article's publication date (YYYY-MM-DD) when the pipeline was told it."""
    article = doc.user_data.get("reportedly_article")
    published = getattr(article, "published", None)
    return str(published)[:10] if published else None


# -- mention analysis --------------------------------------------------------------------------


def _trim_tokens(tokens: list[Token]) -> list[Token]:
    while tokens and (tokens[0].is_space or tokens[0].is_punct or set(tokens[0].text) <= _EDGE_PUNCT):
        tokens = tokens[1:]
    # a source cut after its relative pronoun ("A senior official …, who | spoke on condition of
    # anonymity") names the official, not "who"
    while tokens and (tokens[-1].is_space or tokens[-1].is_punct or tokens[-1].tag_ == "POS"
                      or set(tokens[-1].text) <= _EDGE_PUNCT
                      or (len(tokens) > 1 and tokens[-1].tag_ in _RELATIVE_TAGS)):
        tokens = tokens[:-1]
    return tokens


def _with_described_head(tokens: list[Token]) -> list[Token]:
    """A name that is the appositive of a noun before it ("The defense minister, | Piotr Halas,
    was quoted …", where the taggers took only the name) is read with that noun's phrase, which
    gives its role and affiliation."""
    root = _root(tokens)
    head = root.head
    if root.dep_ != "appos" or head.i >= tokens[0].i or head.pos_ not in {"NOUN", "PROPN"}:
        return tokens
    clauses = {t.i for c in head.children if c.dep_ in _CLAUSE_DEPS for t in c.subtree}
    phrase = [t for t in head.subtree if t.i <= tokens[-1].i and t.i not in clauses]
    return _trim_tokens(phrase) or tokens


def _relative_antecedent(pronoun: Token) -> list[Token]:
    """The noun phrase a relative pronoun stands for, without its clause: "the majority leader,
    Victor Osei" for the "who" of "…, Victor Osei, who said that …" (empty if the parse hangs the
    pronoun on no relative clause)."""
    clause = pronoun.head
    if pronoun.tag_ not in _RELATIVE_TAGS or clause.dep_ != "relcl" or clause.head.i == clause.i:
        return []
    inside = {t.i for t in clause.subtree}
    return _trim_tokens([t for t in clause.head.subtree if t.i not in inside])


def _text(doc: Doc, tokens: list[Token]) -> tuple[int, int, str]:
    start = tokens[0].idx
    end = tokens[-1].idx + len(tokens[-1])
    text = doc_text(doc)[start:end]
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
    if not tokens or not any(t.is_alpha or t.like_num for t in tokens):
        text = doc_text(doc)[start:end].strip()
        return Mention(start, end, text, "unidentified source")
    head = _root(tokens)
    if head.pos_ == "VERB":
        # "Several nurses interviewed outside the hospital", parsed as a clause: its subject is
        # the one who speaks
        ids = {t.i for t in tokens}
        subject = next((c for c in head.children if c.dep_ == "nsubj" and c.i in ids and c.i < head.i), None)
        if subject is not None:
            tokens = _trim_tokens([t for t in subject.subtree if t.i in ids]) or tokens
    if len(tokens) == 1 and (antecedent := _relative_antecedent(tokens[0])):
        # "…, Victor Osei, who said …": the speaker is the phrase the clause hangs on
        tokens = antecedent
    tokens = _with_described_head(tokens)
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


def _title_tokens(core: list[Token], person: list[Token], honorifics: bool = False) -> list[Token]:
    """The words before a person's name that give an office ("Senate Majority Leader"); a bare
    honorific ("Mr.") counts only with ``honorifics``."""
    title = [t for t in core if t.i < person[0].i and t.dep_ not in {"det", "poss", "case"} and not t.is_punct]
    if honorifics or any(t.lower_ not in HONORIFICS for t in title):
        return title
    return []


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
            skip |= {t.i for t in child.subtree if t.i in ids}
            if not (child.like_num and child.n_lefts + child.n_rights == 0):
                appos = [t for t in child.subtree if t.i in ids]  # "Marek, 47,": an age, no role
    if not appos and root.lemma_.lower() in ROLE_NOUNS:
        # "A spokeswoman for the operators' association, Marloes Jansen": the parser hangs the
        # name on the nearest noun; a person's name ending the mention names the role's holder
        late = [t for t in tokens if t.dep_ == "appos" and t.head.i != root.i and t.head.i in ids
                and t.ent_type_ == "PERSON" and t.right_edge.i == tokens[-1].i]
        if late:
            appos = [t for t in late[-1].subtree if t.i in ids]
            skip |= {t.i for t in appos}
    core = _trim_tokens([t for t in tokens if t.i not in skip])
    if not core:
        core = tokens
    appos = _trim_tokens(appos)
    head = root if root.i in {t.i for t in core} else _root(core)
    person_toks = _person_tokens(core)
    role_toks: list[Token] = []
    described: list[Token] = []  # an appositive read for the affiliation only
    if not person_toks and (journalist := _outlet_journalist(head, core, registry)):
        person_toks = journalist
        described = [t for t in core if t.i < journalist[0].i]  # the outlet: the affiliation
    if appos:
        app_head = _root(appos)
        title = _title_tokens(core, person_toks) if person_toks else []
        if title or (person_toks and doc[appos[0].i - 1].text == "("):
            # "Senate Majority Leader Tom Breyer, a Democrat from Oregon", "Sen. Mark Ellison
            # (R-Ky.)": the title is the role; the appositive tells the party or state
            role_toks, described = title, appos
        elif not person_toks and app_head.pos_ == "PROPN" and (_person_tokens(appos) or _role_name(head, appos, registry)):
            # "a senior Hamas official, Khaled Omar"; "Police Chief Chuck Jordan", which the
            # parser reads as "Chief" with the name in apposition
            role_toks, core = core, appos
            person_toks = _person_tokens(core) or _role_name(head, core, registry)
            head = app_head
        elif person_toks or head.pos_ == "PROPN":
            role_toks = appos  # "Moussa Abu Marzouk, a senior Hamas official"
    if len(person_toks) == 1 and not _known_person(doc, person_toks):
        other = registry.lookup(person_toks[0].text)
        if other is not None and other.type != "person":
            person_toks = []  # NER's "Jordan" the person is Jordan the country unless a full name says otherwise
    if person_toks and not role_toks:
        # "Israeli Prime Minister Benjamin Netanyahu": the title before the name is the role
        role_toks = _title_tokens(core, person_toks, honorifics=True)
    cs, ce, core_text = _text(doc, core)
    m = Mention(s, e, text, core_text)
    m.head_lemma = head.lemma_.lower()
    m.plural = head.tag_ in {"NNS", "NNPS"}
    dets = [c for c in head.children if c.dep_ in {"det", "predet"} and c.i in ids]
    m.determiner = dets[0].lower_ if dets else None
    m.other = any(t.lower_ in _OTHER for t in core)
    m.rank = next((t.lower_ for t in core if t.lower_ in RANKS), None)
    m.gender = next((GENDERED[t.lower_] for t in [*core, *role_toks] if t.lower_ in GENDERED), None)
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
        # the possessor names whom the role is held for ("the federation's general secretary"):
        # the affiliation, not part of the role
        role_root = _root(role_toks)
        owner = {t.i for c in role_root.children if c.dep_ == "poss" and c.i < role_root.i for t in c.subtree}
        role_clean = [t for t in role_toks if t.dep_ not in {"det", "predet"} and not t.is_punct
                      and t.lower_ not in HONORIFICS and t.i not in owner]
        if role_clean:
            m.role = _text(doc, role_clean)[2]
            m.role_head = _root(role_clean).lemma_.lower()
    if person_toks and m.role is None and (held := _role_clause(root, ids)) is not None:
        # "Ana Lucia Prado, who leads the Coalition for Civil Rights": role and affiliation
        role_word, body = held
        m.role = f"{role_word} of {_text(doc, body)[2]}"
        m.role_head = role_word
        described = [*described, *body]
    if m.entry is not None:
        m.type = m.entry.type
        m.name = m.entry.name
    elif not person_toks:
        m.type = _guess_type(head, core, m.definite or m.determiner is None)
        if m.type != "person" and _namelike(head) and _known_person(doc, core):
            m.type, m.person = "person", core_text  # "Caddell" after "Pat Caddell", whatever NER said
    if not person_toks and not m.person and m.entry is None and (outlet := _outlet_name(head, core, appos)):
        # "State news agency RIA Novosti", "the state news agency, KCNA": the outlet's own name
        m.name, m.type = _text(doc, outlet)[2], "media"
        entry = registry.lookup(m.name)
        if entry is not None and entry.type == "media":
            m.entry, m.name = entry, entry.name
    if (
        not person_toks and not m.person and m.entry is None and m.type != "media" and appos
        and head.pos_ == "NOUN" and m.type not in {"person", "anonymous", "group"}
        and (name := _root(appos)).pos_ == "PROPN" and name.ent_type_ == "ORG"
    ):
        # "The operator, Halden Terminals": a body described, then named in apposition
        m.described_as = core_text
        m.name = _text(doc, appos)[2]
        entry = registry.lookup(m.name)
        if entry is not None and entry.type != "person":
            m.entry, m.name, m.type = entry, entry.name, entry.type
        elif m.type == "unspecified":
            m.type = "organization"
    scan = role_toks if (role_toks or m.entry is not None) else [t for t in core if t.i != head.i]
    if head.pos_ == "PROPN" and not role_toks:
        # the words inside a proper name ("New York Post") are not its affiliation; its possessor
        # is ("Israel's Defence Ministry")
        scan = [t for c in head.children if c.dep_ == "poss" and c.pos_ != "PRON" for t in c.subtree]
        if m.type == "government" and not scan:
            # an organ of a state names its state ("the Israeli Defense Ministry")
            scan = [t for t in core if t.i < head.i and t.dep_ in {"amod", "compound"}]
    scan = [*scan, *described]
    if scan and (m.entry is None or m.type == "person"):
        m.affiliation = _party_code(doc, described, registry) or _affiliation(doc, scan, registry, exclude=m.entry)
    m.descriptors = frozenset(
        t.lower_ for t in core if t.i != head.i and t.dep_ in {"amod", "compound", "nmod", "npadvmod", "poss"}
        and t.lower_ not in _OTHER and not t.like_num
    )
    if m.type in {"anonymous", "group"}:
        m.count = _count(head, core, m.plural)
    if not person_toks and not m.person and m.entry is None and m.role is None and m.type in {"anonymous", "person"}:
        m.role_head = m.head_lemma
        if m.type == "person":
            m.role = _text(doc, [t for t in core if t.dep_ not in {"det", "predet"}
                                  and not (t.dep_ == "poss" and t.pos_ == "PRON")])[2]
            holder = _office_holder(doc, m, core, registry)
            if holder is not None:
                m.entry, m.name = holder, holder.name
    return m


def _office_holder(doc: Doc, m: Mention, core: list[Token], registry: Registry) -> RegistryEntry | None:
    """"the Israeli prime minister" -> whoever held that office of Israel on the article's date."""
    if m.affiliation is None or m.affiliation[2] is None:
        return None
    of = m.affiliation[2]
    words = {t.lower_ for t in core}
    date = article_date(doc)
    for entry in registry.entries.values():
        for role in entry.roles:
            if role.of == of.id and role.title and role.active(date) \
                    and {w.lower() for w in role.title.split()} <= words:
                return entry
    return None


def _the_outlet(head: Token) -> bool:
    """"the Chronicle", "the Ledger": a newspaper's last name word after "the" (no person's)."""
    return head.lower_ in OUTLET_NAMES and any(c.dep_ == "det" and c.lower_ == "the" for c in head.children)


def _namelike(tok: Token) -> bool:
    """A proper noun, or a capitalised word inside a named entity that the tagger called a common
    noun ("Reyes said …", tagged NOUN and ORG)."""
    return tok.pos_ == "PROPN" or (tok.pos_ == "NOUN" and bool(tok.ent_type_) and tok.text[:1].isupper())


def _known_person(doc: Doc, core: list[Token]) -> bool:
    """The proper name is the tail of a PERSON entity named elsewhere in the article."""
    words = [t.lower_ for t in core if _namelike(t)]
    if not words or len(words) != len([t for t in core if not t.is_punct and t.dep_ != "det"]):
        return False
    for ent in doc_ents(doc):
        if ent.label_ == "PERSON" and len(ent) > len(words) and [t.lower_ for t in ent][-len(words):] == words:
            return True
    return False


def _role_clause(root: Token, ids: set[int]) -> tuple[str, list[Token]] | None:
    """"…, who leads / heads / founded X": the role such a relative clause gives, and X."""
    for clause in root.children:
        if clause.dep_ != "relcl" or clause.i not in ids:
            continue
        role = _ROLE_VERBS.get(clause.lemma_.lower())
        subject = next((c for c in clause.children if c.dep_ == "nsubj"), None)
        body = next((c for c in clause.children if c.dep_ == "dobj"), None)
        if role is None or subject is None or subject.tag_ not in {"WP", "WDT"} or body is None:
            continue
        tokens = [t for t in body.subtree if t.i in ids and not (t.is_punct and t.i == body.right_edge.i)]
        if tokens:
            return role, tokens
    return None


#: verbs of a relative clause that give a person's role in the body they take as object
_ROLE_VERBS = {"lead": "leader", "head": "head", "chair": "chair", "run": "head", "direct": "director",
               "found": "founder", "co-found": "co-founder", "represent": "representative",
               "command": "commander", "manage": "manager", "own": "owner", "advise": "adviser"}


def _outlet_journalist(head: Token, core: list[Token], registry: Registry) -> list[Token]:
    """"CNN's Marcus Bell": a name owned by a news outlet is a journalist's, whatever NER said
    (the small model often labels it an organisation).  The outlet stays in the mention, where
    it gives the affiliation."""
    owner = next((c for c in head.children if c.dep_ == "poss"), None)
    if owner is None or head.pos_ != "PROPN":
        return []
    entry = registry.lookup(" ".join(t.text for t in owner.subtree if t.tag_ != "POS"))
    if entry is None or entry.type != "media":
        return []
    name = [t for t in core if t.i > owner.right_edge.i and t.i <= head.i and not t.is_punct]
    if not 2 <= len(name) <= 3 or not all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in name):
        return []
    return name


def _outlet_name(head: Token, core: list[Token], appos: list[Token]) -> list[Token]:
    """The name of an outlet introduced by a media noun: "State news agency | RIA Novosti" (the
    noun as a title before the name), "the state news agency, | KCNA", "Local broadcaster |
    TVN24" (the name in apposition).  Empty when there is none."""
    if head.pos_ == "PROPN":
        title = [t for t in core if t.i < head.i and t.pos_ == "NOUN" and t.lemma_.lower() in MEDIA_HEADS]
        if not title:
            return []
        name = [t for t in core if title[-1].i < t.i <= head.i]
        return name if name and all(t.pos_ == "PROPN" for t in name) else []
    if head.pos_ == "NOUN" and head.lemma_.lower() in MEDIA_HEADS and head.lemma_.lower() != "report":
        name = [t for t in appos if not t.is_punct]
        if name and all(t.pos_ == "PROPN" for t in name) and len(name) <= 4:
            return name
    return []


def _role_name(role: Token, appos: list[Token], registry: Registry) -> list[Token]:
    """The name beside a person's role noun when NER gave it no PERSON label ("the federation's
    general secretary, Grace Mwale", read by the small model as an ORG, "the union's leader, Sara
    Mbeki" as a GPE): two to four capitalised proper nouns in apposition to a role a person holds,
    that the registry does not know as something else."""
    lemma = role.lemma_.lower()
    if lemma not in ROLE_NOUNS:
        return []
    if role.tag_ != "NN" or not 2 <= len(appos) <= 4:
        return []
    if not all(t.pos_ == "PROPN" and t.text[:1].isupper() and t.ent_type_ != "NORP" for t in appos):
        return []
    entry = registry.lookup(" ".join(t.text for t in appos))
    if entry is not None and entry.type != "person":
        return []
    return appos


def _person_tokens(tokens: list[Token]) -> list[Token]:
    """The PERSON name the mention is about: the run holding its head, else the last one
    ("Stein spokeswoman Melezia Figueroa" is Figueroa; "Stein" is part of her role)."""
    runs: list[list[Token]] = []
    for t in tokens:
        if t.ent_type_ == "PERSON" and t.tag_ != "POS":
            if runs and runs[-1][-1].i == t.i - 1 and t.ent_iob_ != "B":
                runs[-1].append(t)
            else:
                runs.append([t])
    if not runs:
        return []
    head = _root(tokens)
    if _the_outlet(head):
        return []  # "the Chronicle", which NER took for a person: a newspaper
    holding = next((r for r in runs if any(t.i == head.i for t in r)), None)
    if holding is not None:
        return holding
    if head.pos_ == "NOUN" and runs[-1][-1].i < head.i:
        return []  # "the Clinton campaign", "Trump's lawyers": the person only modifies the head
    if any(t.dep_ == "poss" and t.head.i == head.i for t in runs[-1]):
        return []  # "Valmora's defense ministry" (a head NER made a name): the possessor's body
    if head.pos_ == "NOUN" and _inside_prep_of(runs[-1][0], head):
        return []  # "one member of the Veldan delegation": a name inside the head's modifier
    return runs[-1]


def _inside_prep_of(tok: Token, head: Token) -> bool:
    """Whether ``tok`` hangs on ``head`` through a preposition ("member | of the X delegation")."""
    node = tok
    while node.head.i != node.i and node.i != head.i:
        if node.dep_ == "prep" and node.head.i == head.i:
            return True
        node = node.head
    return False


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


def _guess_type(head: Token, core: list[Token], definite: bool) -> str:
    lemma = head.lemma_.lower()
    lower = head.lower_
    if head.pos_ == "PROPN" and head.lower_ in OUTLET_NAMES and (_the_outlet(head) or head.ent_type_ not in {"PERSON", "GPE"}):
        return "media"  # "The Geneva Ledger", "the Ledger", "the Chronicle" (NER: PERSON)
    if head.pos_ == "PROPN" or head.ent_type_:
        # a proper name: only the entity label speaks for it ("The New York Post" is no document)
        label = head.ent_type_ or next((t.ent_type_ for t in core if t.ent_type_), "")
        # (a nationality before it is the state's: "the Israeli defence ministry")
        if label in {"ORG", "", "NORP"} and lemma in GOVERNMENT_HEADS and lemma not in _PLACE_HEADS:
            return "government"  # "The Marovan defense ministry", "the Ministry of Defence": an organ of a state
        return _LABEL_TYPES.get(label, "unspecified")
    if lemma in PERSON_ROLE_HEADS and head.tag_ == "NN":
        # "the Republican nominee" names one identifiable person; "a senator" is an unnamed source
        return "person" if definite else "anonymous"
    if lemma in ANONYMOUS_HEADS or lower in ANONYMOUS_HEADS:
        return "anonymous"
    if lemma == "report":
        # bare "reports" are the press; "a UN report" is a document (affiliated with the UN)
        named = [c for c in head.children if c.dep_ in {"det", "poss", "compound", "amod"}
                 and (c.pos_ == "PROPN" or c.ent_type_ not in {"", "NORP"} or c.dep_ in {"det", "poss"})
                 and c.lower_ not in MEDIA_HEADS]
        return "media" if head.tag_ == "NNS" and not named else "document"
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
    if lemma in ORGANIZATION_HEADS:
        return "organization"
    if head.tag_ == "NNS" and _PEOPLE_SUFFIX.search(lemma) and lemma not in _NOT_PEOPLE:
        return "group"  # "regulators", "environmentalists", "proponents": people spoken of together
    return "unspecified"


def _affiliation(
    doc: Doc, tokens: list[Token], registry: Registry, exclude: RegistryEntry | None
) -> tuple[int, int, RegistryEntry | None, str, str] | None:
    """The first registry actor (or named entity) inside a role or description."""
    words = [t.text for t in tokens]
    for i, j, entry, how in registry.scan(words):
        if exclude is not None and entry.id == exclude.id:
            continue
        if _inside_longer_name(tokens[i:j]):
            continue  # "Jersey" in "New Jersey Gov. Chris Christie" is not the island
        s, e, text = _text(doc, tokens[i:j])
        return s, e, entry, text, how
    for label in ({"GPE", "ORG", "NORP"}, {"PERSON"}):  # "Stein spokeswoman …" speaks for Stein
        for t in tokens:
            if t.ent_type_ in label and t.ent_iob_ == "B" and t.lower_ not in MEDIA_HEADS:
                ent = next((x for x in doc_ents(doc) if x.start == t.i), None)
                if ent is not None and ent.end <= tokens[-1].i + 1 and not _title_part(ent):
                    return ent.start_char, ent.end_char, None, ent.text, ent.label_
    return _body_affiliation(doc, tokens)


def _body_affiliation(doc: Doc, tokens: list[Token]) -> tuple[int, int, RegistryEntry | None, str, str] | None:
    """A body named by a common noun: "the ministry's spokeswoman", "officials at the ministry",
    "the federation's general secretary".  The body is the latest earlier named entity ending in
    the same word ("the Copperbelt Miners' Federation" for "the federation"), else the phrase."""
    for t in tokens:
        lemma = t.lemma_.lower()
        if t.pos_ != "NOUN" or lemma not in BODY_HEADS:
            continue
        possessor = t.dep_ == "poss"
        preposition = t.dep_ == "pobj" and t.head.lower_ in {"at", "for", "of", "from", "with"}
        # "a ministry spokesman": a body noun modifying a role noun
        # ("his campaign spokesman" names no body of its own: whose campaign is the pronoun's)
        modifier = t.dep_ == "compound" and t.head.pos_ == "NOUN" and t.head.lemma_.lower() in ROLE_NOUNS \
            and not any(c.dep_ == "poss" and c.pos_ == "PRON" for c in t.head.children)
        if not (possessor or preposition or modifier):
            continue
        named = [
            e for e in doc_ents(doc)
            if e.end <= t.i and e.label_ in {"ORG", "GPE"} and e[-1].lemma_.lower() == lemma
        ]
        if named:
            ent = named[-1]
            return ent.start_char, ent.end_char, None, ent.text, ent.label_
        first = t.left_edge if t.left_edge.i >= tokens[0].i else t
        s, e, text = _text(doc, list(doc[first.i : t.i + 1]))
        kind = next(k for k, heads in BODY_TYPES if lemma in heads)
        return s, e, None, text, kind
    return None


def _party_code(
    doc: Doc, tokens: list[Token], registry: Registry
) -> tuple[int, int, RegistryEntry | None, str, str] | None:
    """The party of a US politician's code ("R-Ky." -> Republican Party), from an appositive."""
    if len(tokens) < 2 or tokens[0].text not in PARTY_CODES or tokens[1].text not in {"-", "–"}:
        return None
    entry = registry.lookup(PARTY_CODES[tokens[0].text])
    if entry is None:
        return None
    return tokens[0].idx, tokens[0].idx + len(tokens[0]), entry, tokens[0].text, "party code"


def _inside_longer_name(toks: list[Token]) -> bool:
    """The tokens are part of a named entity that runs past them."""
    first, last = toks[0], toks[-1]
    if not first.ent_type_ or first.ent_type_ in {"NORP"}:
        return False
    doc = first.doc
    starts_inside = first.ent_iob_ == "I"
    runs_on = last.i + 1 < len(doc) and doc[last.i + 1].ent_iob_ == "I"
    return starts_inside or runs_on


def _title_part(ent: Span) -> bool:
    """"State" in "Secretary of State", "Defence" in "Minister of Defence": part of a title, no body."""
    doc = ent.doc
    if len(ent) != 1 or ent.start < 2 or doc[ent.start - 1].lower_ != "of":
        return False
    before = doc[ent.start - 2].lemma_.lower()
    return before in PERSON_ROLE_HEADS or before in OFFICIAL_HEADS or before in {"department", "ministry"}


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
