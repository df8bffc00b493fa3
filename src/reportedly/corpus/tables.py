"""The corpus store's tables (SQLAlchemy 2 declarative models).

``articles`` and ``attributions`` are the public, documented schema for SQL users (see
docs/corpus.md); the other tables are named for what they hold.  Every analysis record is kept
twice on purpose: normalized into these tables for querying, and whole as ``articles.analysis_json``
so that fields added to analysis@1 later are never lost by an older table layout.

The Alembic migrations in ``reportedly/corpus/migrations`` create exactly these tables
(a test compares the migrated database with this metadata).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class ArticleRow(Base):
    """One stored article version; ``id`` is the hash of its text."""

    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    external_id: Mapped[str] = mapped_column(String(512), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    latest: Mapped[bool] = mapped_column(Boolean, default=True)
    title: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(64))
    # YYYY-MM-DD from ``published`` or a date in the file name: what timelines sort by
    date: Mapped[str | None] = mapped_column(String(10), index=True)
    outlet: Mapped[str | None] = mapped_column(String(256), index=True)
    source_path: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    n_chars: Mapped[int] = mapped_column(Integer, default=0)
    n_attributions: Mapped[int] = mapped_column(Integer, default=0)
    n_actors: Mapped[int] = mapped_column(Integer, default=0)
    n_events: Mapped[int] = mapped_column(Integer, default=0)
    dup_group: Mapped[str | None] = mapped_column(String(32), index=True)
    minhash: Mapped[bytes | None] = mapped_column(LargeBinary)
    schema: Mapped[str] = mapped_column(String(64))
    reportedly_version: Mapped[str | None] = mapped_column(String(32))
    model: Mapped[str | None] = mapped_column(String(128))
    ingested_at: Mapped[str] = mapped_column(String(32))
    analysis_json: Mapped[str] = mapped_column(Text)


class ActorRow(Base):
    """The cross-article actor registry: one row per normalized name."""

    __tablename__ = "actors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(512), unique=True)
    name: Mapped[str] = mapped_column(Text)
    type: Mapped[str] = mapped_column(String(32), default="unspecified")
    registry_id: Mapped[str | None] = mapped_column(String(128))
    # kept up to date by the writer so "most quoted actors" needs no scan of attributions
    n_articles: Mapped[int] = mapped_column(Integer, default=0)
    n_statements: Mapped[int] = mapped_column(Integer, default=0, index=True)


class ArticleActorRow(Base):
    """An actor as resolved inside one article, linked to the registry row."""

    __tablename__ = "article_actors"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    local_id: Mapped[str] = mapped_column(String(64))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id"), index=True)
    name: Mapped[str] = mapped_column(Text)
    type: Mapped[str] = mapped_column(String(32))
    count: Mapped[int | None] = mapped_column(Integer)
    role: Mapped[str | None] = mapped_column(Text)
    affiliation: Mapped[str | None] = mapped_column(String(64))
    affiliation_actor_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id"), index=True)
    rank: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(String(64))
    sector: Mapped[str | None] = mapped_column(String(64))
    registry_id: Mapped[str | None] = mapped_column(String(128))
    aliases_json: Mapped[str] = mapped_column(Text, default="[]")
    n_mentions: Mapped[int] = mapped_column(Integer, default=0)


class AttributionRow(Base):
    """One attribution: source / cue / content spans (offsets into ``articles.text``)."""

    __tablename__ = "attributions"
    __table_args__ = (Index("ix_attributions_article_local", "article_id", "local_id", unique=True),)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    local_id: Mapped[str] = mapped_column(String(64))
    source_text: Mapped[str | None] = mapped_column(Text)
    source_start: Mapped[int | None] = mapped_column(Integer)
    source_end: Mapped[int | None] = mapped_column(Integer)
    cue_text: Mapped[str | None] = mapped_column(Text)
    cue_start: Mapped[int | None] = mapped_column(Integer)
    cue_end: Mapped[int | None] = mapped_column(Integer)
    content_text: Mapped[str] = mapped_column(Text)
    content_start: Mapped[int] = mapped_column(Integer)
    content_end: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    stance: Mapped[str] = mapped_column(String(16))
    cue_type: Mapped[str] = mapped_column(String(32))
    confidence: Mapped[float] = mapped_column(Float)
    implicit_source: Mapped[bool] = mapped_column(Boolean, default=False)
    nested_in: Mapped[str | None] = mapped_column(String(64))
    channel_text: Mapped[str | None] = mapped_column(Text)
    channel_actor: Mapped[str | None] = mapped_column(String(64))
    speaker: Mapped[str | None] = mapped_column(String(64))
    speaker_name: Mapped[str | None] = mapped_column(Text)
    speaker_type: Mapped[str | None] = mapped_column(String(32))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id"), index=True)
    affiliation_actor_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id"), index=True)
    claim_id: Mapped[int | None] = mapped_column(Integer, index=True)


class EventRow(Base):
    """actor1 -> event -> actor2 (PLOVER/CAMEO) with its evidence span."""

    __tablename__ = "events"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    local_id: Mapped[str] = mapped_column(String(64))
    plover: Mapped[str] = mapped_column(String(64), index=True)
    cameo: Mapped[str | None] = mapped_column(String(16))
    mode: Mapped[str | None] = mapped_column(String(64))
    negated: Mapped[bool] = mapped_column(Boolean, default=False)
    hypothetical: Mapped[bool] = mapped_column(Boolean, default=False)
    actor1: Mapped[str | None] = mapped_column(String(64))
    actor1_name: Mapped[str | None] = mapped_column(Text)
    actor1_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id"), index=True)
    actor2: Mapped[str | None] = mapped_column(String(64))
    actor2_name: Mapped[str | None] = mapped_column(Text)
    actor2_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id"), index=True)
    evidence_text: Mapped[str] = mapped_column(Text)
    evidence_start: Mapped[int] = mapped_column(Integer)
    evidence_end: Mapped[int] = mapped_column(Integer)
    trigger_text: Mapped[str | None] = mapped_column(Text)
    attribution: Mapped[str | None] = mapped_column(String(64))
    confidence: Mapped[float] = mapped_column(Float)


class EditorialRow(Base):
    """A span in the writer's own voice (or a loaded term) with the reason it was flagged."""

    __tablename__ = "editorial_spans"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    local_id: Mapped[str] = mapped_column(String(64))
    category: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)
    about: Mapped[str | None] = mapped_column(String(64))
    span_text: Mapped[str] = mapped_column(Text)
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)


