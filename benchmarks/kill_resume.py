"""Kill-and-resume, N rounds in a row: SIGKILL a real ingest at a random moment, resume, check.

    python benchmarks/kill_resume.py --rounds 20            # the figure the project notes quote
    python benchmarks/kill_resume.py --rounds 5 --seed 7 --articles 24

Each round starts from an empty store and a small corpus of invented short articles
(tests/faults/_corpus.py), runs ``python -m reportedly ingest`` in a subprocess, and sends it
SIGKILL at a random moment: either a random time after start (often while the pipeline loads)
or a random delay after a random number of articles became visible to a reader (between or
inside batch transactions).  It then checks the store's integrity invariant on what survived
(every stored article has exactly the rows of its stored analysis@1 JSON, none twice), runs the
same ingest again, and checks that it stored exactly the rest.  A round passes when every check
holds.  Prints one line per round and ``kill_resume: P/N rounds passed``; exits 1 on any failure.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.faults._corpus import kill_and_resume  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--articles", type=int, default=16, help="articles per round's corpus")
    ap.add_argument("--batch-size", type=int, default=2)
    ap.add_argument("--seed", type=int, default=2026)
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    passed = mid_way = 0
    started = time.perf_counter()
    for i in range(1, args.rounds + 1):
        if rng.random() < 0.2:  # a kill while starting up or loading the pipeline, maybe mid-batch
            after, delay = 0, rng.uniform(0.5, 8.0)
        else:
            after, delay = rng.randint(1, args.articles // 2 + 2), rng.uniform(0.0, 0.2)
        t0 = time.perf_counter()
        with tempfile.TemporaryDirectory(prefix="kill-resume-") as tmp:
            try:
                r = kill_and_resume(Path(tmp), n_articles=args.articles, delay=delay, after=after,
                                    batch_size=args.batch_size)
            except AssertionError as exc:
                print(f"round {i:2d}: FAIL  kill after {after} articles + {delay:.2f}s: {exc}", flush=True)
                continue
        passed += 1
        mid_way += r["mid_way"]
        print(f"round {i:2d}: pass  kill after {after} articles + {delay:.2f}s -> {r['killed_at']} stored "
              f"when killed, {args.articles - r['killed_at']} by the resume, {r['attributions']} attributions "
              f"({time.perf_counter() - t0:.1f}s)", flush=True)
    print(f"kill_resume: {passed}/{args.rounds} rounds passed ({mid_way} killed mid-way with some articles "
          f"stored, seed {args.seed}, {time.perf_counter() - started:.0f}s)")
    return 0 if passed == args.rounds else 1


if __name__ == "__main__":
    sys.exit(main())
