"""Corpus exports: JSONL (analysis@1), CSV and Parquet tables, brat standoff, events TSV.

Everything streams from the database in chunks, so a million-article store exports in constant
memory.  JSONL and brat hold the latest version of each article; CSV and Parquet dump every
table (all versions, with ``articles.latest`` to filter on).
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from reportedly.corpus.tables import ALL_TABLES, Base
from reportedly.errors import ConfigError, StoreError
from reportedly.models import Analysis, Span

if TYPE_CHECKING:
    from reportedly.corpus.store import Corpus

FORMATS = ("jsonl", "csv", "parquet", "brat", "events-tsv")
#: columns left out of table dumps: internal (signatures) or duplicated elsewhere (the full JSON)
_SKIP_COLUMNS = {"articles": {"minhash", "analysis_json"}}
_TABLES = [t for t in ALL_TABLES if t != "lsh_bands"]

EVENT_COLUMNS = ["article_id", "external_id", "date", "event_id", "actor1", "actor1_name", "plover", "cameo",
                 "actor2", "actor2_name", "mode", "negated", "hypothetical", "attribution", "confidence",
                 "evidence_start", "evidence_end", "evidence"]


def export(corpus: Corpus, format: str, out: Path) -> list[Path]:
    if format == "jsonl":
        return [export_jsonl(corpus, out)]
    if format == "csv":
        return export_csv(corpus, out)
    if format == "parquet":
        return export_parquet(corpus, out)
    if format == "brat":
        return export_brat(corpus, out)
    if format == "events-tsv":
        return [export_events_tsv(corpus, out)]
    raise ConfigError(f"unknown export format {format!r}; one of {', '.join(FORMATS)}")


def _prepare_file(out: Path) -> None:
    if out.is_dir():
        raise StoreError(f"{out} is a directory; this format writes one file")
    out.parent.mkdir(parents=True, exist_ok=True)


def export_jsonl(corpus: Corpus, out: Path) -> Path:
    """One analysis@1 object per line (latest version of each article)."""
    _prepare_file(out)
    with out.open("w", encoding="utf-8") as fh:
        for analysis in corpus.iter_analyses():
            fh.write(json.dumps(analysis.to_dict(), ensure_ascii=False) + "\n")
    return out


def _columns(table: str) -> list[str]:
    skip = _SKIP_COLUMNS.get(table, set())
    return [c.name for c in Base.metadata.tables[table].columns if c.name not in skip]


def _rows(corpus: Corpus, table: str, chunk: int = 2000) -> Iterator[list[tuple[Any, ...]]]:
    tbl = Base.metadata.tables[table]
    # a typed select (not raw SQL) so booleans come back as bool on every backend
    sql = select(*[tbl.c[c] for c in _columns(table)]).order_by(*tbl.primary_key.columns)
    with corpus.engine.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=chunk).execute(sql)
        while batch := result.fetchmany(chunk):
            yield [tuple(r) for r in batch]


def export_csv(corpus: Corpus, out: Path) -> list[Path]:
    """One CSV per table (UTF-8, header row) in the directory ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for table in _TABLES:
        path = out / f"{table}.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(_columns(table))
            for batch in _rows(corpus, table):
                writer.writerows(batch)
        written.append(path)
    return written


