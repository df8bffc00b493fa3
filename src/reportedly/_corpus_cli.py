"""Corpus commands of the ``reportedly`` CLI: thin shells over :class:`~reportedly.corpus.Corpus`.

Registered onto the main Typer app by :func:`register` (called from ``reportedly.cli``).
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from reportedly.errors import ReportedlyError

if TYPE_CHECKING:  # the store pulls in SQLAlchemy and SciPy: import it when a command runs
    from reportedly.corpus.ingest import IngestReport
    from reportedly.corpus.store import Corpus

out = Console()
err = Console(stderr=True)

DbOption = Annotated[
    str | None,
    typer.Option("--db", envvar="REPORTEDLY_DB", help="Corpus database: a file path (default reportedly.db) "
                 "or a URL (sqlite:///…, postgresql://user@host/db)."),
]


class Engine(StrEnum):
    local = "local"
    dask = "dask"


class View(StrEnum):
    table = "table"
    json = "json"


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    brat = "brat"
    events_tsv = "events-tsv"


def _open(db: str | None, *, create: bool = False) -> Corpus:
    from reportedly.corpus.store import Corpus

    try:
        return Corpus.open(db, create=create)
    except ReportedlyError as exc:
        err.print(f"[red]error[/red] {exc}", highlight=False)
        raise typer.Exit(2) from exc


def _json(rows: list[Any]) -> None:
    sys.stdout.write(json.dumps([r.to_dict() if hasattr(r, "to_dict") else r for r in rows],
                                ensure_ascii=False, indent=2) + "\n")


def _table(title: str | None, columns: list[str], rows: list[list[Any]]) -> None:
    table = Table(title=title, expand=True)
    for col in columns:
        table.add_column(col, overflow="fold", ratio=4 if col in ("content", "text", "reason") else 1)
    for row in rows:
        table.add_row(*["" if v is None else str(v) for v in row])
    out.print(table)


def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files and directories to ingest.")],
    db: DbOption = None,
    engine: Annotated[Engine, typer.Option("--engine", help="Where analysis runs.")] = Engine.local,
    scheduler: Annotated[str | None, typer.Option("--scheduler", help="Dask scheduler address "
                                                  "(tcp://host:8786); a LocalCluster when omitted.")] = None,
    processes: Annotated[int, typer.Option("--processes", "-p", help="Local worker processes "
                                           "(or LocalCluster workers); 0 = all cores.")] = 0,
    batch_size: Annotated[int, typer.Option("--batch-size", help="Articles per committed transaction.")] = 16,
    claims: Annotated[bool, typer.Option("--claims/--no-claims", help="Link cross-article claims after.")] = True,
    parquet: Annotated[Path | None, typer.Option("--parquet", help="With --engine dask: workers write "
                                                 "partitioned Parquet to this (shared) directory instead "
                                                 "of the store.")] = None,
) -> None:
    """Analyze articles into the corpus store (idempotent and resumable)."""
    from reportedly._analyze import default_processes

    n_proc = default_processes() if processes <= 0 else processes
    if parquet is not None:
        if engine is not Engine.dask:
            err.print("[red]error[/red] --parquet needs --engine dask", highlight=False)
            raise typer.Exit(2)
        from reportedly.distributed import analyze_to_parquet
        from reportedly.ingest import read_paths

        try:
            n = analyze_to_parquet(read_paths(paths), parquet, scheduler=scheduler, n_workers=n_proc)
        except ReportedlyError as exc:
            err.print(f"[red]error[/red] {exc}", highlight=False)
            raise typer.Exit(2) from exc
        err.print(f"wrote {n} analyses as Parquet partitions to {parquet}", highlight=False)
        return
    corpus = _open(db, create=True)
    from reportedly.corpus.ingest import count_inputs

    total = count_inputs(paths)
    progress = Progress(
        TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:.2f} articles/s"), TimeElapsedColumn(), TextColumn("ETA"),
        TimeRemainingColumn(), console=err, transient=False, disable=not err.is_terminal and total is None,
    )

    def update(report: IngestReport) -> None:
        progress.update(task, completed=report.done, rate=report.rate,
                        description=f"ingest ({report.stored} new, {report.skipped} known, {report.failed} failed)")

    with progress:
        task = progress.add_task("ingest", total=total, rate=0.0)
        try:
            report = corpus.ingest(paths, n_process=n_proc, engine=engine.value, scheduler=scheduler,
                                   batch_size=batch_size, progress=update, link_claims=claims)
        except ReportedlyError as exc:
            err.print(f"[red]error[/red] {exc}", highlight=False)
            raise typer.Exit(2) from exc
        finally:
            corpus.close()
    err.print(
        f"{report.stored} stored, {report.skipped} already stored, {report.failed} failed "
        f"({report.rate:.2f} articles/s, {report.rows} rows) into {corpus!r}"
        + (f"; {report.linked_claims} attributions linked into claims" if report.linked_claims else ""),
        highlight=False,
    )
    if report.failed:
        err.print("see the failures with: reportedly errors", highlight=False)
        raise typer.Exit(1 if report.stored + report.skipped else 2)


def errors(db: DbOption = None,
           format: Annotated[View, typer.Option("--format", "-f")] = View.table) -> None:
    """List inputs that failed to ingest, with the reason."""
    with _open(db) as corpus:
        rows = corpus.errors()
    if format is View.json:
        _json(rows)
        return
    if not rows:
        err.print("no failed inputs", highlight=False)
        return
    _table("failed inputs", ["source", "error", "reason", "attempts", "when"],
           [[r.source, r.error_type, r.reason, r.attempts, r.updated_at] for r in rows])


def claims(
    about: Annotated[str | None, typer.Option("--about", help="Full-text query over attributed content.")] = None,
    actor: Annotated[str | None, typer.Option("--actor", help="Only what this actor said.")] = None,
    groups: Annotated[bool, typer.Option("--groups", help="Show cross-article claim groups with "
                                         "agree/contradict links instead of single reports.")] = False,
    limit: Annotated[int, typer.Option("--limit", "-n")] = 50,
    db: DbOption = None,
    format: Annotated[View, typer.Option("--format", "-f")] = View.table,
) -> None:
    """Search claims (attributed statements) across the corpus."""
    with _open(db) as corpus:
        if groups:
            found = corpus.claim_groups(about, limit=limit)
            if format is View.json:
                _json(found)
                return
            for g in found:
                agree = sum(1 for link in g.links if link["relation"] == "agree")
                contra = len(g.links) - agree
                _table(f"claim {g.id}: {g.n_reports} reports in {g.n_articles} articles, {g.n_sources} sources, "
                       f"{g.n_dup_groups} independent texts; {agree} agree, {contra} contradict",
                       ["date", "speaker", "cue", "content", "stance"],
                       [[r.date, r.speaker, r.cue, r.content, r.stance] for r in g.reports])
            if not found:
                err.print("no claim reported more than once matches", highlight=False)
            return
        rows = corpus.claims(about, actor=actor, limit=limit)
    if format is View.json:
        _json(rows)
        return
    _table(f"{len(rows)} claims" + (f" about {about!r}" if about else ""),
           ["date", "speaker", "cue", "content", "stance", "article"],
           [[r.date, r.speaker or r.source, r.cue, r.content, r.stance, r.title or r.external_id or r.article_id] for r in rows])


def actor(
    name: Annotated[str, typer.Argument(help="Actor name (or registry id).")],
    limit: Annotated[int, typer.Option("--limit", "-n")] = 200,
    db: DbOption = None,
    format: Annotated[View, typer.Option("--format", "-f")] = View.table,
) -> None:
    """Show an actor and what it is reported to have said across articles."""
    with _open(db) as corpus:
        info = corpus.actor(name)
        if info is None:
            err.print(f"no actor named {name!r} in the corpus", highlight=False)
            raise typer.Exit(1)
        rows = corpus.actor_claims(info.id, limit=limit)
    if format is View.json:
        sys.stdout.write(json.dumps({"actor": info.to_dict(), "claims": [r.to_dict() for r in rows]},
                                    ensure_ascii=False, indent=2) + "\n")
        return
    out.print(f"[bold]{info.name}[/bold] ({info.type}): {info.n_statements} statements in "
              f"{info.n_articles} articles" + (f"; also named {', '.join(info.aliases[:8])}" if info.aliases else ""))
    _table(None, ["date", "speaker", "cue", "content", "stance", "article"],
           [[r.date, r.speaker, r.cue, r.content, r.stance, r.title or r.external_id or r.article_id] for r in rows])


def timeline(
    name: Annotated[str, typer.Argument(help="Actor name (or registry id).")],
    limit: Annotated[int, typer.Option("--limit", "-n")] = 500,
    db: DbOption = None,
    format: Annotated[View, typer.Option("--format", "-f")] = View.table,
) -> None:
    """An actor's statements and events across the corpus, in date order."""
    with _open(db) as corpus:
        rows = corpus.timeline(name, limit=limit)
    if format is View.json:
        _json(rows)
        return
    if not rows:
        err.print(f"nothing on record for {name!r}", highlight=False)
        raise typer.Exit(1)
    _table(f"timeline: {name}", ["date", "kind", "who / what", "text", "article"],
           [[r.date or "undated", r.kind, r.detail, r.text, r.title or r.external_id or r.article_id] for r in rows])


def export(
    format: Annotated[ExportFormat, typer.Option("--format", "-f", help="Export format.")],
    out_path: Annotated[Path, typer.Option("--out", "-o", help="Output file (jsonl, events-tsv) or "
                                           "directory (csv, parquet, brat).")],
    db: DbOption = None,
) -> None:
    """Export the corpus: JSONL (analysis@1), CSV/Parquet tables, brat standoff, events TSV."""
    with _open(db) as corpus:
        try:
            files = corpus.export(format.value, out_path)
        except ReportedlyError as exc:
            err.print(f"[red]error[/red] {exc}", highlight=False)
            raise typer.Exit(2) from exc
    err.print(f"wrote {len(files)} file(s) to {out_path}", highlight=False)


def register(app: typer.Typer) -> None:
    for fn in (ingest, errors, claims, actor, timeline, export):
        app.command(fn.__name__)(fn)


__all__ = ["register"]
