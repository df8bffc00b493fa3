"""SIGKILL a real ``python -m reportedly ingest`` at several points; the store is never partial.

Each case kills the process at a different moment (while the pipeline loads, right after the
first commit, and later, between or inside batch transactions), checks the store's integrity
invariant on what survived (every stored article has exactly the rows of its stored analysis)
and runs the same ingest again: it must store only the rest, none twice.  The 20-rounds-in-a-row
figure comes from ``benchmarks/kill_resume.py --rounds 20``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ._corpus import kill_and_resume

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
