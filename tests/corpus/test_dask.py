"""The Dask engine gives the same attributions as the local engine."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reportedly import Corpus

from .conftest import DATA, POLNEAR_DEV

pytest.importorskip("distributed", reason="dask[distributed] is not installed (pip install 'reportedly[dask]')")


def _attributions(corpus: Corpus) -> set[tuple[object, ...]]:
    out = set()
    for analysis in corpus.iter_analyses():
        for t in analysis.attributions:
            out.add((analysis.article.id, t.id, t.content.start, t.content.end,
                     t.cue.start if t.cue else None, t.source.start if t.source else None, t.stance, t.speaker))
    return out


def test_dask_engine_matches_local(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    shutil.copytree(DATA, inputs)
    if POLNEAR_DEV.is_dir():
        for src in sorted(POLNEAR_DEV.glob("*.txt"))[:7]:
            shutil.copy(src, inputs / src.name)
    (inputs / "broken.txt").write_bytes(b"\x00\x01\x02 binary")
    with Corpus.open(tmp_path / "local.db") as local, Corpus.open(tmp_path / "dask.db") as dask:
        rl = local.ingest([inputs], n_process=1)
        rd = dask.ingest([inputs], engine="dask", n_process=2)
        assert (rd.stored, rd.failed) == (rl.stored, rl.failed) and rl.failed == 1
        a, b = _attributions(local), _attributions(dask)
        assert a and a == b
        assert local.counts() == dask.counts()
        assert [e.source for e in dask.errors()] == [e.source for e in local.errors()]


def test_scheduler_address_and_partitioned_parquet(tmp_path: Path) -> None:
    """A cluster reached by address (as on a real cluster); workers write Parquet partitions."""
    import json

    import pyarrow.parquet as pq
    from distributed import LocalCluster

    from reportedly.distributed import analyze_to_parquet
    from reportedly.ingest import read_paths

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with Corpus.open(tmp_path / "r.db") as corpus:
            report = corpus.ingest([DATA], engine="dask", scheduler=cluster.scheduler_address)
            assert report.stored == 5
        n = analyze_to_parquet(read_paths([DATA]), tmp_path / "parts", scheduler=cluster.scheduler_address,
                               partition_size=2)
    assert n == 5
    parts = sorted((tmp_path / "parts").glob("part-*.parquet"))
    assert len(parts) == 3
    rows = [r for p in parts for r in pq.read_table(p).to_pylist()]
    ids = sorted(json.loads(r["analysis_json"])["article"]["id"] for r in rows)
    assert ids == sorted(p.stem for p in DATA.glob("*.txt"))


def test_cli_parquet_output_needs_the_dask_engine(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from reportedly.cli import app

    result = CliRunner().invoke(app, ["ingest", str(DATA), "--parquet", str(tmp_path / "p")])
    assert result.exit_code == 2 and "--engine dask" in result.output
