"""Batch ingest: idempotent, resumable after SIGKILL, and failures recorded while the batch goes on."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from reportedly import Corpus

from ..faults._corpus import env as child_env
from ..faults._corpus import stored_articles
from .conftest import DATA, require_polnear


def _integrity(corpus: Corpus) -> None:
    """Every stored article has all its rows: the counts recorded with it match its child rows."""
    with corpus.engine.connect() as conn:
        from sqlalchemy import text

        bad = conn.execute(text(
            "SELECT a.id FROM articles a LEFT JOIN (SELECT article_id, count(*) AS n FROM attributions "
            "GROUP BY article_id) t ON t.article_id = a.id WHERE a.n_attributions != coalesce(t.n, 0)"
        )).all()
        dup = conn.execute(text(
            "SELECT external_id FROM articles GROUP BY external_id HAVING count(*) > 1")).all()
    assert bad == [] and dup == []


def test_ingest_twice_adds_nothing(db_url: str, tmp_path: Path) -> None:
    with Corpus.open(db_url) as corpus:
        first = corpus.ingest([DATA])
        counts = corpus.counts()
        assert (first.stored, first.skipped, first.failed) == (5, 0, 0)
        again = corpus.ingest([DATA])
        assert (again.stored, again.skipped) == (0, 5)
        assert corpus.counts() == counts
        assert counts["inputs"] == 5 and counts["errors"] == 0
        _integrity(corpus)
        # the same text in another file: not stored again, but the input is accounted for
        copy = tmp_path / "elsewhere.txt"
        shutil.copy(DATA / "valley-floods.txt", copy)
        third = corpus.ingest([copy])
        assert (third.stored, third.skipped) == (0, 1)
        after = corpus.counts()
        assert after["inputs"] == 6 and {k: v for k, v in after.items() if k != "inputs"} == \
            {k: v for k, v in counts.items() if k != "inputs"}
        assert corpus.ingest([copy, DATA]).stored == 0 and corpus.counts() == after


def test_a_corrupt_file_is_stored_as_an_error_and_the_rest_go_in(tmp_path: Path) -> None:
    polnear = require_polnear()
    inputs = tmp_path / "in"
    inputs.mkdir()
    for src in sorted(polnear.glob("*.txt"))[:6]:
        shutil.copy(src, inputs / src.name)
    (inputs / "corrupt.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    (inputs / "empty.txt").write_text("   \n\n", encoding="utf-8")
    with Corpus.open(tmp_path / "r.db") as corpus:
        report = corpus.ingest([inputs], batch_size=3)
        assert (report.stored, report.failed) == (6, 2)
        errors = {Path(e.source).name: e for e in corpus.errors()}
        assert set(errors) == {"corrupt.txt", "empty.txt"}
        assert errors["corrupt.txt"].error_type == "BinaryInputError" and errors["corrupt.txt"].reason
        assert corpus.counts()["articles"] == 6
        # fixed input: the next run stores it and clears the error
        (inputs / "empty.txt").write_text("Officials said the bridge would reopen on Friday.\n", encoding="utf-8")
        assert corpus.ingest([inputs]).stored == 1
        assert [Path(e.source).name for e in corpus.errors()] == ["corrupt.txt"]
        _integrity(corpus)


def test_polnear_dev_killed_mid_way_then_resumed_then_again(tmp_path: Path) -> None:
    """All 84 PolNeAR dev texts: SIGKILL after a few batches, resume, re-ingest: nothing lost or doubled."""
    polnear = require_polnear()
    n_files = len(list(polnear.glob("*.txt")))
    db = tmp_path / "polnear.db"
    env = child_env()
    cmd = [sys.executable, "-m", "reportedly", "ingest", str(polnear), "--db", str(db), "-p", "1",
           "--batch-size", "4", "--no-claims"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while stored_articles(db) < 8 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    killed_at = stored_articles(db)
    assert 8 <= killed_at < n_files, "the kill should land mid-way"

    rerun = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{n_files - killed_at} stored, {killed_at} already stored, 0 failed" in " ".join(rerun.stderr.split())
    with Corpus.open(db) as corpus:
        counts = corpus.counts()
        assert counts["articles"] == n_files and counts["errors"] == 0 and counts["inputs"] == n_files
        assert len({a.external_id for a in corpus.articles(limit=1000)}) == n_files
        _integrity(corpus)
        again = corpus.ingest([polnear], n_process=2, link_claims=False)  # as the runs above (--no-claims)
        assert (again.stored, again.skipped, again.failed) == (0, n_files, 0)
        assert corpus.counts() == counts


def test_an_article_the_database_refuses_fails_alone(pg_url: str, tmp_path: Path) -> None:
    """PostgreSQL cannot store NUL characters in text: that article is an error, its batch goes in.

    The readers refuse a NUL in an article's text before analysis, so the NUL rides in the title,
    which only the database sees."""
    import json

    records = [
        {"id": "ok-1", "text": "Officials said the bridge would reopen on Friday after repairs."},
        {"id": "nul", "title": "Budget\u0000 vote", "text": "The minister said the budget would pass next week."},
        {"id": "ok-2", "text": "Residents said the river rose quickly overnight in the valley."},
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    with Corpus.open(pg_url) as corpus:
        report = corpus.ingest([path])
        assert (report.stored, report.failed) == (2, 1)
        [error] = corpus.errors()
        assert error.source.endswith("#2") and error.error_type == "StoreError" and "refused" in (error.reason or "")
        assert sorted(a.external_id for a in corpus.articles()) == ["ok-1", "ok-2"]


def test_jsonl_records_keep_metadata_and_a_broken_line_is_one_error(tmp_path: Path) -> None:
    import json

    good = [
        {"id": "w-1", "text": "Officials said the bridge would reopen on Friday after repairs.",
         "published": "2031-02-03T10:00:00Z", "outlet": "Valley Post", "title": "Bridge to reopen"},
        {"id": "w-2", "text": "Residents said the river rose quickly overnight in the valley.",
         "published": "2031-02-04", "outlet": "River News"},
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps(good[0]) + "\n{not json\n" + json.dumps(good[1]) + "\n", encoding="utf-8")
    with Corpus.open(tmp_path / "r.db") as corpus:
        report = corpus.ingest([path])
        assert (report.stored, report.failed) == (2, 1)
        assert [e.source for e in corpus.errors()] == [f"{path}#2"]
        rows = {a.external_id: a for a in corpus.articles()}
        assert rows["w-1"].date == "2031-02-03" and rows["w-1"].outlet == "Valley Post"
        assert rows["w-1"].title == "Bridge to reopen" and rows["w-2"].date == "2031-02-04"
        assert {i.source for i in corpus.inputs() if i.status == "ok"} == {f"{path}#1", f"{path}#3"}
