"""spaCy factories for reportedly's components (kept apart from the component classes).

``nlp.add_pipe("reportedly")`` adds everything in :data:`STAGES` order as one component;
each stage is also a factory of its own for users who want to compose them.
"""



from collections.abc import Callable
from typing import Any, List, Optional  # noqa: UP035  (spaCy validates these at run time)

from spacy.language import Language
from spacy.tokens import Doc

from reportedly.nlp.attribute_ruler import ArrayAttributeRuler
from reportedly.nlp.attribution import AttributionFinder
from reportedly.nlp.editorial import EditorialFinder
from reportedly.nlp.events import EventCoder
from reportedly.nlp.extensions import register_extensions, reset
from reportedly.nlp.framing import FramingStage
from reportedly.nlp.line_breaks import mark_line_breaks
from reportedly.nlp.registry import load_registry
from reportedly.nlp.relations import RelationFinder
from reportedly.nlp.speakers import SpeakerResolver

register_extensions()

Component = Callable[[Doc], Doc]

#: stage name -> constructor(nlp, name).  Order matters: later stages read earlier results.
STAGES: dict[str, Callable[[Language, str], Component]] = {
    "attribution": AttributionFinder,
    "speakers": SpeakerResolver,
    "events": EventCoder,
    "editorial": EditorialFinder,
    "relations": RelationFinder,
    "framing": FramingStage,
}

_PARSE = ["token.dep", "token.head", "token.lemma", "token.pos", "token.tag", "doc.ents"]


@Language.factory(
    "reportedly_attribute_ruler",
    assigns=["token.pos", "token.tag", "token.morph", "token.lemma"],
    requires=["token.tag", "token.dep"],
)
def make_attribute_ruler(nlp: Language, name: str) -> ArrayAttributeRuler:
    """spaCy's attribute ruler matched over token arrays (same annotations, a quarter of the time);
    ``load_parser`` puts it in place of the model's ``attribute_ruler``, with its patterns."""
    return ArrayAttributeRuler(nlp.vocab, name)


@Language.factory("reportedly_line_breaks", assigns=["token.is_sent_start"])
def make_line_breaks(nlp: Language, name: str) -> Component:
    """Sentence starts at paragraph breaks; add it ``before="parser"`` (``load_pipeline`` does)."""
    return mark_line_breaks


@Language.factory(
    "reportedly_attribution",
    assigns=["doc._.attributions"],
    requires=_PARSE,
)
def make_attribution(nlp: Language, name: str) -> Component:
    return _stage(AttributionFinder(nlp, name))


@Language.factory(
    "reportedly_speakers",
    default_config={"actors": None},
    assigns=["doc._.actors"],
    requires=["doc._.attributions", "doc.ents"],
)
def make_speakers(nlp: Language, name: str, actors: Optional[List[str]]) -> Component:  # noqa: UP006, UP045
    return _stage(SpeakerResolver(nlp, name, actors=actors))


@Language.factory(
    "reportedly_events",
    assigns=["doc._.events"],
    requires=["doc._.attributions", "doc._.actors", "token.dep", "token.head", "token.lemma", "doc.ents"],
)
def make_events(nlp: Language, name: str) -> Component:
    return _stage(EventCoder(nlp, name))


@Language.factory(
    "reportedly_editorial",
    assigns=["doc._.editorial"],
    requires=["doc._.attributions", "doc._.actors", "token.dep", "token.head", "token.lemma", "token.tag"],
)
def make_editorial(nlp: Language, name: str) -> Component:
    return _stage(EditorialFinder(nlp, name))


@Language.factory(
    "reportedly_relations",
    assigns=["doc._.relations"],
    requires=["doc._.attributions", "doc._.actors", "token.dep", "token.head", "token.lemma"],
)
def make_relations(nlp: Language, name: str) -> Component:
    return _stage(RelationFinder(nlp, name))


@Language.factory(
    "reportedly_framing",
    assigns=["doc._.framing"],
    requires=["doc._.attributions", "doc._.actors", "doc._.editorial"],
)
def make_framing(nlp: Language, name: str) -> Component:
    return _stage(FramingStage(nlp, name))


class ReportedlyComponent:
    """All stages as one component: what ``nlp.add_pipe("reportedly")`` adds."""

    def __init__(self, nlp: Language, name: str, stages: list[str], actors: list[str] | None = None) -> None:
        unknown = [s for s in stages if s not in STAGES]
        if unknown:
            raise ValueError(f"unknown reportedly stages {unknown}; known: {list(STAGES)}")
        self.name = name
        self.stage_names = list(stages)
        self.stages = [STAGES[s](nlp, f"{name}.{s}") for s in stages]
        # user actor registry files (docs/actors.md); loaded now so a bad file fails at load time
        self.actors_files = tuple(str(a) for a in actors or ())
        load_registry(self.actors_files)

    def __call__(self, doc: Doc) -> Doc:
        reset(doc)
        if self.actors_files:
            doc.user_data["reportedly_actors_files"] = self.actors_files
        for stage in self.stages:
            doc = stage(doc)
        return doc


@Language.factory(
    "reportedly",
    default_config={"stages": None, "actors": None},
    assigns=[f"doc._.{n}" for n in ("attributions", "actors", "events", "editorial", "relations", "framing")],
    requires=_PARSE,
)
def make_reportedly(
    nlp: Language, name: str, stages: Optional[List[str]], actors: Optional[List[str]]  # noqa: UP006, UP045
) -> ReportedlyComponent:
    return ReportedlyComponent(nlp, name, list(stages) if stages else list(STAGES), actors=actors)


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
