"""The attribution tagger's features as ids, built column by column.

:func:`~reportedly.nlp.attribution_features.doc_features` defines the features as strings, one
list per token; training reads them that way.  At inference only their ids matter (the network's
embedding rows, the CRF's weight rows), and making some 35 strings per token and looking each
up cost about 15 ms per article, more than the two models together.  :func:`feature_ids` gives
the same ids without making the per-token strings: each feature's values are coded per Doc with
numpy (a word, a lemma, a (dependency, head lemma) pair …), the strings are made and looked up
once per distinct value, and the ids are spread back over the tokens.  The result is what
looking up ``doc_features``' strings gives, token by token (``tests/nlp/test_attribution_feature_ids.py``
checks it on real articles), at about a third of the cost.

Each row holds :data:`WIDTH` ids: the :data:`~reportedly.nlp.attribution_neural.N_TOKEN_FEATURES`
token features in ``doc_features``' order, then the CRF's cue lemma and its window.  A feature
``doc_features`` leaves out (the cue lemma of a word that is no cue, the window's other columns
beyond the text's edge) has id 0, which both models read as nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from spacy.attrs import DEP, ENT_TYPE, HEAD, IS_PUNCT, IS_SPACE, LEMMA, LOWER, ORTH, POS, SENT_START, TAG
from spacy.strings import hash_string  # type: ignore[attr-defined]
from spacy.tokens import Doc

from reportedly.nlp.attribution_features import (
    _MAX_UP,
    _SIGNATURE_DEPS,
    _STEPS,
    _WINDOW,
    cue_lexicon_role,
    learnt_cues,
    quote_mask,
    shape_of,
)
from reportedly.nlp.lexicon import noun_cues, verb_cues

#: ids per token: 27 token features, the cue lemma, and the CRF's eight window features
WIDTH = 36

_ATTRS = [LOWER, LEMMA, TAG, DEP, ENT_TYPE, POS, ORTH, IS_PUNCT, SENT_START, HEAD, IS_SPACE]
_SIGNATURES = sorted(_SIGNATURE_DEPS)

Lookup = Callable[[str, int], int | None]
#: per feature prefix: the string hashes of the values the models know, sorted, and their ids
HashTables = dict[str, tuple[np.ndarray, np.ndarray]]

#: the features whose value is one word, lemma, tag, dependency or entity type: looked up by
#: the value's string hash (:func:`hash_tables`)
_HASHED_PREFIXES = ("w=", "l=", "t=", "d=", "e=", "hl=", "ht=", "cuel=") + tuple(
    f"{name}{offset}=" for offset, names in _WINDOW for name in names
)


def hash_tables(ids: dict[str, int]) -> HashTables:
    """For :func:`feature_ids`: the known values of each one-value feature by string hash, so
    that a Doc's values are looked up in one ``searchsorted`` rather than one string at a time."""
    found: dict[str, tuple[list[int], list[int]]] = {prefix: ([], []) for prefix in _HASHED_PREFIXES}
    for feature, k in ids.items():
        prefix, sep, value = feature.partition("=")
        bucket = found.get(prefix + sep)
        if bucket is not None:
            bucket[0].append(hash_string(value))
            bucket[1].append(k)
    tables: HashTables = {}
    for prefix, (hashes, values) in found.items():
        keys = np.array(hashes, dtype=np.uint64)
        order = np.argsort(keys, kind="stable")
        tables[prefix] = (keys[order], np.array(values, dtype=np.int64)[order])
    return tables


