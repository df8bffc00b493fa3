"""Event coder: actor1 -> event -> actor2 in PLOVER (and CAMEO) from the dependency parse.

Model-free: a trigger lexicon (``resources/events.yaml``) plus parse rules.  Per sentence it finds

* verb triggers ("accused", "attacked"), phrasal verbs ("walked out") and verb+object pairs
  ("left the negotiations", "lifted sanctions");
* event nouns under a light verb ("launched strikes against", "held talks with") or with their
  own agent ("Hamas' demand that …", "threats by X");
* wrappers that turn an inner event into another one: a promise of a hostile act is THREATEN,
  of a cooperative one AGREE; "refused to" is REJECT; "urged X to" is REQUEST with X as target;
  "planned to" marks the inner event hypothetical, "denied that" marks it negated;
* speech acts inside reported content: a statement that blames someone ("X is at fault",
  "X is holding up the deal") is an ACCUSE by the speaker; a deontic one ("the truce must be
  permanent") is a REQUEST by the speaker.

Actors are resolved with :func:`reportedly.nlp.actors.actor_for_span` and raised to their
party (the end of the affiliation chain).  Negated and hypothetical events are emitted with
their flags set, never as plain facts.  See docs/events.md.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from reportedly.models import Actor, Attribution, Event
from reportedly.models import Span as TextSpan
from reportedly.nlp.actors import actor_for_span, affiliation_chain
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
_DESCEND_PREPS = ("of", "on", "against", "with", "to", "into", "for", "by", "between")
_PLACE_TARGET_TYPES = {"RETREAT", "SANCTION", "MOBILIZE"}  # "withdrew troops from X": X is the target
_SYMMETRIC = {"AGREE", "CONSULT", "COOPERATE", "SUPPORT"}
_DASHES = {"-", "--", "—", "–", ":"}
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


class EventCoder:
    """spaCy component: fills ``doc._.events`` (after attributions and speakers)."""

    def __init__(self, nlp: Language, name: str = "reportedly_events", *, complete_dyads: bool = True) -> None:
        self.name = name
        self.lex: EventLexicon = event_lexicon()
        self.complete_dyads = complete_dyads

    # ----------------------------------------------------------------- entry point
    def __call__(self, doc: Doc) -> Doc:
        cands: list[_Cand] = []
        self._consumed: set[int] = set()
        for sent in doc.sents:
            cands.extend(self._sentence(sent))
        cands.extend(self._speech_acts(doc, {c.trigger.i for c in cands}))
        doc._.events = self._finish(doc, cands)
        return doc

    def _sentence(self, sent: Span) -> list[_Cand]:
        out: list[_Cand] = []
        # wrappers first, so their complements are consumed before the inner verbs are seen
        order = sorted(sent, key=lambda t: (t.lemma_.lower() not in self.lex.wrappers, t.i))
        for tok in order:
            if tok.i in self._consumed:
                continue
            cand = self._event(tok, 0)
            if cand is not None:
                out.append(cand)
        return out

    # ----------------------------------------------------------------- triggers
    def _event(self, tok: Token, depth: int) -> _Cand | None:
        if tok.pos_ in ("VERB", "ADJ", "AUX") or (tok.pos_ == "NOUN" and tok.lemma_.lower() in self.lex.wrappers):
            wrapped = self._wrapped(tok, depth)
            if wrapped is not None:
                return wrapped
        if tok.pos_ == "VERB":
            return self._verb(tok, depth)
        if tok.pos_ in ("NOUN", "PROPN"):
            return self._noun(tok, depth)
        return None

    def _verb_code(self, tok: Token) -> tuple[Code, Token | None] | None:
        lex = self.lex
        lemma = tok.lemma_.lower()
        for c in tok.children:
            if c.dep_ in ("prt", "prep"):
                code = lex.phrasal.get(f"{lemma} {c.lower_}")
                if code is not None:
                    return code, None
        obj = _child(tok, "dobj") or _child(tok, "nsubjpass")
        if obj is not None:
            code = lex.verb_object.get(f"{lemma} {obj.lemma_.lower()}")
            if code is not None:
                return code, obj
            if obj.lemma_.lower() in lex.nouns and light_ok(lex, lemma, obj.lemma_.lower()):
                return None  # "provided assistance": the noun carries the event
        for prep in (c for c in tok.children if c.dep_ == "prep"):
            pobj = _child(prep, "pobj")
            if pobj is not None and f"{lemma} {pobj.lemma_.lower()}" in lex.verb_object:
                return lex.verb_object[f"{lemma} {pobj.lemma_.lower()}"], pobj
        code = lex.verbs.get(lemma)
        if code is None and lemma in lex.aid_verbs and self._recipient(tok) is not None:
            code = Code("AID", "070")
        return (code, None) if code is not None else None

    def _recipient(self, tok: Token) -> Token | None:
        for c in tok.children:
            if c.dep_ == "dative":
                who = _child(c, "pobj") if c.pos_ == "ADP" else c
                if who is not None and self._is_actor(who):
                    return who
            if c.dep_ == "prep" and c.lower_ == "to":
                pobj = _child(c, "pobj")
                if pobj is not None and self._is_actor(pobj):
                    return pobj
        return None

    def _verb(self, tok: Token, depth: int) -> _Cand | None:
        found = self._verb_code(tok)
        if found is None:
            return None
        code, part = found  # part: the object that is part of the trigger ("left the talks")
        agent, patient = _agent_patient(tok)
        for obj in (part, _child(tok, "dobj")):
            if obj is not None and (obj == part or obj.lemma_.lower() in self.lex.nouns):
                self._consumed.add(obj.i)
        cand = _Cand(code, tok, tokens=[tok.i] + ([part.i] if part is not None else []))
        cand.a1 = agent
        if patient is not None and patient != part:
            cand.a2 = self._descend(patient)
        else:
            cand.a2 = self._target(tok, code, skip=part)
        _mood(cand, tok)
        if depth == 0:
            _intent(cand, tok)
        return cand

    def _noun(self, tok: Token, depth: int) -> _Cand | None:
        lex = self.lex
        lemma = tok.lemma_.lower()
        if lemma not in lex.nouns or tok.i in self._consumed:
            return None
        code = lex.nouns[lemma]
        verb = _light_verb(tok, lex)
        cand = _Cand(code, tok, tokens=[tok.i], confidence=0.8)
        if verb is not None:
            particle = f"{verb.lemma_.lower()} {lemma}"
            cand.code = lex.light_overrides.get(particle, code)
            cand.a1, _ = _agent_patient(verb)
            cand.tokens.append(verb.i)
            cand.a2 = self._target(tok, cand.code) or self._target(verb, cand.code, skip=tok)
            _mood(cand, verb)
            if depth == 0:
                _intent(cand, verb)
            return cand
        poss = _child(tok, "poss")
        by = _pobj_of(tok, "by")
        if poss is not None and (self._is_actor(poss) or poss.lower_ in _THIRD_PERSON):
            cand.a1 = poss
        elif by is not None and self._is_actor(by):
            cand.a1 = by
        else:
            adj = next((c for c in tok.children if c.dep_ in ("amod", "compound") and c.ent_type_ in ("NORP", "GPE")),
                       None)
            if adj is None or depth > 0:
                return None
            cand.a1, cand.confidence = adj, 0.6
        cand.a2 = self._target(tok, code, skip=poss)
        cand.confidence = min(cand.confidence, 0.7)
        return cand

    def _wrapped(self, tok: Token, depth: int) -> _Cand | None:
        """A wrapper verb/adjective/noun with an event complement ("promised to invade")."""
        kind = self.lex.wrappers.get(tok.lemma_.lower())
        if kind is None or depth > 2:
            return None
        comp = _complement(tok, clause=kind in _CLAUSE_WRAPPERS)
        if comp is None:
            return None
        inner = self._event(comp, depth + 1)
        own = self._verb_code(tok) if tok.pos_ == "VERB" else (
            (self.lex.nouns[tok.lemma_.lower()], None) if tok.lemma_.lower() in self.lex.nouns else None)
        if inner is None and own is None:
            return None
        self._consumed.add(comp.i)
        if tok.pos_ == "NOUN":
            poss = _child(tok, "poss")
            verb = _light_verb(tok, self.lex)
            a1 = poss if poss is not None else (_pobj_of(tok, "by") or (_agent_patient(verb)[0] if verb else None))
        else:
            a1 = _agent_patient(tok)[0]
            if a1 is None and tok.pos_ == "ADJ" and tok.head.lemma_ == "be":
                a1 = _agent_patient(tok.head)[0]
        cand = _Cand(Code("REQUEST"), tok, a1=a1, tokens=[tok.i, comp.i])
        inner_target = inner.a2 if inner is not None else self._target(comp, own[0] if own else Code("REJECT"))
        if inner is not None:
            cand.tokens.extend(inner.tokens)
        neg = _negated(tok)
        if kind == "intent":
            if inner is not None and inner.code.plover in HOSTILE:
                cand.code = Code("THREATEN", THREAT_CAMEO.get(inner.code.plover, "130"), inner.code.mode)
            elif inner is not None and inner.code.plover in COOPERATIVE or own is not None:
                cand.code = Code("AGREE", "030")
            else:
                return replace(inner, a1=inner.a1 or a1, hypothetical=True) if inner else None
            cand.a2 = inner_target
            if neg:
                cand.code = Code("REJECT", "120") if cand.code.plover == "AGREE" else cand.code
                cand.negated = cand.code.plover != "REJECT"
        elif kind == "threat":
            cand.code = Code("THREATEN", THREAT_CAMEO.get(inner.code.plover, "130") if inner else "130",
                             inner.code.mode if inner else None)
            dobj = _child(tok, "dobj")
            cand.a2 = dobj if dobj is not None and self._is_actor(dobj) else inner_target
            cand.negated = neg
        elif kind == "refuse":
            cand.code = Code("REJECT", "120")
            cand.a2 = inner_target
            cand.negated = neg
        elif kind in ("request", "order"):
            if kind == "order" and inner is not None and (inner.code.plover in HOSTILE or inner.code.plover == "ACCUSE"):
                cand.code = inner.code
                cand.a2 = inner.a2 if inner.a2 is not None else _agent_patient(comp)[0]
            else:
                base = own[0] if own is not None and own[0].plover == "REQUEST" else Code("REQUEST", "100")
                cand.code = base
                cand.a2 = self._addressee(tok, comp) or inner_target
            cand.negated = neg
        elif inner is None:
            return None
        else:  # plan / deny / pass: the inner event with this actor, flagged
            out = replace(inner, a1=inner.a1 or a1, tokens=cand.tokens, trigger=inner.trigger)
            out.hypothetical = inner.hypothetical or kind == "plan"
            out.negated = inner.negated or kind == "deny" or neg
            return out
        if cand.a2 is None:
            cand.a2 = self._target(tok, cand.code)
        _mood(cand, tok, keep_negation=True)
        return cand

    # ----------------------------------------------------------------- arguments
    def _is_actor(self, tok: Token | None) -> bool:
        if tok is None:
            return False
        if tok.ent_type_ in _ACTOR_ENTS or tok.lemma_.lower() in self.lex.actor_nouns:
            return True
        if tok.lower_ in self.lex.actor_nouns or (tok.pos_ == "PROPN" and tok.ent_type_ not in _NOT_ACTOR_ENTS):
            return True
        # "a Saudi dissident", "an Israeli surveillance company": a national or named modifier on a
        # noun that is not itself an event
        return tok.pos_ == "NOUN" and tok.lemma_.lower() not in self.lex.nouns and any(
            c.ent_type_ in _ACTOR_ENTS for c in tok.children if c.dep_ in ("amod", "compound"))

    def _descend(self, tok: Token) -> Token:
        """From an object to the actor it is about: "Netanyahu's decision" -> Netanyahu."""
        if self._is_actor(tok) or tok.pos_ == "PRON":
            return tok
        poss = _child(tok, "poss")
        if poss is not None and self._is_actor(poss):
            return poss
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in _DESCEND_PREPS:
                pobj = _child(c, "pobj")
                if pobj is not None and self._is_actor(pobj):
                    return pobj
            if c.dep_ in ("acl", "ccomp", "relcl") and c.dep_ != "relcl":
                subj = _child(c, "nsubj")
                if subj is not None and self._is_actor(subj) and subj.lower_ not in _RELATIVE:
                    return subj
        return tok

    def _descend_opt(self, tok: Token | None) -> Token | None:
        return self._descend(tok) if tok is not None else None

    def _target(self, tok: Token, code: Code, skip: Token | None = None) -> Token | None:
        dobj = _child(tok, "dobj")
        dative = _child(tok, "dative")
        if dative is not None and dative.pos_ == "ADP":  # "gives X to Y": the dative is "to"
            dative = _child(dative, "pobj")
        preps = [(c.lower_, p) for c in tok.children if c.dep_ in ("prep", "dative") for p in c.children
                 if p.dep_ == "pobj"]
        order: list[Token | None] = []
        if skip is not None and skip.pos_ in ("NOUN", "PROPN"):
            # "imposed sanctions on X", "left the talks with X": the trigger's own object names the target
            order += [p for w in _TARGET_PREPS for c in skip.children if c.dep_ == "prep" and c.lower_ == w
                      for p in c.children if p.dep_ == "pobj" and w not in ("in", "at", "from")]
        if code.plover in _RECIPIENT_TYPES:
            order.append(dative)
            order += [p for w in _RECIPIENT_PREPS for (x, p) in preps if x == w]
        obj = dobj if dobj is not None and dobj != skip else None
        if obj is not None and not self._is_actor(obj):
            # "imposed sanctions on X", "carried out strikes against X": the preposition names the target
            inner = [p for w in _TARGET_PREPS for c in obj.children if c.dep_ == "prep" and c.lower_ == w
                     for p in c.children if p.dep_ == "pobj"]
            order += [p for p in inner if self._is_actor(p)]
            order += [p for w in _TARGET_PREPS for (x, p) in preps if x == w and self._is_actor(p)]
        order.append(obj)
        order += [p for w in _TARGET_PREPS for (x, p) in preps if x == w]
        order.append(dative)
        if tok.pos_ == "NOUN":  # "release of X", "condemnation of X": "of" names the patient
            order = [p for (x, p) in preps if x == "of"] + order
        if code.plover in _PLACE_TARGET_TYPES:
            order = [p for w in ("from", "to", "into", "in") for (x, p) in preps if x == w] + order
        for cand in order:
            if cand is not None and cand != skip and cand.ent_type_ not in ("DATE", "TIME"):
                return self._descend(cand)
        return None

    def _addressee(self, tok: Token, comp: Token) -> Token | None:
        """Who a request is addressed to: "urged X to", "called on X to", "demanded that X …"."""
        dobj = _child(tok, "dobj")
        if dobj is not None and self._is_actor(dobj):
            return dobj
        for who in ("on", "from", "of"):
            pobj = _pobj_of(tok, who)
            if pobj is not None and self._is_actor(pobj):
                return pobj
        subj = _child(comp, "nsubj") or _child(comp, "nsubjpass")
        if subj is not None and self._is_actor(subj):
            return subj
        if dobj is not None:
            desc = self._descend(dobj)
            if desc != dobj:
                return desc
        return None

    # ----------------------------------------------------------------- speech acts in reported content
    def _speech_acts(self, doc: Doc, triggers: set[int]) -> list[_Cand]:
        out: list[_Cand] = []
        for rec in doc._.attributions:
            if rec.speaker is None:
                continue
            content = doc.char_span(rec.content.start, rec.content.end, alignment_mode="expand")
            if content is None:
                continue
            for tok in content:
                if tok.i in triggers or tok.i in self._consumed:
                    continue
                accused = self._blamed(tok)
                if accused is not None:
                    out.append(self._speech_cand(Code("ACCUSE", "112", "allege"), tok, accused, rec, 0.6))
            for root in (t for t in content if t.head.i < content.start or t.head.i >= content.end or t.dep_ == "ROOT"):
                if root.i in triggers or not self._deontic(root):
                    continue
                subj = _agent_patient(root)[0]
                if subj is not None and (subj.lower_ in _FIRST_PERSON or subj.pos_ == "PRON"):
                    continue
                target = subj if self._is_actor(subj) else None
                out.append(self._speech_cand(Code("REQUEST", "100"), root, target, rec, 0.5))
        return out

    def _speech_cand(self, code: Code, tok: Token, target: Token | None, rec: Attribution, conf: float) -> _Cand:
        cand = _Cand(code, tok, a2=target, tokens=[tok.i], confidence=conf, attribution=rec.id)
        cand.speaker, cand.speaker_span = rec.speaker, rec.source
        cand.tokens.extend(t.i for t in tok.subtree if tok.sent.start <= t.i < tok.sent.end)
        _mood(cand, tok)
        return cand

    def _blamed(self, tok: Token) -> Token | None:
        lex, lemma = self.lex, tok.lemma_.lower()
        subj: Token | None = None
        if tok.pos_ == "VERB" and lemma in lex.blame_verbs:
            need = lex.blame_particles.get(lemma)
            if need is None or any(c.dep_ == "prt" and c.lower_ == need for c in tok.children):
                subj = _agent_patient(tok)[0]
        elif tok.pos_ == "ADJ" and lemma in lex.blame_adjectives and tok.dep_ == "acomp":
            subj = _agent_patient(tok.head)[0]
        elif tok.lower_ == "fault" and tok.head.lower_ == "at" and tok.head.head.lemma_ == "be":
            subj = _agent_patient(tok.head.head)[0]
        elif lemma == "blame" and tok.head.lemma_ == "be" and any(c.lower_ == "to" for c in tok.children):
            subj = _agent_patient(tok.head)[0]
        if subj is None or _negated(tok) or _negated(tok.head):
            return None
        subj = self._descend(subj)
        if subj.lower_ in _FIRST_PERSON or not self._is_actor(subj):
            return None
        return subj

    def _deontic(self, tok: Token) -> bool:
        lex = self.lex
        if any(c.dep_ == "aux" and c.lower_ in lex.deontic_aux for c in tok.children):
            return not _negated(tok)
        return (tok.lemma_.lower() in lex.deontic_verbs and tok.pos_ == "VERB"
                and any(c.dep_ == "xcomp" for c in tok.children) and not _negated(tok))

    # ----------------------------------------------------------------- resolution, dedup, output
    def _finish(self, doc: Doc, cands: list[_Cand]) -> list[Event]:
        records: list[Attribution] = doc._.attributions
        actors: list[Actor] = doc._.actors
        events: list[Event] = []
        for cand in cands:
            rec = cand.attribution and next((r for r in records if r.id == cand.attribution), None)
            rec = rec or _attribution_of(cand.trigger, records)
            if cand.speaker is not None:
                a1_id = _party(cand.speaker, actors)
                a1_span = cand.speaker_span
            else:
                cand.a1 = _skip_dateline(cand.a1, cand.trigger)
                a1_id, a1_span = self._resolve(doc, cand.a1, rec, cand.trigger)
                partner = _partner(cand.a1)
                if (cand.code.plover in _SYMMETRIC and partner is not None and self._is_actor(partner)
                        and not self._is_actor(cand.a2)):
                    cand.a2 = partner  # "X and Y agreed/met": each is the other's counterpart
            if a1_id is None:
                continue  # no doer found: not an event we can code
            if cand.a2 is None:
                cand.a2 = _place_in_clause(cand)
            places = any(doc[i].lemma_.lower() in self.lex.place_object_verbs for i in cand.tokens)
            a2_id, a2_span = self._resolve(doc, cand.a2, rec, cand.trigger, target=True, places=places)
            if a1_id is not None and a1_id == a2_id:
                a2_id = None
            ev_start, ev_end = _evidence(doc, cand, a2_span)
            trig = cand.trigger
            events.append(Event(
                id="", plover=cand.code.plover, cameo=cand.code.cameo, mode=cand.code.mode,
                evidence=TextSpan.of(doc.text, ev_start, ev_end),
                trigger=TextSpan.of(doc.text, trig.idx, trig.idx + len(trig.text)),
                actor1=a1_id, actor2=a2_id, actor1_span=a1_span, actor2_span=a2_span,
                negated=cand.negated, hypothetical=cand.hypothetical,
                attribution=rec.id if rec else None, confidence=cand.confidence,
            ))
        if self.complete_dyads:
            _complete(events)
        events = _dedup(events)
        for n, ev in enumerate(events, 1):
            ev.id = f"E{n}"
        return events

    def _resolve(self, doc: Doc, tok: Token | None, rec: Attribution | None, trigger: Token,
                 target: bool = False, places: bool = False) -> tuple[str | None, TextSpan | None]:
        if tok is None:
            return None, None
        actors: list[Actor] = doc._.actors
        if tok.lower_ in _RELATIVE:
            tok = _antecedent(tok)
        if tok.pos_ == "PRON":
            if tok.lower_ in _FIRST_PERSON and rec is not None and rec.speaker:
                return _party(rec.speaker, actors), rec.source
            ante = self._pronoun_antecedent(tok)
            if ante is None:
                known = actor_for_span(doc, tok.idx, tok.idx + len(tok.text), create=False)
                if known is not None:
                    return _party(known.id, actors), TextSpan.of(doc.text, tok.idx, tok.idx + len(tok.text))
                return None, None
            tok = ante
        start, end = _np_chars(tok)
        span = TextSpan.of(doc.text, start, end)
        if not self._is_actor(tok):
            return None, span
        actor = actor_for_span(doc, start, end)
        if actor is None:
            return None, span
        if target and actor.registry_id is None and (tok.ent_type_ in _PLACE_ENTS or places and (
                tok.ent_type_ not in _ACTOR_ENTS and tok.pos_ == "PROPN")) and not _is_country(_ent_text(tok)):
            return None, span  # a place ("invade <town>"): the target party is not named here
        return _party(actor.id, actors), span

    def _pronoun_antecedent(self, tok: Token) -> Token | None:
        """'it'/'they' as subject of a clause reported by an actor: that actor ("X said it would …")."""
        if tok.lower_ not in _THIRD_PERSON:
            return None
        head = tok.head
        for _ in range(4):
            if head.dep_ in ("ccomp", "xcomp", "advcl", "conj") and head.head != head:
                head = head.head
                subj = _agent_patient(head)[0]
                if subj is not None and subj.pos_ != "PRON" and self._is_actor(subj):
                    return subj
            else:
                break
        return None


# --------------------------------------------------------------------- parse helpers
def _skip_dateline(tok: Token | None, trigger: Token) -> Token | None:
    """"BERLIN -- A court has …": the subject is the phrase after the dateline's dash."""
    if tok is None or tok.i > 8:
        return tok
    stop = trigger.i if trigger.i > tok.i else tok.sent.end
    dash = next((t for t in tok.doc[tok.i + 1:stop] if t.text in _DASHES or t.text.endswith("--")), None)
    if dash is None or dash.i - tok.i > 5:
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
        if tok.i > trigger.i and tok.ent_type_ in ("GPE", "LOC") and tok.dep_ == "pobj" and tok.head.lower_ in (
                "in", "to", "into", "across", "throughout"):
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
    """'that'/'which' as a subject: the noun it stands for (relative clause or cleft)."""
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
    if cand.negated and kind in COOPERATIVE and kind != "AGREE" or cand.negated and kind == "AGREE":
        cand.code, cand.negated, cand.hypothetical = Code("REJECT", "120"), False, False
    elif future and not cand.negated and kind in COOPERATIVE:
        cand.code, cand.hypothetical = Code("AGREE", "030"), False
    elif future and not cand.negated and kind in HOSTILE:
        cand.code = Code("THREATEN", THREAT_CAMEO.get(kind, "130"), cand.code.mode)
        cand.hypothetical = False


