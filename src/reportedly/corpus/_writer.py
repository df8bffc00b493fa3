"""Writing analyses into the store: called inside one transaction per batch by :class:`Corpus`.

Rows go in with executemany-style Core inserts (one statement per table per batch) because ORM
object bookkeeping costs more than the NLP on short articles.  Everything of one article is
written inside the caller's transaction, so a killed process leaves whole articles or none.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.engine import Connection

from reportedly.corpus import dedup
from reportedly.corpus._text import actor_key, content_hash, date_from
from reportedly.corpus.tables import (
    ActorRow,
    ArticleActorRow,
    ArticleRow,
    AttributionRow,
    BandRow,
    EditorialRow,
    EventRow,
    InputRow,
    RelationRow,
)
from reportedly.models import SCHEMA_ID, Analysis, Span


def busy_timeout() -> float:
    """Seconds a SQLite writer waits for another's write lock before failing (``REPORTEDLY_BUSY_TIMEOUT``)."""
    try:
        return max(0.0, float(os.environ.get("REPORTEDLY_BUSY_TIMEOUT", "30")))
    except ValueError:
        return 30.0


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _s(span: Span | None) -> tuple[str | None, int | None, int | None]:
    return (span.text, span.start, span.end) if span is not None else (None, None, None)


def _chunks(items: Sequence[Any], n: int = 500) -> list[Sequence[Any]]:
    return [items[i : i + n] for i in range(0, len(items), n)]


def actor_ids(conn: Connection, names: dict[str, tuple[str, str, str | None]]) -> dict[str, int]:
    """Registry ids for actor keys, creating missing rows. ``names``: key -> (name, type, registry_id)."""
    out: dict[str, int] = {}
    keys = [k for k in names if k]
    for chunk in _chunks(keys):
        for key, pk in conn.execute(select(ActorRow.key, ActorRow.id).where(ActorRow.key.in_(chunk))):
            out[key] = pk
    missing = [k for k in keys if k not in out]
    if missing:
        conn.execute(insert(ActorRow), [
            {"key": k, "name": names[k][0], "type": names[k][1], "registry_id": names[k][2],
             "n_articles": 0, "n_statements": 0} for k in missing
        ])
        for chunk in _chunks(missing):
            for key, pk in conn.execute(select(ActorRow.key, ActorRow.id).where(ActorRow.key.in_(chunk))):
                out[key] = pk
    return out


def dup_groups(conn: Connection, items: list[tuple[str, Any]]) -> dict[str, str]:
    """The duplicate group of each (article id, signature): an earlier near-duplicate's group, or its own id.

    Only the first article of each group (its root) has LSH bands stored, so a story copied by
    1,000 outlets costs one comparison per new copy, not 1,000.  Two queries per batch: the
    stored roots sharing a band with any of the batch, and their signatures.
    """
    bands = {aid: dedup.band_hashes(sig) for aid, sig in items}
    wanted = sorted({b for bs in bands.values() for b in bs})
    by_band: dict[int, set[str]] = {}
    for chunk in _chunks(wanted):
        for band, ref in conn.execute(
            select(BandRow.band, BandRow.ref).where(BandRow.kind == "article", BandRow.band.in_(chunk))
        ):
            by_band.setdefault(band, set()).add(ref)
    roots: dict[str, Any] = {}
    needed = sorted({r for refs in by_band.values() for r in refs})
    for chunk in _chunks(needed):
        for cid, blob in conn.execute(select(ArticleRow.id, ArticleRow.minhash).where(ArticleRow.id.in_(chunk))):
            if blob is not None:
                roots[cid] = dedup.from_bytes(blob)
    out: dict[str, str] = {}
    new_bands = []
    for aid, sig in items:
        best, best_sim = aid, 0.0
        for cid in sorted({r for b in bands[aid] for r in by_band.get(b, ())}):
            other = roots.get(cid)
            sim = dedup.similarity(sig, other) if other is not None else 0.0
            if sim >= dedup.DUPLICATE_THRESHOLD and sim > best_sim:
                best, best_sim = cid, sim
        out[aid] = best
        if best == aid:  # a new group: this article is its root, visible to the rest of the batch
            roots[aid] = sig
            for b in bands[aid]:
                by_band.setdefault(b, set()).add(aid)
                new_bands.append({"kind": "article", "band": b, "ref": aid})
    if new_bands:
        conn.execute(insert(BandRow), new_bands)
    return out


