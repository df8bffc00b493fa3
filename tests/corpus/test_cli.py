"""The corpus commands end to end through the CLI (a real SQLite file)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reportedly.cli import app

from .conftest import DATA

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("cli") / "r.db"
    result = runner.invoke(app, ["ingest", str(DATA), "--db", str(path), "-p", "1"])
    assert result.exit_code == 0, result.output
    assert "5 stored, 0 already stored, 0 failed" in " ".join(result.output.split())
    return str(path)


def _json(args: list[str]) -> object:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_ingest_again_stores_nothing(db: str) -> None:
    result = runner.invoke(app, ["ingest", str(DATA), "--db", db, "-p", "1"])
    assert result.exit_code == 0 and "0 stored, 5 already stored" in " ".join(result.output.split())


def test_claims_actor_timeline(db: str) -> None:
    hits = _json(["claims", "--about", "wages", "--db", db, "-f", "json"])
    assert isinstance(hits, list) and hits and all("wage" in h["content"].lower() for h in hits)
    groups = _json(["claims", "--about", "wages", "--groups", "--db", db, "-f", "json"])
    assert isinstance(groups, list) and groups and groups[0]["n_reports"] >= 2
    actor = _json(["actor", "Whitcombe", "--db", db, "-f", "json"])
    assert isinstance(actor, dict) and actor["actor"]["name"] == "Dana Whitcombe" and actor["claims"]
    line = _json(["timeline", "Dana Whitcombe", "--db", db, "-f", "json"])
    assert isinstance(line, list) and {e["kind"] for e in line} >= {"statement"}
    table = runner.invoke(app, ["claims", "--about", "evacuated", "--db", db])
    assert table.exit_code == 0 and "Tomas" in table.output and "evacuated" in table.output
    missing = runner.invoke(app, ["actor", "Nobody Atall", "--db", db])
    assert missing.exit_code == 1


def test_errors_and_exports(db: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x00\x00")
    result = runner.invoke(app, ["ingest", str(bad), "--db", db])
    assert result.exit_code == 2
    errors = _json(["errors", "--db", db, "-f", "json"])
    assert isinstance(errors, list) and [Path(e["source"]).name for e in errors] == ["bad.txt"]
    for fmt, out in (("jsonl", "a.jsonl"), ("csv", "csv"), ("parquet", "pq"), ("brat", "brat"),
                     ("events-tsv", "ev.tsv")):
        result = runner.invoke(app, ["export", "--format", fmt, "--out", str(tmp_path / out), "--db", db])
        assert result.exit_code == 0, result.output
        assert (tmp_path / out).exists()
    assert len((tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines()) == 5


def test_missing_database_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["claims", "--about", "x", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2 and "no corpus database" in result.output
