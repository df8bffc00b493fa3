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
from reportedly.nlp.attribution_rules import Candidate, RuleFinder, find_quotes, to_records
from reportedly.nlp.attribution_tagger import DEFAULT_MODEL_PATH, Tagger, decode, rule_roles


class AttributionFinder:
    """spaCy component: ``doc._.attributions`` (see module docstring)."""

    def __init__(self, nlp: Language, name: str = "reportedly_attribution", model_path: Path | None = None) -> None:
        self.name = name
        self.rules = RuleFinder()
        path = model_path or DEFAULT_MODEL_PATH
        self.tagger: Tagger | None = Tagger(path) if path.exists() else None

    def __call__(self, doc: Doc) -> Doc:
        quotes = find_quotes(doc.text)
        rule_cands = self.rules.candidates(doc, quotes)
        if self.tagger is None:
            doc._.attributions = to_records(doc, rule_cands, quotes)
            return doc
        feats = doc_features(doc, rule_roles(doc, rule_cands), quotes)
        labels = self.tagger.tag(doc, feats)
        cands = decode(doc, labels, quotes)
        cands.extend(_nested_rule_candidates(rule_cands, cands))
        doc._.attributions = to_records(doc, cands, quotes)
        return doc


def _nested_rule_candidates(rule_cands: list[Candidate], tagged: list[Candidate]) -> list[Candidate]:
    """Rule candidates reported inside a tagged content ("X said Y claimed Z"): nested ones."""
    out = []
    for cand in rule_cands:
        if cand.cue is None:
            continue
        cs, ce = cand.cue
        inside = any(t.content[0] <= cs and ce <= t.content[1] for t in tagged)
        clash = any(t.cue and t.cue[0] < ce and cs < t.cue[1] for t in tagged)
        contained = any(t.content[0] <= cand.content[0] and cand.content[1] <= t.content[1] for t in tagged)
        if inside and contained and not clash:
            out.append(cand)
    return out


__all__ = ["AttributionFinder", "find_quotes"]
