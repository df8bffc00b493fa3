"""Read-side queries the pages need, over the corpus store's tables.

Each public method runs in one read transaction, so a page never mixes two states of a store
that is being written to while it renders.  The connection is ``query_only`` on SQLite: the
read side cannot write even if a query were wrong.  Writes go through
:class:`reportedly.corpus.Corpus` (see :meth:`WebData.ingest`).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import ColumnElement, Connection, Engine, and_, create_engine, event, func, or_, select
from sqlalchemy.engine import make_url

from reportedly.corpus.tables import (
    ActorRow,
    ArticleActorRow,
    ArticleRow,
    AttributionRow,
    ClaimLinkRow,
    ClaimRow,
    EditorialRow,
    EventRow,
    InputRow,
)
from reportedly.errors import StoreError
from reportedly.models import Analysis

A = ArticleRow.__table__
AT = AttributionRow.__table__
AC = ActorRow.__table__
AA = ArticleActorRow.__table__
EV = EventRow.__table__
ED = EditorialRow.__table__
CL = ClaimRow.__table__
LK = ClaimLinkRow.__table__
IN = InputRow.__table__

LATEST = A.c.latest.is_(True)


def _like(q: str) -> str:
    """A LIKE pattern for a user string, with its wildcards escaped."""
    return "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _read_engine(db_url: str) -> Engine:
    url = make_url(db_url)
    if url.get_backend_name() == "postgresql":
        # every transaction read-only, and one snapshot for all the queries of a page
        return create_engine(url, pool_pre_ping=True, isolation_level="REPEATABLE READ",
                             connect_args={"options": "-c default_transaction_read_only=on"})
    if url.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    if url.database and url.database != ":memory:":
        from pathlib import Path

        if not Path(url.database).exists():
            raise StoreError(f"no corpus store at {url.database}")
    # the driver's own transaction handling is off so that we can BEGIN explicitly: pysqlite
    # would otherwise run each SELECT in its own implicit transaction
    engine = create_engine(url, connect_args={"check_same_thread": False, "isolation_level": None})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA query_only = ON")
        cur.execute("PRAGMA busy_timeout = 5000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN")

    return engine


class WebData:
    """The read model of the web app."""

    def __init__(self, db_url: str) -> None:
        from reportedly.corpus import database_url

        db_url = database_url(db_url)  # postgresql:// -> the psycopg driver, paths -> sqlite:///
        self.db_url = db_url
        self.label = make_url(db_url).render_as_string(hide_password=True)
        self.engine = _read_engine(db_url)
        self._writer: Any = None
        # the corpus API over our read-only engine: its queries (FTS search …) without write access
        from reportedly.corpus import Corpus

        self.corpus = Corpus(self.engine, url=db_url)

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        try:
            with self.engine.connect() as conn, conn.begin():
                yield conn
        except StoreError:
            raise
        except Exception as exc:
            if type(exc).__module__.startswith("sqlalchemy"):
                raise StoreError(f"store read failed: {type(exc).__name__}: {exc}") from exc
            raise

    # ---- overview ------------------------------------------------------------------------------
    def overview(self, n_latest: int = 10, n_speakers: int = 10) -> dict[str, Any]:
        with self._read() as c:
            n_articles = c.scalar(select(func.count()).select_from(A).where(LATEST)) or 0
            attr = select(AT.c.speaker_type, AT.c.implicit_source, func.count().label("n")).join(
                A, A.c.id == AT.c.article_id).where(LATEST).group_by(AT.c.speaker_type, AT.c.implicit_source)
            by_type: Counter[str] = Counter()
            n_attr = n_anon = 0
            for row in c.execute(attr):
                n_attr += row.n
                by_type[row.speaker_type or "unresolved"] += row.n
                if row.speaker_type == "anonymous":
                    n_anon += row.n
            counts = {
                "articles": n_articles,
                "attributions": n_attr,
                "actors": c.scalar(select(func.count()).select_from(AC)) or 0,
                "events": c.scalar(select(func.count()).select_from(EV).join(A, A.c.id == EV.c.article_id)
                                   .where(LATEST)) or 0,
                "editorial": c.scalar(select(func.count()).select_from(ED).join(A, A.c.id == ED.c.article_id)
                                      .where(LATEST)) or 0,
                "claims": c.scalar(select(func.count()).select_from(CL).where(CL.c.n_articles > 1)) or 0,
                "failed_inputs": c.scalar(select(func.count()).select_from(IN).where(IN.c.status != "ok")) or 0,
            }
            latest = c.execute(self._article_cols().where(LATEST).order_by(
                func.coalesce(A.c.date, "").desc(), A.c.ingested_at.desc()).limit(n_latest))
            speakers = c.execute(
                select(AC.c.id, AC.c.name, AC.c.type, func.count().label("n"),
                       func.count(func.distinct(AT.c.article_id)).label("articles"))
                .select_from(AT).join(AC, AC.c.id == AT.c.actor_id).join(A, A.c.id == AT.c.article_id)
                .where(LATEST).group_by(AC.c.id, AC.c.name, AC.c.type)
                .order_by(func.count().desc(), AC.c.name).limit(n_speakers))
            return {
                "counts": counts,
                "anonymity": {"anonymous": n_anon, "attributions": n_attr,
                              "share": round(n_anon / n_attr, 4) if n_attr else 0.0},
                "speaker_types": [{"type": k, "n": v} for k, v in by_type.most_common()],
                "latest": [self._article_row(r) for r in latest],
                "top_speakers": [dict(r._mapping) for r in speakers],
            }

    @staticmethod
    def _article_cols() -> Any:
        return select(A.c.id, A.c.external_id, A.c.title, A.c.outlet, A.c.published, A.c.date, A.c.n_attributions,
                      A.c.n_actors, A.c.n_events, A.c.n_chars, A.c.ingested_at)

    @staticmethod
    def _article_row(row: Any) -> dict[str, Any]:
        d = dict(row._mapping)
        d["title"] = d["title"] or d["external_id"]
        return d

    # ---- articles ------------------------------------------------------------------------------
    def articles(self, q: str | None = None, outlet: str | None = None, *, page: int = 1,
                 size: int = 50) -> dict[str, Any]:
        cond: list[ColumnElement[bool]] = [LATEST]
        if q:
            pat = _like(q)
            cond.append(or_(A.c.title.like(pat, escape="\\"), A.c.external_id.like(pat, escape="\\"),
                            A.c.text.like(pat, escape="\\")))
        if outlet:
            cond.append(A.c.outlet == outlet)
        where = and_(*cond)
        with self._read() as c:
            total = c.scalar(select(func.count()).select_from(A).where(where)) or 0
            rows = c.execute(self._article_cols().where(where).order_by(
                func.coalesce(A.c.date, "").desc(), A.c.title).limit(size).offset((page - 1) * size))
            outlets = c.execute(select(A.c.outlet, func.count().label("n")).where(LATEST, A.c.outlet.is_not(None))
                                .group_by(A.c.outlet).order_by(func.count().desc()).limit(30))
            return {"total": total, "page": page, "pages": max(1, -(-total // size)), "size": size,
                    "articles": [self._article_row(r) for r in rows],
                    "outlets": [dict(r._mapping) for r in outlets]}

    def article(self, article_id: str) -> tuple[Analysis, dict[str, Any]] | None:
        """The stored analysis, with links to actor and claim pages keyed by local ids."""
        with self._read() as c:
            row = c.execute(select(A.c.id, A.c.analysis_json, A.c.latest, A.c.external_id)
                            .where(A.c.id == article_id)).first()
            if row is None:  # a stable external id works too (the latest version)
                row = c.execute(select(A.c.id, A.c.analysis_json, A.c.latest, A.c.external_id)
                                .where(A.c.external_id == article_id, LATEST)).first()
            if row is None:
                return None
            actors = {r.local_id: r.actor_id for r in c.execute(
                select(AA.c.local_id, AA.c.actor_id).where(AA.c.article_id == row.id, AA.c.actor_id.is_not(None)))}
            claims = {r.local_id: r.claim_id for r in c.execute(
                select(AT.c.local_id, AT.c.claim_id).join(CL, CL.c.id == AT.c.claim_id)
                .where(AT.c.article_id == row.id, CL.c.n_articles > 1))}
        analysis = Analysis.from_dict(json.loads(row.analysis_json))
        return analysis, {"store_id": row.id, "latest": bool(row.latest), "external_id": row.external_id,
                          "actors": actors, "claims": claims}

    # ---- actors --------------------------------------------------------------------------------
    def actor(self, actor_id: int, limit: int = 300) -> dict[str, Any] | None:
        with self._read() as c:
            actor = c.execute(select(AC).where(AC.c.id == actor_id)).first()
            if actor is None:
                return None
            # statements by the actor, and by people speaking for it ("a Hamas official")
            by_or_for = or_(AT.c.actor_id == actor_id, AT.c.affiliation_actor_id == actor_id)
            statements = [dict(r._mapping) for r in c.execute(
                select(AT.c.article_id, AT.c.local_id, AT.c.source_text, AT.c.speaker_name,
                       (AT.c.actor_id == actor_id).label("own"), AT.c.cue_text, AT.c.content_text,
                       AT.c.stance, AT.c.kind, AT.c.claim_id, A.c.title, A.c.external_id, A.c.date,
                       A.c.outlet)
                .join(A, A.c.id == AT.c.article_id).where(by_or_for, LATEST)
                .order_by(func.coalesce(A.c.date, "").desc(), AT.c.article_id, AT.c.content_start)
                .limit(limit))]
            events = [dict(r._mapping) for r in c.execute(
                select(EV.c.article_id, EV.c.local_id, EV.c.plover, EV.c.cameo, EV.c.actor1_id, EV.c.actor1_name,
                       EV.c.actor2_id, EV.c.actor2_name, EV.c.evidence_text, EV.c.negated, EV.c.hypothetical,
                       A.c.title, A.c.external_id, A.c.date)
                .join(A, A.c.id == EV.c.article_id)
                .where(or_(EV.c.actor1_id == actor_id, EV.c.actor2_id == actor_id), LATEST)
                .order_by(func.coalesce(A.c.date, "").desc()).limit(limit))]
            # how the press frames this actor: the cue verbs and stances writers chose for them,
            # and editorial spans about them
            cues = c.execute(select(func.lower(AT.c.cue_text).label("cue"), func.count().label("n"))
                             .join(A, A.c.id == AT.c.article_id)
                             .where(AT.c.actor_id == actor_id, LATEST, AT.c.cue_text.is_not(None))
                             .group_by(func.lower(AT.c.cue_text)).order_by(func.count().desc()).limit(15))
            stances = c.execute(select(AT.c.stance, func.count().label("n")).join(A, A.c.id == AT.c.article_id)
                                .where(AT.c.actor_id == actor_id, LATEST).group_by(AT.c.stance)
                                .order_by(func.count().desc()))
            editorial = [dict(r._mapping) for r in c.execute(
                select(ED.c.article_id, ED.c.span_text, ED.c.category, ED.c.reason, A.c.title, A.c.external_id)
                .join(AA, and_(AA.c.article_id == ED.c.article_id, AA.c.local_id == ED.c.about))
                .join(A, A.c.id == ED.c.article_id).where(AA.c.actor_id == actor_id, LATEST).limit(100))]
            names = c.execute(select(AA.c.name, func.count().label("n")).where(AA.c.actor_id == actor_id)
                              .group_by(AA.c.name).order_by(func.count().desc()).limit(10))
            n_statements = c.scalar(select(func.count()).select_from(AT).join(A, A.c.id == AT.c.article_id)
                                    .where(AT.c.actor_id == actor_id, LATEST)) or 0
            n_on_behalf = c.scalar(select(func.count()).select_from(AT).join(A, A.c.id == AT.c.article_id)
                                   .where(AT.c.affiliation_actor_id == actor_id, AT.c.actor_id.is_distinct_from(actor_id),
                                          LATEST)) or 0
            return {
                "actor": dict(actor._mapping),
                "n_statements": n_statements,
                "n_on_behalf": n_on_behalf,
                "statements": statements,
                "events": events,
                "framing": {"cues": [dict(r._mapping) for r in cues],
                            "stances": [dict(r._mapping) for r in stances],
                            "editorial": editorial},
                "names": [dict(r._mapping) for r in names],
            }

    # ---- claims --------------------------------------------------------------------------------
    def claims(self, q: str | None = None, limit: int = 20) -> dict[str, Any]:
        """Claims matching ``q`` (full-text search through the corpus API), most sources first."""
        hits = self.corpus.claims(q, limit=2000) if q else []
        with self._read() as c:
            if q:
                claim_ids = sorted({h.claim_id for h in hits if h.claim_id is not None})
                claim_rows: Any = c.execute(select(CL).where(CL.c.id.in_(claim_ids)).order_by(
                    CL.c.n_sources.desc(), CL.c.n_reports.desc()).limit(limit)) if claim_ids else []
            else:
                claim_rows = c.execute(select(CL).where(CL.c.n_articles > 1).order_by(
                    CL.c.n_sources.desc(), CL.c.n_reports.desc()).limit(limit))
            claims = [dict(r._mapping) for r in claim_rows]
            by_claim = self._claim_reports(c, [cl["id"] for cl in claims])
        for cl in claims:
            cl["reports"], cl["links"] = by_claim.get(cl["id"], ([], []))
        shown = {cl["id"] for cl in claims}
        # reports that match but belong to no multi-article claim are listed on their own
        single = [h.to_dict() for h in hits if h.claim_id not in shown][:limit]
        return {"q": q or "", "claims": claims, "unclustered": single}

    def claim(self, claim_id: int) -> dict[str, Any] | None:
        with self._read() as c:
            row = c.execute(select(CL).where(CL.c.id == claim_id)).first()
            if row is None:
                return None
            data = dict(row._mapping)
            data["reports"], data["links"] = self._claim_reports(c, [claim_id]).get(claim_id, ([], []))
            return data

    @staticmethod
    def _report_cols() -> Any:
        return (select(AT.c.pk, AT.c.article_id, AT.c.local_id, AT.c.claim_id, AT.c.source_text,
                       AT.c.speaker_name, AT.c.actor_id, AT.c.cue_text, AT.c.content_text, AT.c.stance,
                       A.c.title, A.c.external_id, A.c.outlet, A.c.date)
                .join(A, A.c.id == AT.c.article_id))

    def _claim_reports(self, c: Connection, claim_ids: list[int]) -> dict[int, tuple[list[Any], list[Any]]]:
        if not claim_ids:
            return {}
        reports: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for r in c.execute(self._report_cols().where(AT.c.claim_id.in_(claim_ids), LATEST)
                           .order_by(func.coalesce(A.c.date, ""), AT.c.pk)):
            reports[r.claim_id].append(dict(r._mapping))
        links: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for r in c.execute(select(LK).where(LK.c.claim_id.in_(claim_ids))):
            links[r.claim_id].append(dict(r._mapping))
        return {cid: (reports.get(cid, []), links.get(cid, [])) for cid in claim_ids}

    # ---- framing audit -------------------------------------------------------------------------
    def stance_by(self, dimension: str, limit: int = 15) -> list[dict[str, Any]]:
        """Attribution stance counts grouped by speaker affiliation, speaker type or outlet."""
        key: Any
        with self._read() as c:
            if dimension == "affiliation":
                # only resolved affiliations: "no affiliation" would dwarf every real group
                key = AC.c.name
                base = (select(key.label("key"), AT.c.stance, func.count().label("n")).select_from(AT)
                        .join(A, A.c.id == AT.c.article_id)
                        .join(AC, AC.c.id == AT.c.affiliation_actor_id))
            elif dimension == "speaker":
                key = AC.c.name
                base = (select(key.label("key"), AT.c.stance, func.count().label("n")).select_from(AT)
                        .join(A, A.c.id == AT.c.article_id).join(AC, AC.c.id == AT.c.actor_id))
            elif dimension == "speaker_type":
                key = func.coalesce(AT.c.speaker_type, "unresolved")
                base = select(key.label("key"), AT.c.stance, func.count().label("n")).join(
                    A, A.c.id == AT.c.article_id)
            elif dimension == "outlet":
                key = func.coalesce(A.c.outlet, "(unknown outlet)")
                base = select(key.label("key"), AT.c.stance, func.count().label("n")).join(
                    A, A.c.id == AT.c.article_id)
            else:
                raise ValueError(dimension)
            rows = c.execute(base.where(LATEST).group_by(key, AT.c.stance))
            table: dict[str, Counter[str]] = defaultdict(Counter)
            for r in rows:
                table[r.key][r.stance] += r.n
        ordered = sorted(table.items(), key=lambda kv: -sum(kv[1].values()))[:limit]
        return [{"key": k, "total": sum(v.values()), "stances": dict(v.most_common())} for k, v in ordered]

    def anonymity_by_outlet(self, limit: int = 15) -> list[dict[str, Any]]:
        with self._read() as c:
            key = func.coalesce(A.c.outlet, "(unknown outlet)")
            rows = c.execute(select(key.label("key"), AT.c.speaker_type, func.count().label("n"))
                             .join(A, A.c.id == AT.c.article_id).where(LATEST).group_by(key, AT.c.speaker_type))
            table: dict[str, Counter[str]] = defaultdict(Counter)
            for r in rows:
                table[r.key]["anonymous" if r.speaker_type == "anonymous" else "named"] += r.n
        ordered = sorted(table.items(), key=lambda kv: -sum(kv[1].values()))[:limit]
        return [{"key": k, "total": sum(v.values()), "stances": {s: v[s] for s in ("named", "anonymous") if v[s]}}
                for k, v in ordered]

    def analyses(self, limit: int = 5000) -> Iterator[Analysis]:
        """Stored analyses (latest versions), for audits computed in Python."""
        with self._read() as c:
            rows = c.execute(select(A.c.analysis_json).where(LATEST).limit(limit)).all()
        for r in rows:
            yield Analysis.from_dict(json.loads(r.analysis_json))

    def data_version(self) -> tuple[Any, ...]:
        """Changes whenever the store's content does (cache key for expensive aggregates)."""
        with self._read() as c:
            row = c.execute(select(func.count(), func.max(A.c.ingested_at)).select_from(A).where(LATEST)).one()
            return tuple(row)

    # ---- writes (token-protected at the HTTP layer) --------------------------------------------
    def ingest(self, analysis: Analysis) -> str:
        """Store an analysis through the corpus API; returns the stored article id."""
        from reportedly.corpus import Corpus

        if self._writer is None:
            self._writer = Corpus.open(self.db_url, create=False)
        article_id = str(self._writer.add(analysis, source="web-api"))
        self._writer.link_claims()
        return article_id


__all__ = ["WebData"]
