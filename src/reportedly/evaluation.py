"""Attribution evaluation on brat-standoff corpora such as PolNeAR.

:func:`evaluate_polnear` runs the attribution pipeline over ``DIR/text/*.txt``, optionally writes
one ``NAME.json`` prediction file per article, and scores the predictions against
``DIR/attributions/NAME_<annotator>.ann`` (first annotator in sorted order) with the same
measures as the project's shared scorer (``score_attributions.py``): per role (source, cue,
content) token-level, exact-span and overlap-span precision / recall / F1, plus whole-attribution
("relation") and strict F1, micro-averaged over articles.  The scoring is reimplemented here so
``reportedly eval polnear`` works without the shared tools; ``benchmarks/quality_polnear.py``
checks that both give the same numbers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportedly.errors import InputError

__all__ = [
    "EVAL_STAGES",
    "MEASURES",
    "ROLES",
    "PRF",
    "Scores",
    "evaluate_polnear",
    "format_scores",
    "load_brat_gold",
    "prediction_ranges",
    "predict_attributions",
    "score_articles",
    "score_prediction_dir",
]

ROLES = ("source", "cue", "content")
MEASURES: tuple[str, ...] = tuple(f"{r}.{k}" for r in ROLES for k in ("token", "exact", "overlap")) + (
    "attribution.relation",
    "attribution.strict",
)

_TOKEN = re.compile(r"\w+|[^\w\s]")
# punctuation and white space that does not count at a span's edges for exact matching
_EDGE_CHARS = r"\s\"'“”‘’«»,.;:!?()\[\]—–-"
# one pattern for both edges, searched as the shared scorer does: when a span starts with edge
# characters the search finds the left run, and the right edge is then left as it is
_EDGE = re.compile(rf"^[{_EDGE_CHARS}]+|[{_EDGE_CHARS}]+$")

Ranges = list[tuple[int, int]]
AttrRanges = dict[str, Ranges]


@dataclass(slots=True)
class PRF:
    """True/false positive and false negative counts with precision, recall and F1."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int, fp: int, fn: int) -> None:
        self.tp += tp
        self.fp += fp
        self.fn += fn

    def scores(self) -> dict[str, float | int]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass(slots=True)
class Scores:
    """Accumulated counts for every measure in :data:`MEASURES`."""

    counts: dict[str, PRF] = field(default_factory=lambda: {m: PRF() for m in MEASURES})
    articles: int = 0
    missing_predictions: int = 0

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {m: self.counts[m].scores() for m in MEASURES}
        out["articles"] = self.articles
        out["missing_predictions"] = self.missing_predictions
        return out

    def f1(self, measure: str) -> float:
        return float(self.counts[measure].scores()["f1"])


# -- gold and predictions -----------------------------------------------------------------


def _parse_ann(text: str) -> list[AttrRanges]:
    spans: dict[str, Ranges] = {}
    attrs: list[AttrRanges] = []
    for line in text.splitlines():
        m = re.match(r"^(T\d+)\t(\S+) ([\d;\s]+)\t", line)
        if m:
            ranges = []
            for part in m.group(3).split(";"):
                a, b = part.split()
                ranges.append((int(a), int(b)))
            spans[m.group(1)] = ranges
            continue
        m = re.match(r"^E\d+\t(.*)$", line)
        if m:
            rec: AttrRanges = {}
            for arg in m.group(1).split():
                role, _, tid = arg.partition(":")
                role = role.lower()
                if role in ROLES and tid in spans:
                    rec[role] = spans[tid]
            if "content" in rec:
                attrs.append(rec)
    return attrs


def load_brat_gold(gold_dir: str | Path) -> dict[str, tuple[str, list[AttrRanges]]]:
    """``name -> (text, attributions)`` for every ``text/NAME.txt`` with an annotation file."""
    root = Path(gold_dir)
    if not (root / "text").is_dir() or not (root / "attributions").is_dir():
        raise InputError(str(root), "expected text/ and attributions/ sub-directories (brat standoff)")
    out: dict[str, tuple[str, list[AttrRanges]]] = {}
    for txt in sorted((root / "text").glob("*.txt")):
        anns = sorted((root / "attributions").glob(txt.stem + "_*.ann"))
        if anns:
            out[txt.stem] = (txt.read_text(encoding="utf-8"), _parse_ann(anns[0].read_text(encoding="utf-8")))
    return out


