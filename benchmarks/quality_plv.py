"""Event coder quality on PLV (../shared/plv/PLV_train.tsv), end to end, per split.

Usage: python benchmarks/quality_plv.py [FILE] [--errors N]

Prints accuracy (dyad and type right, over all pairs), coverage (dyad found) and macro-F1 over
roots where the dyad is found, for the tuning split (4 pairs in 5) and the held-out split (every
fifth pair, stratified by root because the file is sorted by root) separately.  Only errors of
the tuning split are ever printed (--errors).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from reportedly.plv import code_items, predict, read_plv, score, split_items

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("file", nargs="?", default=str(SHARED / "plv" / "PLV_train.tsv"))
    ap.add_argument("--errors", type=int, default=0, help="print N wrong pairs of the tuning split")
    args = ap.parse_args(argv)
    if not Path(args.file).exists():
        print(f"skip: {args.file} not found (needs ../shared)", file=sys.stderr)
        return 0
    items = read_plv(args.file)
    t0 = time.perf_counter()
    events = code_items(items)
    secs = time.perf_counter() - t0
    print(f"{len(items)} pairs coded in {secs:.1f}s")
    by_id = {it.id: ev for it, ev in zip(items, events, strict=True)}
    for split in ("train", "heldout", "all"):
        part = split_items(items, split)
        res = score(part, [by_id[i.id] for i in part])
        d = res.to_dict()
        print(f"{split:8s} n={d['pairs']:4d} accuracy={d['accuracy']:.3f} coverage={d['coverage']:.3f} "
              f"macro_f1_found={d['macro_f1_found']:.3f} type_acc_found={d['type_accuracy_found']:.3f}")
    res = score(items, events)
    print("per root (all):")
    for root, r in res.per_root().items():
        print(f"  {root:10s} P={r['precision']:.2f} R={r['recall']:.2f} F1={r['f1']:.2f} n={int(r['support'])}")
    if args.errors:
        shown = 0
        for it in split_items(items, "train"):
            pred = predict(it, by_id[it.id])
            if pred == it.root:
                continue
            evs = "; ".join(f"{e.plover}:{e.actor1_span.text if e.actor1_span else '-'}->"
                            f"{e.actor2_span.text if e.actor2_span else '-'}" for e in by_id[it.id])
            print(f"[{it.root} got {pred}] {it.text[:160]}\n   src={[it.text[a:b] for a, b in it.source]} "
                  f"tgt={[it.text[a:b] for a, b in it.target]}\n   events: {evs}")
            shown += 1
            if shown >= args.errors:
                break
    return 0


if __name__ == "__main__":
    sys.exit(main())
