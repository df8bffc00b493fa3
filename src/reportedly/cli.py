"""The ``reportedly`` command line: each command is a thin call into the public API."""

from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from reportedly import __version__
from reportedly._analyze import Result, analyze_articles, check_actor_files, default_processes
from reportedly.errors import InputError, ReportedlyError
from reportedly.exports import EVENT_COLUMNS, plover_records, write_events_tsv
from reportedly.ingest import Limits, expand_paths, parse_languages, read_paths, read_stream
from reportedly.models import Analysis, Article

app = typer.Typer(
    help="reportedly: who said what, about whom, according to whom — from news text.",
    no_args_is_help=True,
    add_completion=False,
)
out_console = Console()
err_console = Console(stderr=True)


class OutputFormat(StrEnum):
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


def _items(paths: list[str], limits: Limits, encoding: str | None) -> list[Article | InputError]:
    items: list[Article | InputError] = []
    files = [p for p in paths if p != "-"]
    if "-" in paths:
        items.append(read_stream(sys.stdin.buffer, max_bytes=limits.max_bytes, encoding=encoding))
    items.extend(read_paths(files, max_bytes=limits.max_bytes, encoding=encoding))
    return items


def _limits(max_bytes: int | None, max_chars: int | None, timeout: float | None, language: str | None) -> Limits:
    try:
        limits = Limits.from_env()
    except ReportedlyError as exc:
        err_console.print(f"error: {_t(exc)}", highlight=False)
        raise typer.Exit(2) from None
    limits = limits.with_(max_bytes=max_bytes, max_chars=max_chars, timeout=timeout)
    if timeout is not None:
        # readers take only max_bytes/encoding; HTML extraction reads its time limit from here
        os.environ["REPORTEDLY_TIMEOUT"] = str(timeout)
    if language is not None:
        limits = replace(limits, languages=parse_languages(language))
    return limits


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _t(value: object) -> str:
    """Article text or a file name made safe for the terminal.

    Both come from the input: ``[/bold]`` in a quote would be parsed as rich markup (and crash
    the table with MarkupError), and ``\\x1b[...`` escape codes would drive the user's terminal.
    """
    return escape(_CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", str(value)))


def _report(result: Result) -> None:
    err = result.error
    reason = getattr(err, "reason", None) or str(err)
    source = getattr(err, "source", None) or result.source
    if reason.startswith(f"{source}: "):
        reason = reason[len(source) + 2 :]
    err_console.print(f"[red]error[/red] {_t(source)}: {_t(reason)}", highlight=False, soft_wrap=True)


def _print_table(analysis: Analysis) -> None:
    art = analysis.article
    out_console.rule(f"[bold]{_t(art.title or art.id)}")
    actors = {a.id: a for a in analysis.actors}
    table = Table(show_lines=False, expand=True)
    for col in ("source", "cue", "stance", "kind", "content", "speaker"):
        table.add_column(col, overflow="fold", ratio=4 if col == "content" else 1)
    for a in analysis.attributions:
        speaker = actors.get(a.speaker or "")
        table.add_row(
            _t(a.source.text) if a.source else "—",
            _t(a.cue.text) if a.cue else "—",
            a.stance,
            a.kind,
            _t(a.content.text),
            _t(speaker.name) if speaker else "",
        )
    out_console.print(table)
    if analysis.actors:
        st = Table(title="speakers", expand=True)
        for col in ("id", "name", "type", "count", "role", "affiliation", "mentions"):
            st.add_column(col, overflow="fold")
        for actor in analysis.actors:
            aff = actors.get(actor.affiliation or "")
            st.add_row(_t(actor.id), _t(actor.name), _t(actor.type), str(actor.count or ""), _t(actor.role or ""),
                       _t(aff.name if aff else (actor.affiliation or "")), str(len(actor.mentions)))
        out_console.print(st)
    if analysis.events:
        et = Table(title="events", expand=True)
        for col in ("actor1", "event", "actor2", "evidence"):
            et.add_column(col, overflow="fold")
        for e in analysis.events:
            a1, a2 = actors.get(e.actor1 or ""), actors.get(e.actor2 or "")
            et.add_row(_t(a1.name) if a1 else "", _t(f"{e.plover} ({e.cameo or '-'})"), _t(a2.name) if a2 else "",
                       _t(e.evidence.text))
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
    max_bytes: Annotated[int | None, typer.Option(
        "--max-bytes", min=1, help="Per-input byte limit (file, JSONL line, WARC body) [env REPORTEDLY_MAX_BYTES; 5000000]."
    )] = None,
    max_chars: Annotated[int | None, typer.Option(
        "--max-chars", min=1, help="Per-article character limit [env REPORTEDLY_MAX_CHARS; 1000000]."
    )] = None,
    timeout: Annotated[float | None, typer.Option(
        "--timeout", min=0, help="Seconds to extract or analyze one article, 0 = none [env REPORTEDLY_TIMEOUT; 120]."
    )] = None,
    encoding: Annotated[str | None, typer.Option(
        "--encoding", help="Encoding of files that are not UTF-8: a codec name (cp1252, latin-1) or 'auto' to detect."
    )] = None,
    language: Annotated[str | None, typer.Option(
        "--language", help="Languages to analyze, e.g. 'en'; 'any' skips the language check [env REPORTEDLY_LANGUAGES; en]."
    )] = None,
    actors: Annotated[
        list[Path] | None,
        typer.Option("--actors", help="Extra actor registry file (YAML/JSON, see docs/actors.md); repeatable."),
    ] = None,
) -> None:
    """Analyze articles and print (or write) their analyses.

    Inputs that cannot be read or are over a limit are reported on stderr, one line each;
    the exit status is 0 when all went well, 1 when some inputs failed, 2 when none could
    be analyzed.
    """
    limits = _limits(max_bytes, max_chars, timeout, language)
    actor_files = list(actors or [])
    if actor_files:
        try:
            check_actor_files(actor_files)
        except ReportedlyError as exc:
            err_console.print(f"[red]error[/red] {_t(exc)}", highlight=False, soft_wrap=True)
            raise typer.Exit(2) from None
    items = _items(paths, limits, encoding)
    n_articles = sum(1 for i in items if not isinstance(i, InputError))
    n_proc = default_processes() if processes <= 0 else processes
    n_proc = min(n_proc, max(1, n_articles))
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
    results = analyze_articles(items, n_process=n_proc, actors=actor_files, limits=limits)
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
        err_console.print(f"wrote {ok} analyses to {_t(out)}", highlight=False)
    if not items:
        err_console.print("error: no supported input files found", highlight=False)
        raise typer.Exit(2)
    if failed:
        raise typer.Exit(2 if ok == 0 else 1)


