#!/usr/bin/env python
"""Attribution quality on PolNeAR dev (or any brat directory), checked against the shared scorer.

    python benchmarks/quality_polnear.py                      # ../shared/polnear/dev
    python benchmarks/quality_polnear.py DIR [--out PRED_DIR] [--update-baseline]

Runs the pipeline through ``reportedly.evaluation.evaluate_polnear``, writes the predictions,
scores them with ``../shared/tools/score_attributions.py`` as well and stops if the two scorers
disagree.  ``--update-baseline`` records the figures in benchmarks/baseline.json, which the CI
quality gate (tests/nlp/test_quality_gate.py) compares against.
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import json
import sys
import tempfile
import time
from contextlib import redirect_stdout
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"
BASELINE = ROOT / "benchmarks" / "baseline.json"
sys.path.insert(0, str(ROOT / "src"))

from reportedly.evaluation import evaluate_polnear, format_scores  # noqa: E402


def shared_scores(gold: Path, pred: Path) -> dict:
    spec = importlib.util.spec_from_file_location("score_attributions", SHARED / "tools" / "score_attributions.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    buf = io.StringIO()
    with redirect_stdout(buf):
        module.main([str(gold), str(pred), "--json"])
    return json.loads(buf.getvalue())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("directory", nargs="?", type=Path, default=SHARED / "polnear" / "dev")
    ap.add_argument("--out", type=Path, default=None, help="keep the predictions here")
    ap.add_argument("--update-baseline", action="store_true")
    args = ap.parse_args(argv)
    out = args.out or Path(tempfile.mkdtemp(prefix="reportedly-polnear-"))
    t0 = time.perf_counter()
    scores = evaluate_polnear(args.directory, out_dir=out)
    elapsed = time.perf_counter() - t0
    print(format_scores(scores))
    print(f"predictions in {out} ({elapsed:.1f}s)")
    ours = scores.to_dict()
    if (SHARED / "tools" / "score_attributions.py").exists():
        theirs = shared_scores(args.directory, out)
        if theirs != ours:
            print("MISMATCH with the shared scorer:", json.dumps(theirs), file=sys.stderr)
            return 1
        print("shared scorer agrees on every measure")
    if args.update_baseline:
        name = args.directory.resolve().name
        BASELINE.write_text(json.dumps({"corpus": f"polnear/{name}", "scores": ours}, indent=2) + "\n")
        print(f"baseline written to {BASELINE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
