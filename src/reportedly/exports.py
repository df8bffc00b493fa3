"""Flat exports of analyses: pure functions from :class:`~reportedly.models.Analysis` to rows.

* :func:`event_rows` / :data:`EVENT_COLUMNS`: one GDELT-like row per event (``--format events-tsv``);
* :func:`plover_records`: PLOVER-style JSON records (``--format plover-json``).

Writers only format; nothing here runs the pipeline, so the same rows come from the CLI, the
Python API and a stored corpus.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any, TextIO

from reportedly.models import Actor, Analysis, Event

#: column order of the events TSV (GDELT-like names, lower case)
EVENT_COLUMNS: tuple[str, ...] = (
    "event_id", "article_id", "date", "actor1_id", "actor1_name", "actor1_type", "actor1_country",
    "actor1_text", "actor2_id", "actor2_name", "actor2_type", "actor2_country", "actor2_text",
    "plover", "mode", "cameo", "cameo_root", "quad_class", "negated", "hypothetical", "confidence",
    "attribution_id", "reported_by", "evidence", "evidence_start", "evidence_end", "url", "outlet",
)


def quad_class(cameo: str | None) -> int | None:
    """GDELT's QuadClass from a CAMEO code: 1 verbal cooperation, 2 material cooperation,
    3 verbal conflict, 4 material conflict."""
    if not cameo or not cameo[:2].isdigit():
        return None
    root = int(cameo[:2])
    if root <= 5:
        return 1
    if root <= 8:
        return 2
    if root <= 13:
        return 3
    return 4


def _date(analysis: Analysis) -> str:
    published = analysis.article.published or ""
    return published[:10]


def _actor(analysis: Analysis, actor_id: str | None) -> Actor | None:
    return analysis.actor(actor_id) if actor_id else None


def _flat(text: str) -> str:
    # TSV cells hold no tabs or newlines; the text is for reading, the offsets are exact
    return " ".join(text.split())


def event_rows(analysis: Analysis) -> list[dict[str, Any]]:
    """One row per event of the analysis, in :data:`EVENT_COLUMNS` order."""
    rows: list[dict[str, Any]] = []
    art = analysis.article
    by_attr = {a.id: a for a in analysis.attributions}
    for ev in analysis.events:
        a1, a2 = _actor(analysis, ev.actor1), _actor(analysis, ev.actor2)
        rec = by_attr.get(ev.attribution or "")
        speaker = _actor(analysis, rec.speaker) if rec is not None else None
        rows.append({
            "event_id": f"{art.id}:{ev.id}",
            "article_id": art.id,
            "date": _date(analysis),
            "actor1_id": ev.actor1 or "",
            "actor1_name": a1.name if a1 else "",
            "actor1_type": a1.type if a1 else "",
            "actor1_country": (a1.country or "") if a1 else "",
            "actor1_text": _flat(ev.actor1_span.text) if ev.actor1_span else "",
            "actor2_id": ev.actor2 or "",
            "actor2_name": a2.name if a2 else "",
            "actor2_type": a2.type if a2 else "",
            "actor2_country": (a2.country or "") if a2 else "",
            "actor2_text": _flat(ev.actor2_span.text) if ev.actor2_span else "",
            "plover": ev.plover,
            "mode": ev.mode or "",
            "cameo": ev.cameo or "",
            "cameo_root": (ev.cameo or "")[:2],
            "quad_class": quad_class(ev.cameo) or "",
            "negated": int(ev.negated),
            "hypothetical": int(ev.hypothetical),
            "confidence": round(ev.confidence, 4),
            "attribution_id": ev.attribution or "",
            "reported_by": speaker.name if speaker else "",
            "evidence": _flat(ev.evidence.text),
            "evidence_start": ev.evidence.start,
            "evidence_end": ev.evidence.end,
            "url": art.url or "",
            "outlet": art.outlet or "",
        })
    return rows


def write_events_tsv(analyses: Iterable[Analysis], fh: TextIO, *, header: bool = True) -> int:
    """Write the events of ``analyses`` as TSV; returns the number of rows written."""
    writer = csv.DictWriter(fh, fieldnames=list(EVENT_COLUMNS), delimiter="\t", lineterminator="\n",
                            quoting=csv.QUOTE_MINIMAL)
    if header:
        writer.writeheader()
    n = 0
    for analysis in analyses:
        for row in event_rows(analysis):
            writer.writerow(row)
            n += 1
    return n


def events_tsv(analyses: Iterable[Analysis]) -> str:
    buf = io.StringIO()
    write_events_tsv(analyses, buf)
    return buf.getvalue()


def _plover_actor(analysis: Analysis, actor_id: str | None, span_text: str | None) -> dict[str, Any] | None:
    actor = _actor(analysis, actor_id)
    if actor is None and not span_text:
        return None
    return {
        "id": actor.id if actor else None,
        "name": actor.name if actor else None,
        "text": span_text,
        "type": actor.type if actor else None,
        "country": actor.country if actor else None,
        "sector": actor.sector if actor else None,
        "registry_id": actor.registry_id if actor else None,
    }


def plover_record(analysis: Analysis, ev: Event) -> dict[str, Any]:
    """A PLOVER-style record (event_type, mode, source/target actors, date, text, provenance)."""
    art = analysis.article
    rec = next((a for a in analysis.attributions if a.id == ev.attribution), None)
    speaker = _actor(analysis, rec.speaker) if rec is not None else None
    return {
        "id": f"{art.id}:{ev.id}",
        "date": _date(analysis) or None,
        "event_type": ev.plover,
        "mode": ev.mode,
        "cameo": ev.cameo,
        "source": _plover_actor(analysis, ev.actor1, ev.actor1_span.text if ev.actor1_span else None),
        "target": _plover_actor(analysis, ev.actor2, ev.actor2_span.text if ev.actor2_span else None),
        "negated": ev.negated,
        "hypothetical": ev.hypothetical,
        "confidence": round(ev.confidence, 4),
        "text": ev.evidence.text,
        "offsets": [ev.evidence.start, ev.evidence.end],
        "reported_by": {"attribution": rec.id, "speaker": speaker.name if speaker else None} if rec else None,
        "article": {"id": art.id, "title": art.title, "url": art.url, "outlet": art.outlet},
    }


def plover_records(analysis: Analysis) -> list[dict[str, Any]]:
    return [plover_record(analysis, ev) for ev in analysis.events]


def plover_json(analyses: Iterable[Analysis]) -> str:
    """All events of ``analyses`` as one JSON array of PLOVER records."""
    records = [r for a in analyses for r in plover_records(a)]
    return json.dumps(records, ensure_ascii=False, indent=2)


__all__ = ["EVENT_COLUMNS", "event_rows", "events_tsv", "plover_json", "plover_record", "plover_records",
           "quad_class", "write_events_tsv"]
