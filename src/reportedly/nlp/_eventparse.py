"""Parse helpers of the event coder: arguments, mood, spans (private; see ``events.py``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Token

from reportedly.models import Span as TextSpan
from reportedly.nlp.actors import ent_bounds
from reportedly.nlp.eventlex import (
    COOPERATIVE,
    HOSTILE,
    THREAT_CAMEO,
    Code,
    EventLexicon,
    event_lexicon,
    light_ok,
)

_ACTOR_ENTS = {"PERSON", "ORG", "GPE", "NORP"}
_PLACE_ENTS = {"GPE", "LOC", "FAC"}
_NOT_ACTOR_ENTS = {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL", "EVENT", "LAW"}
_RELATIVE = {"that", "which", "who", "whom"}
_FIRST_PERSON = {"i", "we", "us", "our", "my", "me", "ours"}
_THIRD_PERSON = {"he", "she", "they", "it", "him", "her", "them", "his", "its", "their"}
_FUTURE = {"will", "would", "shall", "'ll", "wo"}
_MODAL = {"could", "might", "may", "can", "ca"}
_CONDITIONAL = {"if", "unless", "whether"}
_NP_LEFT = {"det", "amod", "compound", "poss", "nummod", "nmod", "quantmod", "case", "predet", "npadvmod"}
_TARGET_PREPS = ("against", "on", "with", "to", "into", "at", "toward", "towards", "from", "for", "over",
                 "of", "between", "in")
_RECIPIENT_PREPS = ("to", "for", "with", "into", "in")
_DESCEND_PREPS = ("of", "on", "against", "with", "to", "into", "for", "by", "between", "from")
_PLACE_TARGET_TYPES = {"RETREAT", "SANCTION", "MOBILIZE"}  # "withdrew troops from X": X is the target
_SYMMETRIC = {"AGREE", "CONSULT", "COOPERATE", "SUPPORT"}
_DASHES = {"-", "--", "—", "–", ":"}
_PERSON_SUFFIXES = ("ist", "ian", "ier", "eer")
_SAY = {"say", "tell", "insist", "argue", "state", "declare", "stress", "reiterate", "add", "write", "tweet",
        "announce", "believe", "think", "warn"}
_RECIPIENT_TYPES = {"AID", "CONCEDE", "COOPERATE", "SUPPORT", "RETREAT"}
_OBJECT_CONTROL = {"urge", "ask", "force", "order", "call", "press", "push", "pressure", "persuade",
                   "allow", "help", "warn", "tell", "invite", "encourage"}
_CLAUSE_WRAPPERS = {"request", "threat", "deny"}  # also take a that-clause, not only "to V"


@dataclass(slots=True)
class _Cand:
    code: Code
    trigger: Token
    a1: Token | None = None
    a2: Token | None = None
    negated: bool = False
    hypothetical: bool = False
    tokens: list[int] = field(default_factory=list)
    confidence: float = 0.9
    attribution: str | None = None
    speaker: str | None = None  # actor id when actor1 is the speaker of an attribution
    speaker_span: TextSpan | None = None


@cache
def _country_names() -> frozenset[str]:
    import pycountry

    names: set[str] = set()
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name", "alpha_2", "alpha_3"):
            value = getattr(c, attr, None)
            if value:
                names.add(value.lower())
                names.add(value.split(",")[0].lower())  # "Iran, Islamic Republic of" -> "iran"
    # short forms pycountry does not carry; plain knowledge of country names, not of any article
    names |= {"us", "usa", "america", "united states", "uk", "britain", "great britain", "russia",
              "syria", "north korea", "south korea", "vietnam", "laos", "bolivia", "venezuela", "tanzania",
              "moldova", "palestine", "taiwan", "turkey", "czech republic", "ivory coast", "congo"}
    return frozenset(names)


def _is_country(name: str) -> bool:
    key = name.strip().lower().replace(".", "")
    key = key[4:] if key.startswith("the ") else key
    return key in _country_names()


def _skip_dateline(tok: Token | None, trigger: Token) -> Token | None:
    """"BERLIN -- A court has …": the subject is the phrase after the dateline's dash."""
    if tok is None or tok.i > 8:
        return tok
    stop = trigger.i if trigger.i > tok.i else _sent_bounds(tok)[1]
    dash = next((t for t in tok.doc[tok.i + 1:stop] if t.text in _DASHES or t.text.endswith("--")), None)
    if dash is None or dash.i - tok.i > 9:
        return tok
    # a dateline is capitalised place words, a date, commas and a parenthesised agency before the dash
    between = tok.doc[max(0, tok.i - 3):dash.i]
    if not all(t.is_punct or t.text[:1].isupper() or t.like_num for t in between):
        return tok
    phrase = tok.doc[dash.i + 1:stop]
    roots = [t for t in phrase if t.pos_ in ("NOUN", "PROPN") and not (phrase.start <= t.head.i < phrase.end)]
    return roots[0] if roots else tok


