"""Corpus exports read back: JSONL validates, tables hold every row, brat offsets match."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from reportedly import Corpus, validate_analysis
from reportedly.models import Analysis


@pytest.fixture()
def corpus(tmp_path: Path, example_analyses: list[Analysis]) -> Corpus:
    c = Corpus.open(tmp_path / "r.db")
    c.add_many(example_analyses)
    c.link_claims()
    return c


def test_jsonl_is_analysis_at_1(corpus: Corpus, tmp_path: Path, example_analyses: list[Analysis]) -> None:
    [path] = corpus.export("jsonl", tmp_path / "out.jsonl")
    lines = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == len(example_analyses)
    for data in lines:
        validate_analysis(data)
    assert sorted(d["article"]["id"] for d in lines) == sorted(a.article.id for a in example_analyses)


def test_csv_and_parquet_hold_every_row(corpus: Corpus, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    counts = corpus.counts()
    csv_files = {p.stem: p for p in corpus.export("csv", tmp_path / "csv")}
    pq_files = {p.stem: p for p in corpus.export("parquet", tmp_path / "pq")}
    for table in ("articles", "attributions", "actors", "claims", "inputs"):
        with csv_files[table].open(encoding="utf-8", newline="") as fh:
            assert sum(1 for _ in csv.reader(fh)) - 1 == counts[table]
        assert pq.read_table(pq_files[table]).num_rows == counts[table]
    tbl = pq.read_table(pq_files["attributions"]).to_pylist()
    assert {"content_text", "content_start", "speaker_name", "claim_id"} <= set(tbl[0])


def test_brat_offsets_match_the_text(corpus: Corpus, tmp_path: Path) -> None:
    files = corpus.export("brat", tmp_path / "brat")
    assert (tmp_path / "brat" / "annotation.conf") in files
    anns = sorted((tmp_path / "brat").glob("*.ann"))
    assert len(anns) == 5
    n_entities = 0
    for ann in anns:
        text = ann.with_suffix(".txt").read_text(encoding="utf-8")
        for line in ann.read_text(encoding="utf-8").splitlines():
            if not line.startswith("T"):
                continue
            _tid, label_offsets, shown = line.split("\t")
            _label, offsets = label_offsets.split(" ", 1)
            pieces = [text[int(s) : int(e)] for s, e in (frag.split() for frag in offsets.split(";"))]
            assert " ".join(pieces) == shown
            n_entities += 1
    assert n_entities >= corpus.counts()["attributions"] * 2


def test_events_tsv_has_header_and_one_line_per_event(corpus: Corpus, tmp_path: Path) -> None:
    from reportedly.corpus.exports import EVENT_COLUMNS

    [path] = corpus.export("events-tsv", tmp_path / "events.tsv")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t") == EVENT_COLUMNS
    assert len(lines) - 1 == corpus.counts()["events"]


def test_unknown_format_is_refused(corpus: Corpus, tmp_path: Path) -> None:
    from reportedly.errors import ConfigError

    with pytest.raises(ConfigError):
        corpus.export("xml", tmp_path / "x")
