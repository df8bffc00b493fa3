"""The corpus store: the :class:`Corpus` class over SQLite (default) or PostgreSQL.

    from reportedly import Corpus
    with Corpus.open("reportedly.db") as corpus:          # or "postgresql://user@host/db"
        corpus.ingest(["articles/"], n_process=2)         # read, analyse, store (resumable)
        corpus.counts()                                   # {"articles": 84, "attributions": ...}
        corpus.claims(about="impasse")                    # full-text search over attributed content
        corpus.actor_claims("Abu Marzouk")                # what one actor said, across articles
        corpus.timeline("Hamas")                          # statements and events, by date
        corpus.article(article_id)                        # -> Analysis (exactly as analysed)

The method names above, and ``articles``, ``actors``, ``actor``, ``add``, ``add_many``,
``record_error``, ``errors``, ``versions``, ``claim``, ``claim_groups``, ``link_claims`` and
``export`` are the stable public API (the web UI and the CLI are thin shells over them).
The writing half (``add_many``) lives in :mod:`reportedly.corpus._writer`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, func, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import ArgumentError, OperationalError

from reportedly.corpus import _writer
from reportedly.corpus._text import actor_key
from reportedly.corpus.tables import (
    ALL_TABLES,
    ActorRow,
    ArticleActorRow,
    ArticleRow,
    ClaimLinkRow,
    ClaimRow,
    EventRow,
    InputRow,
)
from reportedly.errors import ReportedlyError, StoreError
from reportedly.models import Analysis

if TYPE_CHECKING:
    from reportedly.corpus.ingest import IngestReport, ProgressCallback

DEFAULT_DB = "reportedly.db"
_MIGRATIONS = Path(__file__).with_name("migrations")


def database_url(db: str | os.PathLike[str] | None) -> str:
    """A SQLAlchemy URL from a URL or a plain file path (``reportedly.db`` when None)."""
    raw = os.fspath(db) if db is not None else os.environ.get("REPORTEDLY_DB", DEFAULT_DB)
    if "://" in raw:
        if raw.startswith(("postgresql://", "postgres://")):
            # psycopg 3 is the supported driver; plain postgresql:// would ask for psycopg2
            raw = "postgresql+psycopg://" + raw.split("://", 1)[1]
        return raw
    return f"sqlite:///{Path(raw).expanduser()}"


def migrate(engine: Engine) -> None:
    """Bring the database to the newest schema (Alembic, applied in-process)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    # WAL: readers (datasette, the web UI) never block the ingest writer and vice versa
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={int(_writer.busy_timeout() * 1000)}")
    cur.close()


@dataclass(slots=True)
class ArticleInfo:
    """One stored article version, without its text and analysis."""

    id: str
    external_id: str
    version: int
    latest: bool
    title: str | None
    url: str | None
    published: str | None
    date: str | None
    outlet: str | None
    source_path: str | None
    n_chars: int
    n_attributions: int
    n_actors: int
    n_events: int
    dup_group: str | None
    ingested_at: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class ActorInfo:
    """A registry actor with how often it appears across the corpus."""

    id: int
    name: str
    type: str
    n_articles: int = 0
    n_statements: int = 0
    aliases: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class ClaimReport:
    """One attribution as a search/actor hit: who said what, where."""

    pk: int
    article_id: str
    attribution_id: str
    title: str | None
    date: str | None
    outlet: str | None
    speaker: str | None
    source: str | None
    cue: str | None
    content: str
    content_start: int
    content_end: int
    stance: str
    kind: str
    claim_id: int | None
    external_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class TimelineEntry:
    """A statement by, or an event involving, an actor, at a date."""

    date: str | None
    kind: str  # statement | event
    article_id: str
    title: str | None
    text: str
    detail: str
    role: str
    external_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class InputStatus:
    """The processing status of one input: ok, or error with its reason."""

    source: str
    status: str
    article_id: str | None
    error_type: str | None
    reason: str | None
    attempts: int
    updated_at: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class ClaimGroup:
    """A proposition across articles: its reports, and agree/contradict links between sources."""

    id: int
    label: str
    n_reports: int
    n_articles: int
    n_sources: int
    n_dup_groups: int
    first_date: str | None
    last_date: str | None
    reports: list[ClaimReport] = field(default_factory=list)
    links: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


