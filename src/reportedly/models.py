"""Typed records of an analysis: the ``reportedly/analysis@1`` contract in Python.

Every record is a plain dataclass with ``to_dict`` / ``from_dict`` so the JSON form is
always produced in one place.  Offsets are Python ``str`` indices into ``Article.text``,
end exclusive; ``Span.text`` always equals ``article.text[start:end]``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

SCHEMA_ID = "reportedly/analysis@1"

AttributionKind = Literal["direct", "indirect", "mixed"]
Stance = Literal["neutral", "distancing", "endorsing", "denying", "hedging", "intent"]
ActorType = Literal[
    "person",
    "organization",
    "state",
    "government",
    "military",
    "armed_group",
    "party",
    "igo",
    "anonymous",
    "media",
    "document",
    "group",
    "unspecified",
]


@dataclass(frozen=True, slots=True)
class Span:
    """A slice of the article text."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        return cls(start, end, text[start:end])

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Span | None:
        if data is None:
            return None
        return cls(int(data["start"]), int(data["end"]), str(data["text"]))

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end


def _span_or_none(span: Span | None) -> dict[str, Any] | None:
    return span.to_dict() if span is not None else None


@dataclass(slots=True)
class Article:
    """One input document: the exact text every offset indexes, plus metadata."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    outlet: str | None = None
    source_path: str | None = None
    language: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "text": self.text,
            "url": self.url,
            "published": self.published,
            "outlet": self.outlet,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        return cls(
            id=str(data["id"]),
            text=str(data["text"]),
            title=data.get("title"),
            url=data.get("url"),
            published=data.get("published"),
            outlet=data.get("outlet"),
        )


@dataclass(slots=True)
class Attribution:
    """Who said what: source, cue and content spans with the cue's stance."""

    id: str
    content: Span
    cue: Span | None = None
    source: Span | None = None
    speaker: str | None = None
    kind: AttributionKind = "indirect"
    stance: Stance = "neutral"
    channel: Span | None = None
    channel_actor: str | None = None
    nested_in: str | None = None
    implicit_source: bool = False
    cue_type: str = "verb"
    confidence: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": _span_or_none(self.source),
            "cue": _span_or_none(self.cue),
            "content": self.content.to_dict(),
            "speaker": self.speaker,
            "kind": self.kind,
            "stance": self.stance,
            "channel": _span_or_none(self.channel),
            "channel_actor": self.channel_actor,
            "nested_in": self.nested_in,
            "implicit_source": self.implicit_source,
            "cue_type": self.cue_type,
            "confidence": round(self.confidence, 4),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Attribution:
        content = Span.from_dict(data["content"])
        assert content is not None
        return cls(
            id=data["id"],
            content=content,
            cue=Span.from_dict(data.get("cue")),
            source=Span.from_dict(data.get("source")),
            speaker=data.get("speaker"),
            kind=data.get("kind", "indirect"),
            stance=data.get("stance", "neutral"),
            channel=Span.from_dict(data.get("channel")),
            channel_actor=data.get("channel_actor"),
            nested_in=data.get("nested_in"),
            implicit_source=bool(data.get("implicit_source", False)),
            cue_type=data.get("cue_type", "verb"),
            confidence=float(data.get("confidence", 1.0)),
        )


@dataclass(slots=True)
class Actor:
    """A speaker or party, resolved across the article (and to the registry when known)."""

    id: str
    name: str
    type: str = "unspecified"
    count: int | None = None
    role: str | None = None
    affiliation: str | None = None
    rank: str | None = None
    country: str | None = None
    sector: str | None = None
    registry_id: str | None = None
    aliases: list[str] = field(default_factory=list)
    mentions: list[Span] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "count": self.count,
            "role": self.role,
            "affiliation": self.affiliation,
            "rank": self.rank,
            "country": self.country,
            "sector": self.sector,
            "registry_id": self.registry_id,
            "aliases": list(self.aliases),
            "mentions": [m.to_dict() for m in self.mentions],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Actor:
        return cls(
            id=data["id"],
            name=data["name"],
            type=data.get("type", "unspecified"),
            count=data.get("count"),
            role=data.get("role"),
            affiliation=data.get("affiliation"),
            rank=data.get("rank"),
            country=data.get("country"),
            sector=data.get("sector"),
            registry_id=data.get("registry_id"),
            aliases=list(data.get("aliases") or []),
            mentions=[s for s in (Span.from_dict(m) for m in data.get("mentions") or []) if s],
        )