def _ranges_of(obj: dict[str, Any] | None) -> Ranges:
    if obj is None:
        return []
    if "spans" in obj:
        return [(int(s), int(e)) for s, e in obj["spans"]]
    return [(int(obj["start"]), int(obj["end"]))]


def prediction_ranges(data: dict[str, Any]) -> list[AttrRanges]:
    """Role ranges of a prediction file's attributions; nested ones are skipped (PolNeAR does not nest)."""
    return [
        {role: _ranges_of(a.get(role)) for role in ROLES}
        for a in data.get("attributions", [])
        if not a.get("nested_in")
    ]


# -- scoring --------------------------------------------------------------------------------


def _token_set(ranges: Iterable[tuple[int, int]], toks: Sequence[tuple[int, int]], starts: list[int]) -> frozenset[int]:
    import bisect

    out: set[int] = set()
    for s, e in ranges:
        # first token that ends after s: tokens are sorted and disjoint
        i = max(0, bisect.bisect_right(starts, s) - 1)
        while i < len(toks) and toks[i][0] < e:
            if toks[i][1] > s:
                out.add(i)
            i += 1
    return frozenset(out)


def _trim(text: str, ranges: Ranges) -> tuple[int, int] | None:
    """The span from the first to the last range with edge punctuation and white space trimmed.

    Trimming follows the shared scorer exactly, including its quirk (see ``_EDGE``).
    """
    if not ranges:
        return None
    s, e = min(r[0] for r in ranges), max(r[1] for r in ranges)
    seg = text[s:e]
    left = _EDGE.match(seg)
    right = _EDGE.search(seg)
    ls = left.end() if left else 0
    rs = right.start() if right and right.start() >= ls else len(seg)
    return (s + ls, s + rs)


