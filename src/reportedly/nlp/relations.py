"""Relations between the attributions of one article: contradicts, supports, responds_to, mutual_blame.

There is no natural-language-inference model to lean on offline, so relations are built from
structure already in the Doc (lexicons in ``resources/relations.yaml``):

* **contradicts** — two contents hold a word of the same polar *scale* ("impasse" / "progress")
  with opposite effective polarity (negation, "no", "lack of", a negating verb, a denying cue)
  about a shared argument ("the talks" = "the negotiations").  Claims on each side are grouped,
  so one relation says "A1 and A2 vs. A20".  "X disputed Y's account" also contradicts Y's claims.
* **supports** — a confirming cue ("confirmed") whose claim matches an earlier one from another
  source, or "X backed Y's statements": X's claims in that sentence support Y's earlier claims.
* **responds_to** — a replying cue or phrase ("responded", "in response to") links a claim to the
  latest earlier claim from another source (one named in the sentence when there is one).
* **mutual_blame** — A puts the fault on B ("B is at fault", "B's … aborted the deal", "it is B
  that is holding up …") and B (or someone of B's side) puts it on A.

Limits: scales only cover the lexicon, paraphrases without a shared argument are missed, and
sarcasm or concessive structure is not understood (see docs/voice.md).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from reportedly.models import Actor, Attribution, Relation
from reportedly.nlp.actors import actor_for_span, affiliation_chain, doc_ents, doc_text, ent_bounds, name_key
from reportedly.nlp.attribution import find_quotes
from reportedly.nlp.lexicon import load_resource

_CLAUSE_DEPS = {"ccomp", "advcl", "relcl", "acl", "conj", "xcomp", "parataxis", "csubj", "ROOT"}
_ARG_POS = {"NOUN", "PROPN"}
_PARTY_ENTS = {"PERSON", "ORG", "NORP", "GPE"}
_RELATIVE = {"that", "who", "which"}
#: backing/opposing verbs whose bare person object stands for that person's words
_ABOUT_WORDS = {"corroborate", "echo", "contradict", "refute", "rebut"}


@cache
def _lex() -> dict[str, Any]:
    data: dict[str, Any] = load_resource("relations.yaml")
    return data


@cache
def _scale_of() -> dict[str, tuple[str, int]]:
    out: dict[str, tuple[str, int]] = {}
    for scale, sides in _lex()["scales"].items():
        for word in sides["plus"]:
            out.setdefault(str(word).lower(), (scale, 1))
        for word in sides["minus"]:
            out.setdefault(str(word).lower(), (scale, -1))
    return out


@cache
def _topic_of() -> dict[str, str]:
    out: dict[str, str] = {}
    for group in _lex()["topic_synonyms"]:
        for word in group:
            out[str(word).lower()] = str(group[0]).lower()
    return out


def _words(key: str) -> set[str]:
    return {str(w).lower() for w in _lex()[key]}


def _occurrences(text: str, phrase: str) -> list[int]:
    """Start offsets of ``phrase`` in ``text``, overlapping ones included, in order."""
    out: list[int] = []
    at = text.find(phrase)
    while at >= 0:
        out.append(at)
        at = text.find(phrase, at + 1)
    return out


@dataclass(slots=True)
class _Claim:
    """A polar proposition found inside one attribution's content."""

    attribution: str
    scale: str
    sign: int
    args: set[str]
    hedged: bool
    anchor: str


@dataclass(slots=True)
class _Blame:
    attribution: str
    blamer: set[str]
    blamed: set[str]
    text: str


@dataclass(slots=True)
class _Context:
    doc: Doc
    records: list[Attribution]
    by_id: dict[str, Attribution] = field(default_factory=dict)
    owner: dict[int, Attribution] = field(default_factory=dict)  # token -> innermost attribution
    speaker_keys: dict[str, set[str]] = field(default_factory=dict)


def _keys_match(xs: set[str], ys: set[str]) -> bool:
    """Name keys match when equal or one ends the other ("abu marzouk" ~ "moussa abu marzouk")."""
    for x in xs:
        for y in ys:
            if x and y and (x == y or x.endswith(" " + y) or y.endswith(" " + x)):
                return True
    return False


