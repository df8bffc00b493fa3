#!/usr/bin/env python
"""Learn where PolNeAR's annotators end a verb cue against the preposition after it.

    python training/learn_cue_shapes.py [--train ../shared/polnear/train] [--cache /tmp/parses]

For every gold cue of PolNeAR train headed by a verb with a preposition next to it, the shape of
the cue is counted per "lemma preposition object" and per "lemma preposition": ending just before it ("said | on Monday"), at it
("pointed to"), over its whole phrase ("said in a statement") or inside it.  A pair seen at least
``--min-count`` times whose commonest shape (not "inside") holds more than ``--min-share`` of them (a majority) is written
to src/reportedly/nlp/models/attribution_cue_shapes.json, which the decoder reads
(reportedly.nlp.attribution_spans.conventional_cue_end).  Only the gold spans and the pinned
parse are read, so the file is rebuilt exactly from the same data.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "training"))

from train_attribution import SHARED, parsed  # noqa: E402

from reportedly.evaluation import load_brat_gold  # noqa: E402
from reportedly.nlp import load_parser  # noqa: E402
from reportedly.nlp.attribution_spans import (  # noqa: E402
    CUE_SHAPES_PATH,
    TagSpan,
    cue_head,
    cue_phrase,
    cue_shape_keys,
)


def count_shapes(docs, golds) -> dict[str, Counter[str]]:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for doc, attrs in zip(docs, golds, strict=True):
        for attr in attrs:
            ranges = attr.get("cue") or []
            if not ranges:
                continue
            start, end = min(r[0] for r in ranges), max(r[1] for r in ranges)
            span = doc.char_span(start, end, alignment_mode="contract")
            toks = [t for t in span if not (t.is_punct or t.is_space)] if span is not None else []
            if not toks:
                continue
            cue = TagSpan("C", toks[0].i, toks[-1].i)
            head = cue_head(doc, cue)
            found = cue_phrase(doc, head, cue.end)
            if found is not None:
                prep, shape = found
                for key in cue_shape_keys(head, prep):
                    counts[key][shape] += 1
    return counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--train", type=Path, default=SHARED / "polnear" / "train")
    ap.add_argument("--cache", type=Path, default=None, help="parse cache directory (as train_attribution.py)")
    ap.add_argument("--out", type=Path, default=CUE_SHAPES_PATH)
    ap.add_argument("--min-count", type=int, default=8)
    ap.add_argument("--min-share", type=float, default=0.5, help="the commonest ending must hold more than this share")
    args = ap.parse_args()
    if not args.train.is_dir():
        sys.exit(f"no training data at {args.train} (expected PolNeAR train in brat form)")
    gold = load_brat_gold(args.train)
    names = sorted(gold)
    nlp = load_parser()
    docs = parsed(nlp, names, [gold[n][0] for n in names], args.cache)
    counts = count_shapes(docs, [gold[n][1] for n in names])
    shapes = {}
    for key, shape_counts in sorted(counts.items()):
        total = sum(shape_counts.values())
        shape, n = shape_counts.most_common(1)[0]
        if total >= args.min_count and n / total > args.min_share and shape != "part":
            shapes[key] = shape
    args.out.write_text(
        json.dumps({"min_count": args.min_count, "min_share": args.min_share, "shapes": shapes}, indent=0, sort_keys=True)
        + "\n"
    )
    print(f"{len(shapes)} cue shapes from {len(counts)} verb-preposition pairs -> {args.out}")


if __name__ == "__main__":
    main()