def _greedy_match(
    gold: Sequence[Any], pred: Sequence[Any], score: Callable[[Any, Any], float]
) -> list[tuple[int, int, float]]:
    """One-to-one matching, best pairs first (ties: higher gold index, then pred index, first)."""
    pairs = [(s, gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(pred) if (s := score(g, p)) > 0]
    pairs.sort(reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for s, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        out.append((gi, pi, s))
    return out


def _jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def score_article(text: str, gold: list[AttrRanges], pred: list[AttrRanges], scores: Scores) -> None:
    """Add one article's counts to ``scores``."""
    toks = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
    starts = [t[0] for t in toks]
    gt = [{r: _token_set(a.get(r, []), toks, starts) for r in ROLES} for a in gold]
    pt = [{r: _token_set(a.get(r, []), toks, starts) for r in ROLES} for a in pred]
    acc = scores.counts
    for role in ROLES:
        g_all = frozenset().union(*[a[role] for a in gt])
        p_all = frozenset().union(*[a[role] for a in pt])
        acc[role + ".token"].add(len(g_all & p_all), len(p_all - g_all), len(g_all - p_all))
        g_sp = {s for a in gold if a.get(role) and (s := _trim(text, a[role])) and s[0] < s[1]}
        p_sp = {s for a in pred if a.get(role) and (s := _trim(text, a[role])) and s[0] < s[1]}
        exact = len(g_sp & p_sp)
        acc[role + ".exact"].add(exact, len(p_sp) - exact, len(g_sp) - exact)
        g_ts = [t[role] for t in gt if t[role]]
        p_ts = [t[role] for t in pt if t[role]]
        m = _greedy_match(g_ts, p_ts, lambda g, p: len(g & p))
        acc[role + ".overlap"].add(len(m), len(p_ts) - len(m), len(g_ts) - len(m))

    def rel(g: dict[str, frozenset[int]], p: dict[str, frozenset[int]]) -> float:
        if _jaccard(g["content"], p["content"]) < 0.5:
            return 0
        if not (g["cue"] & p["cue"]) and (g["cue"] or p["cue"]):
            return 0
        if (g["source"] or p["source"]) and not (g["source"] & p["source"]):
            return 0
        return _jaccard(g["content"], p["content"])

    m = _greedy_match(gt, pt, rel)
    acc["attribution.relation"].add(len(m), len(pt) - len(m), len(gt) - len(m))
    strict = sum(
        1
        for gi, pi, _ in m
        if all(_trim(text, gold[gi].get(r, [])) == _trim(text, pred[pi].get(r, [])) for r in ROLES)
    )
    acc["attribution.strict"].add(strict, len(pt) - strict, len(gt) - strict)


def score_articles(
    gold: dict[str, tuple[str, list[AttrRanges]]], pred: dict[str, list[AttrRanges]]
) -> Scores:
    """Scores of predictions (``name -> attributions``) against gold; a missing article counts as empty."""
    scores = Scores()
    for name, (text, gattrs) in gold.items():
        if name not in pred:
            scores.missing_predictions += 1
        score_article(text, gattrs, pred.get(name, []), scores)
        scores.articles += 1
    return scores


def score_prediction_dir(gold_dir: str | Path, pred_dir: str | Path) -> Scores:
    """Scores of ``PRED_DIR/NAME.json`` files against the brat gold in ``gold_dir``."""
    gold = load_brat_gold(gold_dir)
    pred: dict[str, list[AttrRanges]] = {}
    for name in gold:
        path = Path(pred_dir) / f"{name}.json"
        if path.exists():
            pred[name] = prediction_ranges(json.loads(path.read_text(encoding="utf-8")))
    return score_articles(gold, pred)


# -- running the pipeline -----------------------------------------------------------------


#: the stages the PolNeAR scores depend on (later stages do not change attributions)
EVAL_STAGES: tuple[str, ...] = ("attribution",)


def predict_attributions(
    texts: dict[str, str], *, model: str | None = None, stages: tuple[str, ...] = EVAL_STAGES
) -> dict[str, dict[str, Any]]:
    """``name -> {"id", "attributions": [...]}`` from the pipeline run with ``stages``.

    Each attribution is its ``analysis@1`` record; a discontinuous content also carries
    ``content.spans`` (its pieces), which the PolNeAR scorer reads in place of start/end.
    """
    from reportedly.nlp import DEFAULT_MODEL, load_pipeline

    nlp = load_pipeline(model or DEFAULT_MODEL, stages)
    out: dict[str, dict[str, Any]] = {}
    names = list(texts)
    for name, doc in zip(names, nlp.pipe(texts[n] for n in names), strict=True):
        parts = doc.user_data.get("reportedly_content_parts", {})
        records = []
        for attr in doc._.attributions:
            data = attr.to_dict()
            if attr.id in parts:
                # a discontinuous content ('"A," she said, "B."') is scored by its pieces
                data["content"]["spans"] = [list(p) for p in parts[attr.id]]
            records.append(data)
        out[name] = {"id": name, "attributions": records}
    return out


def evaluate_polnear(
    gold_dir: str | Path,
    *,
    out_dir: str | Path | None = None,
    model: str | None = None,
    limit: int | None = None,
    stages: tuple[str, ...] = EVAL_STAGES,
) -> Scores:
    """Run the pipeline on a PolNeAR-style directory, optionally write predictions, and score them."""
    gold = load_brat_gold(gold_dir)
    if limit is not None:
        gold = dict(list(gold.items())[:limit])
    predictions = predict_attributions({name: text for name, (text, _) in gold.items()}, model=model, stages=stages)
    if out_dir is not None:
        target = Path(out_dir)
        target.mkdir(parents=True, exist_ok=True)
        for name, data in predictions.items():
            (target / f"{name}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return score_articles(gold, {name: prediction_ranges(data) for name, data in predictions.items()})


def format_scores(scores: Scores) -> str:
    """The scores as the shared scorer prints them."""
    data = scores.to_dict()
    lines = [f"{'measure':28s} {'P':>7s} {'R':>7s} {'F1':>7s}   tp/fp/fn"]
    for k in MEASURES:
        s = data[k]
        lines.append(f"{k:28s} {s['p']:7.3f} {s['r']:7.3f} {s['f1']:7.3f}   {s['tp']}/{s['fp']}/{s['fn']}")
    lines.append(f"articles: {scores.articles}  missing predictions: {scores.missing_predictions}")
    return "\n".join(lines)