def _scale_entry(tok: Token, scales: dict[str, tuple[str, int]]) -> tuple[str, int] | None:
    """The scale of a token; falls back to stripping regular endings the lemmatizer missed."""
    for form in (tok.lemma_.lower(), tok.lower_):
        if form in scales:
            return scales[form]
    word = tok.lower_
    for suffix in ("ed", "d", "ing", "s"):
        if word.endswith(suffix) and word[: -len(suffix)] in scales:
            return scales[word[: -len(suffix)]]
    return None


def _root(parent: list[int], i: int) -> int:
    """Union-find root with path halving."""
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


class RelationFinder:
    """spaCy component: fills ``doc._.relations`` (see module docstring)."""

    def __init__(self, nlp: Language | None = None, name: str = "reportedly_relations") -> None:
        self.name = name
        self.negators = _words("negators")
        self.negating_verbs = _words("negating_verbs")
        self.hedges = _words("hedges")
        self.generic = _words("generic_arguments")
        self.supporting = _words("supporting_cues")
        self.backing = _words("backing_verbs")
        self.opposing = _words("opposing_verbs")
        self.speech_nouns = _words("speech_nouns")
        self.dismissive = _words("dismissive_words")
        self.responding = _words("responding_cues")
        self.responding_phrases = [p.lower() for p in _words("responding_phrases")]
        self.blame_verbs = _words("blame_verbs")
        self.blame_adjectives = _words("blame_adjectives")
        self.blame_cues = _words("blame_cues")

    def __call__(self, doc: Doc) -> Doc:
        doc._.relations = self.find(doc)
        return doc

    def find(self, doc: Doc) -> list[Relation]:
        records: list[Attribution] = list(doc._.attributions or [])
        if len(records) < 2:
            return []
        ctx = _Context(doc, records, {r.id: r for r in records})
        for rec in sorted(records, key=lambda r: -(r.content.end - r.content.start)):
            span = doc.char_span(rec.content.start, rec.content.end, alignment_mode="expand")
            if span is not None:
                for tok in span:
                    ctx.owner[tok.i] = rec  # smaller contents overwrite larger ones
        claims = self._claims(ctx)
        found: list[tuple[str, list[str], list[str], str, float]] = []
        found += self._contradictions(ctx, claims)
        found += self._confirmations(ctx, claims)
        found += self._backing(ctx)
        found += self._dismissals(ctx)
        found += self._responses(ctx)
        found += self._mutual_blame(ctx)
        out: list[Relation] = []
        seen: set[tuple[str, frozenset[str], frozenset[str]]] = set()
        for kind, a, b, reason, conf in found:
            key = (kind, frozenset(a), frozenset(b))
            if key in seen or not a or not b:
                continue
            seen.add(key)
            out.append(Relation(id=f"R{len(out) + 1}", type=kind, a=a, b=b, reason=reason, confidence=conf))
        return out

    # -- polar claims -----------------------------------------------------------------------

    def _claims(self, ctx: _Context) -> list[_Claim]:
        scales = _scale_of()
        claims: list[_Claim] = []
        for tok in ctx.doc:
            rec = ctx.owner.get(tok.i)
            if rec is None:
                continue
            entry = _scale_entry(tok, scales)
            if entry is None or tok.pos_ not in {"NOUN", "VERB", "ADJ", "ADV", "AUX"}:
                continue
            scale, sign = entry
            head, negated, hedged = self._polarity(tok, rec)
            if rec.stance == "denying":
                negated = not negated
            args = self._arguments(head, tok, rec)
            if not args:
                continue
            claims.append(_Claim(rec.id, scale, -sign if negated else sign, args, hedged, tok.text))
        return claims

    def _in(self, tok: Token, rec: Attribution) -> bool:
        return rec.content.start <= tok.idx < rec.content.end

    def _polarity(self, anchor: Token, rec: Attribution) -> tuple[Token, bool, bool]:
        """The clause head governing ``anchor``, whether the claim is negated, whether hedged."""
        negated = any(self._negates(c) for c in anchor.children)
        hedged = False
        cur = anchor
        # climb through the noun phrase and prepositions to the verb of the clause
        while cur.pos_ not in {"VERB", "AUX"} or cur.dep_ in {"aux", "auxpass"}:
            nxt = cur.head
            if nxt.i == cur.i or not self._in(nxt, rec):  # spaCy makes a new Token per access
                break
            if nxt.lemma_.lower() in self.negators or nxt.lower_ in self.negators:
                negated = not negated  # "lack of progress", "without progress"
            cur = nxt
        head = cur
        for c in head.children if head.i != anchor.i else []:
            if self._negates(c):
                negated = not negated
            if c.lower_ in self.hedges:
                hedged = True
        if head.dep_ == "xcomp" and head.head.lemma_.lower() in self.negating_verbs and self._in(head.head, rec):
            negated = not negated  # "failed to make progress"
        return head, negated, hedged

    def _negates(self, tok: Token) -> bool:
        return tok.dep_ == "neg" or (tok.dep_ == "det" and tok.lower_ == "no") or (
            tok.lower_ in {"never", "without"}
        )

    def _arguments(self, head: Token, anchor: Token, rec: Attribution) -> set[str]:
        """What the polar word is said of: the clause's subject, or the anchor's prepositional object.

        Only these core arguments are compared ("the talks stalled" / "progress in the talks"): a
        noun elsewhere in the clause ("lowered its forecast for U.S. growth") is a different point.
        """
        core: list[Token] = []
        for child in head.children:
            if child.dep_ in {"nsubj", "nsubjpass"} and child.i != anchor.i and child.dep_ != "expl":
                core.append(child)
                core.extend(c for c in child.children if c.dep_ == "conj")
        for noun in [anchor, *(c for c in anchor.children if c.dep_ == "conj")]:
            for prep in noun.children:
                if prep.dep_ == "prep":
                    core.extend(g for g in prep.children if g.dep_ == "pobj")
        topics = _topic_of()
        out: set[str] = set()
        for tok in core:
            for part in [tok, *(c for c in tok.children if c.dep_ == "compound")]:
                if part.pos_ not in _ARG_POS or not self._in(part, rec):
                    continue
                if part.ent_type_ in {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"}:
                    continue
                lemma = part.lemma_.lower() if part.pos_ == "NOUN" else part.lower_
                if lemma in self.generic or lemma in _scale_of():
                    continue
                out.add(topics.get(lemma, lemma))
        return out

    def _contradictions(self, ctx: _Context, claims: list[_Claim]) -> list[tuple[str, list[str], list[str], str, float]]:
        out: list[tuple[str, list[str], list[str], str, float]] = []
        by_scale: dict[str, list[_Claim]] = defaultdict(list)
        for c in claims:
            by_scale[c.scale].append(c)
        order = {r.id: n for n, r in enumerate(sorted(ctx.records, key=lambda r: r.content.start))}
        for scale, group in by_scale.items():
            # connected components of claims that share an argument
            parent = list(range(len(group)))
            for i in range(len(group)):
                for j in range(i + 1, len(group)):
                    if group[i].args & group[j].args and group[i].attribution != group[j].attribution:
                        parent[_root(parent, i)] = _root(parent, j)
            comps: dict[int, list[_Claim]] = defaultdict(list)
            for i, c in enumerate(group):
                comps[_root(parent, i)].append(c)
            for comp in comps.values():
                plus = sorted({c.attribution for c in comp if c.sign > 0}, key=order.__getitem__)
                minus = sorted({c.attribution for c in comp if c.sign < 0}, key=order.__getitem__)
                plus_only = [x for x in plus if x not in minus]
                minus_only = [x for x in minus if x not in plus]
                if not plus_only or not minus_only:
                    continue
                first, second = (plus_only, minus_only) if order[plus_only[0]] < order[minus_only[0]] else (
                    minus_only, plus_only)
                shared = set.intersection(*(c.args for c in comp)) or set.union(*(c.args for c in comp))
                words = sorted({c.anchor.lower() for c in comp})
                hedged = any(c.hedged for c in comp)
                reason = (
                    f"opposite polarity on the '{scale}' scale ({', '.join(words)}) about "
                    f"{', '.join(sorted(shared)[:3])}" + ("; one side hedged" if hedged else "")
                )
                out.append(("contradicts", first, second, reason, 0.6 if hedged else 0.75))
        return out

    # -- supports -------------------------------------------------------------------------

    def _cue_token(self, ctx: _Context, rec: Attribution) -> Token | None:
        if rec.cue is None:
            return None
        span = ctx.doc.char_span(rec.cue.start, rec.cue.end, alignment_mode="expand")
        if span is None:
            return None
        return next((t for t in reversed(span) if t.pos_ in {"VERB", "NOUN", "ADJ"}), span.root)

    def _confirmations(self, ctx: _Context, claims: list[_Claim]) -> list[tuple[str, list[str], list[str], str, float]]:
        out: list[tuple[str, list[str], list[str], str, float]] = []
        for rec in ctx.records:
            cue = self._cue_token(ctx, rec)
            if cue is None or cue.lemma_.lower() not in self.supporting:
                continue
            mine = [c for c in claims if c.attribution == rec.id]
            earlier = [
                c
                for c in claims
                if ctx.by_id[c.attribution].content.start < rec.content.start
                and ctx.by_id[c.attribution].speaker != rec.speaker
            ]
            targets = sorted(
                {o.attribution for m in mine for o in earlier if o.scale == m.scale and o.sign == m.sign
                 and o.args & m.args}
            )
            if targets:
                out.append(("supports", [rec.id], targets,
                            f"'{cue.text}' confirms the same claim made earlier by another source", 0.7))
        return out

    def _backing(self, ctx: _Context) -> list[tuple[str, list[str], list[str], str, float]]:
        """"X backed Y's statements" / "X disputed Y's account"."""
        out: list[tuple[str, list[str], list[str], str, float]] = []
        doc = ctx.doc
        for tok in doc:
            lemma = tok.lemma_.lower()
            if tok.pos_ != "VERB" or (lemma not in self.backing and lemma not in self.opposing):
                continue
            if tok.i in ctx.owner and ctx.owner[tok.i].kind == "direct":
                continue
            target = self._backed_party(tok)
            sent = tok.sent
            if target is None:
                # "denied the accusation": the latest claim before it, by someone else
                b = self._previous_claim(ctx, tok, sent)
                keys: set[str] = set()
                if not b:
                    continue
                target_text = "the claim before it"
            else:
                keys = self._np_keys(ctx, target, side=False)  # Y's own words, not those of Y's side
                if not keys:
                    continue
                b = [
                    r.id for r in ctx.records
                    if r.content.end <= sent.start_char and r.speaker
                    and _keys_match(self._speaker_keys(ctx, r, side=False), keys)
                ]
                target_text = f"{target.text}'s words"
            a = [
                r.id for r in ctx.records
                if r.cue is not None and sent.start_char <= r.cue.start < sent.end_char and r.id not in b
                and not (keys and _keys_match(self._speaker_keys(ctx, r, side=False), keys))
                and not any(o.id != r.id and o.content.contains(r.cue) for o in ctx.records
                            if sent.start_char <= o.content.start < sent.end_char)
            ]
            if not a or not b:
                continue
            kind = "supports" if lemma in self.backing else "contradicts"
            out.append((kind, a, b, f"'{tok.text}' relates this source to {target_text}", 0.8))
        return out

    def _dismissals(self, ctx: _Context) -> list[tuple[str, list[str], list[str], str, float]]:
        """"X accused Y of A, a charge that Y called false": a relative clause on a speech noun
        that names the claim before it, and brands it untrue ("called false", "dismissed as
        baseless", "called a lie").  The relative clause's own report contradicts the claim the
        noun stands for: the report in the same sentence whose content ends before the noun,
        else the latest claim before the sentence by someone else."""
        out: list[tuple[str, list[str], list[str], str, float]] = []
        for rec in ctx.records:
            verb = self._cue_token(ctx, rec)
            if verb is None or verb.dep_ not in ("relcl", "acl") or verb.head.lemma_.lower() not in self.speech_nouns:
                continue
            if any(c.dep_ == "poss" for c in verb.head.children):
                continue  # "Y's claim, which X called false" names its owner; _backing reads it
            branded = any(
                t.lemma_.lower() in self.dismissive and t.pos_ in ("ADJ", "NOUN")
                for c in verb.children if c.dep_ not in ("nsubj", "nsubjpass")
                for t in c.subtree
            ) or verb.lemma_.lower() in self.opposing
            if not branded:
                continue
            noun = verb.head
            sent = noun.sent
            before = [
                r.id for r in ctx.records
                if r.id != rec.id and r.nested_in is None and r.cue is not None
                and sent.start_char <= r.cue.start and r.content.end <= noun.idx
                and r.speaker != rec.speaker
            ]
            b = before or self._latest_claim_before(ctx, rec, sent)
            if b:
                out.append(("contradicts", [rec.id], b, f"'{verb.text}' brands '{noun.text}' untrue", 0.8))
        return out

    def _previous_claim(self, ctx: _Context, verb: Token, sent: Span) -> list[str]:
        """"X denied the accusation" (a definite speech noun with no owner): the latest top-level
        claim that ends before the sentence, within two paragraphs, by another speaker, with that
        speaker's other claims in the same paragraph ("A senior official claimed … The official
        said … ¶ Teles denied that account")."""
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if obj is None or obj.lemma_.lower() not in self.speech_nouns:
            return []
        if any(c.dep_ == "poss" for c in obj.children):
            return []
        det = next((c for c in obj.children if c.dep_ == "det"), None)
        if det is None or det.lower_ not in {"the", "this", "that", "these", "those"}:
            return []
        own = next((r for r in ctx.records if r.cue is not None and r.cue.start <= verb.idx < r.cue.end), None)
        return self._latest_claim_before(ctx, own, sent)

    def _latest_claim_before(self, ctx: _Context, own: Attribution | None, sent: Span) -> list[str]:
        """The latest top-level claim ending before ``sent`` (within two paragraphs) by a speaker
        other than ``own``'s, with that speaker's other claims in its paragraph."""
        text = doc_text(ctx.doc)
        for r in sorted(ctx.records, key=lambda r: r.content.end, reverse=True):
            if r.content.end > sent.start_char or r.nested_in is not None or not r.speaker:
                continue
            if text[r.content.end : sent.start_char].count("\n\n") > 2:
                break
            if own is not None and own.speaker == r.speaker:
                continue
            paragraph_start = text.rfind("\n\n", 0, r.content.start) + 1
            same = [
                o for o in ctx.records
                if o.speaker == r.speaker and o.nested_in is None
                and paragraph_start <= o.content.start and o.content.end <= r.content.end
            ]
            return [o.id for o in sorted(same, key=lambda o: o.content.start)]
        return []

    def _backed_party(self, verb: Token) -> Token | None:
        for child in verb.children:
            if child.dep_ != "dobj":
                continue
            if child.lemma_.lower() in self.speech_nouns:
                owner = next((c for c in child.children if c.dep_ == "poss"), None)
                if owner is not None and owner.pos_ == "PROPN":
                    return owner
            # "echoed Reyes" is about Reyes's words; "supported Reyes" is political support
            if child.pos_ == "PROPN" and child.ent_type_ in {"PERSON", "ORG"} and verb.lemma_.lower() in _ABOUT_WORDS:
                return child
        return None

    # -- responds_to ------------------------------------------------------------------------

    def _responses(self, ctx: _Context) -> list[tuple[str, list[str], list[str], str, float]]:
        out: list[tuple[str, list[str], list[str], str, float]] = []
        ordered = sorted(ctx.records, key=lambda r: (r.cue or r.content).start)
        text = doc_text(ctx.doc)
        quotes = find_quotes(text)
        # where each replying phrase occurs, found once: lower-casing each attribution's sentence
        # again was quadratic on a text the parser reads as one huge sentence
        lowered = text.lower()
        found = {phrase: _occurrences(lowered, phrase) for phrase in self.responding_phrases}
        for n, rec in enumerate(ordered):
            cue = self._cue_token(ctx, rec)
            if cue is None:
                continue
            sent = cue.sent
            phrase = self._reply_phrase(sent, rec, quotes, found)
            if cue.lemma_.lower() not in self.responding and phrase is None:
                continue
            earlier = [o for o in ordered[:n] if o.speaker != rec.speaker and o.content.end <= sent.start_char]
            if not earlier:
                continue
            named = [o for o in earlier if self._named_in(ctx, o, sent)]
            if named:
                target, conf = named[-1], 0.7
            else:
                # no one named: the recent claim by another source that shares the most nouns
                mine = self._nouns(ctx, rec.content.start, rec.content.end) | self._nouns(
                    ctx, sent.start_char, sent.end_char)
                scored = [(len(mine & self._nouns(ctx, o.content.start, o.content.end)), k, o)
                          for k, o in enumerate(earlier[-6:])]
                best = max(scored, key=lambda x: (x[0], x[1]))
                if best[0] == 0:
                    continue
                target, conf = best[2], 0.5
            why = phrase or cue.text
            out.append(("responds_to", [rec.id], [target.id], f"'{why}' marks a reply to an earlier source", conf))
        return out

    def _reply_phrase(
        self, sent: Span, rec: Attribution, quotes: list[tuple[int, int]], found: dict[str, list[int]]
    ) -> str | None:
        """A replying phrase in the writer's framing of the sentence (not inside what is reported);
        ``found``: where each phrase occurs in the lower-cased text."""
        for phrase in self.responding_phrases:
            places = found[phrase]
            k = bisect_left(places, sent.start_char)
            if k == len(places) or places[k] + len(phrase) > sent.end_char:
                continue
            pos = places[k]  # the phrase's first place in the sentence
            if rec.content.start <= pos < rec.content.end or any(qs <= pos < qe for qs, qe in quotes):
                continue
            return phrase
        return None

    def _nouns(self, ctx: _Context, start: int, end: int) -> set[str]:
        span = ctx.doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return set()
        return {
            t.lemma_.lower() for t in span
            if t.pos_ in _ARG_POS and not t.is_stop and t.lemma_.lower() not in self.generic
        }

    def _named_in(self, ctx: _Context, rec: Attribution, sent: Span) -> bool:
        keys = self._speaker_keys(ctx, rec, side=False)
        # doc_ents is built once per Doc; Span.ents rescans every entity of the Doc on each call
        names = {
            name_key(e.text) for e in doc_ents(ctx.doc)
            if e.label_ in _PARTY_ENTS and sent.start <= e.start and e.end <= sent.end
        }
        if _keys_match(keys, names):
            return True
        # "Responding to the ministry, …": a common-noun speaker named again by its head noun
        heads = {k.split()[-1] for k in keys if k}
        return any(t.lower_ in heads and t.pos_ == "NOUN" for t in sent)

    # -- mutual blame -----------------------------------------------------------------------

    def _mutual_blame(self, ctx: _Context) -> list[tuple[str, list[str], list[str], str, float]]:
        blames = [b for rec in ctx.records for b in self._blames(ctx, rec)]
        out: list[tuple[str, list[str], list[str], str, float]] = []
        used: set[tuple[str, str]] = set()
        for i, x in enumerate(blames):
            for y in blames[i + 1 :]:
                if _keys_match(x.blamer, y.blamer):
                    continue  # same side
                if not (_keys_match(x.blamer, y.blamed) and _keys_match(y.blamer, x.blamed)):
                    continue
                side_x = sorted({b.attribution for b in blames if _keys_match(b.blamer, x.blamer)
                                 and _keys_match(b.blamed, x.blamed)})
                side_y = sorted({b.attribution for b in blames if _keys_match(b.blamer, y.blamer)
                                 and _keys_match(b.blamed, y.blamed)})
                key = (side_x[0], side_y[0])
                if key in used:
                    continue
                used.add(key)
                reason = f"each side puts the fault on the other ('{x.text}' / '{y.text}')"
                out.append(("mutual_blame", side_x, side_y, reason, 0.7))
        return out

    def _blames(self, ctx: _Context, rec: Attribution) -> list[_Blame]:
        doc = ctx.doc
        blamer = self._speaker_keys(ctx, rec)
        if not blamer:
            return []
        found: list[tuple[Token, str]] = []
        cue = self._cue_token(ctx, rec)
        if cue is not None and cue.lemma_.lower() in self.blame_cues:
            obj = next((c for c in cue.children if c.dep_ == "dobj"), None)
            if obj is not None:
                found.append((obj, cue.text))
        span = doc.char_span(rec.content.start, rec.content.end, alignment_mode="expand")
        for tok in span or []:
            lemma = tok.lemma_.lower()
            pred: Token | None = None
            if lemma == "fault" and tok.head.lower_ == "at":
                pred = tok.head.head
            elif (lemma == "blame" and any(c.lower_ == "to" for c in tok.children) and tok.head.lemma_ == "be") or (
                lemma in self.blame_adjectives and tok.dep_ == "acomp"
            ):
                pred = tok.head  # "X is to blame", "X is responsible"
            elif tok.pos_ == "VERB" and self._blame_verb(tok):
                pred = tok
            if pred is None or any(self._negates(c) for c in pred.children):
                continue
            subject = self._blamed_subject(pred)
            if subject is not None:
                found.append((subject, tok.text))
        out: list[_Blame] = []
        for subject, word in found:
            keys = self._np_keys(ctx, subject)
            if keys and not _keys_match(keys, blamer):
                out.append(_Blame(rec.id, blamer, keys, word))
        return out

    def _blame_verb(self, tok: Token) -> bool:
        lemma = tok.lemma_.lower()
        if lemma in self.blame_verbs:
            return True
        prt = next((c.lower_ for c in tok.children if c.dep_ == "prt"), None)
        return prt is not None and f"{lemma} {prt}" in self.blame_verbs

    def _blamed_subject(self, pred: Token) -> Token | None:
        subj = next((c for c in pred.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subj is None:
            return None
        if subj.lower_ in _RELATIVE:
            # "it is Hamas that is holding up …" / "Hamas, which blocked …"
            if pred.dep_ == "relcl":
                return pred.head
            host = pred.head
            attr = next((c for c in host.children if c.dep_ == "attr"), None) if host.lemma_ == "be" else None
            return attr
        if subj.ent_type_ not in _PARTY_ENTS:
            owner = next((c for c in subj.children if c.dep_ == "poss"), None)
            if owner is not None and owner.ent_type_ in _PARTY_ENTS:
                return owner  # "Netanyahu's narrow-mindedness aborted …"
            if subj.pos_ != "PROPN":
                return None
        return subj

    # -- party keys -------------------------------------------------------------------------

    @staticmethod
    def _actor_of(doc: Doc, tok: Token) -> Actor | None:
        bounds = ent_bounds(tok)
        first, last = (doc[bounds[0]], doc[bounds[1] - 1]) if bounds is not None else (tok, tok)
        start, end = first.idx, last.idx + len(last)
        return actor_for_span(doc, start, end, create=False)

    def _keys(self, ctx: _Context, actor: Actor, *, side: bool = True) -> set[str]:
        """Name keys of an actor; with ``side``, also of what it belongs to (Abu Marzouk -> Hamas)."""
        actors: list[Actor] = ctx.doc._.actors or []
        chain = affiliation_chain(actor, actors) if side else [actor]
        keys = {name_key(a.name) for a in chain}
        keys |= {name_key(a) for a in actor.aliases}
        return {k for k in keys if k}

    def _np_keys(self, ctx: _Context, tok: Token, *, side: bool = True) -> set[str]:
        doc = ctx.doc
        bounds = ent_bounds(tok)
        keys = {name_key(doc[bounds[0] : bounds[1]].text if bounds is not None else tok.text)}
        actor = self._actor_of(doc, tok)
        if actor is not None:
            keys |= self._keys(ctx, actor, side=side)
        return {k for k in keys if k and k not in {"it", "they", "we", "he", "she"}}

    def _speaker_keys(self, ctx: _Context, rec: Attribution, *, side: bool = True) -> set[str]:
        """Names of the speaker and, with ``side``, its affiliations and the parties named in its
        source phrases ("Moussa Abu Marzouk, a senior Hamas official" -> Hamas)."""
        if rec.speaker is None:
            return set()
        cache = ctx.speaker_keys
        key = f"{rec.speaker}/{side}"
        if key in cache:
            return cache[key]
        keys: set[str] = set()
        actors: list[Actor] = ctx.doc._.actors or []
        actor = next((a for a in actors if a.id == rec.speaker), None)
        if actor is not None and actor.name != "unidentified source":
            keys |= self._keys(ctx, actor, side=side)
        for other in ctx.records if side or actor is None else []:
            if other.speaker != rec.speaker or other.source is None:
                continue
            span = ctx.doc.char_span(other.source.start, other.source.end, alignment_mode="expand")
            for tok in span if span is not None else []:
                # entity starts only; Span.ents scans the whole Doc's entities on every call
                if tok.ent_iob_ == "B" and tok.ent_type_ in {"PERSON", "ORG", "GPE"}:
                    bounds = ent_bounds(tok)
                    if bounds is not None:
                        keys.add(name_key(ctx.doc[bounds[0] : bounds[1]].text))
        keys = {k for k in keys if k}
        cache[key] = keys
        return keys


__all__ = ["RelationFinder"]