def export_parquet(corpus: Corpus, out: Path) -> list[Path]:
    """One Parquet file per table in the directory ``out`` (types from the table definitions)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    out.mkdir(parents=True, exist_ok=True)
    written = []
    for table in _TABLES:
        cols = _columns(table)
        schema = pa.schema([(c, _arrow_type(Base.metadata.tables[table].columns[c].type)) for c in cols])
        path = out / f"{table}.parquet"
        with pq.ParquetWriter(path, schema) as writer:
            for batch in _rows(corpus, table):
                arrays = [pa.array([r[i] for r in batch], type=schema.field(i).type) for i in range(len(cols))]
                writer.write_table(pa.Table.from_arrays(arrays, schema=schema))
        written.append(path)
    return written


def _arrow_type(sa_type: Any) -> Any:
    import pyarrow as pa

    name = type(sa_type).__name__
    if name in ("Integer", "BigInteger"):
        return pa.int64()
    if name == "Float":
        return pa.float64()
    if name == "Boolean":
        return pa.bool_()
    if name == "LargeBinary":
        return pa.binary()
    return pa.string()


_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def _fragments(text_: str, span: Span) -> str:
    """brat offsets; a span crossing line breaks becomes several fragments (brat's rule)."""
    parts, start = [], span.start
    for piece in text_[span.start : span.end].split("\n"):
        end = start + len(piece)
        if piece.strip():
            parts.append(f"{start} {end}")
        start = end + 1
    return ";".join(parts) or f"{span.start} {span.end}"


def _brat(analysis: Analysis) -> str:
    text_ = analysis.article.text
    lines: list[str] = []
    tid = rid = aid = 0

    def entity(label: str, span: Span) -> str:
        nonlocal tid
        tid += 1
        shown = span.text.replace("\n", " ")
        lines.append(f"T{tid}\t{label} {_fragments(text_, span)}\t{shown}")
        return f"T{tid}"

    for t in analysis.attributions:
        content = entity("Content", t.content)
        cue = entity("Cue", t.cue) if t.cue else None
        source = entity("Source", t.source) if t.source else None
        if cue:
            rid += 1
            lines.append(f"R{rid}\tCONTENT Arg1:{cue} Arg2:{content}")
            if source:
                rid += 1
                lines.append(f"R{rid}\tSOURCE Arg1:{cue} Arg2:{source}")
            aid += 1
            lines.append(f"A{aid}\tStance {cue} {t.stance}")
        aid += 1
        lines.append(f"A{aid}\tKind {content} {t.kind}")
    for e in analysis.events:
        ev = entity("Event", e.evidence)
        aid += 1
        lines.append(f"A{aid}\tPlover {ev} {e.plover}")
    for ed in analysis.editorial:
        entity("Editorial", ed.span)
    return "\n".join(lines) + ("\n" if lines else "")


_ANNOTATION_CONF = """[entities]
Source
Cue
Content
Event
Editorial

[relations]
SOURCE\tArg1:Cue, Arg2:Source
CONTENT\tArg1:Cue, Arg2:Content

[events]

[attributes]
Stance\tArg:Cue, Value:neutral|distancing|endorsing|denying|hedging|intent
Kind\tArg:Content, Value:direct|indirect|mixed
Plover\tArg:Event
"""


def export_brat(corpus: Corpus, out: Path) -> list[Path]:
    """``<id>.txt`` + ``<id>.ann`` per article and an ``annotation.conf``, for brat annotators."""
    out.mkdir(parents=True, exist_ok=True)
    written = [out / "annotation.conf"]
    written[0].write_text(_ANNOTATION_CONF, encoding="utf-8")
    used: set[str] = set()
    for analysis in corpus.iter_analyses():
        stem = _SAFE.sub("_", analysis.article.id).strip("._")[:120] or "article"
        while stem in used:
            stem += "_"
        used.add(stem)
        txt, ann = out / f"{stem}.txt", out / f"{stem}.ann"
        # newline="" keeps the text byte-identical, so brat offsets stay right
        with txt.open("w", encoding="utf-8", newline="") as fh:
            fh.write(analysis.article.text)
        ann.write_text(_brat(analysis), encoding="utf-8")
        written += [txt, ann]
    return written


def export_events_tsv(corpus: Corpus, out: Path) -> Path:
    """One event per line (tab-separated, header row), latest article versions, by date."""
    from reportedly.corpus.tables import ArticleRow, EventRow

    _prepare_file(out)
    stmt = (
        select(EventRow.article_id, ArticleRow.external_id, ArticleRow.date, EventRow.local_id, EventRow.actor1,
               EventRow.actor1_name, EventRow.plover, EventRow.cameo, EventRow.actor2, EventRow.actor2_name,
               EventRow.mode, EventRow.negated, EventRow.hypothetical, EventRow.attribution, EventRow.confidence,
               EventRow.evidence_start, EventRow.evidence_end, EventRow.evidence_text)
        .join(ArticleRow, ArticleRow.id == EventRow.article_id)
        .where(ArticleRow.latest.is_(True))
        .order_by(ArticleRow.date, EventRow.article_id, EventRow.evidence_start)
    )
    with out.open("w", encoding="utf-8", newline="") as fh, corpus.engine.connect() as conn:
        fh.write("\t".join(EVENT_COLUMNS) + "\n")
        for row in conn.execution_options(stream_results=True, yield_per=2000).execute(stmt):
            fh.write("\t".join(_tsv(v) for v in row) + "\n")
    return out


def _tsv(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).replace("\t", " ").replace("\r", " ").replace("\n", " ")


__all__ = ["EVENT_COLUMNS", "FORMATS", "export", "export_brat", "export_csv", "export_events_tsv",
           "export_jsonl", "export_parquet"]