class AuditFormat(StrEnum):
    table = "table"
    json = "json"


def _load(paths: list[str]) -> tuple[list[Analysis], int]:
    """Analyses from analysis JSON files, or fresh ones for article files; errors go to stderr.

    Returns the analyses and the number of inputs that failed; exits 2 when none could be read.
    """
    from reportedly.framing import load_analyses

    analyses: list[Analysis] = []
    failed = 0
    for item in load_analyses(paths):
        if isinstance(item, InputError):
            failed += 1
            _report(Result(item.source, error=item))
        else:
            analyses.append(item)
    if not analyses:
        err_console.print("error: no analyses to read", highlight=False)
        raise typer.Exit(2)
    return analyses, failed


def _pct(x: float) -> str:
    return f"{round(100 * x)}%"


def _audit_table(result: dict[str, object]) -> None:
    for title in ("sides", "speakers"):
        rows = result.get(title) or []
        assert isinstance(rows, list)
        table = Table(
            title=f"framing by {'side' if title == 'sides' else 'named speaker'}",
            caption="cue shares dist/neut/endo = distancing/neutral/endorsing; d/i/m = direct/indirect/"
            "mixed quotes; anon = anonymous share; loaded = loaded terms near; ed = editorial about",
        )
        table.add_column("name", overflow="fold", min_width=10, max_width=32)
        for col in ("n", "dist", "neut", "endo", "d/i/m", "anon", "loaded", "ed"):
            table.add_column(col, overflow="fold", justify="right" if col != "loaded" else "left")
        for r in rows:
            kind = r["kind"]
            loaded = ", ".join(f"{k}={v}" for k, v in r["loaded_near"].items())
            table.add_row(
                _t(r["name"]), str(r["attributions"]), _pct(r["shares"]["distancing"]),
                _pct(r["shares"]["neutral"]), _pct(r["shares"]["endorsing"]),
                f"{kind['direct']}/{kind['indirect']}/{kind['mixed']}", _pct(r["anonymous_share"]),
                _t(loaded) or "-", str(r["editorial_about"]),
            )
        out_console.print(table)