class RelationRow(Base):
    """A relation between attributions of one article (``a`` and ``b`` are JSON id lists)."""

    __tablename__ = "relations"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    local_id: Mapped[str] = mapped_column(String(64))
    type: Mapped[str] = mapped_column(String(64))
    a_json: Mapped[str] = mapped_column(Text)
    b_json: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    confidence: Mapped[float] = mapped_column(Float)


class InputRow(Base):
    """Processing status of one input (a file, or ``path#line`` inside a JSONL/WARC file)."""

    __tablename__ = "inputs"

    source: Mapped[str] = mapped_column(String(1024), primary_key=True)
    status: Mapped[str] = mapped_column(String(16), index=True)  # ok | error
    article_id: Mapped[str | None] = mapped_column(String(32))
    error_type: Mapped[str | None] = mapped_column(String(64))
    reason: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[str] = mapped_column(String(32))


class ClaimRow(Base):
    """A proposition reported across articles: attributions with similar content share it."""

    __tablename__ = "claims"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    label: Mapped[str] = mapped_column(Text)
    n_reports: Mapped[int] = mapped_column(Integer, default=0)
    n_articles: Mapped[int] = mapped_column(Integer, default=0)
    n_sources: Mapped[int] = mapped_column(Integer, default=0)
    n_dup_groups: Mapped[int] = mapped_column(Integer, default=0)
    first_published: Mapped[str | None] = mapped_column(String(64))
    last_published: Mapped[str | None] = mapped_column(String(64))


class ClaimLinkRow(Base):
    """``agree`` / ``contradict`` between two attributions of one claim by different sources."""

    __tablename__ = "claim_links"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    claim_id: Mapped[int] = mapped_column(Integer, index=True)
    a_pk: Mapped[int] = mapped_column(Integer, index=True)
    b_pk: Mapped[int] = mapped_column(Integer, index=True)
    relation: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text)


class BandRow(Base):
    """MinHash LSH band hashes kept in SQL so near-duplicate lookups work across runs."""

    __tablename__ = "lsh_bands"
    __table_args__ = (Index("ix_lsh_bands_kind_band", "kind", "band"),)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16))  # article | claim
    band: Mapped[int] = mapped_column(BigInteger)
    ref: Mapped[str] = mapped_column(String(64), index=True)


ALL_TABLES = [t.name for t in Base.metadata.sorted_tables]

__all__ = [
    "ALL_TABLES",
    "ActorRow",
    "ArticleActorRow",
    "ArticleRow",
    "AttributionRow",
    "BandRow",
    "Base",
    "ClaimLinkRow",
    "ClaimRow",
    "EditorialRow",
    "EventRow",
    "InputRow",
    "RelationRow",
]