def _np_chars(tok: Token) -> tuple[int, int]:
    """Character span of the compact noun phrase headed by ``tok`` (no relative clauses)."""
    if tok.ent_iob_ in ("B", "I"):
        ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
    else:
        ent = None
    start, end = tok.i, tok.i + 1
    for c in tok.lefts:
        if c.dep_ in _NP_LEFT:
            start = min(start, c.left_edge.i)
    for c in tok.rights:
        if c.dep_ in ("compound", "flat"):
            end = max(end, c.i + 1)
    if ent is not None:
        start, end = min(start, ent.start), max(end, ent.end)
    doc = tok.doc
    span = doc[start:end]
    text_start = span.start_char
    while start < tok.i and doc[start].dep_ in ("punct", "cc"):
        start += 1
        text_start = doc[start].idx
    return text_start, span.end_char


def _ent_text(tok: Token) -> str:
    ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
    return ent.text if ent is not None else tok.text


def _party(actor_id: str, actors: list[Actor]) -> str:
    actor = next((a for a in actors if a.id == actor_id), None)
    if actor is None:
        return actor_id
    return affiliation_chain(actor, actors)[-1].id


def _attribution_of(trigger: Token, records: list[Attribution]) -> Attribution | None:
    pos = trigger.idx
    best: Attribution | None = None
    for rec in records:
        if rec.cue is not None and rec.cue.start <= pos < rec.cue.end:
            return rec
        if rec.content.start <= pos < rec.content.end and (
                best is None or rec.content.end - rec.content.start < best.content.end - best.content.start):
            best = rec
    return best