@app.command()
def audit(
    paths: Annotated[list[str], typer.Argument(help="Analysis JSON/JSONL files, article files or directories.")],
    format: Annotated[AuditFormat, typer.Option("--format", "-f", help="Output format.")] = AuditFormat.table,
    plot: Annotated[Path | None, typer.Option("--plot", help="Also write a chart (.png or .svg).")] = None,
) -> None:
    """Framing audit: how each side and each named speaker is quoted."""
    from reportedly.framing import audit as run_audit
    from reportedly.framing import plot_audit

    if plot is not None and plot.suffix.lower() not in {".png", ".svg"}:
        err_console.print(f"error: --plot needs a .png or .svg file name, not '{plot.name}'", highlight=False)
        raise typer.Exit(2)
    analyses, failed = _load(paths)
    result = run_audit(analyses)
    if format is AuditFormat.json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    else:
        _audit_table(result)
    if plot is not None:
        plot_audit(result, plot)
        err_console.print(f"wrote {plot}", highlight=False)
    if failed:
        raise typer.Exit(1)


@app.command()
def positions(
    paths: Annotated[list[str], typer.Argument(help="Analysis JSON/JSONL files, article files or directories.")],
    format: Annotated[AuditFormat, typer.Option("--format", "-f", help="Output format.")] = AuditFormat.table,
) -> None:
    """Negotiating positions: each party's demands, refusals, threats, offers and commitments."""
    from reportedly.positions import positions as run_positions

    analyses, failed = _load(paths)
    result = run_positions(analyses)
    if format is AuditFormat.json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
        if failed:
            raise typer.Exit(1)
        return
    for party, moves in result.items():
        table = Table(title=_t(party), expand=True)
        for col in ("move", "what", "reported by"):
            table.add_column(col, overflow="fold", ratio=4 if col == "what" else 1)
        for move, items in moves.items():
            for item in items:
                table.add_row(_t(move), _t(item["text"]), _t(", ".join(item["reported_by"])))
        out_console.print(table)
    if not result:
        err_console.print("no demands, refusals, threats or offers found", highlight=False)
    if failed:
        raise typer.Exit(1)

# corpus commands (ingest, errors, claims, actor, timeline, export) live beside the store
from reportedly._corpus_cli import register as _register_corpus  # noqa: E402

_register_corpus(app)


@app.command()
def serve(
    db: Annotated[str | None, typer.Option("--db", help="Corpus store: a database URL or a SQLite file path.")] = None,
    host: Annotated[str, typer.Option("--host", help="Interface to bind; other than loopback exposes the server.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="TCP port.")] = 8000,
) -> None:
    """Serve the web UI and JSON API (read-only unless REPORTEDLY_TOKEN is set)."""
    import uvicorn

    from reportedly.corpus import DEFAULT_DB, database_url
    from reportedly.errors import ReportedlyError
    from reportedly.web import create_app
    from reportedly.web._config import LOOPBACK_HOSTS

    # no --db: the default store (REPORTEDLY_DB or ./reportedly.db) when it exists, else analyze only
    if db is None and not Path(os.environ.get("REPORTEDLY_DB", DEFAULT_DB)).exists():
        url = None
    else:
        url = database_url(db)
    # bound to loopback, the server also refuses foreign Host headers (DNS rebinding)
    config = {"allowed_hosts": LOOPBACK_HOSTS} if host in LOOPBACK_HOSTS else {}
    try:
        web = create_app(url, config)
    except ReportedlyError as exc:
        err_console.print(f"[red]error[/red] {exc}", highlight=False)
        raise typer.Exit(2) from None
    mode = "read-only" if web.state.config.read_only else "writes enabled with the token"
    err_console.print(f"serving {mode} on http://{host}:{port}/", highlight=False)
    if host not in LOOPBACK_HOSTS:
        err_console.print("[yellow]warning[/yellow] not bound to loopback: anyone who can reach this port "
                          "can read the store (plain HTTP, no reader authentication)", highlight=False)
    uvicorn.run(web, host=host, port=port, log_level="warning", server_header=False)


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


@eval_app.command("polnear")
def eval_polnear(
    directory: Annotated[Path, typer.Argument(help="A PolNeAR-style directory with text/ and attributions/.")],
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write one NAME.json prediction per article here.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as one JSON object.")] = False,
    limit: Annotated[int | None, typer.Option("--limit", help="Score only the first N articles.")] = None,
) -> None:
    """Run the attribution pipeline on a PolNeAR-style corpus and print its scores."""
    from reportedly.evaluation import evaluate_polnear, format_scores

    try:
        scores = evaluate_polnear(directory, out_dir=out, limit=limit)
    except InputError as exc:
        err_console.print(f"[red]error[/red] {exc}", highlight=False)
        raise typer.Exit(2) from None
    if as_json:
        sys.stdout.write(json.dumps(scores.to_dict()) + "\n")
    else:
        sys.stdout.write(format_scores(scores) + "\n")
    if out is not None:
        err_console.print(f"wrote {scores.articles} predictions to {out}", highlight=False)


def main() -> None:
    app()


__all__ = ["app", "main", "expand_paths"]
