"""CI quality gate: PolNeAR dev attribution scores may not fall > 0.01 below the committed baseline.

The baseline (benchmarks/baseline.json) is written by ``python benchmarks/quality_polnear.py
--update-baseline``.  Needs PolNeAR dev in ../shared (beside the repository); skipped otherwise.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEV = ROOT / ".." / "shared" / "polnear" / "dev"
BASELINE = ROOT / "benchmarks" / "baseline.json"
GATED = ("attribution.relation", "source.exact", "cue.exact", "content.exact", "content.token")
TOLERANCE = 0.01

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def dev_scores() -> dict:
    if not (DEV / "text").is_dir():
        pytest.skip(f"PolNeAR dev not found at {DEV.resolve()} (../shared is absent): quality gate not run")
    from reportedly.evaluation import evaluate_polnear

    return evaluate_polnear(DEV).to_dict()


def test_baseline_is_committed() -> None:
    data = json.loads(BASELINE.read_text(encoding="utf-8"))
    assert data["corpus"] == "polnear/dev"
    for measure in GATED:
        assert 0.0 < data["scores"][measure]["f1"] <= 1.0


@pytest.mark.parametrize("measure", GATED)
def test_dev_f1_not_below_baseline(dev_scores: dict, measure: str) -> None:
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))["scores"][measure]["f1"]
    got = dev_scores[measure]["f1"]
    assert got >= baseline - TOLERANCE, f"{measure} F1 {got:.4f} fell below baseline {baseline:.4f} - {TOLERANCE}"


def test_every_article_predicted(dev_scores: dict) -> None:
    assert dev_scores["missing_predictions"] == 0
    assert dev_scores["articles"] == 84
