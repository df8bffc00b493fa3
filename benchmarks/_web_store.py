"""Build the web benchmarks' store: the 84 PolNeAR dev articles (with their outlet, date and
title from ``metadata.tsv``) plus the seed article, analysed and stored in a SQLite corpus.

Shared by ``web_pages.py`` and ``load_web.py``; the data is read from ../shared, never copied.
"""

from __future__ import annotations

import csv
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"
DEV = SHARED / "polnear" / "dev" / "text"
SEED = SHARED / "seeds" / "cairo-talks-impasse.txt"


def shared_ok() -> bool:
    return DEV.is_dir() and SEED.is_file()


def _metadata() -> dict[str, dict[str, str]]:
    path = SHARED / "polnear" / "metadata.tsv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["filename"]: row for row in csv.DictReader(fh, delimiter="\t")}


def build_store(db: Path, *, processes: int = 2) -> dict[str, float]:
    """Analyse and store the articles (skipped when ``db`` already holds them)."""
    from reportedly._analyze import analyze_articles
    from reportedly.corpus import Corpus
    from reportedly.ingest import read_path
    from reportedly.models import Article

    with Corpus.open(db) as corpus:
        if corpus.counts().get("articles", 0) >= 85:
            return {"articles": corpus.counts()["articles"], "seconds": 0.0}
    meta = _metadata()
    articles: list[Article] = []
    for path in [*sorted(DEV.glob("*.txt")), SEED]:
        for item in read_path(path):
            if not isinstance(item, Article):
                print(f"skipped {path.name}: {item}", file=sys.stderr)
                continue
            row = meta.get(path.stem)
            if row:
                item.outlet = row.get("publisher") or None
                item.published = row.get("publication_date") or None
                item.title = row.get("title") or item.title
            articles.append(item)
    started = time.perf_counter()
    with Corpus.open(db) as corpus:
        batch = []
        for result in analyze_articles(articles, n_process=processes):
            if result.analysis is None:
                corpus.record_error(result.source, result.error or "unknown error")
                continue
            batch.append((result.analysis, result.source))
            if len(batch) >= 16:
                corpus.add_many(batch)
                batch = []
        if batch:
            corpus.add_many(batch)
        corpus.link_claims()
        n = corpus.counts()["articles"]
    return {"articles": n, "seconds": round(time.perf_counter() - started, 1)}


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "out/web-bench.db")
    print(build_store(target))
