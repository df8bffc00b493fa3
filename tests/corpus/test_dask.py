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
