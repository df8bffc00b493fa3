"""SIGKILL a real ``python -m reportedly ingest`` at several points; the store is never partial.

Each case kills the process at a different moment (while the pipeline loads, right after the
first commit, and later, between or inside batch transactions), checks the store's integrity
invariant on what survived (every stored article has exactly the rows of its stored analysis)
and runs the same ingest again: it must store only the rest, none twice.  The 20-rounds-in-a-row
figure comes from ``benchmarks/kill_resume.py --rounds 20``.
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from ._corpus import (
    check_store,
    env,
    ingest_cmd,
    kill,
    kill_and_resume,
    stored_articles,
    unlinked,
    write_corpus,
)

N = 16


@pytest.mark.parametrize(
    ("after", "delay"),
    [(0, 1.0), (1, 0.0), (7, 0.04)],
    ids=["while-loading", "at-first-commit", "later-batch"],
)
def test_sigkill_never_leaves_a_partial_article_and_resume_finishes(
    tmp_path: Path, after: int, delay: float
) -> None:
    result = kill_and_resume(tmp_path, n_articles=N, delay=delay, after=after)
    assert result["articles"] == N
    if after:
        # the kill landed mid-way: some articles were committed before it, the rest after
        assert result["mid_way"], result
    else:
        assert not result["finished_before_kill"], result


def test_killed_twice_then_resumed(tmp_path: Path) -> None:
    """The resumed run is killed too, then a third run (killed on a complete store) finishes cleanly."""
    second = kill_and_resume(tmp_path, n_articles=N, delay=0.02, after=3)
    third = kill_and_resume(tmp_path, n_articles=N, delay=0.5, after=0)
    assert second["mid_way"] and second["articles"] == third["articles"] == third["killed_at"] == N


def test_attributions_left_unlinked_are_linked_by_the_next_run(tmp_path: Path) -> None:
    """Claim linking runs after the last batch, in transactions of its own: a kill there rolls the
    slice in flight back, every article already stored; the next run stores nothing new and must
    still link what is left."""
    inputs = write_corpus(tmp_path / "in", 6)
    db = tmp_path / "r.db"
    # the state a kill during linking leaves: all articles committed, no attribution linked
    first = subprocess.run(ingest_cmd([inputs], db), env=env(), capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    assert unlinked(db) > 0
    again = subprocess.run(ingest_cmd([inputs], db, claims=True), env=env(), capture_output=True, text=True,
                           timeout=300)
    assert again.returncode == 0, again.stderr
    assert "0 stored, 6 already stored" in " ".join(again.stderr.split())
    assert unlinked(db) == 0
    check_store(db)


def test_sigkill_around_claim_linking_then_resume_links_everything(tmp_path: Path) -> None:
    """A real kill as soon as the last article is committed (during or just after linking)."""
    inputs = write_corpus(tmp_path / "in", 6)
    db = tmp_path / "r.db"
    cmd = ingest_cmd([inputs], db, "--batch-size", "2", claims=True)
    proc = subprocess.Popen(cmd, env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 300
        while stored_articles(db) < 6 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        kill(proc)
    check_store(db)
    again = subprocess.run(cmd, env=env(), capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert unlinked(db) == 0 and check_store(db)["articles"] == 6
