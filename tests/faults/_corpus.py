"""Helpers shared by the fault tests and ``benchmarks/kill_resume.py``.

A small corpus of invented short news stories (a few sentences each, all names fictional) keeps
the NLP cheap, so the tests spend their time on faults, not on analysis.  ``check_store`` is the
integrity invariant every fault test asserts after the fault.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src"

_TOWNS = ["Varnley", "Ostrava Bay", "Kelmore", "Dunmarsh", "Pellam", "Rivenford", "Tarrow", "Lisk"]
_PEOPLE = [
    ("Mayor", "Ilse Brandvold"), ("Health minister", "Tomas Reyna"), ("Police chief", "Aaro Lindqvist"),
    ("Union leader", "Marta Quist"), ("Councillor", "Jonah Petrak"), ("Governor", "Selma Okafor"),
]
_TOPICS = [
    ("the new bridge", "would open to traffic next month", "the project had run over budget"),
    ("the water plant", "was safe after the repairs", "residents had not been warned in time"),
    ("the school budget", "protected teaching jobs", "class sizes would still grow"),
    ("the port strike", "would end by the weekend", "talks had stalled again on Tuesday"),
    ("the flood defences", "held during the storm", "two streets were still under water"),
    ("the bus contract", "would cut fares for students", "the tender had favoured one company"),
]


def make_articles(n: int) -> list[tuple[str, str]]:
    """``n`` distinct invented short articles as (file stem, text)."""
    out = []
    for i in range(n):
        town = _TOWNS[i % len(_TOWNS)]
        role, name = _PEOPLE[i % len(_PEOPLE)]
        other_role, other = _PEOPLE[(i + 2) % len(_PEOPLE)]
        topic, claim, doubt = _TOPICS[(i // 2) % len(_TOPICS)]
        title = f"{town} debates {topic} ({i + 1})"
        text = (
            f"{title}\n\n"
            f"{town.upper()}, March {1 + i % 27} - {role} {name} said on Monday that {topic} {claim}.\n\n"
            f'"We have done what we promised," {name.split()[-1]} told reporters in {town}.\n\n'
            f"{other_role} {other} said {doubt}, and called for an inquiry into case {1000 + i}.\n"
        )
        out.append((f"story-{i:03d}", text))
    return out


def write_corpus(directory: Path, n: int) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for stem, text in make_articles(n):
        (directory / f"{stem}.txt").write_text(text, encoding="utf-8")
    return directory


def ingest_cmd(paths: Sequence[Path], db: Path, *extra: str, claims: bool = False) -> list[str]:
    return [sys.executable, "-m", "reportedly", "ingest", *map(str, paths), "--db", str(db), "-p", "1",
            "--claims" if claims else "--no-claims", *extra]


def unlinked(db: Path) -> int:
    """Attributions not yet in a cross-article claim."""
    with sqlite3.connect(str(db)) as con:
        return int(con.execute("SELECT count(*) FROM attributions WHERE claim_id IS NULL").fetchone()[0])


def env() -> dict[str, str]:
    """The environment of a child ``python -m reportedly``: this checkout's sources first."""
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
            "COLUMNS": "200", "TERM": "dumb"}


def stored_articles(db: Path) -> int:
    """How many articles a reader sees now (0 while the store does not exist yet)."""
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return int(con.execute("SELECT count(*) FROM articles").fetchone()[0])
        finally:
            con.close()
    except sqlite3.Error:
        return 0


_CHILD_TABLES = {  # table -> the analysis@1 list its rows come from
    "attributions": "attributions",
    "article_actors": "actors",
    "events": "events",
    "editorial_spans": "editorial",
    "relations": "relations",
}


