"""``Doc._`` extensions that carry reportedly's results on a spaCy Doc."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc

#: extension name -> default factory.  Lists are created per Doc via ``getter``-free defaults
#: set in :func:`reset`, because a shared mutable default would leak between Docs.
EXTENSIONS: tuple[str, ...] = ("attributions", "actors", "events", "editorial", "relations", "framing")


def register_extensions() -> None:
    for name in EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    if not Doc.has_extension("analysis"):
        Doc.set_extension("analysis", getter=_analysis_dict)


def reset(doc: Doc) -> None:
    """Give a Doc fresh, empty result containers."""
    for name in EXTENSIONS:
        if getattr(doc._, name) is None:
            setattr(doc._, name, {} if name == "framing" else [])


def _analysis_dict(doc: Doc) -> dict[str, Any]:
    from reportedly.models import Analysis, Article

    reset(doc)
    article = doc.user_data.get("reportedly_article") or Article(id="doc", text=doc.text)
    analysis = Analysis(
        article=article,
        attributions=list(doc._.attributions),
        actors=list(doc._.actors),
        events=list(doc._.events),
        editorial=list(doc._.editorial),
        relations=list(doc._.relations),
        framing=dict(doc._.framing),
    )
    return analysis.to_dict()
