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
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from reportedly.models import Actor, Attribution, Event
from reportedly.models import Span as TextSpan
from reportedly.nlp._eventparse import (
    _ACTOR_ENTS,
    _CLAUSE_WRAPPERS,
    _DESCEND_PREPS,
    _FIRST_PERSON,
    _NOT_ACTOR_ENTS,
    _PERSON_SUFFIXES,
    _PLACE_ENTS,
    _PLACE_TARGET_TYPES,
    _RECIPIENT_PREPS,
    _RECIPIENT_TYPES,
    _RELATIVE,
    _SAY,
    _SYMMETRIC,
    _TARGET_PREPS,
    _THIRD_PERSON,
    _agent_patient,
    _antecedent,
    _Cand,
    _child,
    _complement,
    _ent_text,
    _intent,
    _is_country,
    _light_verb,
    _mood,
    _negated,
    _np_chars,
    _partner,
    _place_in_clause,
    _pobj_of,
    _sent_bounds,
    _skip_dateline,
)
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
        self._text = doc.text  # Doc.text joins every token on each access: read it once
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
        if depth == 0 and tok.dep_ == "ccomp" and tok.head.lemma_.lower() in _SAY and self._deontic(tok):
            # "Russia says Israel must end the attacks": a request by the speaker to the subject
            speaker, subj = _agent_patient(tok.head)[0], _agent_patient(tok)[0]
            if speaker is not None and self._is_actor(speaker) and subj is not None and self._is_actor(subj):
                self._consumed.add(tok.i)
                cand = _Cand(Code("REQUEST", "100"), tok, a1=speaker, a2=subj, tokens=[tok.head.i, tok.i],
                             confidence=0.7)
                _mood(cand, tok)
                return cand
        if tok.pos_ in ("VERB", "ADJ", "AUX") or (tok.pos_ == "NOUN" and tok.lemma_.lower() in self.lex.wrappers):
            if self._refuses_to_speak(tok):
                return None  # "declined to comment on X": no event at all
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
            # the parser also reads a particle as an adverb ("would not pull | back")
            if c.dep_ in ("prt", "prep") or (c.dep_ == "advmod" and c.lower_ in lex.adverb_particles):
                key = f"{lemma} {c.lower_}"
                if key in lex.not_phrasal:
                    return None  # "seized on a remark" is no seizure
                code = lex.phrasal.get(key)
                if code is not None:
                    # a particle the parser tagged as an adverb or a preposition joins the trigger ("pull back")
                    return code, c if c.dep_ in ("advmod", "prep") else None
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
        if lemma == "call" and obj is not None and obj.ent_type_ == "PERSON" and not any(
                c.dep_ in ("oprd", "prt") or (c.dep_ == "prep" and c.lower_ in ("for", "on")) for c in tok.children):
            return Code("CONSULT", "041", "phone"), None  # "X called President Y on Friday"
        if lemma == "find" and any(c.lower_ == "guilty" for c in tok.subtree if c.dep_ in ("oprd", "acomp", "amod", "ccomp")):
            return Code("ACCUSE", "116", "allege"), None  # "the court found X guilty"
        code = lex.verbs.get(lemma)
        if code is not None and lemma in lex.armed_verbs and not self._armed(_agent_patient(tok)[0]):
            code = None  # "the campaign targeted voters" is no attack
        if code is None and lemma in lex.aid_verbs and self._recipient(tok) is not None:
            code = Code("AID", "070")
        partner = _pobj_of(tok, "with")
        if code is None and lemma in lex.coop_verbs and partner is not None and partner.ent_type_ in ("GPE", "ORG"):
            code = Code("COOPERATE", "064")
        return (code, None) if code is not None else None

    def _armed(self, doer: Token | None) -> bool:
        """Whether the doer can attack: an armed body, a state, or something they fly or fire."""
        if doer is None:
            return False
        words = {doer.lemma_.lower()} | {c.lemma_.lower() for c in doer.children if c.dep_ in ("compound", "amod")}
        return bool(words & self.lex.armed_nouns) or doer.ent_type_ in ("GPE", "NORP") or (
            doer.ent_type_ == "ORG" and doer.pos_ == "PROPN")

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
        if code.plover == "CONCEDE" and any(c.dep_ == "ccomp" and _finite(c) for c in tok.children):
            return None  # "conceded that its fighters had crossed": an admission, not a concession
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
        if code.plover == "REQUEST":
            asked = [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "for" for p in c.children
                     if p.dep_ == "pobj"] + [c for c in tok.children if c.dep_ == "dobj"]
            for noun in asked:
                wanted = self.lex.nouns.get(noun.lemma_.lower())
                victim = _pobj_of(noun, "against") or _pobj_of(noun, "on") or _pobj_of(noun, "into")
                if wanted is not None and wanted.plover in HOSTILE | {"ACCUSE"} and victim is not None:
                    # "called for sanctions against X": asking for X's punishment disapproves of X
                    cand.code, cand.a2 = Code("ACCUSE", "111", "disapprove"), self._descend(victim)
        _mood(cand, tok)
        if depth == 0:
            _intent(cand, tok)
        return cand

    def _noun(self, tok: Token, depth: int) -> _Cand | None:
        lex = self.lex
        lemma = tok.lemma_.lower()
        if tok.i in self._consumed:
            return None
        # two-word names first: "legal action", "war games", "mediation effort", "hunger strike"
        code = next((lex.nouns[k] for c in tok.children if c.dep_ in ("compound", "amod")
                     for k in (f"{c.lower_} {lemma}",) if k in lex.nouns), None) or lex.nouns.get(lemma)
        head = tok.head
        light_key = f"{head.lemma_.lower()} {lemma}" if head.pos_ == "VERB" else ""
        if code is None and light_key not in lex.light_overrides:
            return None
        verb = _light_verb(tok, lex) or (head if light_key in lex.light_overrides and tok.dep_ == "dobj" else None)
        cand = _Cand(code or lex.light_overrides[light_key], tok, tokens=[tok.i], confidence=0.8)
        if verb is not None:
            particle = f"{verb.lemma_.lower()} {lemma}"
            cand.code = lex.light_overrides.get(particle, cand.code)
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
        cand.a2 = self._target(tok, cand.code, skip=poss)
        cand.confidence = min(cand.confidence, 0.7)
        return cand

    def _refuses_to_speak(self, tok: Token) -> bool:
        """A refusal whose complement is a speech verb ("declined to comment", "refused to say
        whether …"): a source's silence, not a political rejection."""
        if self.lex.wrappers.get(tok.lemma_.lower()) != "refuse":
            return False
        comp = _complement(tok, clause=False)
        return comp is not None and comp.lemma_.lower() in self.lex.silent_complements

    def _wrapped(self, tok: Token, depth: int) -> _Cand | None:
        """A wrapper verb/adjective/noun with an event complement ("promised to invade")."""
        kind = self.lex.wrappers.get(tok.lemma_.lower())
        if kind is None or depth > 2:
            return None
        dobj = _child(tok, "dobj")
        if tok.lemma_.lower() == "call" and dobj is not None and dobj.ent_type_ == "PERSON":
            return None  # a phone call, not "called on X to"
        comp = _complement(tok, clause=kind in _CLAUSE_WRAPPERS)
        if comp is None:
            return None
        inner = self._event(comp, depth + 1)
        own = self._verb_code(tok) if tok.pos_ == "VERB" else (
            (self.lex.nouns[tok.lemma_.lower()], None) if tok.lemma_.lower() in self.lex.nouns else None)
        defiant = comp.lemma_.lower() in self.lex.defiant_complements and kind == "intent"
        if inner is None and own is None and not defiant:
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
        partner = _pobj_of(tok, "with")  # "agreed with X to …": X is the counterpart
        if partner is not None and self._is_actor(partner):
            inner_target = partner
        if kind == "intent":
            if defiant and (inner is None or inner.a2 is None or not self._is_actor(inner.a2)):
                # "vowed to defend every inch": resolve against a foe, not a promise to cooperate
                cand.code = Code("THREATEN", "130")
            elif inner is not None and inner.code.plover in HOSTILE:
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
        elif kind == "fail" and inner.code.plover in COOPERATIVE:
            cand.code, cand.a2 = Code("REJECT", "120"), inner_target  # "failed to reach a deal"
            cand.a1 = inner.a1 or a1
        else:  # plan / deny / pass / fail: the inner event with this actor, flagged
            out = replace(inner, a1=inner.a1 or a1, tokens=cand.tokens, trigger=inner.trigger)
            out.hypothetical = inner.hypothetical or kind == "plan"
            out.negated = inner.negated or kind in ("deny", "fail") or neg
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
        if tok.is_alpha and len(tok.text) >= 2 and tok.text.isupper() and tok.ent_type_ not in _NOT_ACTOR_ENTS:
            return True  # an acronym the tagger took for a common noun ("ICE returned …")
        lemma = tok.lemma_.lower()
        if tok.pos_ == "NOUN" and (lemma.endswith(_PERSON_SUFFIXES) or (
                tok.tag_ == "NNS" and lemma.endswith(("er", "or")))):
            return True  # agent nouns: "musicians", "strikers", "activists"
        # "a Saudi dissident", "an Israeli surveillance company": a national or named modifier on a
        # noun that is not itself an event
        return tok.pos_ == "NOUN" and tok.lemma_.lower() not in self.lex.nouns and any(
            c.ent_type_ in _ACTOR_ENTS for c in tok.children if c.dep_ in ("amod", "compound"))

    def _descend(self, tok: Token, depth: int = 0) -> Token:
        """From an object to the actor it is about: "Netanyahu's decision" -> Netanyahu,
        "restrictions on the movement of aid workers" -> aid workers."""
        if self._is_actor(tok) or tok.pos_ == "PRON" or depth > 2:
            return tok
        poss = _child(tok, "poss")
        if poss is not None and self._is_actor(poss):
            return poss
        named = next((c for c in tok.children if c.dep_ == "compound" and c.ent_type_ in _ACTOR_ENTS), None)
        if named is not None:
            return named  # "the OPCW visit", "Hamas targets"
        nested: list[Token] = []
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in _DESCEND_PREPS:
                pobj = _child(c, "pobj")
                if pobj is not None and self._is_actor(pobj):
                    return pobj
                if pobj is not None and pobj.pos_ == "NOUN":
                    nested.append(pobj)
            if c.dep_ in ("acl", "ccomp"):
                subj = _child(c, "nsubj")
                if subj is not None and self._is_actor(subj) and subj.lower_ not in _RELATIVE:
                    return subj
                for g in c.children:  # "restrictions imposed on X"
                    pobj = _child(g, "pobj") if g.dep_ == "prep" and g.lower_ in _DESCEND_PREPS else None
                    if pobj is not None and self._is_actor(pobj):
                        return pobj
        for pobj in nested:
            found = self._descend(pobj, depth + 1)
            if found != pobj or self._is_actor(found):
                return found
        return tok

    def _descend_opt(self, tok: Token | None) -> Token | None:
        return self._descend(tok) if tok is not None else None

    def _target(self, tok: Token, code: Code, skip: Token | None = None) -> Token | None:
        """The target of an event headed by ``tok`` (``skip``: the trigger's own object)."""
        hostile = code.plover in HOSTILE
        dobj = _child(tok, "dobj")
        dative = _child(tok, "dative")
        if dative is not None and dative.pos_ == "ADP":  # "gives X to Y": the dative is "to"
            dative = _child(dative, "pobj")
        # "with" after an attack names the weapon, and a phrase before a verb ("In Jerusalem, X
        # rejected …") sets the scene: neither is the target
        preps = [(c.lower_, p) for c in tok.children if c.dep_ in ("prep", "dative") for p in c.children
                 if p.dep_ == "pobj" and not (hostile and c.lower_ == "with")
                 and not (tok.pos_ == "VERB" and c.i < tok.i)]
        if code.mode == "halt-negotiations":
            # "walked out of the talks in Doha": the city hosts the talks, it is not the other side
            preps = [(x, p) for (x, p) in preps if x not in ("in", "at")]
        obj = dobj if dobj is not None and dobj != skip else None
        if obj is None and dobj is None:
            # "allowed two airlines to land", "helped the government reach": the raised subject
            comp = next((c for c in tok.children if c.dep_ in ("ccomp", "xcomp")), None)
            subj = _child(comp, "nsubj") if comp is not None else None
            if subj is not None and subj.pos_ != "PRON":
                obj = subj
        nouns = [n for n in (skip, obj) if n is not None and n.pos_ in ("NOUN", "PROPN")]
        # "talks in Doha": where a meeting is held is its venue, not a party to it
        noun_preps = [(c.lower_, p) for n in nouns for c in n.children if c.dep_ == "prep"
                      for p in c.children if p.dep_ == "pobj" and c.lower_ in _TARGET_PREPS
                      and not (c.lower_ in ("in", "at") and n.lemma_.lower() in self.lex.meeting_nouns)]
        order: list[Token | None] = []
        if code.plover in _RECIPIENT_TYPES:
            order.append(dative)
            order += [p for w in _RECIPIENT_PREPS for (x, p) in preps if x == w and self._is_actor(p)]
        if tok.pos_ == "NOUN":  # "release of X", "condemnation of X": "of" names the patient
            order += [p for (x, p) in preps if x == "of"]
        if obj is not None and self._is_actor(obj):
            order.append(obj)
        # "imposed sanctions … on X", "carried out strikes against X": a preposition names the target
        order += [p for w in _TARGET_PREPS for (x, p) in noun_preps if x == w and self._is_actor(p)]
        order += [p for w in _TARGET_PREPS for (x, p) in preps if x == w and self._is_actor(p)]
        order.append(obj)
        order += [p for w in _TARGET_PREPS for (x, p) in noun_preps + preps if x == w and (
            x not in ("in", "at", "over") or p.ent_type_ in _PLACE_ENTS)]
        order.append(dative)
        if code.plover in _PLACE_TARGET_TYPES:
            order = [*[p for w in ("from", "to", "into", "in") for (x, p) in preps if x == w], *order]
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
                if any(anc.i in triggers for anc in list(tok.ancestors)[:3]):
                    continue  # "accused X of blocking the talks": the blame is that event's content
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
        lo, hi = _sent_bounds(tok)
        cand.tokens.extend(t.i for t in tok.subtree if lo <= t.i < hi)
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
            a1_id: str | None
            if cand.speaker is not None:
                a1_id = _party(cand.speaker, actors)
                a1_span = cand.speaker_span
            else:
                cand.a1 = _skip_dateline(cand.a1, cand.trigger)
                a1_id, a1_span = self._resolve(doc, cand.a1, rec, cand.trigger)
                partner = _partner(cand.a1)
                named = cand.a2 is not None and self._is_actor(cand.a2) and not (
                    cand.a2.dep_ == "pobj" and cand.a2.head.lower_ in ("in", "at", "across"))  # a place
                with_target = named and cand.a2 is not None and cand.a2.head.lower_ == "with"
                if (cand.code.plover in _SYMMETRIC and partner is not None and self._is_actor(partner)
                        and not with_target and (not named or cand.code.plover != "SUPPORT")):
                    cand.a2 = partner  # "X and Y agreed/met": each is the other's counterpart
            if a1_id is None:
                continue  # no doer found: not an event we can code
            if (cand.a2 is None or not self._is_actor(cand.a2)) and cand.code.mode != "halt-negotiations":
                # (a walk-out is from the talks, not against the city that hosts them)
                cand.a2 = _place_in_clause(cand) or cand.a2
            places = any(doc[i].lemma_.lower() in self.lex.place_object_verbs for i in cand.tokens)
            a2_id, a2_span = self._resolve(doc, cand.a2, rec, cand.trigger, target=True, places=places)
            if a1_id is not None and a1_id == a2_id:
                a2_id = None
            ev_start, ev_end = _evidence(doc, cand, a2_span)
            trig = cand.trigger
            events.append(Event(
                id="", plover=cand.code.plover, cameo=cand.code.cameo, mode=cand.code.mode,
                evidence=TextSpan.of(self._text, ev_start, ev_end),
                trigger=TextSpan.of(self._text, trig.idx, trig.idx + len(trig.text)),
                actor1=a1_id, actor2=a2_id, actor1_span=a1_span, actor2_span=a2_span,
                negated=cand.negated, hypothetical=cand.hypothetical,
                attribution=rec.id if rec else None, confidence=cand.confidence,
            ))
        if self.complete_dyads:
            _complete(events)
        # consulting and cooperating take two: without a counterpart it is no such event
        events = [e for e in events if e.actor2 is not None or e.actor2_span is not None
                  or e.plover not in ("CONSULT", "COOPERATE")]
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
                    return _party(known.id, actors), TextSpan.of(self._text, tok.idx, tok.idx + len(tok.text))
                return None, None
            tok = ante
        tok = self._represented(tok)
        start, end = _np_chars(tok)
        span = TextSpan.of(self._text, start, end)
        if not self._is_actor(tok):
            return None, span
        # an actor that already has this mention is found without actor_for_span's text copy
        actor = next((a for a in actors if any(m.overlaps(span) for m in a.mentions)), None)
        actor = actor or actor_for_span(doc, start, end)
        if actor is None:
            return None, span
        if target and actor.registry_id is None and (tok.ent_type_ in _PLACE_ENTS or places and (
                tok.ent_type_ not in _ACTOR_ENTS and tok.pos_ == "PROPN")) and not _is_country(_ent_text(tok)):
            return None, span  # a place ("invade <town>"): the target party is not named here
        return _party(actor.id, actors), span

    def _represented(self, tok: Token) -> Token:
        """"A delegation from the Sarn Liberation Army", "negotiators for Hamas": the body such
        envoys act for (a named entity after from / of / for), else the noun itself."""
        if tok.pos_ != "NOUN" or tok.lemma_.lower() not in self.lex.envoy_nouns:
            return tok
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ in ("from", "of", "for", "representing"):
                body = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if body is not None and body.ent_type_ in _ACTOR_ENTS:
                    return body
        return tok

    def _pronoun_antecedent(self, tok: Token) -> Token | None:
        """'it'/'they' as subject of a clause reported by an actor: that actor ("X said it would …")."""
        if tok.lower_ not in _THIRD_PERSON:
            return None
        if tok.dep_ == "poss":  # "X reiterated its demand": the possessor is the clause's subject
            verb = tok.head
            for _ in range(4):
                if verb.pos_ in ("VERB", "AUX") or verb.head == verb:
                    break
                verb = verb.head
            subj = _agent_patient(verb)[0] if verb.pos_ in ("VERB", "AUX") else None
            if subj is not None and subj.pos_ != "PRON" and subj.i < tok.i and self._is_actor(subj):
                return subj
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
    lo, hi = _sent_bounds(cand.trigger)
    idx = [i for i in cand.tokens if lo <= i < hi] or [cand.trigger.i]
    start, end = doc[min(idx)].idx, doc[max(idx)].idx + len(doc[max(idx)].text)
    sent_start, sent_end = doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1].text)
    if a2 is not None and sent_start <= a2.start and a2.end <= sent_end and abs(a2.start - start) < 300:
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


def _finite(verb: Token) -> bool:
    """Whether a clause is finite ("that its fighters had crossed"), not "X to shut down"."""
    if verb.tag_ in ("VBD", "VBZ", "VBP"):
        return True
    return any((c.dep_ == "mark" and c.lower_ == "that") or (c.dep_ == "aux" and c.tag_ != "TO") for c in verb.children)


__all__ = ["EventCoder"]

