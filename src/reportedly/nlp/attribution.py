"""Attribution finder: who said what — source / cue / content spans with stance and channel.

Two passes over the spaCy parse:

1. rules (:mod:`~reportedly.nlp.attribution_rules`) propose candidates: speech verbs with a
   clausal complement, "according to", nominal cues, quotations with a nearby cue, participial
   cues with the main clause's subject as speaker;
2. a CRF and a network (:mod:`~reportedly.nlp.attribution_tagger`), trained on PolNeAR, tag every
   token as source / cue / content using parse features and the rule proposals, and the decoder
   (:mod:`~reportedly.nlp.attribution_decoder`) links the tagged spans into attributions.

Stance comes from the cue lexicon (``resources/cues.yaml``, documented in docs/stance.md); the
channel ("told the Times") and implicit sources come from the parse around the cue.  Rule
candidates whose cue lies inside a tagged content become nested attributions (``nested_in``),
which PolNeAR does not annotate.  Without a model file the rule candidates are used alone.

Results go to ``doc._.attributions``; ``doc.user_data["reportedly_implicit_heads"]`` maps each
attribution with an implicit source to the token whose subject is its speaker.
"""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from reportedly.nlp.attribution_decoder import decode, is_raising_verb
from reportedly.nlp.attribution_features import SCRATCH_KEYS
from reportedly.nlp.attribution_layout import layout_candidates, parenthetical_candidates
from reportedly.nlp.attribution_neural import DEFAULT_NEURAL_PATH
from reportedly.nlp.attribution_rules import (
    CLOSING_MARKS,
    Candidate,
    RuleFinder,
    SpanIndex,
    doc_text,
    find_quotes,
    is_reduced_question,
    to_records,
)
from reportedly.nlp.attribution_spans import without_dateline
from reportedly.nlp.attribution_tagger import DEFAULT_MODEL_PATH, Tagger, rule_roles

#: tagged attributions whose cue tokens average a lower marginal probability are dropped
#: (tuned on PolNeAR dev for attribution F1)
MIN_CONFIDENCE = 0.5

#: most characters between a quotation and the next one that continues it ("…," said X, a Y. "…")
_MAX_QUOTE_GAP = 100


class AttributionFinder:
    """spaCy component: ``doc._.attributions`` (see module docstring)."""

    def __init__(
        self,
        nlp: Language,
        name: str = "reportedly_attribution",
        model_path: Path | None = None,
        neural_path: Path | None = DEFAULT_NEURAL_PATH,
    ) -> None:
        self.name = name
        self.rules = RuleFinder()
        path = model_path or DEFAULT_MODEL_PATH
        self.tagger: Tagger | None = Tagger(path, neural_path) if path.exists() else None
        self.min_confidence = MIN_CONFIDENCE

    def __call__(self, doc: Doc) -> Doc:
        quotes = find_quotes(doc_text(doc))
        rule_cands = self.rules.candidates(doc, quotes)
        if self.tagger is None:
            doc._.attributions = to_records(doc, rule_cands, quotes)
            return doc
        labels, probs = self.tagger.tag(doc, rule_roles(doc, rule_cands), quotes)
        # a tagged report with nobody saying it is dropped before the rules fill in, so that a
        # rule or layout candidate at the same words ("Said Ellis: …") can take its place
        cands = [
            c
            for c in decode(doc, labels, quotes, probs, self.min_confidence)
            if c.confidence >= self.min_confidence and _has_someone(doc, c)
        ]
        _restore_fronted_contents(cands, rule_cands)
        _complete_quotations(cands, quotes)
        _continue_quotations(cands, quotes, doc_text(doc))
        # rules fill what the tagger left untouched, then add attributions nested in tagged content,
        # then any rule, layout ("Pence: …", '"…" ― Name') or parenthetical ("A, X said, B")
        # report whose cue nothing found so far covers
        cands.extend(_untagged_rule_candidates(rule_cands, cands))
        cands.extend(_nested_rule_candidates(rule_cands, cands))
        cands.extend(_free_cue_candidates(rule_cands, cands))
        cands.extend(_free_cue_candidates(layout_candidates(doc_text(doc)), cands))
        cands.extend(_free_cue_candidates(parenthetical_candidates(doc), cands))
        kept = [c for c in cands if _has_someone(doc, c)]
        _drop_datelines(kept, doc_text(doc))
        doc._.attributions = to_records(doc, kept, quotes)
        for key in SCRATCH_KEYS:
            doc.user_data.pop(key, None)
        return doc


