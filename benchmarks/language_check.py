"""How often the language check would wrongly skip real English news.

    python benchmarks/language_check.py

Runs reportedly.ingest.guess_language over every PolNeAR article (train and dev), the seed
article, the bundled examples and the PLV sentences in ../shared, and prints how many were
judged English, too short to judge, or another language (a wrong skip). Needs ../shared beside
the repository; prints a note and exits 0 without it.
"""

from __future__ import annotations

import csv
import sys
import time
from collections import Counter
from pathlib import Path

from reportedly.ingest import guess_language

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"


def main() -> int:
    if not SHARED.exists():
        print(f"skipped: {SHARED.resolve()} not found (the project's shared data is not beside this checkout)")
        return 0
    files = sorted((SHARED / "polnear").glob("*/text/*")) + sorted((SHARED / "seeds").glob("*.txt"))
    files += sorted((ROOT / "examples").glob("*.txt"))
    start = time.perf_counter()
    counts: Counter[str] = Counter()
    wrong = []
    for path in files:
        guess = guess_language(path.read_text(encoding="utf-8"))
        counts[guess.code or "too short to tell"] += 1
        if guess.code not in (None, "en"):
            wrong.append(f"{path.name}: {guess.name} ({guess.reason})")
    took = time.perf_counter() - start
    print(f"articles: {len(files)}  {dict(counts)}  wrongly skipped: {len(wrong)}  ({took:.2f} s, "
          f"{1000 * took / max(1, len(files)):.1f} ms each)")
    for line in wrong:
        print("  ", line)
    plv = SHARED / "plv" / "PLV_train.tsv"
    if plv.exists():
        with plv.open(encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh, delimiter="\t"))
        sents: Counter[str] = Counter(guess_language(r["sentence"]).code or "too short to tell" for r in rows)
        bad = sum(n for code, n in sents.items() if code not in ("en", "too short to tell"))
        print(f"PLV sentences: {len(rows)}  {dict(sents)}  wrongly skipped: {bad}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
