"""Data-file lexicons (nlp/resources/*.yaml), loaded once and cached."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml


@cache
def load_resource(name: str) -> Any:
    """Parsed YAML from ``reportedly/nlp/resources/<name>``."""
    with resources.files("reportedly.nlp.resources").joinpath(name).open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@cache
def verb_cues() -> dict[str, str]:
    """Cue verb lemma -> stance."""
    return _invert(load_resource("cues.yaml")["verbs"])


@cache
def noun_cues() -> dict[str, str]:
    """Nominal cue lemma -> stance."""
    return _invert(load_resource("cues.yaml")["nouns"])


def _invert(by_stance: dict[str, list[str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    # later stances win for words listed twice, so the file order sets priority
    for stance, words in by_stance.items():
        for word in words:
            out[str(word).lower()] = stance
    return out


def stance_of(lemma: str, *, nominal: bool = False) -> str:
    table = noun_cues() if nominal else verb_cues()
    return table.get(lemma.lower(), "neutral")