class _Column:
    """A feature value per token: ``codes`` index ``strings`` (equal strings may have two codes);
    a column read from spaCy's string hashes has each string's hash in ``keys``."""

    __slots__ = ("codes", "keys", "strings")

    def __init__(self, codes: np.ndarray, strings: list[str], keys: np.ndarray | None = None) -> None:
        self.codes = codes
        self.strings = strings
        self.keys = keys

    @classmethod
    def of(cls, values: Sequence[str]) -> _Column:
        table: dict[str, int] = {}
        codes = np.fromiter((table.setdefault(v, len(table)) for v in values), dtype=np.int64, count=len(values))
        return cls(codes, list(table))

    def take(self, rows: np.ndarray) -> _Column:
        return _Column(self.codes[rows], self.strings, self.keys)

    def join(self, sep: str, other: _Column) -> _Column:
        """Per token, this value + ``sep`` + the other's."""
        width = len(other.strings)
        pairs, codes = np.unique(self.codes * width + other.codes, return_inverse=True)
        strings = [self.strings[p // width] + sep + other.strings[p % width] for p in pairs.tolist()]
        return _Column(codes.reshape(-1), strings)

    def ids(self, prefix: str, lookup: Lookup, tables: HashTables | None = None) -> np.ndarray:
        """Per token, the id of ``prefix`` + its value (by hash when ``tables`` knows the prefix)."""
        if tables is not None and self.keys is not None and prefix in tables:
            known, known_ids = tables[prefix]
            if not len(known):
                return np.zeros(len(self.codes), dtype=np.int64)
            at = np.minimum(np.searchsorted(known, self.keys), len(known) - 1)
            table = np.where(known[at] == self.keys, known_ids[at], 0)
        else:
            table = np.array([lookup(prefix + s, 0) for s in self.strings] or [0], dtype=np.int64)
        return table[self.codes]


def _hashed(doc: Doc, hashes: np.ndarray, lower: bool = False, empty: str = "") -> _Column:
    """A column from spaCy's string hashes (one string per distinct hash; ``empty`` for none)."""
    distinct, codes = np.unique(hashes, return_inverse=True)
    strings = doc.vocab.strings
    text = [strings[h] or empty for h in distinct.tolist()]
    if lower:
        text = [t.lower() for t in text]
    # hashed again from the strings: spaCy gives 0, not the hash of "", for no value
    return _Column(codes.reshape(-1), text, np.array([hash_string(t) for t in text], dtype=np.uint64))


def _constant(n: int, value: str) -> _Column:
    return _Column(np.zeros(n, dtype=np.int64), [value])


def _flags(values: np.ndarray, strings: list[str]) -> _Column:
    return _Column(values.astype(np.int64), strings)


def feature_ids(
    doc: Doc,
    rule_roles: Sequence[str],
    quotes: Sequence[tuple[int, int]],
    lookup: Lookup,
    tables: HashTables | None = None,
) -> np.ndarray:
    """An (n tokens × :data:`WIDTH`) array of feature ids: ``lookup(feature string, 0)`` of each
    of ``doc_features(doc, rule_roles, quotes)``' strings, in its order (rows of white-space
    tokens are left zero: they are not tagged).  ``tables``, :func:`hash_tables` of the mapping
    ``lookup`` reads, makes the one-value features faster."""
    n = len(doc)
    out = np.zeros((n, WIDTH), dtype=np.int64)
    if n == 0:
        return out
    arr = doc.to_array(_ATTRS)
    low = _hashed(doc, arr[:, 0])
    lem = _hashed(doc, arr[:, 1], lower=True)
    tag = _hashed(doc, arr[:, 2])
    dep = _hashed(doc, arr[:, 3])
    ent = _hashed(doc, arr[:, 4], empty="-")  # no entity: the feature's value is "-"
    heads = np.arange(n) + arr[:, 9].astype(np.int64)
    starts = arr[:, 8] == 1
    index = np.arange(n)
    is_cue = _cue_roles(doc, arr, lem, low)
    cue_flag = is_cue.codes != 0  # code 0 is "" (no cue word)

    sig = _signatures(heads, dep)
    qmask = np.array(quote_mask(doc, quotes), dtype=np.int64)
    sentence = np.cumsum(starts) - 1 if starts[0] else np.cumsum(starts)
    side, squote = _sides(sentence, cue_flag, qmask)
    child, steps, governor = _governors(heads, cue_flag)
    next_start = np.append(starts[1:], True)
    shape = _shapes(doc, arr)

    gdep = _Column(np.where(child >= 0, dep.codes[np.maximum(child, 0)], len(dep.strings)), [*dep.strings, ""])
    glem = _Column(np.where(governor >= 0, lem.codes[np.maximum(governor, 0)], len(lem.strings)), [*lem.strings, ""])
    previous = _Column(np.append(len(low.strings), low.codes[:-1]), [*low.strings, "<s>"])
    roles = _Column.of(rule_roles)
    head_lem, head_tag = lem.take(heads), tag.take(heads)

    columns: list[tuple[str, _Column]] = [
        ("", _constant(n, "b")),
        ("s=", shape),
        ("ht=", head_tag),
        ("", _Column(np.minimum(steps, 4), list(_STEPS[:5]))),
        ("side=", side),
        ("ss=", _flags(starts, ["0", "1"])),
        ("sq=", squote),
        ("se=", _flags(next_start, ["0", "1"])),
        ("w=", low),
        ("l=", lem),
        ("t=", tag),
        ("d=", dep),
        ("e=", ent),
        ("hl=", head_lem),
        ("dh=", dep.join("|", head_lem)),
        ("cue=", is_cue),
        ("hcue=", is_cue.take(heads).join("|", dep)),
        ("g=", gdep),
        ("gl=", gdep.join("|", glem)),
        ("gside=", gdep.join("", _flags(governor > index, [">", "<"]))),
        ("sig=", sig),
        ("lsig=", lem.join("/", sig)),
        ("hsig=", dep.join("/", sig.take(heads))),
        ("q=", _Column(qmask, ["0", "1", "2"])),
        ("r=", roles),
        ("bi=", previous.join("|", low)),
        ("lsq=", lem.join("|", squote)),
    ]
    for k, (prefix, column) in enumerate(columns):
        out[:, k] = column.ids(prefix, lookup, tables)
    out[:, 27] = np.where(cue_flag, lem.ids("cuel=", lookup, tables), 0)
    by_name = {"w": low, "t": tag, "l": lem, "d": dep}
    k = 28
    for offset, names in _WINDOW:
        inside = (index + offset >= 0) & (index + offset < n)
        source = np.clip(index + offset, 0, n - 1)
        for m, name in enumerate(names):
            prefix = f"{name}{offset}="
            ids = by_name[name].ids(prefix, lookup, tables)[source]
            pad = lookup(prefix + "<pad>", 0) if m == 0 else 0
            out[:, k] = np.where(inside, ids, pad or 0)
            k += 1
    out[arr[:, 10] == 1] = 0
    return out


def _cue_roles(doc: Doc, arr: np.ndarray, lem: _Column, low: _Column) -> _Column:
    """The cue-list role per token, decided once per distinct (lemma, part of speech, word)."""
    verbs, nouns, learnt = verb_cues(), noun_cues(), learnt_cues()
    pos = _hashed(doc, arr[:, 5])
    words = len(low.strings)
    key = (lem.codes * len(pos.strings) + pos.codes) * words + low.codes
    distinct, codes = np.unique(key, return_inverse=True)
    roles: list[str] = []
    for k in distinct.tolist():
        rest, word = divmod(k, words)
        lemma, tag = divmod(rest, len(pos.strings))
        roles.append(cue_lexicon_role(lem.strings[lemma], pos.strings[tag], low.strings[word], verbs, nouns, learnt))
    # code 0 is "" (no cue list), which feature_ids relies on
    column = _Column.of(["", *roles])
    return _Column(column.codes[1:][codes.reshape(-1)], column.strings)


def _signatures(heads: np.ndarray, dep: _Column) -> _Column:
    """Per token, the sorted set of its children's signature relations, joined with "|"."""
    bit_of_code = np.array(
        [1 << _SIGNATURES.index(d) if d in _SIGNATURE_DEPS else 0 for d in dep.strings], dtype=np.int64
    )
    bits = bit_of_code[dep.codes]
    bits[heads == np.arange(len(heads))] = 0  # the root is nobody's child
    mask = np.zeros(len(heads), dtype=np.int64)
    np.bitwise_or.at(mask, heads, bits)
    distinct, codes = np.unique(mask, return_inverse=True)
    strings = ["|".join(d for k, d in enumerate(_SIGNATURES) if m >> k & 1) for m in distinct.tolist()]
    return _Column(codes.reshape(-1), strings)


def _sides(sentence: np.ndarray, cue: np.ndarray, qmask: np.ndarray) -> tuple[_Column, _Column]:
    """Which side of its sentence's cue words each token lies on, and whether its sentence quotes."""
    n = len(sentence)
    index = np.arange(n)
    first_of = np.full(sentence[-1] + 1, n)
    last_of = np.full(sentence[-1] + 1, -1)
    np.minimum.at(first_of, sentence[cue], index[cue])
    np.maximum.at(last_of, sentence[cue], index[cue])
    quoted = np.zeros(sentence[-1] + 1, dtype=bool)
    quoted[sentence[qmask > 0]] = True
    first, last = first_of[sentence], last_of[sentence]
    left, right = first < index, last > index
    # 0 none, 1 LR, 2 L, 3 R, 4 self
    side = np.where(last < 0, 0, np.where(left & right, 1, np.where(left, 2, np.where(right, 3, 4))))
    return _Column(side, ["none", "LR", "L", "R", "self"]), _flags(quoted[sentence], ["0", "1"])


def _governors(heads: np.ndarray, cue: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``_governor`` for every token at once: (child below the governing cue word, steps up,
    the cue word), or (-1, 0, -1)."""
    n = len(heads)
    node = np.arange(n)
    child = np.full(n, -1)
    steps = np.zeros(n, dtype=np.int64)
    governor = np.full(n, -1)
    open_ = np.ones(n, dtype=bool)
    for step in range(1, _MAX_UP + 1):
        head = heads[node]
        open_ &= head != node
        hit = open_ & cue[head]
        child[hit], steps[hit], governor[hit] = node[hit], step, head[hit]
        open_ &= ~hit
        node = np.where(open_, head, node)
        if not open_.any():
            break
    return child, steps, governor


def _shapes(doc: Doc, arr: np.ndarray) -> _Column:
    """The shape per token, decided once per distinct text (punctuation is a property of the word)."""
    distinct, first, codes = np.unique(arr[:, 6], return_index=True, return_inverse=True)
    strings = doc.vocab.strings
    shapes = [shape_of(strings[h], bool(p)) for h, p in zip(distinct.tolist(), arr[first, 7].tolist(), strict=True)]
    return _Column(codes.reshape(-1), shapes)


__all__ = ["WIDTH", "HashTables", "feature_ids", "hash_tables"]
