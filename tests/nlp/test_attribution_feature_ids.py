"""feature_ids gives, token by token, the ids of doc_features' strings."""

from __future__ import annotations

import numpy as np
import pytest

from reportedly.nlp.attribution_feature_ids import WIDTH, feature_ids, hash_tables
from reportedly.nlp.attribution_features import SCRATCH_KEYS, doc_features
from reportedly.nlp.attribution_neural import N_TOKEN_FEATURES
from reportedly.nlp.attribution_rules import RuleFinder, find_quotes
from reportedly.nlp.attribution_tagger import rule_roles
from tests.conftest import spacy_only as _parsed

TEXTS = [
    # quotations, a nominal cue, according to, a participle, entities, a sentence with no cue
    'The minister said on Monday that the bridge would reopen in May, adding that "costs are under control."\n\n'
    "Critics claimed the budget had doubled. According to the auditor, the works are two years late.\n\n"
    "\"We will not pay,\" a spokesman for Acme Corp. told Reuters, denying any delay. The river rose 3 feet.",
    # white space at both ends, typewriter quotes, a headline in capitals, a one-word paragraph
    "\n  US TALKS STALL\n\n``It is over,'' Ms. Rivera said.\nNo.\n",
    "Said.",
    "Hello",
]


def _reference(doc, roles, quotes, ids: dict[str, int]) -> np.ndarray:
    """doc_features' strings looked up, laid out as feature_ids lays them: the token features,
    the cue lemma (or 0), then the window with one pad feature beyond the text's edge."""
    feats = doc_features(doc, roles, quotes)
    out = np.zeros((len(doc), WIDTH), dtype=np.int64)
    for i, strings in enumerate(feats):
        if not strings:
            continue
        found = [ids.get(s, 0) for s in strings]
        out[i, :N_TOKEN_FEATURES] = found[:N_TOKEN_FEATURES]
        rest = strings[N_TOKEN_FEATURES:]
        if rest and rest[0].startswith("cuel="):
            out[i, N_TOKEN_FEATURES] = ids.get(rest[0], 0)
            rest = rest[1:]
        column = N_TOKEN_FEATURES + 1
        for offset, width in ((-2, 1), (-1, 4), (1, 2), (2, 1)):
            if 0 <= i + offset < len(doc):
                out[i, column : column + width] = [ids.get(s, 0) for s in rest[:width]]
                rest = rest[width:]
            else:
                assert rest[0].endswith("=<pad>")
                out[i, column] = ids.get(rest[0], 0)
                rest = rest[1:]
            column += width
        assert not rest
    return out


@pytest.mark.parametrize("text", TEXTS)
def test_ids_are_those_of_the_feature_strings(nlp, text: str) -> None:
    doc = _parsed(nlp, text)
    quotes = find_quotes(text)
    roles = rule_roles(doc, RuleFinder().candidates(doc, quotes))
    # every string the reference makes gets an id: a lookup that knows them all checks them all
    known: dict[str, int] = {}
    for strings in doc_features(doc, roles, quotes):
        for s in strings:
            known.setdefault(s, len(known) + 1)
    for key in SCRATCH_KEYS:
        doc.user_data.pop(key, None)
    expected = _reference(doc, roles, quotes, known)
    for tables in (None, hash_tables(known)):
        got = feature_ids(doc, roles, quotes, known.get, tables)
        assert got.shape == (len(doc), WIDTH)
        mismatched = [(i, c) for i, c in np.argwhere(got != expected).tolist()]
        assert not mismatched, [(doc[i].text, c) for i, c in mismatched[:5]]
    # and a lookup that knows only some of them gives 0 for the rest
    half = {s: k for s, k in known.items() if k % 2}
    for tables in (None, hash_tables(half)):
        partial = feature_ids(doc, roles, quotes, half.get, tables)
        assert ((partial == expected) | ((partial == 0) & (expected % 2 == 0))).all()
        assert (partial[expected % 2 == 1] != 0).all()


def test_an_empty_doc_has_no_rows(nlp) -> None:
    doc = _parsed(nlp, "")
    assert feature_ids(doc, [], [], {}.get).shape == (0, WIDTH)
