"""A locked database and a full disk: one clear error, nothing partial, a clean resume.

Every case works on a real SQLite store built by a real ``python -m reportedly ingest`` and
checks the store's integrity invariant (``_corpus.check_store``) after the fault and after the
resume.  The CLI runs as a subprocess so its exit status and stderr are what a user sees.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from reportedly import Corpus
from reportedly.errors import StoreError

from ._corpus import check_store, env, ingest_cmd, write_corpus

NEW = {
    "bridge-reopens": "Officials in Varnley said the rebuilt bridge would reopen to traffic on Friday.\n\n"
                      "Engineer Petra Holm said the last load tests had gone well.\n",
    "water-safe": "The mayor of Kelmore said on Tuesday that tap water was safe to drink again.\n\n"
                  "Residents said they had waited a week for the announcement.\n",
}


def _run(cmd: list[str], extra_env: dict[str, str] | None = None, **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, env={**env(), **(extra_env or {})}, capture_output=True, text=True,
                          timeout=300, **kw)  # type: ignore[call-overload]


def _one_clear_line(stderr: str, *needles: str, opening: bool = False) -> None:
    """The failure is reported as one error message (rich may wrap it), never a traceback."""
    flat = " ".join(stderr.split())
    assert "Traceback" not in stderr and "│" not in stderr, stderr[-3000:]
    if opening and "error cannot open corpus database" in flat:
        return  # the disk was too full even for SQLite's WAL index: refused before any write
    assert "error cannot write to" in flat, flat[-1000:]
    for needle in needles:
        assert needle in flat, flat[-1000:]
    assert "run the same ingest again to resume" in flat


@pytest.fixture()
def store(tmp_path: Path) -> Path:
    """A store holding 6 articles, and a directory of 2 more waiting to be ingested."""
    db = tmp_path / "r.db"
    done = _run(ingest_cmd([write_corpus(tmp_path / "in", 6)], db))
    assert done.returncode == 0, done.stderr
    more = tmp_path / "more"
    more.mkdir()
    for stem, text in NEW.items():
        (more / f"{stem}.txt").write_text(text, encoding="utf-8")
    return db


@pytest.fixture()
def write_lock(store: Path) -> Iterator[sqlite3.Connection]:
    """Another connection holding the store's write lock (BEGIN EXCLUSIVE) until released."""
    con = sqlite3.connect(str(store), isolation_level=None, check_same_thread=False)
    con.execute("BEGIN EXCLUSIVE")
    try:
        yield con
    finally:
        if con.in_transaction:
            con.execute("ROLLBACK")
        con.close()


def _resume_and_check(db: Path, before: dict[str, object]) -> None:
    again = _run(ingest_cmd([db.parent / "more"], db))
    assert again.returncode == 0, again.stderr
    assert "2 stored, 0 already stored, 0 failed" in " ".join(again.stderr.split())
    after = check_store(db)
    assert after["externals"] == sorted([*before["externals"], *NEW])  # type: ignore[list-item]
    assert after["inputs_ok"] == 8


# ---------------------------------------------------------------------------------- locked store
def test_locked_store_gives_one_clear_error_then_resumes(store: Path, write_lock: sqlite3.Connection) -> None:
    before = check_store(store)  # WAL: readers still read while the lock is held
    started = time.monotonic()
    run = _run(ingest_cmd([store.parent / "more"], store), {"REPORTEDLY_BUSY_TIMEOUT": "1"})
    assert run.returncode == 2
    _one_clear_line(run.stderr, "database is locked", "another process holds a write lock", "waited 1s")
    assert time.monotonic() - started < 120  # bounded: 1 s of waiting, not 30 s per article
    write_lock.execute("ROLLBACK")
    assert check_store(store) == before  # nothing of the refused batch, no error rows for its articles
    with sqlite3.connect(str(store)) as con:
        assert con.execute("SELECT count(*) FROM inputs WHERE status = 'error'").fetchone()[0] == 0
    _resume_and_check(store, before)


