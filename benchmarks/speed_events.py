"""How much the events stage adds to the pipeline (target: <= 15%).

Usage: python benchmarks/speed_events.py [DIR_OF_TXT] [--repeat N]

Texts: PolNeAR dev (../shared/polnear/dev/text/*.txt) by default.  The shared machine is noisy, so
besides the two end-to-end timings (pipeline without / with events) it times the events
component alone on the already parsed Docs, and reports that as the overhead: events time over
the time of the pipeline without events (best of N each).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from reportedly.nlp import load_pipeline
from reportedly.nlp.events import EventCoder

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"


def _best(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
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
    base_nlp = load_pipeline(stages=("attribution", "speakers"))
    full_nlp = load_pipeline(stages=("attribution", "speakers", "events"))
    list(base_nlp.pipe(texts[:3]))
    list(full_nlp.pipe(texts[:3]))
    base = _best(lambda: list(base_nlp.pipe(texts, batch_size=16)), args.repeat)
    full = _best(lambda: list(full_nlp.pipe(texts, batch_size=16)), args.repeat)
    coder = EventCoder(base_nlp)
    events = float("inf")
    docs: list = []
    for _ in range(args.repeat):
        # fresh Docs each time: the first run creates actors, a repeat on the same Docs would not
        docs = list(base_nlp.pipe(texts, batch_size=16))
        t0 = time.perf_counter()
        for doc in docs:
            coder(doc)
        events = min(events, time.perf_counter() - t0)
    n_events = sum(len(d._.events) for d in docs)
    print(f"{len(texts)} articles, {sum(len(t) for t in texts)} chars, {n_events} events (best of {args.repeat})")
    print(f"pipeline without events     {base:.2f}s")
    print(f"pipeline with events        {full:.2f}s  (end to end, noisy on a shared machine)")
    print(f"events component alone      {events:.2f}s")
    print(f"events overhead             {100 * events / base:.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