#: a tagged content before its cue shorter than this share of the parse's clause is replaced by
#: the clause (PolNeAR dev relation F1 0.7072 -> 0.7077, content exact 0.6046 -> 0.6051; train
#: 0.7826 -> 0.7822; 0.6 and 0.8 scored the same on dev and lower on train, 0.25 changed nothing)
FRONTED_SHARE = 0.4


def _restore_fronted_contents(cands: list[Candidate], rule_cands: list[Candidate]) -> None:
    """"A delegation walked out … after negotiators failed to agree on X, two officials told the
    Times": when the taggers kept only the tail of a content that comes before its cue, and the
    parse's clause (the rule candidate for the same cue) holds it, the content is that clause."""
    by_cue = {c.cue: c for c in rule_cands if c.cue is not None}
    for cand in cands:
        rule = by_cue.get(cand.cue) if cand.cue is not None else None
        if rule is None or cand.cue is None or cand.parts or rule.parts:
            continue
        (rs, re_), (cs, ce) = rule.content, cand.content
        if re_ > cand.cue[0] or not (rs <= cs and ce <= re_):
            continue  # only a content wholly before its cue, inside the rule's clause
        if (ce - cs) < FRONTED_SHARE * (re_ - rs):
            cand.content = rule.content


def _drop_datelines(cands: list[Candidate], text: str) -> None:
    """A content that opens a paragraph starts after its dateline ("ODENBERG, March 3 — Talks
    broke down …, according to three people")."""
    for cand in cands:
        start = without_dateline(text, cand.content[0], cand.content[1])
        if start == cand.content[0]:
            continue
        cand.content = (start, cand.content[1])
        if cand.parts:
            parts = [(max(s, start), e) for s, e in cand.parts if e > start]
            cand.parts = parts if len(parts) > 1 else None


def _has_someone(doc: Doc, cand: Candidate) -> bool:
    """Whether a candidate names who reports: a source, the main clause's subject, or a passive.

    A report with nobody saying it ("documented instances of fraud are rare", "Oz's show …
    offered Trump a platform") is seldom an attribution: on PolNeAR dev, 21% of such candidates
    were.  A passive cue ("was accused of", "is expected to") keeps its unnamed source.
    Dropping the rest: dev relation F1 0.673 -> 0.680.
    """
    if cand.source is not None or cand.implicit_source:
        return True
    if cand.head_token is None:
        return False
    head = doc[cand.head_token]
    # "X seems to …": the writer's report of an appearance (see the decoder); "Asked about X, …":
    # a passive with its auxiliary left out
    return (
        is_raising_verb(head)
        or is_reduced_question(head)
        or any(child.dep_ in ("auxpass", "nsubjpass") for child in head.children)
    )


def _complete_quotations(cands: list[Candidate], quotes: list[tuple[int, int]]) -> None:
    """A content cut inside a quotation runs to the quotation's marks.

    The tagger sometimes stops a content mid-quote ("''These are the stories that"); a quotation
    is quoted whole, so a content piece that overlaps one takes all of it — unless the cue, the
    source or another attribution's cue lies inside that quotation.
    """
    cues = [c.cue for c in cands if c.cue is not None]
    for cand in cands:
        pieces = list(cand.parts or [cand.content])
        changed = False
        for n, (start, end) in enumerate(pieces):
            for qs, qe in quotes:
                if qe <= start or end <= qs or (qs >= start and qe <= end):
                    continue
                if any(qs < ce and cs < qe for cs, ce in cues):
                    continue
                if cand.source is not None and qs < cand.source[1] and cand.source[0] < qe:
                    continue
                start, end = min(start, qs), max(end, qe)
                changed = True
            pieces[n] = (start, end)
        if changed:
            merged: list[tuple[int, int]] = []
            for piece in sorted(pieces):
                if merged and piece[0] <= merged[-1][1]:
                    merged[-1] = (merged[-1][0], max(merged[-1][1], piece[1]))
                else:
                    merged.append(piece)
            cand.content = (merged[0][0], merged[-1][1])
            cand.parts = merged if len(merged) > 1 else None


