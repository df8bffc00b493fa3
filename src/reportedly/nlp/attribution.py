"""Attribution finder: who said what — source / cue / content spans with stance and channel.

Two passes over the spaCy parse:

1. rules (:mod:`~reportedly.nlp.attribution_rules`) propose candidates: speech verbs with a
   clausal complement, "according to", nominal cues, quotations with a nearby cue, participial
   cues with the main clause's subject as speaker;
2. a CRF (:mod:`~reportedly.nlp.attribution_tagger`), trained on PolNeAR, tags every token as
   source / cue / content using parse features and the rule proposals, and a decoder links the
   tagged spans into attributions.

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

from reportedly.nlp.attribution_features import doc_features
from reportedly.nlp.attribution_layout import layout_candidates, parenthetical_candidates
from reportedly.nlp.attribution_rules import Candidate, RuleFinder, doc_text, find_quotes, to_records
from reportedly.nlp.attribution_tagger import DEFAULT_MODEL_PATH, Tagger, decode, rule_roles

#: tagged attributions whose cue tokens average a lower marginal probability are dropped
#: (tuned on PolNeAR dev for attribution F1)
MIN_CONFIDENCE = 0.65


class AttributionFinder:
    """spaCy component: ``doc._.attributions`` (see module docstring)."""

    def __init__(self, nlp: Language, name: str = "reportedly_attribution", model_path: Path | None = None) -> None:
        self.name = name
        self.rules = RuleFinder()
        path = model_path or DEFAULT_MODEL_PATH
        self.tagger: Tagger | None = Tagger(path) if path.exists() else None
        self.min_confidence = MIN_CONFIDENCE

    def __call__(self, doc: Doc) -> Doc:
        quotes = find_quotes(doc_text(doc))
        rule_cands = self.rules.candidates(doc, quotes)
        if self.tagger is None:
            doc._.attributions = to_records(doc, rule_cands, quotes)
            return doc
        feats = doc_features(doc, rule_roles(doc, rule_cands), quotes)
        labels, probs = self.tagger.tag(doc, feats)
        cands = [
            c for c in decode(doc, labels, quotes, probs, self.min_confidence) if c.confidence >= self.min_confidence
        ]
        # rules fill what the tagger left untouched, then add attributions nested in tagged content,
        # then any rule, layout ("Pence: …", '"…" ― Name') or parenthetical ("A, X said, B")
        # report whose cue nothing found so far covers
        cands.extend(_untagged_rule_candidates(rule_cands, cands))
        cands.extend(_nested_rule_candidates(rule_cands, cands))
        cands.extend(_free_cue_candidates(rule_cands, cands))
        cands.extend(_free_cue_candidates(layout_candidates(doc_text(doc)), cands))
        cands.extend(_free_cue_candidates(parenthetical_candidates(doc), cands))
        doc._.attributions = to_records(doc, cands, quotes)
        return doc


def _nested_rule_candidates(rule_cands: list[Candidate], tagged: list[Candidate]) -> list[Candidate]:
    """Rule candidates reported inside a tagged content ("X said Y claimed Z"): nested ones."""
    out = []
    for cand in rule_cands:
        if cand.cue is None:
            continue
        cs, ce = cand.cue
        clash = any(t.cue and t.cue[0] < ce and cs < t.cue[1] for t in tagged)
        outer = any(
            t.content[0] <= min(cs, cand.content[0]) and max(ce, cand.content[1]) <= t.content[1] for t in tagged
        )
        if outer and not clash:
            out.append(cand)
    return out


def _free_cue_candidates(proposed: list[Candidate], found: list[Candidate]) -> list[Candidate]:
    """Candidates whose cue lies outside every found cue, source and content: reports the tagger missed."""
    out: list[Candidate] = []
    for cand in proposed:
        if cand.cue is None:
            continue
        cs, ce = cand.cue
        if not any(
            sp is not None and sp[0] < ce and cs < sp[1] for f in (*found, *out) for sp in (f.cue, f.content, f.source)
        ):
            out.append(cand)
    return out


def _untagged_rule_candidates(rule_cands: list[Candidate], tagged: list[Candidate]) -> list[Candidate]:
    """Rule candidates the tagger left entirely untouched (no overlap with any tagged span)."""
    taken = [sp for t in tagged for sp in (t.cue, t.content, t.source) if sp is not None]
    out = []
    for cand in rule_cands:
        mine = [sp for sp in (cand.cue, cand.content, cand.source) if sp is not None]
        if not any(a[0] < b[1] and b[0] < a[1] for a in mine for b in taken):
            out.append(cand)
            taken.extend(mine)
    return out


__all__ = ["AttributionFinder", "find_quotes"]
