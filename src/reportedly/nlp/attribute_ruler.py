"""spaCy's attribute ruler with its matcher replaced by array lookups: the same annotations, faster.

The small English pipeline's ``attribute_ruler`` maps tags to parts of speech and fixes some
morphology and lemmas with 179 patterns of one or two tokens over TAG, LOWER, DEP and IS_SPACE.
spaCy runs them through its general ``Matcher``, which cost 10 ms of an article's 70 ms parse on
PolNeAR dev (one core) — more than the parser itself.  :class:`ArrayAttributeRuler` finds the
same matches with numpy comparisons over the token arrays and hands them, in spaCy's order, to
spaCy's own ``set_annotations``; a pattern outside that subset (an operator, a longer pattern, an
attribute it does not read) makes it fall back to the ``Matcher``.  It subclasses
``AttributeRuler``, so patterns, serialization and scoring are spaCy's.

``tests/nlp/test_attribute_ruler.py`` checks that every token's TAG, POS, MORPH and LEMMA come out
identical to spaCy's ruler.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.pipeline import AttributeRuler
from spacy.strings import get_string_id
from spacy.tokens import Doc

#: the token attributes the patterns may test, as columns of ``Doc.to_array``
_COLUMNS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}
_ARRAY_ATTRS = [TAG, LOWER, DEP, IS_SPACE]
#: which test to look a pattern's tokens up by: a word names few tokens, a tag many
_SELECTIVITY = {1: 0, 2: 1, 0: 2, 3: 3}
_NONE = np.zeros(0, dtype=np.int64)


@dataclass(frozen=True, slots=True)
class _Test:
    """One attribute test of a token pattern: equal to one value, in a set, not in it, or (on a
    string attribute) matching a regular expression."""

    column: int
    values: np.ndarray  # uint64 hashes (0/1 for IS_SPACE); empty for a regular expression
    negate: bool = False
    regex: re.Pattern[str] | None = None
    # a regular expression's answer per string hash, kept across documents
    memo: dict[int, bool] = field(default_factory=dict, compare=False)

    @property
    def single(self) -> int | None:
        return int(self.values[0]) if len(self.values) == 1 and self.regex is None else None


@dataclass(frozen=True, slots=True)
class _Token:
    """The tests of one pattern token: the one its tokens are looked up by, then the others."""

    lookup: _Test | None
    rest: tuple[_Test, ...]
    single: int | None  # the lookup's one value, when it has one


@dataclass(frozen=True, slots=True)
class _Pattern:
    """One alternative of one rule: its rule's number and match key, and its one or two tokens."""

    rule: int
    key: int
    tokens: tuple[_Token, ...]


def _value_id(name: str, value: Any) -> int:
    if name == "IS_SPACE":
        return int(bool(value))
    return 0 if value == "" else get_string_id(str(value))


def _compile_token(spec: dict[str, Any]) -> _Token | None:
    tests: list[_Test] = []
    for name, value in spec.items():
        if name not in _COLUMNS:
            return None
        if isinstance(value, dict):
            if len(value) != 1 or next(iter(value)) not in ("IN", "NOT_IN", "REGEX"):
                return None
            op, items = next(iter(value.items()))
            if op == "REGEX":
                if name == "IS_SPACE":
                    return None
                tests.append(_Test(_COLUMNS[name], _NONE.astype(np.uint64), regex=re.compile(items)))
                continue
            ids = np.array([_value_id(name, v) for v in items], dtype=np.uint64)
            tests.append(_Test(_COLUMNS[name], ids, negate=op == "NOT_IN"))
        elif isinstance(value, (str, bool)):
            tests.append(_Test(_COLUMNS[name], np.array([_value_id(name, value)], dtype=np.uint64)))
        else:
            return None
    # look tokens up by a plain value test (a regular expression needs the document's values)
    positive = [t for t in tests if not t.negate and t.regex is None] or [t for t in tests if not t.negate]
    lookup = min(positive, key=lambda t: _SELECTIVITY[t.column]) if positive else None
    return _Token(lookup, tuple(t for t in tests if t is not lookup), lookup.single if lookup else None)