def _continue_quotations(cands: list[Candidate], quotes: list[tuple[int, int]], text: str) -> None:
    """'"A," she said. "B."': a quotation right after a quoted content's cue continues it.

    The next quotation joins the content when only the cue (and source) stand between them and
    no other attribution claims it: in the same paragraph, or filling the next paragraph
    ('"A," she said.¶"B."', a speaker's quotation running on).  The next paragraph: PolNeAR dev
    relation F1 0.6952 -> 0.6960, train 0.7873 -> 0.7881 (content token 0.9210 -> 0.9226).
    """
    taken = _spans_of(cands)
    for cand in cands:
        if cand.cue is None:
            continue
        pieces = list(cand.parts or [cand.content])
        last = pieces[-1]
        # the content ends in a whole quotation (its closing mark may fall just outside it)
        if not any(qs <= last[0] and last[1] <= qe + 1 for qs, qe in quotes):
            continue
        after = [q for q in quotes if q[0] >= max(last[1], cand.cue[1])]
        if not after:
            continue
        qs, qe = after[0]
        gap = text[max(last[1], cand.cue[1]) : qs]
        if len(gap) > _MAX_QUOTE_GAP:
            continue
        if "\n" in gap and not _fills_next_paragraph(text, gap, qs, qe):
            continue
        # '"A," said X. "B.¶"C."': a quotation left open at its paragraph's end goes on in the
        # next one, wherever the cue stands and whatever its speaker reports inside it
        runs_on = "\n" in gap and not gap.strip() and _runs_on(text, last)
        if taken.overlaps(qs, qe) and not (runs_on and _only_inside(taken, qs, qe)):
            continue
        if cand.cue[0] < last[0] and not runs_on:
            continue  # the cue opens the content: '"A" … X said "B"' is not this shape
        pieces.append((qs, qe))
        taken.add(qs, qe, None)
        cand.parts = pieces
        cand.content = (pieces[0][0], qe)


def _runs_on(text: str, piece: tuple[int, int]) -> bool:
    """Whether a quoted piece ends its paragraph without a closing mark: the news convention for
    a quotation that goes on in the next paragraph, which opens with a fresh quotation mark."""
    tail = text[piece[0] : piece[1]].rstrip()
    return bool(tail) and tail[-1] not in CLOSING_MARKS and text[piece[1] : piece[1] + 1] in ("\n", "")


def _only_inside(taken: SpanIndex[None], start: int, end: int) -> bool:
    """Whether every span found near ``start``–``end`` lies wholly inside it (attributions the
    quotation's speaker reports, which become nested in it)."""
    return all(start <= s and e <= end for s, e, _ in taken.near(start, end) if s < end and start < e)


def _fills_next_paragraph(text: str, gap: str, start: int, end: int) -> bool:
    """Whether the quotation ``start``–``end`` fills the paragraph right after ``gap``: one
    paragraph break before it, nothing but closing punctuation after it."""
    if gap.count("\n") > 2 or text[start - 1] != "\n":
        return False
    rest = text[end:].lstrip(" .,\"'”’")
    return not rest or rest.startswith("\n")


def _spans_of(cands: list[Candidate]) -> SpanIndex[None]:
    """The cue, content and source spans of ``cands``."""
    index: SpanIndex[None] = SpanIndex()
    for cand in cands:
        for sp in (cand.cue, cand.content, cand.source):
            if sp is not None:
                index.add(sp[0], sp[1], None)
    return index


def _nested_rule_candidates(rule_cands: list[Candidate], tagged: list[Candidate]) -> list[Candidate]:
    """Rule candidates reported inside a tagged content ("X said Y claimed Z"): nested ones."""
    cues: SpanIndex[None] = SpanIndex()
    contents: SpanIndex[None] = SpanIndex()
    for t in tagged:
        if t.cue:
            cues.add(t.cue[0], t.cue[1], None)
        contents.add(t.content[0], t.content[1], None)
    out = []
    for cand in rule_cands:
        if cand.cue is None:
            continue
        cs, ce = cand.cue
        clash = cues.overlaps(cs, ce)
        low, high = min(cs, cand.content[0]), max(ce, cand.content[1])
        outer = any(s <= low and high <= e for s, e, _ in contents.near(low, low + 1))
        if outer and not clash:
            out.append(cand)
    return out


def _free_cue_candidates(proposed: list[Candidate], found: list[Candidate]) -> list[Candidate]:
    """Candidates whose cue lies outside every found cue, source and content: reports the tagger missed."""
    taken = _spans_of(found)
    out: list[Candidate] = []
    for cand in proposed:
        if cand.cue is None:
            continue
        if not taken.overlaps(*cand.cue):
            out.append(cand)
            for sp in (cand.cue, cand.content, cand.source):
                if sp is not None:
                    taken.add(sp[0], sp[1], None)
    return out


def _untagged_rule_candidates(rule_cands: list[Candidate], tagged: list[Candidate]) -> list[Candidate]:
    """Rule candidates the tagger left entirely untouched (no overlap with any tagged span)."""
    taken = _spans_of(tagged)
    out = []
    for cand in rule_cands:
        mine = [sp for sp in (cand.cue, cand.content, cand.source) if sp is not None]
        if not any(taken.overlaps(*sp) for sp in mine):
            out.append(cand)
            for sp in mine:
                taken.add(sp[0], sp[1], None)
    return out


__all__ = ["AttributionFinder", "find_quotes"]
