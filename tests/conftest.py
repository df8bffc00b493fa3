"""Shared fixtures: the real spaCy pipeline (loaded once) and the ../shared data directory."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = (ROOT / ".." / "shared").resolve()
EXAMPLES = ROOT / "examples"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test saying why."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs ../shared ({path} not found): the project's shared data is not beside this checkout")
    return path


def spacy_only(nlp, text: str):
    """``text`` through the spaCy model alone (not the reportedly component), extensions cleared."""
    from reportedly._analyze import _parsed
    from reportedly.nlp.extensions import reset

    doc = _parsed(nlp, text)
    reset(doc)
    return doc


@pytest.fixture(scope="session")
def nlp():
    from reportedly.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def seed_text() -> str:
    return shared_path("seeds", "cairo-talks-impasse.txt").read_text(encoding="utf-8")
