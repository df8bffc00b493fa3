"""The Dask engine: ``reportedly ingest … --engine dask [--scheduler ADDRESS]``.

The same analysis as the local engine (``reportedly._analyze.analyze_article``) runs on Dask
workers; each worker process loads the spaCy pipeline once (``load_pipeline`` is cached per
process, and a worker plugin warms it at start) and keeps it for every task.  Without an address
a ``LocalCluster`` of ``n_workers`` single-threaded processes is started; with one, the client
connects to that scheduler (see docs/corpus.md for running on a real cluster).

Results come back to the caller, which writes them to the store in batches, so the store keeps
its single-writer transactions; :func:`analyze_to_parquet` instead writes partitioned Parquet
on the workers (for clusters whose workers cannot reach the database).

Needs the optional extra: ``pip install 'reportedly[dask]'``.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from reportedly._analyze import Result, _pipeline, _safe
from reportedly.errors import ConfigError, InputError
from reportedly.models import Article

try:  # the plugin base class, when the optional extra is installed
    from distributed.diagnostics.plugin import WorkerPlugin as _PluginBase
except ModuleNotFoundError:  # pragma: no cover - exercised only without the extra
    _PluginBase = object  # type: ignore[assignment,misc]


def _require_dask() -> Any:
    try:
        import distributed
    except ModuleNotFoundError as exc:
        raise ConfigError("the dask engine needs the optional extra: pip install 'reportedly[dask]'") from exc
    return distributed


class _WarmPipeline(_PluginBase):  # type: ignore[misc,valid-type]
    """Worker plugin: load the pipeline when a worker starts, not inside the first task."""

    name = "reportedly-pipeline"

    def __init__(self, model: str | None) -> None:
        self.model = model

    idempotent = True

    def setup(self, worker: Any) -> None:
        _pipeline(self.model)


def _analyze_batch(batch: list[Article], model: str | None) -> list[Result]:
    return [_safe(article, model) for article in batch]


def client_for(scheduler: str | None, n_workers: int) -> tuple[Any, Any]:
    """A Dask client (and the LocalCluster it owns, or None) for ``scheduler``."""
    distributed = _require_dask()
    if scheduler:
        return distributed.Client(scheduler), None
    cluster = distributed.LocalCluster(
        n_workers=n_workers, threads_per_worker=1, processes=True, dashboard_address=None,
        silence_logs=40,  # logging.ERROR: keep the progress bar readable
    )
    return distributed.Client(cluster), cluster


def analyze_articles_dask(
    items: Iterable[Article | InputError],
    *,
    scheduler: str | None = None,
    n_workers: int = 2,
    model: str | None = None,
    batch_size: int = 4,
    window: int | None = None,
) -> Iterator[Result]:
    """Analyse articles on a Dask cluster; read failures pass through as error results.

    Tasks are small batches of articles, at most ``window`` in flight so memory stays bounded
    however long the input is; results are yielded in input order.
    """
    distributed = _require_dask()
    client, cluster = client_for(scheduler, n_workers)
    try:
        client.register_plugin(_WarmPipeline(model))
        n = max(1, len(client.scheduler_info().get("workers", {})) or n_workers)
        limit = window or n * 3
        pending: deque[Any] = deque()
        batch: list[Article] = []

        def submit() -> None:
            nonlocal batch
            if batch:
                pending.append(client.submit(_analyze_batch, batch, model, pure=False))
                batch = []

        for item in items:
            if isinstance(item, InputError):
                pending.append([Result(item.source, error=item)])
                continue
            batch.append(item)
            if len(batch) >= batch_size:
                submit()
            while len(pending) > limit:
                yield from _take(pending.popleft())
        submit()
        while pending:
            yield from _take(pending.popleft())
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    del distributed


def _take(item: Any) -> list[Result]:
    if isinstance(item, list):
        return item
    results: list[Result] = item.result()
    return results


def _write_partition(batch: list[Article], model: str | None, out: str, index: int) -> int:
    import json

    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = []
    for result in _analyze_batch(batch, model):
        rows.append({
            "source": result.source,
            "article_id": result.analysis.article.id if result.analysis else None,
            "analysis_json": json.dumps(result.analysis.to_dict(), ensure_ascii=False) if result.analysis else None,
            "error": str(result.error) if result.error else None,
        })
    Path(out).mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist(rows), Path(out) / f"part-{index:06d}.parquet")
    return len(rows)


def analyze_to_parquet(
    items: Iterable[Article | InputError],
    out: str | Path,
    *,
    scheduler: str | None = None,
    n_workers: int = 2,
    model: str | None = None,
    partition_size: int = 200,
) -> int:
    """Analyse on Dask and write partitioned Parquet (``part-NNNNNN.parquet``) from the workers.

    ``out`` must be a path every worker can write (a shared file system). Returns rows written.
    """
    _require_dask()
    client, cluster = client_for(scheduler, n_workers)
    try:
        client.register_plugin(_WarmPipeline(model))
        futures, batch, index = [], [], 0
        for item in items:
            if isinstance(item, InputError):
                continue
            batch.append(item)
            if len(batch) >= partition_size:
                futures.append(client.submit(_write_partition, batch, model, str(out), index, pure=False))
                batch, index = [], index + 1
        if batch:
            futures.append(client.submit(_write_partition, batch, model, str(out), index, pure=False))
        return sum(f.result() for f in futures)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


__all__ = ["analyze_articles_dask", "analyze_to_parquet", "client_for"]
