"""spaCy factories for reportedly's components (kept apart from the component classes).

``nlp.add_pipe("reportedly")`` adds everything in :data:`STAGES` order as one component;
each stage is also a factory of its own for users who want to compose them.
"""



from collections.abc import Callable
from typing import Any  # noqa: UP035  (spaCy validates these at run time)

from spacy.language import Language
from spacy.tokens import Doc

from reportedly.nlp.attribution import AttributionFinder
from reportedly.nlp.extensions import register_extensions, reset
from reportedly.nlp.speakers import SpeakerResolver

register_extensions()

Component = Callable[[Doc], Doc]

#: stage name -> constructor(nlp, name).  Order matters: later stages read earlier results.
STAGES: dict[str, Callable[[Language, str], Component]] = {
    "attribution": AttributionFinder,
    "speakers": SpeakerResolver,
}

_PARSE = ["token.dep", "token.head", "token.lemma", "token.pos", "token.tag", "doc.ents"]


@Language.factory(
    "reportedly_attribution",
    assigns=["doc._.attributions"],
    requires=_PARSE,
)
def make_attribution(nlp: Language, name: str) -> Component:
    return _stage(AttributionFinder(nlp, name))


@Language.factory(
    "reportedly_speakers",
    assigns=["doc._.actors"],
    requires=["doc._.attributions", "doc.ents"],
)
def make_speakers(nlp: Language, name: str) -> Component:
    return _stage(SpeakerResolver(nlp, name))


class ReportedlyComponent:
    """All stages as one component: what ``nlp.add_pipe("reportedly")`` adds."""

    def __init__(self, nlp: Language, name: str, stages: list[str]) -> None:
        unknown = [s for s in stages if s not in STAGES]
        if unknown:
            raise ValueError(f"unknown reportedly stages {unknown}; known: {list(STAGES)}")
        self.name = name
        self.stage_names = list(stages)
        self.stages = [STAGES[s](nlp, f"{name}.{s}") for s in stages]

    def __call__(self, doc: Doc) -> Doc:
        reset(doc)
        for stage in self.stages:
            doc = stage(doc)
        return doc


@Language.factory(
    "reportedly",
    default_config={"stages": None},
    assigns=[f"doc._.{n}" for n in ("attributions", "actors", "events", "editorial", "relations", "framing")],
    requires=_PARSE,
)
def make_reportedly(nlp: Language, name: str, stages: list[str] | None) -> ReportedlyComponent:
    return ReportedlyComponent(nlp, name, list(stages) if stages else list(STAGES))


def _stage(component: Any) -> Component:
    def run(doc: Doc) -> Doc:
        reset(doc)
        result: Doc = component(doc)
        return result

    run.__name__ = type(component).__name__
    return run


def register_stage(name: str, factory: Callable[[Language, str], Component]) -> None:
    """Add a stage to the ``reportedly`` component (user extension point)."""
    STAGES[name] = factory
