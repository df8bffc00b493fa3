"""The seed article through the shared scorer (skipped without ../shared)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from reportedly import analyze_file

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
SEED = SHARED / "seeds" / "cairo-talks-impasse.txt"
GOLD = SHARED / "gold" / "cairo-talks-impasse.gold.json"
SCORER = SHARED / "tools" / "score_seed.py"

pytestmark = [
    pytest.mark.shared,
    pytest.mark.skipif(not (SEED.exists() and GOLD.exists() and SCORER.exists()),
                       reason="needs ../shared (seed article, gold and score_seed.py)"),
]


def test_seed_core_events(tmp_path):
    analysis = analyze_file(SEED)
    out = tmp_path / "seed.json"
    out.write_text(json.dumps(analysis.to_dict()), encoding="utf-8")
    res = subprocess.run([sys.executable, str(SCORER), str(GOLD), str(out), "--json"],
                         capture_output=True, text=True, check=True)
    scores = json.loads(res.stdout)
    found, total = (int(x) for x in scores["core_events_found"].split("/"))
    assert found >= 7, scores
    assert scores["events_predicted"] <= 20, scores
    assert all(e.attribution is None or any(a.id == e.attribution for a in analysis.attributions)
               for e in analysis.events)