class ArrayAttributeRuler(AttributeRuler):
    """``AttributeRuler`` whose :meth:`match` reads the token arrays (see the module docstring)."""

    _compiled: list[_Pattern] | None = None
    _compiled_for: tuple[int, int] | None = None

    def _compile(self) -> list[_Pattern] | None:
        out: list[_Pattern] = []
        for rule, entry in enumerate(self.patterns):
            key = self.vocab.strings.add(str(rule))
            alternatives: list[list[dict[str, Any]]] = entry["patterns"]  # type: ignore[assignment]
            for alternative in alternatives:
                if not 1 <= len(alternative) <= 2:
                    return None
                tokens = [_compile_token(spec) for spec in alternative]
                if any(t is None for t in tokens):
                    return None
                out.append(_Pattern(rule, key, tuple(t for t in tokens if t is not None)))
        return out

    def _patterns(self) -> list[_Pattern] | None:
        # patterns change through add() and clear(), which rebuild or replace self.attrs
        state = (id(self.attrs), len(self.attrs))
        if self._compiled_for != state:
            self._compiled, self._compiled_for = self._compile(), state
        return self._compiled

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        patterns = self._patterns()
        if patterns is None:
            return super().match(doc)  # type: ignore[no-any-return]
        if not len(doc):
            return []
        matcher = _DocMatcher(doc, doc.vocab.strings)
        matches: set[tuple[int, int, int, int]] = set()
        for pattern in patterns:
            starts = matcher.tokens(pattern.tokens[0])
            if len(pattern.tokens) == 2 and len(starts):
                starts = np.intersect1d(starts, matcher.tokens(pattern.tokens[1]) - 1)
            if len(starts):
                width = len(pattern.tokens)
                matches.update((pattern.rule, pattern.key, s, s + width) for s in starts.tolist())
        # spaCy's order: by rule number, so that later rules have precedence
        return sorted(matches)


class _DocMatcher:
    """The tokens of one document that pass a pattern token's tests."""

    def __init__(self, doc: Doc, strings: Any) -> None:
        self.cols = doc.to_array(_ARRAY_ATTRS)
        self.strings = strings
        self.present: dict[int, set[int]] = {}
        # each column's values sorted once: the tokens with a value are one binary search away
        self.order: dict[int, np.ndarray] = {}
        self.ranked: dict[int, np.ndarray] = {}
        self.found: dict[int, np.ndarray] = {}
        self.resolved: dict[int, _Test] = {}

    def tokens(self, token: _Token) -> np.ndarray:
        hit = self.found.get(id(token))
        if hit is not None:
            return hit
        if token.single is not None and token.lookup is not None:
            # most patterns name a word the article lacks: a set answers that before a search
            column = token.lookup.column
            if column not in self.present:
                self.present[column] = set(self.cols[:, column].tolist())
            hit = self._with_values(token.lookup) if token.single in self.present[column] else _NONE
        elif token.lookup is not None:
            hit = self._with_values(self._plain(token.lookup))
        else:
            hit = np.arange(len(self.cols))
        for test in token.rest:
            if not len(hit):
                break
            test = self._plain(test)
            values = self.cols[hit, test.column]
            keep = values == test.values[0] if len(test.values) == 1 else np.isin(values, test.values)
            hit = hit[~keep] if test.negate else hit[keep]
        self.found[id(token)] = hit
        return hit

    def _plain(self, test: _Test) -> _Test:
        """A regular expression as the set of this document's values it matches."""
        if test.regex is None:
            return test
        done = self.resolved.get(id(test))
        if done is None:
            hits = []
            for value in np.unique(self.cols[:, test.column]).tolist():
                ok = test.memo.get(value)
                if ok is None:
                    ok = test.memo[value] = bool(value) and bool(test.regex.search(self.strings[value]))
                if ok:
                    hits.append(value)
            done = self.resolved[id(test)] = _Test(test.column, np.array(hits, dtype=np.uint64))
        return done

    def _with_values(self, test: _Test) -> np.ndarray:
        column = test.column
        if column not in self.order:
            self.order[column] = np.argsort(self.cols[:, column], kind="stable")
            self.ranked[column] = self.cols[self.order[column], column]
        lo = np.searchsorted(self.ranked[column], test.values, side="left").tolist()
        hi = np.searchsorted(self.ranked[column], test.values, side="right").tolist()
        idx = self.order[column]
        if len(lo) == 1:
            return idx[lo[0] : hi[0]]
        return np.concatenate([idx[a:b] for a, b in zip(lo, hi, strict=True)]) if lo else _NONE


__all__ = ["ArrayAttributeRuler"]