def test_a_lock_released_within_the_busy_timeout_is_waited_for(
    store: Path, write_lock: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REPORTEDLY_BUSY_TIMEOUT", "60")
    before = check_store(store)
    release = threading.Timer(1.5, lambda: write_lock.execute("ROLLBACK"))
    started = time.monotonic()
    release.start()
    try:
        with Corpus.open(store) as corpus:
            report = corpus.ingest([store.parent / "more"], link_claims=False)
    finally:
        release.join()
    assert (report.stored, report.failed) == (2, 0)
    assert time.monotonic() - started >= 1.5
    assert check_store(store)["articles"] == before["articles"] + 2  # type: ignore[operator]


def test_locked_store_raises_store_error_from_the_api(
    store: Path, write_lock: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REPORTEDLY_BUSY_TIMEOUT", "0.5")
    before = check_store(store)
    with Corpus.open(store) as corpus, pytest.raises(StoreError, match="database is locked"):
        corpus.ingest([store.parent / "more"], link_claims=False)
    write_lock.execute("ROLLBACK")
    assert check_store(store) == before
    with Corpus.open(store) as corpus:
        assert corpus.ingest([store.parent / "more"], link_claims=False).stored == 2
        assert corpus.errors() == []


# ---------------------------------------------------------------------------------- full disk
def _fsize_limit(limit: int) -> None:
    # in the child, before exec: writes past ``limit`` bytes fail with EFBIG instead of the
    # process dying of SIGXFSZ (an ignored signal stays ignored across exec)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def test_file_size_limit_gives_one_clear_error_then_resumes(store: Path) -> None:
    """RLIMIT_FSIZE makes every write past a few KiB fail, as on a full disk (no root needed)."""
    before = check_store(store)
    with sqlite3.connect(str(store)) as con:  # start from an empty WAL so the limit bites on it
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    run = _run(ingest_cmd([store.parent / "more"], store, "--batch-size", "1"),
               {"PYTHONDONTWRITEBYTECODE": "1"}, preexec_fn=lambda: _fsize_limit(8192))
    assert run.returncode == 2, run.stderr[-2000:]
    _one_clear_line(run.stderr)
    assert check_store(store) == before
    _resume_and_check(store, before)


def test_full_filesystem_gives_one_clear_error_then_resumes(store: Path, tmp_path: Path) -> None:
    """A real full disk: a 2 MiB tmpfs (needs root and mount; skipped with the reason otherwise)."""
    mnt = tmp_path / f"tiny-{uuid.uuid4().hex[:6]}"
    mnt.mkdir()
    if not shutil.which("mount") or os.geteuid() != 0:
        pytest.skip("mounting a tiny tmpfs needs root and mount(8); the RLIMIT_FSIZE test covers this")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mnt)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tiny tmpfs here: {mounted.stderr.strip() or mounted.returncode}")
    try:
        db = mnt / "r.db"
        shutil.copy(store, db)  # the WAL was checkpointed into the file when the ingest closed
        shutil.copytree(store.parent / "more", mnt / "more")
        before = check_store(db)
        # fill the rest of the file system, leaving room for SQLite's WAL index but not the batch
        filler = mnt / "filler"
        free = shutil.disk_usage(mnt).free
        filler.write_bytes(b"\0" * max(0, free - 64 * 1024))
        run = _run(ingest_cmd([mnt / "more"], db, "--batch-size", "1"))
        assert run.returncode == 2, run.stderr[-2000:]
        _one_clear_line(run.stderr, opening=True)
        assert check_store(db) == before
        filler.unlink()  # space returns
        _resume_and_check(db, before)
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def test_the_integrity_check_catches_a_partial_article(store: Path) -> None:
    """The invariant the fault tests rely on is not vacuous: one missing attribution row fails it."""
    check_store(store)
    with sqlite3.connect(str(store)) as con:
        con.execute("DELETE FROM attributions WHERE pk = (SELECT min(pk) FROM attributions)")
    with pytest.raises(AssertionError, match="partial article"):
        check_store(store)
