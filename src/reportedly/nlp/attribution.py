"""Attribution finder: source / cue / content spans from the dependency parse.

A first, rule-based pass (issue #2).  It finds

* verb cues with a clausal complement: "X said (that) Y", "Y, X told the Times";
* participial cues whose speaker is the main clause's subject: "…, claiming that Y";
* "according to X";
* nominal cues with a that/to-clause: "Hamas' demand is that Y", "Netanyahu's promise that Y";
* direct quotations with a cue in the same sentence ("X said: '…'", "'…,' X said").

Results go to ``doc._.attributions`` as :class:`~reportedly.models.Attribution` records
with ``speaker`` left for the speaker resolver.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from reportedly.models import Attribution, AttributionKind
from reportedly.models import Span as TextSpan
from reportedly.nlp.lexicon import noun_cues, stance_of, verb_cues

_QUOTE_OPEN = {'"': '"', "“": "”", "«": "»", "„": "“"}
_QUOTE_CHARS = set('"“”«»„')
_SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
_CONTENT_DEPS = {"ccomp", "xcomp", "parataxis"}
_CUE_MODIFIERS = {"aux", "auxpass", "neg", "advmod"}
_PUNCT_EDGE = set(" \n\t,;:—–-")
_CHANNEL_PREPS = {"to", "with"}
_RELATIVE = {"who", "which", "that", "whom"}


@dataclass(slots=True)
class _Candidate:
    cue: tuple[int, int] | None
    content: tuple[int, int]
    source: tuple[int, int] | None
    stance: str
    cue_type: str
    channel: tuple[int, int] | None = None
    implicit_source: bool = False
    subject_token: int | None = None  # for implicit sources: the token whose speaker we share
    head_token: int | None = None


def find_quotes(text: str) -> list[tuple[int, int]]:
    """Character spans of quotations (marks included), paired within a paragraph.

    An opening mark with no closing mark in its paragraph runs to the paragraph's end: news
    style leaves multi-paragraph quotes open, and a stray mark must not swallow the article.
    """
    spans: list[tuple[int, int]] = []
    for para in re.finditer(r"[^\n]+", text):
        start: int | None = None
        closer = ""
        base = para.start()
        chunk = para.group()
        for i, ch in enumerate(chunk):
            if ch not in _QUOTE_CHARS:
                continue
            if start is None:
                if ch in _QUOTE_OPEN:
                    start, closer = base + i, _QUOTE_OPEN[ch]
            elif ch == closer or (closer == '"' and ch == "”"):
                spans.append((start, base + i + 1))
                start = None
        if start is not None and para.end() - start > 20:
            spans.append((start, para.end()))
    return spans


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Character span without surrounding white space and separating punctuation."""
    text = doc.text
    while start < end and text[start] in _PUNCT_EDGE:
        start += 1
    while end > start and (text[end - 1] in _PUNCT_EDGE or text[end - 1] == "."):
        # keep a period only when a closing quote follows it inside the span
        end -= 1
    # re-balance a quotation mark cut off at either edge
    if end < len(text) and text[end : end + 1] in _QUOTE_CHARS and text[start:end].count('"') % 2 == 1:
        end += 1
    return start, end


def _subtree_chars(token: Token, *, exclude: set[int] | None = None) -> tuple[int, int]:
    toks = [t for t in token.subtree if not exclude or t.i not in exclude]
    left = min(t.idx for t in toks)
    right = max(t.idx + len(t) for t in toks)
    return left, right


def _cue_chars(verb: Token) -> tuple[int, int]:
    """The cue: the verb with the auxiliaries, negation and adverbs right before it."""
    start = verb.i
    left = sorted((c for c in verb.lefts if c.dep_ in _CUE_MODIFIERS), key=lambda t: -t.i)
    for child in left:
        if child.i == start - 1:
            start = child.i
    end = verb.i
    for child in verb.rights:
        if child.dep_ == "prt" and child.i == end + 1:
            end = child.i
    doc = verb.doc
    return doc[start].idx, doc[end].idx + len(doc[end])


