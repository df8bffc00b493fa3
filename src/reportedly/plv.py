"""Scoring the event coder against PLV-format data (source/target-marked sentences + PLOVER root).

A PLV TSV has the columns ``sentence_id``, ``sentence``, ``marked_sentence`` (the actors marked
``<s>…</s>`` and ``<t>…</t>``), ``source``, ``target`` and ``gold_root``.  Evaluation is end to end:
the marks are stripped, the sentence goes through the whole pipeline, and a pair counts as right
when one event's ``actor1_span`` overlaps the source, its ``actor2_span`` overlaps the target and
its PLOVER type equals the gold root (PLV's ``YIELD`` is our ``RETREAT`` or ``CONCEDE``).  Where
PLV leaves one side implicit (unmarked) only the marked side is checked.  When
several events have the dyad, the most confident one is the prediction: one guess per pair.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportedly.errors import InputError
from reportedly.models import Event

#: PLV root -> the PLOVER types that count as that root
ROOT_TYPES = {"YIELD": {"RETREAT", "CONCEDE"}}
_MARK = re.compile(r"</?[st]>")


@dataclass(frozen=True, slots=True)
class PlvItem:
    """One PLV pair: plain sentence, source/target character spans in it, gold root."""

    id: str
    text: str
    source: tuple[tuple[int, int], ...]  # empty when PLV leaves the side implicit
    target: tuple[tuple[int, int], ...]
    root: str


@dataclass(slots=True)
class PlvScore:
    """Accuracy over all pairs, coverage (dyad found) and type macro-F1 where the dyad is found."""

    n: int = 0
    found: int = 0
    correct: int = 0
    pairs: list[tuple[str, str]] = field(default_factory=list)  # (gold, predicted) where found

    @property
    def accuracy(self) -> float:
        return self.correct / self.n if self.n else 0.0

    @property
    def coverage(self) -> float:
        return self.found / self.n if self.n else 0.0

    def per_root(self) -> dict[str, dict[str, float]]:
        labels = sorted({g for g, _ in self.pairs} | {p for _, p in self.pairs})
        out: dict[str, dict[str, float]] = {}
        for label in labels:
            tp = sum(1 for g, p in self.pairs if g == label and p == label)
            fp = sum(1 for g, p in self.pairs if g != label and p == label)
            fn = sum(1 for g, p in self.pairs if g == label and p != label)
            prec = tp / (tp + fp) if tp + fp else 0.0
            rec = tp / (tp + fn) if tp + fn else 0.0
            f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
            out[label] = {"precision": prec, "recall": rec, "f1": f1, "support": float(tp + fn)}
        return out

    @property
    def macro_f1(self) -> float:
        rows = self.per_root()
        return sum(r["f1"] for r in rows.values()) / len(rows) if rows else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "pairs": self.n,
            "dyads_found": self.found,
            "correct": self.correct,
            "accuracy": round(self.accuracy, 4),
            "coverage": round(self.coverage, 4),
            "macro_f1_found": round(self.macro_f1, 4),
            "type_accuracy_found": round(self.correct / self.found, 4) if self.found else 0.0,
            "per_root": {k: {m: round(v, 4) for m, v in r.items()} for k, r in self.per_root().items()},
        }


def parse_marked(marked: str) -> tuple[str, tuple[tuple[int, int], ...], tuple[tuple[int, int], ...]]:
    """Plain text and the source / target spans of a ``<s>…</s>`` / ``<t>…</t>`` marked sentence.

    PLV marks an actor more than once when the sentence repeats it, and leaves a side unmarked
    when it is implicit ("a recipient"): spans are tuples, either may be empty.
    """
    text_parts: list[str] = []
    opened: dict[str, int] = {}
    spans: dict[str, list[tuple[int, int]]] = {"s": [], "t": []}
    pos = length = 0
    for m in _MARK.finditer(marked):
        chunk = marked[pos:m.start()]
        text_parts.append(chunk)
        length += len(chunk)
        tag = m.group()
        name = tag.strip("</>")
        if tag.startswith("</"):
            if name not in opened:
                raise ValueError(f"{tag} without its opening mark: {marked[:80]!r}")
            spans[name].append((opened.pop(name), length))
        else:
            opened[name] = length
        pos = m.end()
    text_parts.append(marked[pos:])
    if opened or not (spans["s"] or spans["t"]):
        raise ValueError(f"needs closed <s>…</s> or <t>…</t> marks: {marked[:80]!r}")
    return "".join(text_parts), tuple(spans["s"]), tuple(spans["t"])


def read_plv(path: str | Path) -> list[PlvItem]:
    """Read a PLV TSV; a malformed file is an :class:`~reportedly.errors.InputError`."""
    p = Path(path)
    try:
        with p.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    except OSError as exc:
        raise InputError(str(p), f"cannot read: {exc.strerror or exc}") from None
    if not rows or not {"marked_sentence", "gold_root"} <= set(rows[0]):
        raise InputError(str(p), "not a PLV TSV (needs marked_sentence and gold_root columns)")
    items: list[PlvItem] = []
    for n, row in enumerate(rows, 2):
        try:
            text, src, tgt = parse_marked(row["marked_sentence"])
        except ValueError as exc:
            raise InputError(str(p), f"line {n}: {exc}") from None
        items.append(PlvItem(str(row.get("sentence_id") or n), text, src, tgt, row["gold_root"].strip().upper()))
    return items


def split_items(items: Sequence[PlvItem], split: str, every: int = 5) -> list[PlvItem]:
    """``all``, ``train`` or ``heldout`` (every ``every``-th pair, i.e. 20%).

    PLV_train.tsv is sorted by gold root, so a held-out tail would hold three roots only; taking
    every fifth pair keeps the held-out part stratified by root.
    """
    if split == "train":
        return [it for n, it in enumerate(items) if n % every != every - 1]
    if split == "heldout":
        return [it for n, it in enumerate(items) if n % every == every - 1]
    if split == "all":
        return list(items)
    raise ValueError(f"unknown split {split!r}: use all, train or heldout")


def _overlaps(span: Any, marks: tuple[tuple[int, int], ...]) -> bool:
    return span is not None and any(span.start < hi and lo < span.end for lo, hi in marks)


def root_of(plover: str) -> str:
    """The PLV root a PLOVER type counts as."""
    for root, types in ROOT_TYPES.items():
        if plover in types:
            return root
    return plover


def predict(item: PlvItem, events: Iterable[Event]) -> str | None:
    """The predicted root for the pair, or None when no event has the dyad."""
    hits = [e for e in events if (not item.source or _overlaps(e.actor1_span, item.source))
            and (not item.target or _overlaps(e.actor2_span, item.target))]
    if not hits:
        return None
    best = max(hits, key=lambda e: (e.confidence, -e.evidence.start))
    return root_of(best.plover)


def score(items: Sequence[PlvItem], events: Sequence[Sequence[Event]]) -> PlvScore:
    result = PlvScore()
    for item, evs in zip(items, events, strict=True):
        result.n += 1
        pred = predict(item, evs)
        if pred is None:
            continue
        result.found += 1
        result.pairs.append((item.root, pred))
        result.correct += pred == item.root
    return result


def code_items(items: Sequence[PlvItem], *, model: str | None = None, batch_size: int = 64) -> list[list[Event]]:
    """Run the pipeline over the plain sentences; the events of each."""
    from reportedly.nlp import DEFAULT_MODEL, load_pipeline

    nlp = load_pipeline(model or DEFAULT_MODEL)
    return [list(doc._.events) for doc in nlp.pipe((i.text for i in items), batch_size=batch_size)]


def evaluate(path: str | Path, *, split: str = "all", model: str | None = None) -> PlvScore:
    """Score the pipeline on a PLV file (or one split of it)."""
    items = split_items(read_plv(path), split)
    return score(items, code_items(items, model=model))


def confusion(result: PlvScore) -> Counter[tuple[str, str]]:
    return Counter(result.pairs)


__all__ = ["PlvItem", "PlvScore", "ROOT_TYPES", "code_items", "confusion", "evaluate", "parse_marked",
           "predict", "read_plv", "root_of", "score", "split_items"]
