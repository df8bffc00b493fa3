"""Server-side rendering of an analysis: the highlighted article text and the table rows.

The highlighted text is built by slicing ``article.text`` at every span boundary and
escaping each piece (and each attribute value) with MarkupSafe; nothing from the article
or the analysis reaches the page unescaped.  Spans may nest (an attribution inside another's
content) or overlap (an editorial span across a quotation), so we sweep over the boundaries
and give each piece the classes of every span that covers it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from reportedly.models import Analysis, Attribution

#: when spans of one attribution nest, the narrower role wins the colour
_ROLE_RANK = {"cue": 0, "src": 1, "chan": 2, "con": 3}
ROLE_NAMES = {"src": "source", "cue": "cue", "con": "content", "chan": "channel"}


@dataclass(slots=True)
class _Mark:
    start: int
    end: int
    role: str  # src | cue | con | chan | ed | ev
    ref: str  # attribution, editorial or event id

    @property
    def length(self) -> int:
        return self.end - self.start


def _valid(span: Any, n: int) -> bool:
    return span is not None and 0 <= span.start < span.end <= n


def _marks(analysis: Analysis) -> list[_Mark]:
    n = len(analysis.article.text)
    marks: list[_Mark] = []
    for a in analysis.attributions:
        for role, span in (("src", a.source), ("cue", a.cue), ("con", a.content), ("chan", a.channel)):
            if span is not None and _valid(span, n):
                marks.append(_Mark(span.start, span.end, role, a.id))
    for e in analysis.editorial:
        if _valid(e.span, n):
            marks.append(_Mark(e.span.start, e.span.end, "ed", e.id))
    for ev in analysis.events:
        if _valid(ev.trigger, n):
            assert ev.trigger is not None
            marks.append(_Mark(ev.trigger.start, ev.trigger.end, "ev", ev.id))
    marks.sort(key=lambda m: (m.start, -m.end))
    return marks


def attribution_note(analysis: Analysis, a: Attribution) -> str:
    """The one-line hover text of an attribution: speaker, stance, channel, linked events."""
    speaker = analysis.actor(a.speaker)
    parts = [f"{a.id}: {speaker.name if speaker else (a.source.text if a.source else 'unnamed source')}"]
    parts.append(f"stance {a.stance}, {a.kind}")
    if a.channel is not None:
        parts.append(f"via {a.channel.text}")
    events = [f"{e.id} {e.plover}" for e in analysis.events if e.attribution == a.id]
    if events:
        parts.append("events " + ", ".join(events))
    return " · ".join(parts)


def highlight(analysis: Analysis) -> Markup:
    """The article text as escaped HTML with one ``<span class="hl …">`` per highlighted piece."""
    text = analysis.article.text
    marks = _marks(analysis)
    if not marks:
        return escape(text)
    notes = {a.id: attribution_note(analysis, a) for a in analysis.attributions}
    ed_notes = {e.id: f"editorial ({e.category}): {e.reason}" for e in analysis.editorial}
    ev_notes = {e.id: f"event {e.id}: {e.plover}" + (f" ({e.cameo})" if e.cameo else "") for e in analysis.events}
    cuts = sorted({0, len(text)} | {m.start for m in marks} | {m.end for m in marks})
    out: list[str] = []
    active: list[_Mark] = []
    seen: set[str] = set()
    nxt = 0
    for left, right in zip(cuts, cuts[1:], strict=False):
        active = [m for m in active if m.end > left]
        while nxt < len(marks) and marks[nxt].start <= left:
            if marks[nxt].end > left:
                active.append(marks[nxt])
            nxt += 1
        piece = escape(text[left:right])
        if not active:
            out.append(piece)
            continue
        out.append(_piece(piece, active, notes, ed_notes, ev_notes, seen))
    return Markup("".join(out))


def _piece(piece: Markup, active: list[_Mark], notes: dict[str, str], ed_notes: dict[str, str],
           ev_notes: dict[str, str], seen: set[str]) -> str:
    attr = sorted((m for m in active if m.role in _ROLE_RANK), key=lambda m: (m.length, _ROLE_RANK[m.role]))
    classes = ["hl"]
    attrs: list[str] = []
    titles: list[str] = []
    if attr:
        classes.append("r-" + attr[0].role)
        for m in attr:
            if m.ref not in attrs:
                attrs.append(m.ref)
                titles.append(f"{ROLE_NAMES[m.role]} of {notes.get(m.ref, m.ref)}")
        if len(attrs) > 1:
            classes.append("deep")
    eds = [m.ref for m in active if m.role == "ed"]
    evs = [m.ref for m in active if m.role == "ev"]
    if eds:
        classes.append("ed")
        titles.extend(ed_notes.get(r, r) for r in eds)
    if evs:
        classes.append("ev")
        titles.extend(ev_notes.get(r, r) for r in evs)
    html = [f'<span class="{" ".join(classes)}"']
    first = [r for r in attrs if r not in seen]
    if first:
        # the first piece of an attribution is its anchor, so the table can link into the text
        html.append(f' id="t-{escape(first[0])}"')
        seen.update(first)
    if attrs:
        html.append(f' data-a="{escape(" ".join(attrs))}"')
    if eds:
        html.append(f' data-e="{escape(" ".join(eds))}"')
    html.append(f' title="{escape(chr(10).join(titles))}">{piece}</span>')
    return "".join(html)


def attribution_rows(analysis: Analysis) -> list[dict[str, Any]]:
    """Rows for the attribution table, with names resolved and linked events listed."""
    rows = []
    for a in analysis.attributions:
        speaker = analysis.actor(a.speaker)
        rows.append({
            "id": a.id,
            "source": a.source.text if a.source else ("(implicit)" if a.implicit_source else ""),
            "cue": a.cue.text if a.cue else "",
            "content": a.content.text,
            "speaker": speaker.name if speaker else "",
            "speaker_id": a.speaker,
            "speaker_type": speaker.type if speaker else "",
            "stance": a.stance,
            "kind": a.kind,
            "channel": a.channel.text if a.channel else (a.channel_actor or ""),
            "nested_in": a.nested_in or "",
            "events": [e.id for e in analysis.events if e.attribution == a.id],
            "event_notes": [_event_note(analysis, e) for e in analysis.events if e.attribution == a.id],
            "note": attribution_note(analysis, a),
        })
    return rows


def _event_note(analysis: Analysis, e: Any) -> str:
    """``E1 SANCTION: Hamas → Israel`` for the hover card."""
    def name(actor_id: str | None, span: Any) -> str:
        actor = analysis.actor(actor_id)
        return actor.name if actor else (span.text if span is not None else "?")

    neg = "not " if e.negated else ""
    return f"{e.id} {neg}{e.plover}: {name(e.actor1, e.actor1_span)} → {name(e.actor2, e.actor2_span)}"


def event_rows(analysis: Analysis) -> list[dict[str, Any]]:
    names = {a.id: a.name for a in analysis.actors}
    return [{
        "id": e.id,
        "actor1": names.get(e.actor1 or "", e.actor1_span.text if e.actor1_span else (e.actor1 or "")),
        "actor2": names.get(e.actor2 or "", e.actor2_span.text if e.actor2_span else (e.actor2 or "")),
        "plover": e.plover,
        "cameo": e.cameo or "",
        "mode": e.mode or "",
        "flags": ", ".join(f for f, on in (("negated", e.negated), ("hypothetical", e.hypothetical)) if on),
        "evidence": e.evidence.text,
        "attribution": e.attribution or "",
    } for e in analysis.events]


__all__ = ["ROLE_NAMES", "article_view", "attribution_note", "attribution_rows", "event_rows", "highlight"]


def article_view(analysis: Analysis, *, actor_urls: dict[str, str] | None = None,
                 claim_urls: dict[str, str] | None = None) -> dict[str, Any]:
    """Everything the article template shows; ``*_urls`` map local ids to store pages."""
    actor_urls = actor_urls or {}
    claim_urls = claim_urls or {}
    art = analysis.article
    rows = attribution_rows(analysis)
    for row in rows:
        row["actor_url"] = actor_urls.get(row["speaker_id"] or "")
        row["claim_url"] = claim_urls.get(row["id"])
    events = event_rows(analysis)
    for ev, e in zip(events, analysis.events, strict=True):
        ev["actor1_url"] = actor_urls.get(e.actor1 or "")
        ev["actor2_url"] = actor_urls.get(e.actor2 or "")
    said: dict[str, int] = {}
    for a in analysis.attributions:
        if a.speaker:
            said[a.speaker] = said.get(a.speaker, 0) + 1
    names = {p.id: p.name for p in analysis.actors}
    actors: list[dict[str, Any]] = [{
        "id": p.id, "name": p.name, "type": p.type, "role": p.role or "",
        "affiliation": names.get(p.affiliation or "", p.affiliation or ""),
        "statements": said.get(p.id, 0), "url": actor_urls.get(p.id),
    } for p in analysis.actors]
    actors.sort(key=lambda p: -int(p["statements"] or 0))
    return {
        "id": art.id,
        "title": art.title or _first_words(art.text),
        "outlet": art.outlet, "published": art.published, "url": _safe_url(art.url),
        "language": art.language,
        "html": highlight(analysis),
        "attributions": rows,
        "events": events,
        "actors": actors,
        "editorial": [{"id": e.id, "text": e.span.text, "category": e.category, "reason": e.reason}
                      for e in analysis.editorial],
        "relations": [r.to_dict() for r in analysis.relations],
        "counts": {"attributions": len(analysis.attributions), "actors": len(analysis.actors),
                   "events": len(analysis.events), "editorial": len(analysis.editorial)},
    }


def _first_words(text: str, n: int = 80) -> str:
    line = text.strip().split("\n", 1)[0]
    return line if len(line) <= n else line[: n - 1].rsplit(" ", 1)[0] + "…"


def _safe_url(url: str | None) -> str | None:
    """Only http(s) links are shown: a ``javascript:`` URL in stored metadata must not become a link."""
    if url and url.lower().startswith(("http://", "https://")):
        return url
    return None
