"""The event trigger lexicon (``resources/events.yaml``) as typed lookup tables."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from reportedly.nlp.lexicon import load_resource

PLOVER_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
#: types whose promise is an offer (AGREE) and whose refusal is a REJECT
COOPERATIVE = frozenset({"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"})
#: types whose promise is a THREATEN
HOSTILE = frozenset({"THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"})
#: CAMEO code of a threat, by the type of the threatened action
THREAT_CAMEO = {"ASSAULT": "138", "MOBILIZE": "138", "COERCE": "137", "SANCTION": "132",
                "PROTEST": "133", "THREATEN": "130"}


@dataclass(frozen=True, slots=True)
class Code:
    """One lexicon entry: PLOVER type, CAMEO code and, where the word makes it clear, the mode."""

    plover: str
    cameo: str | None = None
    mode: str | None = None

    @classmethod
    def parse(cls, value: str) -> Code:
        parts = str(value).split()
        if not parts or parts[0] not in PLOVER_TYPES:
            raise ValueError(f"bad event lexicon entry {value!r}: first word must be a PLOVER type")
        return cls(parts[0], parts[1] if len(parts) > 1 else None, parts[2] if len(parts) > 2 else None)


@dataclass(frozen=True, slots=True)
class EventLexicon:
    verbs: dict[str, Code]
    phrasal: dict[str, Code]
    not_phrasal: frozenset[str]
    verb_object: dict[str, Code]
    nouns: dict[str, Code]
    light_verbs: dict[str, frozenset[str] | None]
    light_overrides: dict[str, Code]
    wrappers: dict[str, str]
    actor_nouns: frozenset[str]
    blame_verbs: frozenset[str]
    blame_particles: dict[str, str]
    blame_adjectives: frozenset[str]
    deontic_aux: frozenset[str]
    deontic_verbs: frozenset[str]
    place_object_verbs: frozenset[str]
    aid_verbs: frozenset[str]
    armed_verbs: frozenset[str]
    armed_nouns: frozenset[str]
    coop_verbs: frozenset[str]
    silent_complements: frozenset[str]
    voice_nouns: frozenset[str]
    accusing_verbs: frozenset[str]
    defiant_complements: frozenset[str]
    meeting_nouns: frozenset[str]
    envoy_nouns: frozenset[str]
    adverb_particles: frozenset[str]


def _codes(table: dict[str, str] | None) -> dict[str, Code]:
    return {str(k).lower(): Code.parse(v) for k, v in (table or {}).items()}


def _words(data: dict[str, Any], key: str) -> frozenset[str]:
    """A word list of the lexicon, lower-cased (empty when the file has none)."""
    return frozenset(str(w).lower() for w in data.get(key) or [])


@cache
def event_lexicon(name: str = "events.yaml") -> EventLexicon:
    """The parsed lexicon (cached)."""
    data = load_resource(name)
    blame = data.get("blame_predicates") or {}
    deontic = data.get("deontic") or {}
    return EventLexicon(
        verbs=_codes(data.get("verbs")),
        phrasal=_codes(data.get("phrasal")),
        not_phrasal=_words(data, "not_phrasal"),
        verb_object=_codes(data.get("verb_object")),
        nouns=_codes(data.get("nouns")),
        light_verbs={str(k).lower(): None if v == "all" else frozenset(str(w).lower() for w in v)
                     for k, v in (data.get("light_verbs") or {}).items()},
        light_overrides=_codes(data.get("light_overrides")),
        wrappers={str(k).lower(): str(v) for k, v in (data.get("wrappers") or {}).items()},
        actor_nouns=_words(data, "actor_nouns"),
        blame_verbs=_words(blame, "verbs"),
        blame_particles={str(k): str(v) for k, v in (blame.get("particles") or {}).items()},
        blame_adjectives=_words(blame, "adjectives"),
        deontic_aux=_words(deontic, "aux"),
        deontic_verbs=_words(deontic, "verbs"),
        place_object_verbs=_words(data, "place_object_verbs"),
        aid_verbs=_words(data, "aid_verbs"),
        armed_verbs=_words(data, "armed_verbs"),
        armed_nouns=_words(data, "armed_nouns"),
        coop_verbs=_words(data, "coop_verbs"),
        silent_complements=_words(data, "silent_complements"),
        voice_nouns=_words(data, "voice_nouns"),
        accusing_verbs=_words(data, "accusing_verbs"),
        defiant_complements=_words(data, "defiant_complements"),
        meeting_nouns=_words(data, "meeting_nouns"),
        envoy_nouns=_words(data, "envoy_nouns"),
        adverb_particles=_words(data, "adverb_particles"),
    )


def light_ok(lex: EventLexicon, verb: str, noun: str) -> bool:
    """Whether ``verb`` is a light verb for the event noun ``noun``."""
    if verb not in lex.light_verbs:
        return False
    nouns = lex.light_verbs[verb]
    return nouns is None or noun in nouns


__all__ = ["light_ok", "COOPERATIVE", "HOSTILE", "PLOVER_TYPES", "THREAT_CAMEO", "Code", "EventLexicon", "event_lexicon"]