@dataclass(slots=True)
class Event:
    """actor1 -> event -> actor2, coded in PLOVER (and CAMEO)."""

    id: str
    plover: str
    evidence: Span
    actor1: str | None = None
    actor2: str | None = None
    actor1_span: Span | None = None
    actor2_span: Span | None = None
    cameo: str | None = None
    mode: str | None = None
    negated: bool = False
    hypothetical: bool = False
    attribution: str | None = None
    trigger: Span | None = None
    confidence: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "actor1": self.actor1,
            "actor2": self.actor2,
            "actor1_span": _span_or_none(self.actor1_span),
            "actor2_span": _span_or_none(self.actor2_span),
            "plover": self.plover,
            "cameo": self.cameo,
            "mode": self.mode,
            "negated": self.negated,
            "hypothetical": self.hypothetical,
            "evidence": self.evidence.to_dict(),
            "trigger": _span_or_none(self.trigger),
            "attribution": self.attribution,
            "confidence": round(self.confidence, 4),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        evidence = Span.from_dict(data["evidence"])
        assert evidence is not None
        return cls(
            id=data["id"],
            plover=data["plover"],
            evidence=evidence,
            actor1=data.get("actor1"),
            actor2=data.get("actor2"),
            actor1_span=Span.from_dict(data.get("actor1_span")),
            actor2_span=Span.from_dict(data.get("actor2_span")),
            cameo=data.get("cameo"),
            mode=data.get("mode"),
            negated=bool(data.get("negated", False)),
            hypothetical=bool(data.get("hypothetical", False)),
            attribution=data.get("attribution"),
            trigger=Span.from_dict(data.get("trigger")),
            confidence=float(data.get("confidence", 1.0)),
        )


@dataclass(slots=True)
class Editorial:
    """An assertion in the writer's own voice, or a loaded term, with the reason it was flagged."""

    id: str
    span: Span
    reason: str
    category: str = "assertion"
    about: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "span": self.span.to_dict(),
            "reason": self.reason,
            "category": self.category,
            "about": self.about,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Editorial:
        span = Span.from_dict(data["span"])
        assert span is not None
        return cls(
            id=data["id"],
            span=span,
            reason=data["reason"],
            category=data.get("category", "assertion"),
            about=data.get("about"),
        )


@dataclass(slots=True)
class Relation:
    """A relation between attributions of one article (``contradicts``, ``supports``, …)."""

    id: str
    type: str
    a: list[str]
    b: list[str]
    reason: str
    confidence: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "a": list(self.a),
            "b": list(self.b),
            "reason": self.reason,
            "confidence": round(self.confidence, 4),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Relation:
        return cls(
            id=data["id"],
            type=data["type"],
            a=list(data["a"]),
            b=list(data["b"]),
            reason=data.get("reason", ""),
            confidence=float(data.get("confidence", 1.0)),
        )


@dataclass(slots=True)
class Analysis:
    """Everything reportedly found in one article."""

    article: Article
    attributions: list[Attribution] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    editorial: list[Editorial] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    framing: dict[str, Any] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA_ID,
            "article": self.article.to_dict(),
            "attributions": [a.to_dict() for a in self.attributions],
            "actors": [a.to_dict() for a in self.actors],
            "events": [e.to_dict() for e in self.events],
            "editorial": [e.to_dict() for e in self.editorial],
            "relations": [r.to_dict() for r in self.relations],
            "framing": dict(self.framing),
            "meta": dict(self.meta),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Analysis:
        return cls(
            article=Article.from_dict(data["article"]),
            attributions=[Attribution.from_dict(a) for a in data.get("attributions", [])],
            actors=[Actor.from_dict(a) for a in data.get("actors", [])],
            events=[Event.from_dict(e) for e in data.get("events", [])],
            editorial=[Editorial.from_dict(e) for e in data.get("editorial", [])],
            relations=[Relation.from_dict(r) for r in data.get("relations", [])],
            framing=dict(data.get("framing") or {}),
            meta=dict(data.get("meta") or {}),
        )

    def actor(self, actor_id: str | None) -> Actor | None:
        return next((a for a in self.actors if a.id == actor_id), None)


def as_plain(obj: Any) -> Any:
    """Dataclass -> dict for generic helpers (tests, exports)."""
    return asdict(obj)
