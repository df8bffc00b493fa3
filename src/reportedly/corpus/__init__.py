"""The corpus store: many analysed articles in SQLite or PostgreSQL, queried across articles.

See :class:`reportedly.corpus.store.Corpus` and docs/corpus.md.
"""

from __future__ import annotations

from reportedly.corpus.ingest import IngestReport
from reportedly.corpus.store import (
    DEFAULT_DB,
    ActorInfo,
    ArticleInfo,
    ClaimGroup,
    ClaimReport,
    Corpus,
    InputStatus,
    TimelineEntry,
    database_url,
)

__all__ = [
    "DEFAULT_DB",
    "ActorInfo",
    "ArticleInfo",
    "ClaimGroup",
    "ClaimReport",
    "Corpus",
    "IngestReport",
    "InputStatus",
    "TimelineEntry",
    "database_url",
]
