"""How much the events stage adds to the pipeline: attribution+speakers vs +events.

Usage: python benchmarks/speed_events.py [DIR_OF_TXT] [--repeat N]
Texts: PolNeAR dev (../shared/polnear/dev/text/*.txt) by default.  Prints seconds per stage set and
the overhead of events in percent (target: <= 15%).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from reportedly.nlp import load_pipeline

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"


def _time(stages: tuple[str, ...], texts: list[str], repeat: int) -> float:
    nlp = load_pipeline(stages=stages)
    list(nlp.pipe(texts[:3]))  # warm up
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=16):
            pass
        best = min(best, time.perf_counter() - t0)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("dir", nargs="?", default=str(SHARED / "polnear" / "dev" / "text"))
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    files = sorted(Path(args.dir).glob("*.txt"))
    if not files:
        print(f"skip: no .txt files in {args.dir}", file=sys.stderr)
        return 0
    texts = [f.read_text(encoding="utf-8") for f in files]
    base = _time(("attribution", "speakers"), texts, args.repeat)
    full = _time(("attribution", "speakers", "events"), texts, args.repeat)
    chars = sum(len(t) for t in texts)
    print(f"{len(texts)} articles, {chars} chars (best of {args.repeat})")
    print(f"attribution+speakers        {base:.2f}s")
    print(f"attribution+speakers+events {full:.2f}s")
    print(f"events overhead             {100 * (full - base) / base:.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