def check_connection(con: sqlite3.Connection) -> dict[str, Any]:
    """The store's integrity invariant, read in ONE read transaction (one snapshot).

    For every stored article: its rows in each child table are exactly the records of its stored
    ``analysis_json`` (same local ids), its ``n_attributions`` matches, each external id is
    stored once (the corpus has no changed texts) and each ok input points at a stored article.
    Returns a summary; raises AssertionError naming the first violation.
    """
    con.execute("BEGIN")
    try:
        rows = con.execute("SELECT id, external_id, n_attributions, analysis_json FROM articles").fetchall()
        children: dict[str, dict[str, list[str]]] = {}
        for table in _CHILD_TABLES:
            per: dict[str, list[str]] = {}
            for aid, local in con.execute(f"SELECT article_id, local_id FROM {table}"):
                per.setdefault(aid, []).append(local)
            children[table] = per
        orphans = con.execute(
            "SELECT count(*) FROM attributions WHERE article_id NOT IN (SELECT id FROM articles)").fetchone()[0]
        bad_inputs = con.execute(
            "SELECT source FROM inputs WHERE status = 'ok' AND article_id NOT IN (SELECT id FROM articles)"
        ).fetchall()
        n_inputs = con.execute("SELECT count(*) FROM inputs WHERE status = 'ok'").fetchone()[0]
    finally:
        con.execute("COMMIT")
    externals = [r[1] for r in rows]
    assert len(externals) == len(set(externals)), f"an article is stored twice: {sorted(externals)}"
    assert orphans == 0, f"{orphans} attribution rows without their article"
    assert not bad_inputs, f"inputs marked ok without a stored article: {bad_inputs}"
    n_attr = 0
    for aid, ext, n_attributions, data in rows:
        analysis = json.loads(data)
        for table, key in _CHILD_TABLES.items():
            want = sorted(r["id"] for r in analysis.get(key, []))
            got = sorted(children[table].get(aid, []))
            assert got == want, f"article {ext}: {table} rows {got} != analysis {key} {want} (partial article)"
        assert n_attributions == len(analysis["attributions"]), f"article {ext}: n_attributions is off"
        n_attr += n_attributions
    return {"articles": len(rows), "attributions": n_attr, "inputs_ok": n_inputs,
            "externals": sorted(externals)}


def check_store(db: Path) -> dict[str, Any]:
    con = sqlite3.connect(str(db), timeout=30, isolation_level=None)
    try:
        return check_connection(con)
    finally:
        con.close()


def kill(proc: subprocess.Popen[Any]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.wait()


def kill_and_resume(workdir: Path, *, n_articles: int, delay: float, after: int = 1,
                    batch_size: int = 2, timeout: float = 300.0) -> dict[str, Any]:
    """One round: start a real ingest, SIGKILL it, run it again, check the store.

    The kill comes ``delay`` seconds after ``after`` committed articles are visible to a reader,
    or ``delay`` seconds after the process started when ``after`` is 0 (it may then die while
    loading the pipeline, before any write).
    Returns what happened; raises AssertionError when the store is partial, an article is
    stored twice, or the resumed run does not finish the rest.
    """
    import time

    inputs = workdir / "in"
    if not inputs.exists():
        write_corpus(inputs, n_articles)
    db = workdir / "r.db"
    cmd = ingest_cmd([inputs], db, "--batch-size", str(batch_size))
    proc = subprocess.Popen(cmd, env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + timeout
        if after > 0:
            while stored_articles(db) < after and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.02)
        time.sleep(delay)
    finally:
        finished_first = proc.poll() is not None
        kill(proc)
    killed = check_store(db) if db.exists() else {"articles": 0, "externals": []}
    k = killed["articles"]
    rerun = subprocess.run(cmd, env=env(), capture_output=True, text=True, timeout=timeout)
    assert rerun.returncode == 0, f"resume failed ({rerun.returncode}): {rerun.stderr[-2000:]}"
    said = " ".join(rerun.stderr.split())
    want = f"{n_articles - k} stored, {k} already stored, 0 failed"
    assert want in said, f"resume should say {want!r}, said: {said[-400:]}"
    final = check_store(db)
    expected = sorted(stem for stem, _ in make_articles(n_articles))
    assert final["externals"] == expected, "after resume every article is stored exactly once"
    assert final["inputs_ok"] == n_articles
    return {"killed_at": k, "mid_way": 0 < k < n_articles, "finished_before_kill": finished_first,
            "articles": final["articles"], "attributions": final["attributions"]}
