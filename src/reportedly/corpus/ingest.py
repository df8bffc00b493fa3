"""Batch ingest: read inputs, skip what is stored, analyse the rest in parallel, commit in batches.

Guarantees (tested with a real SIGKILL):

* idempotent: an article whose text hash is stored is neither analysed nor written again;
* resumable: each batch is one transaction holding whole articles, so a killed run loses at most
  the uncommitted batch, and the next run analyses only what is missing;
* one bad input never stops the batch: read and analysis failures are stored in ``inputs`` with
  their reason (``reportedly errors``) and the run goes on.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from reportedly._analyze import Result, analyze_articles
from reportedly.corpus import _writer
from reportedly.corpus._text import content_hash
from reportedly.corpus.tables import AttributionRow
from reportedly.errors import ConfigError, InputError, StoreError
from reportedly.ingest import expand_paths, read_paths, reader_for
from reportedly.models import Analysis, Article

if TYPE_CHECKING:
    from reportedly.corpus.store import Corpus


@dataclass(slots=True)
class IngestReport:
    """What one ingest run did."""

    read: int = 0
    stored: int = 0
    skipped: int = 0
    failed: int = 0
    rows: int = 0
    seconds: float = 0.0
    total: int | None = None
    linked_claims: int = 0

    @property
    def done(self) -> int:
        return self.stored + self.skipped + self.failed

    @property
    def rate(self) -> float:
        """Articles analysed and stored per second."""
        return self.stored / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["rate"] = round(self.rate, 3)
        return data


ProgressCallback = Callable[[IngestReport], None]

#: single-article formats: the number of files is the number of articles (for the progress total)
_ONE_PER_FILE = {".txt", ".text", ".html", ".htm", ".xhtml"}


def count_inputs(paths: Iterable[str | os.PathLike[str]]) -> int | None:
    """How many articles ``paths`` hold, when that is knowable without reading them."""
    n = 0
    for path in expand_paths(Path(p) for p in paths):
        reader = reader_for(path)
        if reader is None or not any(s in _ONE_PER_FILE for s in reader.suffixes):
            return None
        n += 1
    return n


def _rows(a: Analysis) -> int:
    return 1 + len(a.attributions) + len(a.actors) + len(a.events) + len(a.editorial) + len(a.relations)


def ingest_paths(corpus: Corpus, paths: Iterable[str | os.PathLike[str]], **options: Any) -> IngestReport:
    """Ingest ``paths`` into ``corpus`` (options as :meth:`Corpus.ingest`).

    A database that cannot be written (locked past the busy timeout, disk full, connection
    lost) stops the run with one :class:`StoreError`: the batch being written is rolled back
    whole, every batch committed before it stays, and the same command run again resumes.
    """
    try:
        return _ingest_paths(corpus, paths, **options)
    except OperationalError as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        hint = ""
        if "locked" in reason or "busy" in reason:
            hint = f" (another process holds a write lock; waited {_writer.busy_timeout():g}s: REPORTEDLY_BUSY_TIMEOUT)"
        raise StoreError(
            f"cannot write to {corpus!r}: {reason}{hint}; the batch in progress was not stored, "
            "the batches before it were; run the same ingest again to resume"
        ) from exc


def _ingest_paths(
    corpus: Corpus,
    paths: Iterable[str | os.PathLike[str]],
    *,
    n_process: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    batch_size: int = 16,
    model: str | None = None,
    progress: ProgressCallback | None = None,
    link_claims: bool = True,
) -> IngestReport:
    files = [Path(p) for p in paths]
    report = IngestReport(total=count_inputs(files))
    started = time.perf_counter()
    items = _unstored(corpus, read_paths(files), report, progress)
    results: Iterator[Result]
    if engine == "local":
        results = analyze_articles(items, model=model, n_process=max(1, n_process))
    elif engine == "dask":
        from reportedly.distributed import analyze_articles_dask

        results = analyze_articles_dask(items, scheduler=scheduler, n_workers=max(1, n_process), model=model)
    else:
        raise ConfigError(f"unknown engine {engine!r} (local or dask)")

    ok: list[tuple[Analysis, str | None]] = []
    failed: list[tuple[str, BaseException]] = []
    last_flush = time.perf_counter()

    def flush() -> None:
        nonlocal ok, failed, last_flush
        if ok or failed:
            try:
                with corpus.engine.begin() as conn:
                    if ok:
                        _writer.write_analyses(conn, ok)
                    for source, err in failed:
                        _writer.write_error(conn, source, err)
                stored = ok
            except OperationalError:
                raise  # the database itself is unavailable (locked, full, gone): no article's fault
            except SQLAlchemyError:
                # the database refused the batch (a value the backend cannot hold, a concurrent
                # writer got there first): one article per transaction, so only the bad one fails
                stored = _one_by_one(corpus, ok, failed)
            report.stored += len(stored)
            report.failed += len(failed)  # _one_by_one adds the articles the store refused
            report.rows += sum(_rows(a) for a, _ in stored)
            ok, failed = [], []
        last_flush = time.perf_counter()
        report.seconds = time.perf_counter() - started
        if progress is not None:
            progress(report)

    for result in results:
        if result.analysis is not None:
            ok.append((result.analysis, result.analysis.article.source_path or result.source))
        else:
            err = result.error or InputError(result.source, "unknown failure")
            failed.append((getattr(err, "source", None) or result.source, err))
        # a time bound too, so a slow stream still commits (and shows progress) regularly
        if len(ok) + len(failed) >= batch_size or time.perf_counter() - last_flush > 5.0:
            flush()
    flush()
    # also when nothing new was stored: a run killed while linking left its attributions unlinked
    if link_claims and (report.stored or _unlinked(corpus)):
        report.linked_claims = corpus.link_claims()
    report.seconds = time.perf_counter() - started
    return report


def _unlinked(corpus: Corpus) -> bool:
    with corpus.engine.connect() as conn:
        stmt = select(AttributionRow.pk).where(AttributionRow.claim_id.is_(None)).limit(1)
        return conn.scalar(stmt) is not None


def _one_by_one(
    corpus: Corpus, ok: list[tuple[Analysis, str | None]], failed: list[tuple[str, BaseException]]
) -> list[tuple[Analysis, str | None]]:
    stored = []
    for analysis, source in ok:
        try:
            with corpus.engine.begin() as conn:
                _writer.write_analyses(conn, [(analysis, source)])
            stored.append((analysis, source))
        except SQLAlchemyError as exc:
            src = source or analysis.article.id
            reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
            failed.append((src, StoreError(f"{src}: the store refused the article ({reason})")))
    for source, err in failed:
        with corpus.engine.begin() as conn:
            _writer.write_error(conn, source, err)
    return stored


def _unstored(
    corpus: Corpus,
    items: Iterable[Article | InputError],
    report: IngestReport,
    progress: ProgressCallback | None,
    chunk: int = 128,
) -> Iterator[Article | InputError]:
    """Pass on read errors and articles whose text is not stored yet (checked in chunks)."""
    buffer: list[Article | InputError] = []
    in_run: set[str] = set()  # texts met earlier in this run (stored when their batch commits)

    def drain() -> Iterator[Article | InputError]:
        hashes = {content_hash(i.text) for i in buffer if isinstance(i, Article)}
        known = corpus.known_ids(hashes)
        skipped: list[tuple[str, str]] = []
        for item in buffer:
            report.read += 1
            if isinstance(item, Article):
                h = content_hash(item.text)
                if h in known or h in in_run:
                    report.skipped += 1
                    if h in known:
                        skipped.append((item.source_path or item.id, h))
                    if progress is not None:
                        progress(report)
                    continue
                in_run.add(h)
            yield item
        buffer.clear()
        if skipped:
            with corpus.engine.begin() as conn:
                _writer.mark_known(conn, skipped)

    for item in items:
        buffer.append(item)
        if len(buffer) >= chunk:
            yield from drain()
    yield from drain()


__all__ = ["IngestReport", "ProgressCallback", "count_inputs", "ingest_paths"]
