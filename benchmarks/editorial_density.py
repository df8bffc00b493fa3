"""Precision guard for the editorial stage: editorial spans per 400 words on PolNeAR dev.

PolNeAR dev is mostly hard news, so the writer's-voice detector should stay quiet there: the
target is at most 1 editorial span per 400 words on average (mean over articles).

    PYTHONPATH=src python benchmarks/editorial_density.py [--shared ../shared] [--limit N] [--show]

Prints the mean and median density, the total count per category and, with --show, every span.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT / ".." / "shared")
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles")
    ap.add_argument("--show", action="store_true", help="print every editorial span")
    args = ap.parse_args(argv)
    text_dir = args.shared / "polnear" / "dev" / "text"
    if not text_dir.is_dir():
        print(f"PolNeAR dev texts not found under {text_dir}", file=sys.stderr)
        return 2

    from reportedly import analyze_text

    files = sorted(text_dir.glob("*.txt"))
    if args.limit:
        files = files[: args.limit]
    densities: list[float] = []
    categories: Counter[str] = Counter()
    words_total = spans_total = 0
    started = time.perf_counter()
    for path in files:
        text = path.read_text(encoding="utf-8")
        words = len(text.split())
        analysis = analyze_text(text, id=path.stem)
        n = len(analysis.editorial)
        words_total += words
        spans_total += n
        densities.append(n * 400 / max(words, 1))
        for ed in analysis.editorial:
            categories[ed.category] += 1
            if args.show:
                print(f"{path.stem[:40]:40s} {ed.category:18s} {ed.span.text[:100]!r}")
    elapsed = time.perf_counter() - started
    mean = statistics.mean(densities) if densities else 0.0
    print(f"articles                      {len(files)}")
    print(f"words                         {words_total}")
    print(f"editorial spans               {spans_total}")
    print(f"spans per 400 words (mean)    {mean:.3f}")
    print(f"spans per 400 words (median)  {statistics.median(densities) if densities else 0.0:.3f}")
    print(f"spans per 400 words (pooled)  {spans_total * 400 / max(words_total, 1):.3f}")
    print(f"articles over 1 per 400 words {sum(d > 1 for d in densities)}")
    print("by category                   " + ", ".join(f"{k}={v}" for k, v in categories.most_common()))
    print(f"target <= 1.0                 {'PASS' if mean <= 1.0 else 'FAIL'}")
    print(f"seconds                       {elapsed:.1f}")
    return 0 if mean <= 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
