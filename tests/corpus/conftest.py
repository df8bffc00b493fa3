"""Fixtures for the corpus store tests: real SQLite files in tmp dirs, and a real PostgreSQL
server when ``REPORTEDLY_TEST_PG_URL`` names one (``.ci/run`` starts one on loopback)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from reportedly.models import Analysis

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
POLNEAR_DEV = SHARED / "polnear" / "dev" / "text"
PG_URL = os.environ.get("REPORTEDLY_TEST_PG_URL", "")


def pg_skip_reason() -> str | None:
    if not PG_URL:
        return ("no PostgreSQL server: set REPORTEDLY_TEST_PG_URL (.ci/run starts one with .ci/postgres.sh; "
                "it could not start here)")
    try:
        import psycopg  # noqa: F401
    except ModuleNotFoundError:
        return "psycopg is not installed (pip install 'reportedly[postgres]')"
    return None


@pytest.fixture(scope="session")
def example_analyses() -> list[Analysis]:
    """Our own fictional example articles, analysed once per session with the real pipeline."""
    from reportedly import analyze_file

    return [analyze_file(p) for p in sorted(DATA.glob("*.txt"))]


@pytest.fixture()
def pg_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database on the test server, dropped afterwards."""
    reason = pg_skip_reason()
    if reason:
        pytest.skip(reason)
    import psycopg

    name = f"rt_{uuid.uuid4().hex[:12]}"
    admin = PG_URL.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = admin.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each store test runs on a SQLite file and on PostgreSQL."""
    if request.param == "sqlite":
        return str(tmp_path / "reportedly.db")
    return str(request.getfixturevalue("pg_url"))


def require_polnear() -> Path:
    if not POLNEAR_DEV.is_dir():
        pytest.skip(f"PolNeAR dev texts not found at {POLNEAR_DEV} (../shared is absent)")
    return POLNEAR_DEV
