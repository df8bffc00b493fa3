"""The ``reportedly`` command line: each command is a thin call into the public API."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from reportedly import __version__
from reportedly._analyze import Result, analyze_articles, default_processes
from reportedly.errors import InputError, ReportedlyError
from reportedly.exports import EVENT_COLUMNS, plover_records, write_events_tsv
from reportedly.ingest import article_from_text, expand_paths, read_paths
from reportedly.ingest._base import decode_bytes
from reportedly.models import Analysis, Article

app = typer.Typer(
    help="reportedly: who said what, about whom, according to whom — from news text.",
    no_args_is_help=True,
    add_completion=False,
)
out_console = Console()
err_console = Console(stderr=True)


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    events_tsv = "events-tsv"
    plover_json = "plover-json"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"reportedly {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")] = False,
) -> None:
    """reportedly turns news text into source-attributed data."""


def _stdin_items() -> list[Article | InputError]:
    try:
        text = decode_bytes(sys.stdin.buffer.read(), "<stdin>")
    except InputError as exc:
        return [exc]
    return [article_from_text(text, "stdin", source_path="<stdin>")]


def _items(paths: list[str]) -> list[Article | InputError]:
    items: list[Article | InputError] = []
    files = [p for p in paths if p != "-"]
    if "-" in paths:
        items.extend(_stdin_items())
    items.extend(read_paths(files))
    return items


def _report(result: Result) -> None:
    err = result.error
    reason = getattr(err, "reason", None) or str(err)
    source = getattr(err, "source", None) or result.source
    if reason.startswith(f"{source}: "):
        reason = reason[len(source) + 2 :]
    err_console.print(f"[red]error[/red] {source}: {reason}", highlight=False, soft_wrap=True)


def _print_table(analysis: Analysis) -> None:
    art = analysis.article
    out_console.rule(f"[bold]{art.title or art.id}")
    actors = {a.id: a for a in analysis.actors}
    table = Table(show_lines=False, expand=True)
    for col in ("source", "cue", "stance", "kind", "content", "speaker"):
        table.add_column(col, overflow="fold", ratio=4 if col == "content" else 1)
    for a in analysis.attributions:
        speaker = actors.get(a.speaker or "")
        table.add_row(
            a.source.text if a.source else "—",
            a.cue.text if a.cue else "—",
            a.stance,
            a.kind,
            a.content.text,
            speaker.name if speaker else "",
        )
    out_console.print(table)
    if analysis.actors:
        st = Table(title="speakers", expand=True)
        for col in ("id", "name", "type", "count", "role", "affiliation", "mentions"):
            st.add_column(col, overflow="fold")
        for actor in analysis.actors:
            aff = actors.get(actor.affiliation or "")
            st.add_row(actor.id, actor.name, actor.type, str(actor.count or ""), actor.role or "",
                       aff.name if aff else (actor.affiliation or ""), str(len(actor.mentions)))
        out_console.print(st)
    if analysis.events:
        et = Table(title="events", expand=True)
        for col in ("actor1", "event", "actor2", "evidence"):
            et.add_column(col, overflow="fold")
        for e in analysis.events:
            a1, a2 = actors.get(e.actor1 or ""), actors.get(e.actor2 or "")
            et.add_row(a1.name if a1 else "", f"{e.plover} ({e.cameo or '-'})", a2.name if a2 else "",
                       e.evidence.text)
        out_console.print(et)


def _out_name(result: Result, analysis: Analysis) -> str:
    source = analysis.article.source_path or ""
    if "#" in source or not source or source == "<stdin>":
        stem = analysis.article.id
    else:
        stem = Path(source).name
        for suffix in (".warc.gz", ".txt", ".html", ".htm", ".xhtml", ".text"):
            if stem.lower().endswith(suffix):
                stem = stem[: -len(suffix)]
                break
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in stem).strip(".") or "article"
    return safe[:150] + ".json"


@app.command()
def analyze(
    paths: Annotated[list[str], typer.Argument(help="Files, directories, or - for stdin.")],
    format: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = OutputFormat.table,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write one <id>.json per article here.")] = None,
    processes: Annotated[int, typer.Option("--processes", "-p", help="Worker processes (0 = all cores).")] = 0,
) -> None:
    """Analyze articles and print (or write) their analyses."""
    items = _items(paths)
    n_articles = sum(1 for i in items if not isinstance(i, InputError))
    n_proc = default_processes() if processes <= 0 else processes
    n_proc = min(n_proc, max(1, n_articles))
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
    results = analyze_articles(items, n_process=n_proc)
    ok = failed = 0
    plover: list[dict[str, object]] = []
    if format is OutputFormat.events_tsv and out is None:
        sys.stdout.write("\t".join(EVENT_COLUMNS) + "\n")
    progress = Progress(
        TextColumn("[progress.description]{task.description}"), BarColumn(),
        TextColumn("{task.completed}/{task.total}"), TimeRemainingColumn(),
        console=err_console, transient=True, disable=len(items) <= 1,
    )
    with progress:
        task = progress.add_task("analyzing", total=len(items))
        for result in results:
            progress.advance(task)
            if result.analysis is None:
                failed += 1
                _report(result)
                continue
            ok += 1
            data = result.analysis.to_dict()
            if out is not None:
                (out / _out_name(result, result.analysis)).write_text(
                    json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8"
                )
            elif format is OutputFormat.json:
                sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
            elif format is OutputFormat.jsonl:
                sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
            elif format is OutputFormat.events_tsv:
                write_events_tsv([result.analysis], sys.stdout, header=False)
            elif format is OutputFormat.plover_json:
                plover.extend(plover_records(result.analysis))
            else:
                _print_table(result.analysis)
    if format is OutputFormat.plover_json and out is None:
        sys.stdout.write(json.dumps(plover, ensure_ascii=False, indent=2) + "\n")
    if out is not None:
        err_console.print(f"wrote {ok} analyses to {out}", highlight=False)
    if not items:
        err_console.print("error: no supported input files found", highlight=False)
        raise typer.Exit(2)
    if failed:
        raise typer.Exit(2 if ok == 0 else 1)


eval_app = typer.Typer(help="Score reportedly against annotated data.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")


@eval_app.command("plv")
def eval_plv(
    file: Annotated[Path, typer.Argument(help="A PLV-format TSV (marked_sentence, gold_root, …).")],
    split: Annotated[str, typer.Option("--split", help="all, train (4 pairs in 5) or heldout (every 5th).")] = "all",
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
) -> None:
    """Score the event coder on PLV pairs: accuracy, coverage and macro-F1 over roots."""
    from reportedly.plv import evaluate

    try:
        result = evaluate(file, split=split)
    except (ReportedlyError, ValueError) as exc:
        err_console.print(f"[red]error[/red] {exc}", highlight=False)
        raise typer.Exit(2) from None
    data = result.to_dict()
    if as_json:
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
        return
    out_console.print(
        f"pairs {data['pairs']}  accuracy {data['accuracy']:.3f}  coverage {data['coverage']:.3f}  "
        f"macro-F1 (dyad found) {data['macro_f1_found']:.3f}", highlight=False)
    table = Table(title="per root (where the dyad is found)")
    for col in ("root", "precision", "recall", "f1", "support"):
        table.add_column(col)
    for root, row in data["per_root"].items():
        table.add_row(root, f"{row['precision']:.2f}", f"{row['recall']:.2f}", f"{row['f1']:.2f}",
                      str(int(row["support"])))
    out_console.print(table)


def main() -> None:
    app()


__all__ = ["app", "main", "expand_paths"]
