"""The loaded-term lexicon (``resources/loaded_terms.yaml``) as a plain-text matcher.

The matcher works on text alone, without a parse, so the framing audit can count loaded terms
in analyses read back from JSON exactly as the editorial stage counts them on a Doc.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from reportedly.nlp.lexicon import load_resource

_VOWELS = set("aeiou")


@dataclass(frozen=True, slots=True)
class LoadedTerm:
    """One occurrence of a lexicon term in a text."""

    start: int
    end: int
    text: str
    term: str
    category: str
    standalone: bool


def inflections(word: str) -> set[str]:
    """Regular inflections of a base form; over-generation is harmless for whole-word matching."""
    forms = {word}
    if word.endswith("ly") or "-" in word or word.endswith("men"):
        return forms
    forms |= {word + "s", word + "es", word + "ed", word + "ing"}
    if word.endswith("e"):
        forms |= {word + "d", word[:-1] + "ing"}
    if word.endswith("y") and len(word) > 2 and word[-2] not in _VOWELS:
        forms |= {word[:-1] + "ies", word[:-1] + "ied"}
    if (
        len(word) >= 3
        and word[-1] not in _VOWELS | set("wxy")
        and word[-2] in _VOWELS
        and word[-3] not in _VOWELS
    ):
        forms |= {word + word[-1] + "ed", word + word[-1] + "ing"}
    return forms


def _phrase_forms(term: str) -> set[str]:
    words = term.lower().split()
    if len(words) == 1:
        return inflections(words[0])
    # "lash out" -> "lashed out"; "hit piece" -> "hit pieces"
    first = {" ".join([f, *words[1:]]) for f in inflections(words[0])}
    last = {" ".join([*words[:-1], f]) for f in inflections(words[-1])}
    return first | last


@cache
def lexicon() -> dict[str, Any]:
    data: dict[str, Any] = load_resource("loaded_terms.yaml")
    return data


@cache
def _matcher() -> tuple[re.Pattern[str], dict[str, tuple[str, str, bool]]]:
    table: dict[str, tuple[str, str, bool]] = {}
    for category, spec in lexicon()["categories"].items():
        for term in spec["terms"]:
            for form in _phrase_forms(str(term)):
                table.setdefault(form, (str(term), category, bool(spec.get("standalone", False))))
    alternatives = sorted(table, key=len, reverse=True)
    body = "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in alternatives)
    pattern = re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)
    return pattern, table


def find_loaded_terms(text: str) -> list[LoadedTerm]:
    """Every loaded-term occurrence in ``text``, in order."""
    pattern, table = _matcher()
    out: list[LoadedTerm] = []
    for m in pattern.finditer(text):
        key = " ".join(m.group().lower().split())
        term, category, standalone = table[key]
        out.append(LoadedTerm(m.start(), m.end(), m.group(), term, category, standalone))
    return out


def loaded_categories() -> list[str]:
    return list(lexicon()["categories"])


__all__ = ["LoadedTerm", "find_loaded_terms", "inflections", "lexicon", "loaded_categories"]