def write_analyses(conn: Connection, pairs: Sequence[tuple[Analysis, str | None]]) -> list[str]:
    """Store analyses not stored yet (by text hash); record their inputs as ok. Returns ids in order."""
    ids = [content_hash(a.article.text) for a, _ in pairs]
    existing: set[str] = set()
    for chunk in _chunks(list(set(ids))):
        existing.update(conn.scalars(select(ArticleRow.id).where(ArticleRow.id.in_(chunk))))
    stamp = now()
    new: list[tuple[str, Analysis]] = []
    seen: set[str] = set(existing)
    for aid, (analysis, _src) in zip(ids, pairs, strict=True):
        if aid not in seen:
            seen.add(aid)
            new.append((aid, analysis))
    if new:
        _insert_new(conn, new, stamp)
    _mark_inputs(conn, [(src or a.article.source_path or a.article.id, aid) for aid, (a, src) in
                        zip(ids, pairs, strict=True)], stamp)
    return ids


def _insert_new(conn: Connection, new: list[tuple[str, Analysis]], stamp: str) -> None:
    # versions: a changed text under a known external id is the next version of that article
    externals = list({a.article.id for _, a in new})
    last: dict[str, int] = {}
    for chunk in _chunks(externals):
        for ext, ver in conn.execute(
            select(ArticleRow.external_id, ArticleRow.version).where(ArticleRow.external_id.in_(chunk))
        ):
            last[ext] = max(ver, last.get(ext, 0))
    if last:
        for chunk in _chunks(list(last)):
            conn.execute(update(ArticleRow).where(ArticleRow.external_id.in_(chunk)).values(latest=False))

    names: dict[str, tuple[str, str, str | None]] = {}
    for _, a in new:
        for actor in a.actors:
            key = actor_key(actor.name)
            if key and key not in names:
                names[key] = (actor.name, actor.type, actor.registry_id)
    registry = actor_ids(conn, names)

    articles: list[dict[str, Any]] = []
    actors: list[dict[str, Any]] = []
    attributions: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    editorial: list[dict[str, Any]] = []
    relations: list[dict[str, Any]] = []
    # within one batch two versions of an external id may arrive; the later one wins "latest"
    batch_version: dict[str, int] = {}
    sigs = {aid: dedup.text_signature(a.article.text) for aid, a in new}
    groups = dup_groups(conn, list(sigs.items()))
    for aid, a in new:
        art = a.article
        version = max(last.get(art.id, 0), batch_version.get(art.id, 0)) + 1
        batch_version[art.id] = version
        for row in articles:
            if row["external_id"] == art.id:
                row["latest"] = False
        sig, group = sigs[aid], groups[aid]
        local = {act.id: registry.get(actor_key(act.name)) for act in a.actors}
        by_id = {act.id: act for act in a.actors}
        articles.append({
            "id": aid, "external_id": art.id, "version": version, "latest": True, "title": art.title,
            "url": art.url, "published": art.published,
            "date": date_from(art.published, art.source_path, art.id), "outlet": art.outlet,
            "source_path": art.source_path, "language": art.language, "text": art.text,
            "n_chars": len(art.text), "n_attributions": len(a.attributions), "n_actors": len(a.actors),
            "n_events": len(a.events), "dup_group": group, "minhash": dedup.to_bytes(sig),
            "schema": SCHEMA_ID, "reportedly_version": str(a.meta.get("reportedly") or "") or None,
            "model": a.meta.get("model"), "ingested_at": stamp,
            "analysis_json": json.dumps(a.to_dict(), ensure_ascii=False),
        })
        for act in a.actors:
            actors.append({
                "article_id": aid, "local_id": act.id, "actor_id": local.get(act.id), "name": act.name,
                "type": act.type, "count": act.count, "role": act.role, "affiliation": act.affiliation,
                "affiliation_actor_id": local.get(act.affiliation) if act.affiliation else None,
                "rank": act.rank, "country": act.country, "sector": act.sector, "registry_id": act.registry_id,
                "aliases_json": json.dumps(act.aliases, ensure_ascii=False), "n_mentions": len(act.mentions),
            })
        for t in a.attributions:
            sp = by_id.get(t.speaker or "")
            s_text, s_start, s_end = _s(t.source)
            c_text, c_start, c_end = _s(t.cue)
            attributions.append({
                "article_id": aid, "local_id": t.id, "source_text": s_text, "source_start": s_start,
                "source_end": s_end, "cue_text": c_text, "cue_start": c_start, "cue_end": c_end,
                "content_text": t.content.text, "content_start": t.content.start, "content_end": t.content.end,
                "kind": t.kind, "stance": t.stance, "cue_type": t.cue_type, "confidence": t.confidence,
                "implicit_source": t.implicit_source, "nested_in": t.nested_in,
                "channel_text": t.channel.text if t.channel else None, "channel_actor": t.channel_actor,
                "speaker": t.speaker, "speaker_name": sp.name if sp else (s_text if t.source else None),
                "speaker_type": sp.type if sp else None, "actor_id": local.get(t.speaker or ""),
                "affiliation_actor_id": local.get(sp.affiliation) if sp and sp.affiliation else None,
                "claim_id": None,
            })
        for e in a.events:
            a1, a2 = by_id.get(e.actor1 or ""), by_id.get(e.actor2 or "")
            t_text, _, _ = _s(e.trigger)
            events.append({
                "article_id": aid, "local_id": e.id, "plover": e.plover, "cameo": e.cameo, "mode": e.mode,
                "negated": e.negated, "hypothetical": e.hypothetical,
                "actor1": e.actor1, "actor1_name": a1.name if a1 else (e.actor1_span.text if e.actor1_span else None),
                "actor1_id": local.get(e.actor1 or ""),
                "actor2": e.actor2, "actor2_name": a2.name if a2 else (e.actor2_span.text if e.actor2_span else None),
                "actor2_id": local.get(e.actor2 or ""),
                "evidence_text": e.evidence.text, "evidence_start": e.evidence.start,
                "evidence_end": e.evidence.end, "trigger_text": t_text, "attribution": e.attribution,
                "confidence": e.confidence,
            })
        for ed in a.editorial:
            editorial.append({
                "article_id": aid, "local_id": ed.id, "category": ed.category, "reason": ed.reason,
                "about": ed.about, "span_text": ed.span.text, "span_start": ed.span.start, "span_end": ed.span.end,
            })
        for r in a.relations:
            relations.append({
                "article_id": aid, "local_id": r.id, "type": r.type, "a_json": json.dumps(r.a),
                "b_json": json.dumps(r.b), "reason": r.reason, "confidence": r.confidence,
            })
    _count_actors(conn, actors, attributions)
    for table, rows in ((ArticleRow, articles), (ArticleActorRow, actors), (AttributionRow, attributions),
                        (EventRow, events), (EditorialRow, editorial), (RelationRow, relations)):
        if rows:
            conn.execute(insert(table), rows)


