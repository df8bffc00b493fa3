"""The analysis@1 contract: schema validation, span integrity, seed attribution recall."""

from __future__ import annotations

import copy
import json
import subprocess
import sys

import pytest

from reportedly import SCHEMA_ID, analyze_file, analyze_text, validate_analysis
from reportedly.errors import SchemaError
from reportedly.models import Analysis

from .conftest import EXAMPLES, shared_path


def test_example_analyses_validate():
    for path in sorted(EXAMPLES.glob("*.txt")):
        data = analyze_file(path).to_dict()
        assert data["schema"] == SCHEMA_ID
        validate_analysis(data)
        assert data["attributions"], f"{path.name}: no attributions found"


def test_round_trip_through_models():
    analysis = analyze_text('"We will not sign," the minister said. Officials told reporters that talks had stalled.')
    data = analysis.to_dict()
    again = Analysis.from_dict(json.loads(json.dumps(data))).to_dict()
    assert again == data


def test_validator_rejects_a_span_that_does_not_match_the_text():
    data = analyze_text("The mayor said that the bridge would reopen in May.").to_dict()
    validate_analysis(data)
    broken = copy.deepcopy(data)
    broken["attributions"][0]["content"]["text"] = "something else"
    with pytest.raises(SchemaError, match="span text"):
        validate_analysis(broken)
    broken = copy.deepcopy(data)
    broken["attributions"][0]["kind"] = "rumour"
    with pytest.raises(SchemaError):
        validate_analysis(broken)


def test_empty_sections_are_lists_not_invented_content():
    data = analyze_text("The bridge reopened in May after repairs.").to_dict()
    validate_analysis(data)
    assert data["attributions"] == []
    for key in ("actors", "events", "editorial", "relations"):
        assert isinstance(data[key], list)


def test_seed_through_the_cli_validates_and_finds_attributions(tmp_path):
    seed = shared_path("seeds", "cairo-talks-impasse.txt")
    gold = shared_path("gold", "cairo-talks-impasse.gold.json")
    scorer = shared_path("tools", "score_seed.py")
    proc = subprocess.run(
        [sys.executable, "-m", "reportedly", "analyze", str(seed), "--format", "json"],
        capture_output=True, text=True, check=True,
    )
    data = json.loads(proc.stdout)
    validate_analysis(data)
    assert data["article"]["text"] == seed.read_text(encoding="utf-8")
    out = tmp_path / "seed.json"
    out.write_text(proc.stdout, encoding="utf-8")
    score = subprocess.run(
        [sys.executable, str(scorer), str(gold), str(out), "--json"], capture_output=True, text=True, check=True
    )
    found, total = json.loads(score.stdout)["attributions_found"].split("/")
    assert int(found) >= 10, score.stdout
    assert int(total) == 19