def _source_of(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in {"nsubj", "csubj"}:
            return child
        if child.dep_ == "agent":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return pobj
    # "… he said" where the parser hung the subject on a conjoined verb
    if verb.dep_ == "conj" and verb.head.pos_ in {"VERB", "AUX"}:
        return _source_of(verb.head)
    return None


def _source_chars(subject: Token) -> tuple[int, int]:
    if subject.lower_ in _RELATIVE and subject.head.dep_ == "relcl":
        subject = subject.head.head
    return _subtree_chars(subject)


def _channel_of(verb: Token) -> tuple[int, int] | None:
    """"told The New York Times", "confirmed to the Times", "in an interview with X"."""
    for child in verb.children:
        if verb.lemma_ == "tell" and child.dep_ in {"dobj", "dative", "iobj"} and child.pos_ in {"PROPN", "NOUN"}:
            return _subtree_chars(child)
        if child.dep_ in {"prep", "dative"} and child.lower_ in _CHANNEL_PREPS:
            objs = [g for g in child.children if g.dep_ == "pobj"]
            if objs and objs[0].pos_ in {"PROPN", "NOUN"}:
                return _subtree_chars(objs[0])
    return None


def _content_child(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in {"ccomp", "xcomp"} and not (child.dep_ == "xcomp" and verb.lemma_ in {"say", "tell"}):
            return child
    return None


class AttributionFinder:
    """spaCy component: ``doc._.attributions`` from the parse (see module docstring)."""

    def __init__(self, nlp: Language, name: str = "reportedly_attribution") -> None:
        self.name = name
        self.verbs = verb_cues()
        self.nouns = noun_cues()

    def __call__(self, doc: Doc) -> Doc:
        candidates = self.candidates(doc)
        doc._.attributions = self._to_records(doc, candidates)
        return doc

    # -- candidate generation -------------------------------------------------------------

    def candidates(self, doc: Doc) -> list[_Candidate]:
        quotes = find_quotes(doc.text)
        found: list[_Candidate] = []
        for token in doc:
            if token.pos_ in {"VERB", "AUX", "ADJ"} and token.lemma_.lower() in self.verbs:
                cand = self._verb_candidate(token)
                if cand:
                    found.append(cand)
            elif token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
                cand = self._according_to(token)
                if cand:
                    found.append(cand)
            elif token.pos_ == "NOUN" and token.lemma_.lower() in self.nouns:
                cand = self._noun_candidate(token)
                if cand:
                    found.append(cand)
        found.extend(self._quote_candidates(doc, quotes, found))
        return _dedupe(found)

    def _verb_candidate(self, verb: Token) -> _Candidate | None:
        doc = verb.doc
        content_tok = _content_child(verb)
        content: tuple[int, int] | None = None
        if content_tok is not None:
            content = _subtree_chars(content_tok)
        elif verb.lemma_.lower() in {"seek", "want", "demand", "request"}:
            objs = [c for c in verb.children if c.dep_ == "dobj"]
            if objs and any(t.dep_ in {"acl", "ccomp", "relcl"} for t in objs[0].subtree):
                content = _subtree_chars(objs[0])
        if content is None:
            return None
        subject = _source_of(verb)
        source = _source_chars(subject) if subject is not None else None
        implicit = False
        subject_token = None
        if subject is None:
            if verb.tag_ == "VBG" and verb.dep_ in {"advcl", "xcomp", "conj"}:
                implicit = True
                subject_token = verb.head.i
            else:
                return None
        elif subject.pos_ not in {"PROPN", "NOUN", "PRON", "NUM"} and subject.dep_ != "csubj":
            return None
        elif subject.lower_ in {"it", "there", "this"}:
            return None  # expletive or abstract subject: "it is said that …"
        cue = _cue_chars(verb)
        channel = _channel_of(verb)
        if channel and source and channel[0] < source[1] and source[0] < channel[1]:
            channel = None
        content = _trim(doc, *content)
        if content[1] - content[0] < 3:
            return None
        return _Candidate(
            cue=cue,
            content=content,
            source=source,
            stance=stance_of(verb.lemma_),
            cue_type="verb" if not implicit else "participle",
            channel=channel,
            implicit_source=implicit,
            subject_token=subject_token,
            head_token=verb.i,
        )

    def _according_to(self, according: Token) -> _Candidate | None:
        doc = according.doc
        to = doc[according.i + 1]
        objs = [c for c in to.children if c.dep_ == "pobj"]
        if not objs:
            return None
        source = _subtree_chars(objs[0])
        sent = according.sent
        phrase = {t.i for t in according.subtree} | {t.i for t in to.subtree}
        body = [t for t in sent if t.i not in phrase and not t.is_space]
        if not body:
            return None
        content = _trim(doc, body[0].idx, body[-1].idx + len(body[-1]))
        if content[0] < source[1] and source[0] < content[1]:
            # "according to" sits inside the clause: keep the longer side of the sentence
            before = _trim(doc, sent.start_char, according.idx)
            after = _trim(doc, source[1], sent.end_char)
            content = max(before, after, key=lambda s: s[1] - s[0])
        if content[1] - content[0] < 3:
            return None
        return _Candidate(
            cue=(according.idx, to.idx + len(to)),
            content=content,
            source=source,
            stance="neutral",
            cue_type="according_to",
            head_token=according.i,
        )

    def _noun_candidate(self, noun: Token) -> _Candidate | None:
        doc = noun.doc
        content_tok = None
        for child in noun.children:
            if child.dep_ in {"acl", "ccomp"} and any(g.lower_ in {"that", "to"} for g in child.children):
                content_tok = child
        # "Hamas' main demand is that …": the clause hangs on the copula
        if content_tok is None and noun.dep_ == "nsubj" and noun.head.lemma_ == "be":
            for child in noun.head.children:
                if child.dep_ == "ccomp":
                    content_tok = child
        if content_tok is None:
            return None
        owners = [c for c in noun.children if c.dep_ == "poss"]
        if not owners:
            return None
        owner = owners[0]
        source = (owner.idx, owner.idx + len(owner))
        for c in owner.children:
            if c.dep_ == "case":
                source = (min(source[0], c.idx), max(source[1], c.idx + len(c)))
        source = (_subtree_chars(owner)[0], source[1])
        cue_start = noun.idx
        for c in noun.lefts:
            if c.dep_ == "amod" and c.i == noun.i - 1:
                cue_start = c.idx
        content = _trim(doc, *_subtree_chars(content_tok))
        return _Candidate(
            cue=(cue_start, noun.idx + len(noun)),
            content=content,
            source=source,
            stance=stance_of(noun.lemma_, nominal=True),
            cue_type="noun",
            head_token=noun.i,
        )

    def _quote_candidates(
        self, doc: Doc, quotes: list[tuple[int, int]], found: list[_Candidate]
    ) -> list[_Candidate]:
        out: list[_Candidate] = []
        covered = [c.content for c in found]
        for qs, qe in quotes:
            if len(doc.text[qs:qe].split()) < 4:
                continue  # a scare-quoted word or title, not a quotation
            if any(cs <= qs and qe <= ce + 1 for cs, ce in covered):
                continue
            sent = doc.char_span(qs, qs + 1, alignment_mode="expand")
            if sent is None:
                continue
            cue_tok = self._cue_near_quote(doc, sent[0].sent, qs, qe)
            if cue_tok is None:
                continue
            subject = _source_of(cue_tok)
            source = _source_chars(subject) if subject is not None else None
            out.append(
                _Candidate(
                    cue=_cue_chars(cue_tok),
                    content=(qs, qe),
                    source=source,
                    stance=stance_of(cue_tok.lemma_),
                    cue_type="verb",
                    channel=_channel_of(cue_tok),
                    head_token=cue_tok.i,
                )
            )
        return out

    def _cue_near_quote(self, doc: Doc, sent: Span, qs: int, qe: int) -> Token | None:
        """A speech verb outside the quotation, in its sentence or the sentence before a colon."""
        for token in sent:
            if qs <= token.idx < qe:
                continue
            if token.pos_ in {"VERB", "AUX"} and token.lemma_.lower() in self.verbs and _source_of(token):
                return token
        if sent.start > 0:
            prev = doc[sent.start - 1].sent
            if prev.text.rstrip().endswith(":"):
                for token in prev:
                    if token.pos_ == "VERB" and token.lemma_.lower() in self.verbs and _source_of(token):
                        return token
        return None

    # -- records --------------------------------------------------------------------------

    def _to_records(self, doc: Doc, candidates: list[_Candidate]) -> list[Attribution]:
        text = doc.text
        quotes = find_quotes(text)
        records: list[Attribution] = []
        for n, cand in enumerate(sorted(candidates, key=lambda c: (c.content[0], c.content[1])), start=1):
            cs, ce = cand.content
            records.append(
                Attribution(
                    id=f"A{n}",
                    content=TextSpan.of(text, cs, ce),
                    cue=TextSpan.of(text, *cand.cue) if cand.cue else None,
                    source=TextSpan.of(text, *cand.source) if cand.source else None,
                    kind=_kind(text, cs, ce, quotes),
                    stance=cand.stance,  # type: ignore[arg-type]
                    channel=TextSpan.of(text, *cand.channel) if cand.channel else None,
                    implicit_source=cand.implicit_source,
                    cue_type=cand.cue_type,
                )
            )
        _mark_nesting(records)
        doc.user_data["reportedly_implicit_heads"] = {
            r.id: c.subject_token
            for r, c in zip(records, sorted(candidates, key=lambda c: (c.content[0], c.content[1])), strict=True)
            if c.subject_token is not None
        }
        return records


def _kind(text: str, start: int, end: int, quotes: list[tuple[int, int]]) -> AttributionKind:
    inside = [(max(qs, start), min(qe, end)) for qs, qe in quotes if qs < end and start < qe]
    if not inside:
        return "indirect"
    quoted = sum(e - s for s, e in inside)
    body = len(text[start:end].strip(" .,\"“”"))
    if quoted >= 0.9 * max(body, 1):
        return "direct"
    return "mixed"


def _dedupe(cands: list[_Candidate]) -> list[_Candidate]:
    """One candidate per content span; a cue can introduce one content."""
    seen_content: dict[tuple[int, int], _Candidate] = {}
    seen_cue: set[tuple[int, int]] = set()
    out: list[_Candidate] = []
    for cand in cands:
        if cand.content in seen_content:
            continue
        if cand.cue and cand.cue in seen_cue:
            continue
        seen_content[cand.content] = cand
        if cand.cue:
            seen_cue.add(cand.cue)
        out.append(cand)
    return out


def _mark_nesting(records: list[Attribution]) -> None:
    """An attribution whose cue and source lie inside another's content is nested in it."""
    for inner in records:
        anchor = inner.cue or inner.content
        best: Attribution | None = None
        for outer in records:
            if outer is inner or not outer.content.contains(anchor):
                continue
            if outer.content.contains(inner.content) and (
                best is None or best.content.contains(outer.content)
            ):
                best = outer
        inner.nested_in = best.id if best else None