def _place_in_clause(cand: _Cand) -> Token | None:
    """With no named target, the country or place the event happens in ("declared a truce in X").

    PLOVER codes such events against the location; a place is never resolved to a party here
    (see ``_resolve``), so only the span is kept.
    """
    trigger = cand.trigger
    for tok in trigger.subtree:
        if tok.i > trigger.i and tok.dep_ == "pobj" and tok.head.lower_ in ("in", "to", "into", "across", "throughout"):
            if tok.ent_type_ in ("GPE", "LOC"):
                return tok
            # "in parts of Kashmir": the phrase whose "of" names the place
            if any(t.ent_type_ in ("GPE", "LOC") and t.dep_ == "pobj" and t.head.lower_ == "of" for t in tok.subtree):
                return tok
    return None


def _partner(tok: Token | None) -> Token | None:
    """The other conjunct of a coordinated subject: "X and Y", "X and Y's negotiators"."""
    if tok is None:
        return None
    conj = _child(tok, "conj")
    if conj is not None:
        return conj
    for c in tok.lefts:
        if c.dep_ in ("compound", "poss", "amod", "nmod"):
            inner = _child(c, "conj")
            if inner is not None:
                return inner
    return None


def _child(tok: Token, dep: str) -> Token | None:
    return next((c for c in tok.children if c.dep_ == dep), None)


def _pobj_of(tok: Token, prep: str) -> Token | None:
    for c in tok.children:
        if c.dep_ in ("prep", "agent") and c.lower_ == prep:
            return _child(c, "pobj")
    return None


def _antecedent(tok: Token) -> Token:
    """'that'/'which' as a subject: the noun it stands for (relative clause or cleft); a text
    that speaks for its issuer ("a statement from the Front", "Hamas' letter"): the issuer."""
    if tok.lemma_.lower() in event_lexicon().voice_nouns:
        owner = _child(tok, "poss") or _pobj_of(tok, "from") or _pobj_of(tok, "by") or _pobj_of(tok, "of")
        return owner if owner is not None else tok
    if tok.lower_ not in _RELATIVE:
        return tok
    verb = tok.head
    if verb.dep_ == "relcl":
        return verb.head
    if verb.dep_ == "ccomp" and verb.head.lemma_ == "be":
        attr = _child(verb.head, "attr")
        if attr is not None:
            return attr
    return tok


def _agent_patient(tok: Token | None, depth: int = 0) -> tuple[Token | None, Token | None]:
    """The doer (subject, or "by" agent when passive) and, for passives, the patient."""
    if tok is None:
        return None, None
    subj = _child(tok, "nsubj") or _child(tok, "csubj")
    if subj is not None:
        return _antecedent(subj), None
    patient = _child(tok, "nsubjpass")
    if patient is not None:
        agent = _pobj_of(tok, "by")
        return agent, _antecedent(patient)
    if depth < 3 and tok.dep_ in ("xcomp", "advcl", "conj", "pcomp", "acomp"):
        head = tok.head
        if tok.dep_ == "pcomp" and head.dep_ == "prep":
            if head.lower_ in ("of", "for") and head.head.lemma_.lower() in event_lexicon().accusing_verbs:
                # "X accused Y of shelling the valley": Y is said to have done it
                accused = _child(head.head, "dobj")
                if accused is not None:
                    return accused, None
            head = head.head
        if tok.dep_ == "xcomp" and head.lemma_.lower() in _OBJECT_CONTROL:
            obj = _child(head, "dobj")
            if obj is not None:
                return obj, None
        if tok.dep_ == "advcl" and tok.tag_ == "VBN":  # "…, backed by X": no subject of its own
            return None, None
        subj = _agent_patient(head, depth + 1)[0]
        if tok.dep_ == "advcl" and (subj is None or subj.pos_ in ("VERB", "AUX")):
            # "X said that …, promising to …": the participle belongs to the main clause's subject even
            # when the parser hangs it on the embedded clause
            while head.dep_ in ("ccomp", "conj", "advcl") and head.head != head:
                head = head.head
                subj = _child(head, "nsubj")
                if subj is not None:
                    return _antecedent(subj), None
        return subj, None
    if tok.dep_ == "relcl":
        return tok.head, None
    return None, None


