"""The PolNeAR scorer in reportedly.evaluation, and ``reportedly eval polnear`` on a tiny corpus."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from reportedly.cli import app
from reportedly.evaluation import (
    Scores,
    format_scores,
    load_brat_gold,
    prediction_ranges,
    score_article,
    score_prediction_dir,
)

TEXT = 'The mayor said that the bridge will reopen in May. "We are ready," the engineer added.'


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


GOLD = [
    {
        "source": [_span(TEXT, "The mayor")],
        "cue": [_span(TEXT, "said")],
        "content": [_span(TEXT, "that the bridge will reopen in May")],
    },
    {
        "source": [_span(TEXT, "the engineer")],
        "cue": [_span(TEXT, "added")],
        "content": [_span(TEXT, '"We are ready,"')],
    },
]


def test_perfect_prediction_scores_one() -> None:
    scores = Scores()
    score_article(TEXT, GOLD, GOLD, scores)
    data = scores.to_dict()
    for measure in ("attribution.relation", "attribution.strict", "source.exact", "cue.exact", "content.token"):
        assert data[measure]["f1"] == 1.0, measure


def test_edge_punctuation_does_not_count_for_exact_match() -> None:
    pred = [dict(GOLD[0], content=[_span(TEXT, "that the bridge will reopen in May.")])]
    scores = Scores()
    score_article(TEXT, GOLD[:1], pred, scores)
    assert scores.counts["content.exact"].tp == 1


def test_trimming_quirk_of_the_shared_scorer_is_kept() -> None:
    # the shared scorer leaves the right edge alone when it trimmed the left one
    pred = [dict(GOLD[1], content=[_span(TEXT, "We are ready")])]
    scores = Scores()
    score_article(TEXT, GOLD[1:], pred, scores)
    assert scores.counts["content.exact"].tp == 0
    assert scores.counts["attribution.relation"].tp == 1


def test_relation_needs_content_overlap_and_shared_cue() -> None:
    wrong_cue = [dict(GOLD[0], cue=[_span(TEXT, "added")])]
    half_content = [dict(GOLD[0], content=[_span(TEXT, "May")])]
    for pred in (wrong_cue, half_content):
        scores = Scores()
        score_article(TEXT, GOLD[:1], pred, scores)
        assert scores.counts["attribution.relation"].tp == 0
        assert scores.counts["attribution.relation"].fp == 1


def test_nested_predictions_are_skipped() -> None:
    data = {"attributions": [{"content": {"start": 0, "end": 3}, "nested_in": "A1"}]}
    assert prediction_ranges(data) == []


def _write_corpus(root: Path) -> None:
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    (root / "text" / "a1.txt").write_text(TEXT, encoding="utf-8")
    lines = []
    for n, attr in enumerate(GOLD):
        ids = []
        for k, role in enumerate(("source", "cue", "content")):
            s, e = attr[role][0]
            tid = f"T{n * 3 + k + 1}"
            ids.append(f"{role.capitalize()}:{tid}")
            lines.append(f"{tid}\t{role.capitalize()} {s} {e}\t{TEXT[s:e]}")
        lines.append(f"E{n + 1}\tAttribution:T0 " + " ".join(ids))
    (root / "attributions" / "a1_ann1.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_brat_reader_and_prediction_dir(tmp_path: Path) -> None:
    _write_corpus(tmp_path / "gold")
    gold = load_brat_gold(tmp_path / "gold")
    assert len(gold["a1"][1]) == 2
    pred_dir = tmp_path / "pred"
    pred_dir.mkdir()
    (pred_dir / "a1.json").write_text(
        json.dumps({"attributions": [{r: {"start": a[r][0][0], "end": a[r][0][1]} for r in a} for a in GOLD]})
    )
    scores = score_prediction_dir(tmp_path / "gold", pred_dir)
    assert scores.f1("attribution.relation") == 1.0
    assert "attribution.relation" in format_scores(scores)


def test_cli_eval_polnear_writes_predictions(tmp_path: Path) -> None:
    _write_corpus(tmp_path / "gold")
    result = CliRunner().invoke(app, ["eval", "polnear", str(tmp_path / "gold"), "--out", str(tmp_path / "pred")])
    assert result.exit_code == 0, result.output
    assert "attribution.relation" in result.output
    data = json.loads((tmp_path / "pred" / "a1.json").read_text(encoding="utf-8"))
    assert data["attributions"], "the pipeline found no attribution in two plain reported-speech sentences"


def test_cli_eval_polnear_missing_directory(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "polnear", str(tmp_path / "nope")])
    assert result.exit_code == 2