def _count_actors(conn: Connection, actors: list[dict[str, Any]], attributions: list[dict[str, Any]]) -> None:
    n_articles = Counter({a for a in {(r["actor_id"], r["article_id"]) for r in actors} if a[0] is not None})
    per_actor: Counter[int] = Counter()
    for actor_id, _article in n_articles:
        per_actor[actor_id] += 1
    statements = Counter(r["actor_id"] for r in attributions if r["actor_id"] is not None)
    rows = [{"pk": k, "da": per_actor.get(k, 0), "ds": statements.get(k, 0)} for k in set(per_actor) | set(statements)]
    if rows:
        conn.execute(
            update(ActorRow).where(ActorRow.id == bindparam("pk")).values(
                n_articles=ActorRow.n_articles + bindparam("da"), n_statements=ActorRow.n_statements + bindparam("ds")
            ),
            rows,
        )


def _mark_inputs(conn: Connection, items: list[tuple[str, str]], stamp: str) -> None:
    by_source = dict(items)
    prior: dict[str, int] = {}
    for chunk in _chunks(list(by_source)):
        for src, attempts in conn.execute(
            select(InputRow.source, InputRow.attempts).where(InputRow.source.in_(chunk))
        ):
            prior[src] = attempts
        conn.execute(delete(InputRow).where(InputRow.source.in_(chunk)))
    conn.execute(insert(InputRow), [
        {"source": src, "status": "ok", "article_id": aid, "error_type": None, "reason": None,
         "attempts": prior.get(src, 0) + 1, "updated_at": stamp}
        for src, aid in by_source.items()
    ])


def mark_known(conn: Connection, items: list[tuple[str, str]]) -> int:
    """Record inputs whose text is already stored (a re-run, or the same text in another file) as ok.

    Only sources not already recorded as ok for that article are written, so a re-run of a
    finished ingest writes nothing. Returns how many were written.
    """
    by_source = dict(items)
    done: set[str] = set()
    for chunk in _chunks(list(by_source)):
        for src, status, aid in conn.execute(
            select(InputRow.source, InputRow.status, InputRow.article_id).where(InputRow.source.in_(chunk))
        ):
            if status == "ok" and aid == by_source[src]:
                done.add(src)
    todo = [(src, aid) for src, aid in by_source.items() if src not in done]
    if todo:
        _mark_inputs(conn, todo, now())
    return len(todo)


def write_error(conn: Connection, source: str, error: BaseException | str) -> None:
    reason = getattr(error, "reason", None) or str(error)
    if reason.startswith(f"{source}: "):
        reason = reason[len(source) + 2 :]
    kind = type(error).__name__ if isinstance(error, BaseException) else "Error"
    attempts = conn.scalar(select(InputRow.attempts).where(InputRow.source == source)) or 0
    conn.execute(delete(InputRow).where(InputRow.source == source))
    conn.execute(insert(InputRow).values(
        source=source, status="error", article_id=None, error_type=kind, reason=reason,
        attempts=attempts + 1, updated_at=now(),
    ))
