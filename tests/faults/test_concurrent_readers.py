"""Readers during an ingest in another process see whole articles only, and counts that only grow.

A real ``python -m reportedly ingest`` (one article per transaction, so as many commits as
possible) writes while this process reads the same SQLite file three ways at once:

* direct SQL in one read transaction per check: the store's integrity invariant
  (``_corpus.check_connection``: every visible article has exactly its analysis's rows);
* :class:`reportedly.Corpus` (``counts()``) in a thread: counts never go down;
* the web app's JSON pages through FastAPI's TestClient: ``/index.json`` counts never go down
  and its attribution count always fits the articles it counts (one snapshot per request), every
  article ``/articles.json`` lists opens at ``/articles/{id}.json`` with as many attributions as
  listed.
"""

from __future__ import annotations

import sqlite3
import subprocess
import threading
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reportedly import Corpus

from ._corpus import check_connection, check_store, env, ingest_cmd, kill, stored_articles, write_corpus

N = 16


def _loop(stop: threading.Event, errors: list[BaseException], step: Callable[[], None]) -> Callable[[], None]:
    def run() -> None:
        while not stop.is_set():
            try:
                step()
            except BaseException as exc:  # noqa: BLE001 - reported by the test thread
                errors.append(exc)
                return
            time.sleep(0.01)
    return run


def test_readers_during_ingest_see_consistent_growing_data(tmp_path: Path) -> None:
    from reportedly.web import create_app

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    db = tmp_path / "r.db"
    proc = subprocess.Popen(ingest_cmd([write_corpus(tmp_path / "in", N)], db, "--batch-size", "1"),
                            env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    stop = threading.Event()
    errors: list[BaseException] = []
    seen: dict[str, list[Any]] = {"sql": [], "api": [], "web": []}
    try:
        deadline = time.monotonic() + 240
        while stored_articles(db) < 1 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert stored_articles(db) >= 1, "the ingest never committed"

        con = sqlite3.connect(str(db), isolation_level=None, check_same_thread=False)
        corpus = Corpus.open(db, create=False)
        client = TestClient(create_app(f"sqlite:///{db}"))

        def sql_step() -> None:
            summary = check_connection(con)  # raises AssertionError on a partial article
            seen["sql"].append((summary["articles"], summary["attributions"]))

        def api_step() -> None:
            c = corpus.counts()
            seen["api"].append((c["articles"], c["attributions"]))

        def web_step() -> None:
            overview = client.get("/index.json")
            assert overview.status_code == 200, overview.text
            counts = overview.json()["counts"]
            seen["web"].append((counts["articles"], counts["attributions"]))
            listing = client.get("/articles.json")
            assert listing.status_code == 200, listing.text
            for art in listing.json()["articles"][:4]:
                doc = client.get(f"/articles/{art['id']}.json")
                assert doc.status_code == 200, doc.text
                assert len(doc.json()["attributions"]) == art["n_attributions"]

        threads = [threading.Thread(target=_loop(stop, errors, step), daemon=True)
                   for step in (sql_step, api_step, web_step)]
        for t in threads:
            t.start()
        proc.wait(timeout=300)
    finally:
        stop.set()
        kill(proc)
    for t in threads:
        t.join(timeout=30)
    client.close()
    corpus.close()
    con.close()
    assert not errors, repr(errors[0])
    assert proc.returncode == 0, proc.stderr.read() if proc.stderr else ""

    final = check_store(db)
    assert final["articles"] == N
    with sqlite3.connect(str(db)) as c:
        per_article = [n for (n,) in c.execute("SELECT n_attributions FROM articles")]
    lo, hi = min(per_article), max(per_article)
    for name, pairs in seen.items():
        assert pairs, f"the {name} reader never ran"
        articles = [a for a, _ in pairs]
        attributions = [t for _, t in pairs]
        assert articles == sorted(articles) and attributions == sorted(attributions), f"{name}: counts went down"
    # one snapshot per check: attributions always belong to whole articles
    for a, t in seen["sql"] + seen["web"]:
        assert lo * a <= t <= hi * a, (a, t, lo, hi)
    # the readers really overlapped the writer: they saw the store part-way as well as complete
    assert min(a for a, _ in seen["sql"]) < N