def _complement(tok: Token, clause: bool) -> Token | None:
    """The event a wrapper governs: "to V", "that …" (when ``clause``), a nominal's clause."""
    deps = ("xcomp", "ccomp") if clause else ("xcomp",)
    for c in tok.children:
        if c.dep_ in deps and c.pos_ in ("VERB", "AUX"):
            return c
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "to":
            for g in c.children:
                if g.dep_ == "pcomp" and g.pos_ == "VERB":
                    return g
    if tok.pos_ == "NOUN":
        for c in tok.children:
            if c.dep_ in ("acl", "ccomp") and c.pos_ in ("VERB", "AUX"):
                return c
        if tok.dep_ == "nsubj" and tok.head.lemma_ == "be":
            for c in tok.head.children:
                if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX"):
                    return c
    return None


def _light_verb(noun: Token, lex: EventLexicon) -> Token | None:
    head, lemma = noun.head, noun.lemma_.lower()
    if noun.dep_ in ("dobj", "nsubjpass", "attr") and head.pos_ == "VERB" and light_ok(lex, head.lemma_.lower(), lemma):
        return head
    if noun.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ == "VERB" and light_ok(
            lex, head.head.lemma_.lower(), lemma):
        return head.head  # "went on strike", "placed on alert"
    if noun.dep_ == "conj" and noun.head.dep_ == "dobj":
        verb = noun.head.head
        return verb if verb.pos_ == "VERB" and light_ok(lex, verb.lemma_.lower(), lemma) else None
    return None


def _negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" for c in tok.children)


def _mood(cand: _Cand, tok: Token, keep_negation: bool = False) -> None:
    aux = {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")}
    if not keep_negation:
        cand.negated = cand.negated or _negated(tok)
    if aux & _MODAL or any(c.dep_ == "mark" and c.lower_ in _CONDITIONAL for c in tok.children):
        cand.hypothetical = True
    if aux & _FUTURE:
        cand.tokens.append(next(c.i for c in tok.children if c.lower_ in _FUTURE))
        cand.hypothetical = True


def _intent(cand: _Cand, tok: Token) -> None:
    """A future or negated main event is a statement of intent in PLOVER's terms."""
    future = any(c.dep_ == "aux" and c.lower_ in _FUTURE for c in tok.children)
    kind = cand.code.plover
    if cand.negated and kind in COOPERATIVE:
        cand.code, cand.negated, cand.hypothetical = Code("REJECT", "120"), False, False
    elif future and kind == "CONSULT":
        pass  # "X will meet Y": a scheduled meeting, kept as CONSULT and marked hypothetical by _mood
    elif future and not cand.negated and kind in COOPERATIVE:
        cand.code, cand.hypothetical = Code("AGREE", "030"), False
    elif future and not cand.negated and kind in HOSTILE:
        cand.code = Code("THREATEN", THREAT_CAMEO.get(kind, "130"), cand.code.mode)
        cand.hypothetical = False


def _np_chars(tok: Token) -> tuple[int, int]:
    """Character span of the compact noun phrase headed by ``tok`` (no relative clauses)."""
    ent = ent_bounds(tok)
    start, end = tok.i, tok.i + 1
    for c in tok.lefts:
        if c.dep_ in _NP_LEFT:
            start = min(start, c.left_edge.i)
    for c in tok.rights:
        if c.dep_ in ("compound", "flat"):
            end = max(end, c.i + 1)
        elif c.dep_ == "appos" and c.pos_ == "PROPN" and c.left_edge.i == end:
            end = c.i + 1  # "the journalist Ana Corvel": the name is part of the mention
    if ent is not None:
        start, end = min(start, ent[0]), max(end, ent[1])
    doc = tok.doc
    span = doc[start:end]
    text_start = span.start_char
    while start < tok.i and doc[start].dep_ in ("punct", "cc"):
        start += 1
        text_start = doc[start].idx
    return text_start, span.end_char


def _ent_text(tok: Token) -> str:
    ent = ent_bounds(tok)
    return tok.doc[ent[0]:ent[1]].text if ent is not None else tok.text


def _sent_bounds(tok: Token) -> tuple[int, int]:
    """Token range of ``tok``'s sentence (``Token.sent`` rebuilds every sentence of the Doc)."""
    doc = tok.doc
    start = tok.i
    while start > 0 and not doc[start].is_sent_start:
        start -= 1
    end = tok.i + 1
    while end < len(doc) and not doc[end].is_sent_start:
        end += 1
    return start, end
