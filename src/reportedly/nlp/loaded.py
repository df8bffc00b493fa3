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
def _table() -> tuple[dict[str, tuple[str, str, bool]], int]:
    """Lower-cased form (words joined by one space) -> (term, category, standalone); longest phrase."""
    table: dict[str, tuple[str, str, bool]] = {}
    for category, spec in lexicon()["categories"].items():
        for term in spec["terms"]:
            for form in _phrase_forms(str(term)):
                table.setdefault(form, (str(term), category, bool(spec.get("standalone", False))))
    return table, max(len(k.split()) for k in table)


@cache
def _not_before() -> dict[str, set[str]]:
    return {
        category: {str(w).lower() for w in spec.get("not_before") or []}
        for category, spec in lexicon()["categories"].items()
    }


# words with inner hyphens ("so-called", "self-styled"); an apostrophe splits ("regime's");
# a dictionary walk over words is linear, where one big alternation regex was not
_WORD = re.compile(r"\w+(?:-\w+)*")


def find_loaded_terms(text: str) -> list[LoadedTerm]:
    """Every loaded-term occurrence in ``text``, in order (longest phrase first at a position)."""
    table, longest = _table()
    skip = _not_before()
    words = [(m.start(), m.end(), m.group().lower()) for m in _WORD.finditer(text)]
    out: list[LoadedTerm] = []
    i = 0
    while i < len(words):
        hit = None
        for n in range(min(longest, len(words) - i), 0, -1):
            key = " ".join(w for _, _, w in words[i : i + n])
            if key in table:
                hit = (n, table[key])
                break
        if hit is None:
            i += 1
            continue
        n, (term, category, standalone) = hit
        start, end = words[i][0], words[i + n - 1][1]
        nxt = words[i + n][2] if i + n < len(words) else ""
        if nxt not in skip[category]:
            out.append(LoadedTerm(start, end, text[start:end], term, category, standalone))
        i += n
    return out


def loaded_categories() -> list[str]:
    return list(lexicon()["categories"])


__all__ = ["LoadedTerm", "find_loaded_terms", "inflections", "lexicon", "loaded_categories"]