def _evidence(doc: Doc, cand: _Cand, a2: TextSpan | None) -> tuple[int, int]:
    sent = cand.trigger.sent
    idx = [i for i in cand.tokens if sent.start <= i < sent.end] or [cand.trigger.i]
    start, end = doc[min(idx)].idx, doc[max(idx)].idx + len(doc[max(idx)].text)
    if a2 is not None and sent.start_char <= a2.start and a2.end <= sent.end_char and abs(a2.start - start) < 300:
        start, end = min(start, a2.start), max(end, a2.end)
    return start, end


def _complete(events: list[Event]) -> None:
    """Fill a missing target with the actor's one clear counterpart in this article.

    "The delegation left the talks" names no counterpart; when the same party's other events
    in the article point at one other party at least twice, that party is the target.  The
    inference lowers confidence and leaves ``actor2_span`` empty (no mention to point at).
    """
    partners: dict[str, Counter[str]] = defaultdict(Counter)
    for ev in events:
        if ev.actor1 and ev.actor2 and ev.actor1 != ev.actor2:
            partners[ev.actor1][ev.actor2] += 1
            partners[ev.actor2][ev.actor1] += 1
    for ev in events:
        if ev.actor1 and not ev.actor2 and partners.get(ev.actor1):
            (best, n), *rest = partners[ev.actor1].most_common(2) + [("", 0)]
            if n >= 2 and n > rest[0][1]:
                ev.actor2, ev.actor2_span = best, None
                ev.confidence *= 0.6


def _dedup(events: list[Event]) -> list[Event]:
    """One event per (type, parties, trigger word, flags) and per trigger token in an article."""
    kept: list[Event] = []
    seen: set[tuple[object, ...]] = set()
    for ev in sorted(events, key=lambda e: (-e.confidence, e.evidence.start)):
        trig = ev.trigger.text.lower() if ev.trigger else ""
        key = (ev.plover, ev.actor1, ev.actor2, trig, ev.negated, ev.hypothetical)
        if ev.actor1 and ev.actor2 and key in seen:
            continue
        if any(k.trigger and ev.trigger and k.trigger.overlaps(ev.trigger) for k in kept):
            continue
        seen.add(key)
        kept.append(ev)
    return sorted(kept, key=lambda e: e.evidence.start)


__all__ = ["EventCoder"]