_REPORT_COLUMNS = (
    "t.pk, t.article_id, t.local_id, a.title, a.date, a.outlet, t.speaker_name, t.source_text, "
    "t.cue_text, t.content_text, t.content_start, t.content_end, t.stance, t.kind, t.claim_id, a.external_id"
)


def _report(row: Sequence[Any]) -> ClaimReport:
    return ClaimReport(*row)


class Corpus:
    """A store of analysed articles; open with :meth:`Corpus.open` and use as a context manager.

    Reading: :meth:`counts`, :meth:`articles`, :meth:`article`, :meth:`versions`, :meth:`actors`,
    :meth:`actor`, :meth:`claims`, :meth:`actor_claims`, :meth:`timeline`, :meth:`claim`,
    :meth:`claim_groups`, :meth:`errors`.  Writing: :meth:`ingest` (files in, resumable),
    :meth:`add` / :meth:`add_many` (analyses in), :meth:`record_error`, :meth:`link_claims`.
    Exporting: :meth:`export`.  Every method is safe to call on an empty store.
    """

    def __init__(self, engine: Engine, *, url: str) -> None:
        self.engine = engine
        self.url = url

    # ------------------------------------------------------------------ lifecycle
    @classmethod
    def open(cls, db: str | os.PathLike[str] | None = None, *, create: bool = True) -> Corpus:
        """Open (and create or migrate) a store: a file path, ``sqlite:///…`` or ``postgresql://…``."""
        url = database_url(db)
        try:
            if url.startswith("sqlite"):
                path = url.split(":///", 1)[1]
                if path and path != ":memory:":
                    if not create and not Path(path).exists():
                        raise StoreError(f"no corpus database at {path}")
                    Path(path).parent.mkdir(parents=True, exist_ok=True)
                engine = create_engine(url)
                event.listen(engine, "connect", _sqlite_pragmas)
            else:
                engine = create_engine(url, pool_pre_ping=True)
            migrate(engine)
        except ReportedlyError:
            raise
        except ModuleNotFoundError as exc:
            raise StoreError(
                f"cannot open {url.split('@')[-1]}: driver missing ({exc.name}); "
                "install the extra: pip install 'reportedly[postgres]'"
            ) from exc
        except (ArgumentError, OperationalError, OSError) as exc:
            raise StoreError(f"cannot open corpus database {_safe_url(url)}: {exc}") from exc
        return cls(engine, url=url)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Corpus({_safe_url(self.url)!r})"

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def _connect(self) -> Connection:
        return self.engine.connect()

    # ------------------------------------------------------------------ writing
    def add(self, analysis: Analysis, *, source: str | None = None) -> str:
        """Store one analysis (idempotent); returns the article id (hash of its text)."""
        return self.add_many([(analysis, source)])[0]

    def add_many(self, items: Iterable[Analysis | tuple[Analysis, str | None]]) -> list[str]:
        """Store analyses in one transaction: all of them, or none. Returns their article ids."""
        pairs = [(i, None) if isinstance(i, Analysis) else i for i in items]
        with self.engine.begin() as conn:
            return _writer.write_analyses(conn, pairs)

    def record_error(self, source: str, error: BaseException | str) -> None:
        """Record that an input failed, with its reason (shown by ``reportedly errors``)."""
        with self.engine.begin() as conn:
            _writer.write_error(conn, source, error)

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of these article ids (text hashes) are already stored."""
        wanted = list(set(ids))
        found: set[str] = set()
        with self._connect() as conn:
            for i in range(0, len(wanted), 500):
                chunk = wanted[i : i + 500]
                found.update(conn.scalars(select(ArticleRow.id).where(ArticleRow.id.in_(chunk))))
        return found

    def ingest(
        self,
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
        """Read, analyse and store every article under ``paths``; see :mod:`reportedly.corpus.ingest`."""
        from reportedly.corpus.ingest import ingest_paths

        return ingest_paths(
            self, paths, n_process=n_process, engine=engine, scheduler=scheduler,
            batch_size=batch_size, model=model, progress=progress, link_claims=link_claims,
        )

    def link_claims(self) -> int:
        """Group attributions not yet in a claim into cross-article claims; returns how many were linked."""
        from reportedly.corpus.claims import link_claims

        total = 0
        while True:
            # one transaction per slice: the write lock is released between slices, and a kill
            # loses only the current slice (the rest is found again: its claim_id is still null)
            with self.engine.begin() as conn:
                n = link_claims(conn, limit=2000)
            total += n
            if n == 0:
                return total

    # ------------------------------------------------------------------ reading
    def counts(self) -> dict[str, int]:
        """Rows per table, plus ``errors`` (inputs whose last attempt failed)."""
        out: dict[str, int] = {}
        with self._connect() as conn:
            for name in ALL_TABLES:
                if name == "lsh_bands":
                    continue
                out[name] = int(conn.execute(text(f"SELECT count(*) FROM {name}")).scalar_one())
            out["errors"] = int(
                conn.execute(select(func.count()).select_from(InputRow).where(InputRow.status == "error"))
                .scalar_one()
            )
        return out

    def articles(
        self,
        *,
        limit: int = 50,
        offset: int = 0,
        q: str | None = None,
        outlet: str | None = None,
        latest_only: bool = True,
    ) -> list[ArticleInfo]:
        """Stored articles, newest date first; ``q`` filters on title, ``outlet`` exactly."""
        cols = [c for c in ArticleRow.__table__.c if c.name not in ("text", "analysis_json", "minhash", "schema",
                                                                      "reportedly_version", "model", "language")]
        stmt = select(*cols)
        if latest_only:
            stmt = stmt.where(ArticleRow.latest.is_(True))
        if q:
            stmt = stmt.where(ArticleRow.title.ilike(f"%{q}%"))
        if outlet:
            stmt = stmt.where(ArticleRow.outlet == outlet)
        stmt = stmt.order_by(ArticleRow.date.desc(), ArticleRow.external_id).limit(limit).offset(offset)
        with self._connect() as conn:
            return [ArticleInfo(**row._mapping) for row in conn.execute(stmt)]

    def article(self, article_id: str) -> Analysis:
        """The stored analysis of an article, by its id (text hash) or external id (newest version)."""
        with self._connect() as conn:
            data = conn.scalar(select(ArticleRow.analysis_json).where(ArticleRow.id == article_id))
            if data is None:
                data = conn.scalar(
                    select(ArticleRow.analysis_json)
                    .where(ArticleRow.external_id == article_id)
                    .order_by(ArticleRow.version.desc())
                    .limit(1)
                )
        if data is None:
            raise KeyError(article_id)
        return Analysis.from_dict(json.loads(data))

    def article_info(self, article_id: str) -> ArticleInfo | None:
        rows = [a for a in self.versions(article_id)]
        return next((a for a in rows if a.id == article_id), rows[-1] if rows else None)

    def versions(self, article_id: str) -> list[ArticleInfo]:
        """Every stored version of an article (by text hash or external id), oldest first."""
        with self._connect() as conn:
            ext = conn.scalar(select(ArticleRow.external_id).where(ArticleRow.id == article_id)) or article_id
        cols = [c for c in ArticleRow.__table__.c if c.name in ArticleInfo.__slots__]  # type: ignore[attr-defined]
        stmt = select(*cols).where(ArticleRow.external_id == ext).order_by(ArticleRow.version)
        with self._connect() as conn:
            return [ArticleInfo(**row._mapping) for row in conn.execute(stmt)]

    def iter_analyses(self, *, latest_only: bool = True, batch: int = 200) -> Iterator[Analysis]:
        """Every stored analysis, in insertion order, streamed."""
        stmt = select(ArticleRow.analysis_json)
        if latest_only:
            stmt = stmt.where(ArticleRow.latest.is_(True))
        stmt = stmt.order_by(ArticleRow.external_id, ArticleRow.version)
        with self._connect() as conn:
            result = conn.execution_options(stream_results=True, yield_per=batch).execute(stmt)
            for (data,) in result:
                yield Analysis.from_dict(json.loads(data))

    def actors(self, *, q: str | None = None, limit: int = 100, offset: int = 0) -> list[ActorInfo]:
        """Registry actors by number of statements; ``q`` matches part of the name."""
        stmt = select(ActorRow.id, ActorRow.name, ActorRow.type, ActorRow.n_articles, ActorRow.n_statements)
        if q:
            stmt = stmt.where(ActorRow.key.like(f"%{actor_key(q)}%"))
        stmt = stmt.order_by(ActorRow.n_statements.desc(), ActorRow.name).limit(limit).offset(offset)
        with self._connect() as conn:
            return [ActorInfo(*row) for row in conn.execute(stmt)]

    def _actor_ids(self, conn: Connection, name: str | int) -> list[int]:
        if isinstance(name, int) or (isinstance(name, str) and name.isdigit()):
            return [int(name)]
        key = actor_key(name)
        ids = list(conn.scalars(select(ActorRow.id).where(ActorRow.key == key)))
        if not ids and key:
            # "Abu Marzouk" also finds "Mousa Abu Marzouk": whole words inside a longer name
            ids = list(
                conn.scalars(
                    select(ActorRow.id).where(
                        (ActorRow.key.like(f"% {key}")) | (ActorRow.key.like(f"{key} %"))
                        | (ActorRow.key.like(f"% {key} %"))
                    ).limit(50)
                )
            )
        return ids

    def actor(self, name: str | int) -> ActorInfo | None:
        """The registry actor best matching ``name`` (exact normalized name, else whole-word match)."""
        with self._connect() as conn:
            ids = self._actor_ids(conn, name)
            if not ids:
                return None
            row = conn.execute(
                select(ActorRow.id, ActorRow.name, ActorRow.type, ActorRow.n_articles, ActorRow.n_statements)
                .where(ActorRow.id.in_(ids)).order_by(ActorRow.n_statements.desc(), ActorRow.id).limit(1)
            ).one()
            names = conn.scalars(
                select(ArticleActorRow.name).where(ArticleActorRow.actor_id == row.id).distinct().limit(50)
            )
            aliases = sorted(set(names) - {row.name})
            best = ActorInfo(row.id, row.name, row.type, row.n_articles, row.n_statements, aliases)
            return best

    def claims(self, about: str | None = None, *, actor: str | None = None, limit: int = 50,
               offset: int = 0, latest_only: bool = True) -> list[ClaimReport]:
        """Attributions matching the full-text query ``about`` (best match first), and/or said by ``actor``
        (newest first). Without either: the newest attributions."""
        params: dict[str, Any] = {"limit": limit, "offset": offset}
        where = ["a.latest"] if latest_only else ["1=1"]
        order = "a.date DESC, t.pk DESC"
        with self._connect() as conn:
            if actor is not None:
                ids = self._actor_ids(conn, actor)
                if not ids:
                    return []
                idl = ",".join(map(str, ids))
                where.append(f"(t.actor_id IN ({idl}) OR t.affiliation_actor_id IN ({idl}))")
            if about and self.dialect == "sqlite" and actor is None:
                fast = self._fts_top(conn, about, limit, offset, latest_only)
                if fast is not None:
                    return fast
            if about:
                if self.dialect == "sqlite":
                    where.append("t.pk IN (SELECT rowid FROM attributions_fts WHERE attributions_fts MATCH :q)")
                    params["q"] = _fts5_query(about)
                elif self.dialect == "postgresql":
                    where.append("t.content_tsv @@ websearch_to_tsquery('english', :q)")
                    params["q"] = about
                    if actor is None:
                        order = "ts_rank(t.content_tsv, websearch_to_tsquery('english', :q)) DESC, t.pk DESC"
                else:  # pragma: no cover - other backends: substring match
                    where.append("lower(t.content_text) LIKE :q")
                    params["q"] = f"%{about.lower()}%"
            sql = (f"SELECT {_REPORT_COLUMNS} FROM attributions t JOIN articles a ON a.id = t.article_id "
                   f"WHERE {' AND '.join(where)} ORDER BY {order} LIMIT :limit OFFSET :offset")
            return [_report(r) for r in conn.execute(text(sql), params)]

    def _fts_top(self, conn: Connection, about: str, limit: int, offset: int,
                 latest_only: bool) -> list[ClaimReport] | None:
        """Best-ranked FTS5 matches, taking only the top rows from the index (fast on large stores).

        Older article versions are filtered after ranking; when that leaves the page short the
        caller's exhaustive query answers instead (returns None).
        """
        want = limit + offset
        fetch = want * 2 + 10
        sql = (f"SELECT {_REPORT_COLUMNS}, a.latest FROM (SELECT rowid AS r, rank FROM attributions_fts "
               "WHERE attributions_fts MATCH :q ORDER BY rank LIMIT :fetch) f "
               "JOIN attributions t ON t.pk = f.r JOIN articles a ON a.id = t.article_id ORDER BY f.rank, t.pk")
        rows = conn.execute(text(sql), {"q": _fts5_query(about), "fetch": fetch}).all()
        kept = [r[:-1] for r in rows if r[-1] or not latest_only]
        if len(kept) < want and len(rows) == fetch:
            return None
        return [_report(r) for r in kept[offset:want]]

    def actor_claims(self, name: str | int, *, limit: int = 200, offset: int = 0) -> list[ClaimReport]:
        """What an actor (or someone speaking for it) is reported to have said, newest first."""
        return self.claims(actor=str(name), limit=limit, offset=offset)

    def timeline(self, name: str | int, *, limit: int = 500) -> list[TimelineEntry]:
        """An actor's statements and the events it took part in, oldest first (undated last)."""
        out: list[TimelineEntry] = []
        with self._connect() as conn:
            ids = self._actor_ids(conn, name)
            if not ids:
                return []
            idl = ",".join(map(str, ids))
            for r in conn.execute(text(
                "SELECT a.date, t.article_id, a.title, t.content_text, t.cue_text, t.speaker_name, "
                "t.actor_id, a.external_id FROM attributions t JOIN articles a ON a.id = t.article_id "
                f"WHERE (t.actor_id IN ({idl}) OR t.affiliation_actor_id IN ({idl})) AND a.latest "
                "ORDER BY a.date, t.article_id, t.content_start LIMIT :limit"), {"limit": limit}):
                role = "speaker" if r.actor_id in ids else "affiliate"
                out.append(TimelineEntry(r.date, "statement", r.article_id, r.title, r.content_text,
                                         f"{r.speaker_name or '?'} {r.cue_text or ''}".strip(), role,
                                         r.external_id))
            for r in conn.execute(text(
                "SELECT a.date, e.article_id, a.title, e.evidence_text, e.plover, e.cameo, e.actor1_name, "
                "e.actor2_name, e.actor1_id, e.negated, a.external_id FROM events e JOIN articles a ON a.id = e.article_id "
                f"WHERE (e.actor1_id IN ({idl}) OR e.actor2_id IN ({idl})) AND a.latest "
                "ORDER BY a.date, e.article_id, e.evidence_start LIMIT :limit"), {"limit": limit}):
                detail = f"{r.actor1_name or '?'} -{'not-' if r.negated else ''}{r.plover}-> {r.actor2_name or '?'}"
                out.append(TimelineEntry(r.date, "event", r.article_id, r.title, r.evidence_text, detail,
                                         "actor1" if r.actor1_id in ids else "actor2", r.external_id))
        out.sort(key=lambda e: (e.date is None, e.date or "", e.article_id))
        return out[:limit]

    def claim(self, claim_id: int) -> ClaimGroup | None:
        """One cross-article claim with all its reports and agree/contradict links."""
        with self._connect() as conn:
            row = conn.execute(select(ClaimRow).where(ClaimRow.id == claim_id)).first()
            if row is None:
                return None
            group = ClaimGroup(row.id, row.label, row.n_reports, row.n_articles, row.n_sources,
                               row.n_dup_groups, row.first_published, row.last_published)
            group.reports = [_report(r) for r in conn.execute(text(
                f"SELECT {_REPORT_COLUMNS} FROM attributions t JOIN articles a ON a.id = t.article_id "
                "WHERE t.claim_id = :c ORDER BY a.date, t.pk"), {"c": claim_id})]
            group.links = [
                {"a": r.a_pk, "b": r.b_pk, "relation": r.relation, "reason": r.reason}
                for r in conn.execute(select(ClaimLinkRow).where(ClaimLinkRow.claim_id == claim_id))
            ]
        return group

    def claim_groups(self, about: str | None = None, *, min_reports: int = 2, limit: int = 20) -> list[ClaimGroup]:
        """Claims reported at least ``min_reports`` times (matching ``about``), most reported first."""
        with self._connect() as conn:
            if about:
                hits = self.claims(about, limit=2000)
                ids = {h.claim_id for h in hits if h.claim_id is not None}
                stmt = select(ClaimRow.id).where(ClaimRow.id.in_(ids))
            else:
                stmt = select(ClaimRow.id)
            stmt = stmt.where(ClaimRow.n_reports >= min_reports).order_by(
                ClaimRow.n_reports.desc(), ClaimRow.id).limit(limit)
            claim_ids = list(conn.scalars(stmt))
        return [g for g in (self.claim(c) for c in claim_ids) if g is not None]

    def errors(self, *, limit: int = 1000) -> list[InputStatus]:
        """Inputs whose latest attempt failed, with the reason."""
        stmt = select(InputRow).where(InputRow.status == "error").order_by(InputRow.source).limit(limit)
        with self._connect() as conn:
            return [InputStatus(r.source, r.status, r.article_id, r.error_type, r.reason, r.attempts,
                                r.updated_at) for r in conn.execute(stmt)]

    def inputs(self, *, limit: int = 100_000) -> list[InputStatus]:
        stmt = select(InputRow).order_by(InputRow.source).limit(limit)
        with self._connect() as conn:
            return [InputStatus(r.source, r.status, r.article_id, r.error_type, r.reason, r.attempts,
                                r.updated_at) for r in conn.execute(stmt)]

    def events(self, *, limit: int = 1000) -> list[dict[str, Any]]:
        with self._connect() as conn:
            rows = conn.execute(select(EventRow).order_by(EventRow.article_id, EventRow.evidence_start).limit(limit))
            return [dict(r._mapping) for r in rows]

    # ------------------------------------------------------------------ exports
    def export(self, format: str, out: str | os.PathLike[str]) -> list[Path]:
        """Write the corpus as ``jsonl`` | ``csv`` | ``parquet`` | ``brat`` | ``events-tsv``; returns files written."""
        from reportedly.corpus.exports import export

        return export(self, format, Path(out))


def _fts5_query(q: str) -> str:
    # each word quoted: user text never becomes FTS5 syntax (a stray '-' or ':' is an error there)
    terms = [t for t in q.replace('"', " ").split() if t]
    return " ".join(f'"{t}"' for t in terms) or '""'


def _safe_url(url: str) -> str:
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://…@{rest.split('@', 1)[1]}"
    return url


__all__ = [
    "DEFAULT_DB",
    "ActorInfo",
    "ArticleInfo",
    "ClaimGroup",
    "ClaimReport",
    "Corpus",
    "InputStatus",
    "TimelineEntry",
    "database_url",
    "migrate",
]
