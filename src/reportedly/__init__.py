"""reportedly: who said what, about whom, according to whom — as data.

Public API::

    from reportedly import analyze_text, analyze_file, analyze_paths
    analysis = analyze_text("Two officials told the Times that talks had stalled.")
    analysis.to_dict()   # the reportedly/analysis@1 JSON contract

    from reportedly import Corpus      # many articles in SQLite/PostgreSQL (docs/corpus.md)
    with Corpus.open("reportedly.db") as corpus:
        corpus.ingest(["articles/"])
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

from reportedly._analyze import Result, analyze_article, analyze_file, analyze_paths, analyze_text
from reportedly._schema import analysis_schema, validate_analysis
from reportedly.errors import InputError, ReportedlyError
from reportedly.models import (
    SCHEMA_ID,
    Actor,
    Analysis,
    Article,
    Attribution,
    Editorial,
    Event,
    Relation,
    Span,
)

if TYPE_CHECKING:
    from reportedly.corpus import Corpus

__all__ = [
    "SCHEMA_ID",
    "Actor",
    "Analysis",
    "Article",
    "Attribution",
    "Corpus",
    "Editorial",
    "Event",
    "InputError",
    "Relation",
    "ReportedlyError",
    "Result",
    "Span",
    "__version__",
    "analysis_schema",
    "analyze_article",
    "analyze_file",
    "analyze_paths",
    "analyze_text",
    "validate_analysis",
]


def __getattr__(name: str) -> object:
    # the corpus store pulls in SQLAlchemy; load it on first use, not on `import reportedly`
    if name == "Corpus":
        from reportedly.corpus import Corpus

        return Corpus
    raise AttributeError(f"module 'reportedly' has no attribute {name!r}")
