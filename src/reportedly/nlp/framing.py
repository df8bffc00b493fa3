"""The ``framing`` stage: ``doc._.framing`` = the framing audit and positions of one article.

The audit itself lives in :mod:`reportedly.framing` (it works on analysis records, so it can
also run over analyses read back from JSON); this stage only builds the record from the Doc.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from reportedly.models import Analysis, Article


class FramingStage:
    """spaCy component: ``doc._.framing`` from the attributions, actors, events and editorial spans."""

    def __init__(self, nlp: Language | None = None, name: str = "reportedly_framing") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        # imported here: reportedly.framing imports reportedly.nlp, which registers this stage
        from reportedly.framing import framing_of
        from reportedly.positions import positions_of

        article = doc.user_data.get("reportedly_article") or Article(id="doc", text=doc.text)
        analysis = Analysis(
            article=article,
            attributions=list(doc._.attributions or []),
            actors=list(doc._.actors or []),
            events=list(doc._.events or []),
            editorial=list(doc._.editorial or []),
            relations=list(doc._.relations or []),
        )
        framing = framing_of(analysis)
        framing["positions"] = positions_of(analysis)
        doc._.framing = framing
        return doc


__all__ = ["FramingStage"]
