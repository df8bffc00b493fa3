"""The numpy CRF decoder against python-crfsuite's own Tagger on the committed model."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from reportedly.nlp.attribution_crf import LinearChainCRF, ModelFileError, read_model
from reportedly.nlp.attribution_features import CRF_FIRST, crf_sequence, doc_features, paragraphs
from reportedly.nlp.attribution_neural import LABELS
from reportedly.nlp.attribution_rules import RuleFinder, find_quotes
from reportedly.nlp.attribution_tagger import DEFAULT_MODEL_PATH, rule_roles
from tests.conftest import spacy_only as _parsed

pytestmark = pytest.mark.skipif(not DEFAULT_MODEL_PATH.exists(), reason="the CRF model file is not built")

TEXT = (
    'The minister said on Monday that the bridge would reopen in May, adding that "costs are under control."\n\n'
    "Critics claimed the budget had doubled. According to the auditor, the works are two years late.\n\n"
    '"We will not pay," a spokesman for the operator told reporters, denying any delay.'
)


def test_paths_and_marginals_match_crfsuite(nlp) -> None:
    import pycrfsuite

    reference = pycrfsuite.Tagger()
    reference.open(str(DEFAULT_MODEL_PATH))
    crf = LinearChainCRF(DEFAULT_MODEL_PATH, LABELS)
    doc = _parsed(nlp, TEXT)
    quotes = find_quotes(TEXT)
    feats = doc_features(doc, rule_roles(doc, RuleFinder().candidates(doc, quotes)), quotes)
    paras = paragraphs(doc)
    scores = []
    for para in paras:
        width = max(len(feats[i]) for i in para) - CRF_FIRST
        rows = np.zeros((len(para), width), dtype=np.int64)  # row 0: no attribute
        for n, i in enumerate(para):
            found = [crf.attributes.get(f, 0) for f in feats[i][CRF_FIRST:]]
            rows[n, : len(found)] = found
        scores.append(crf.scores(rows))
    decoded = crf.decode(scores)
    assert len(decoded) == len(paras) == 3
    labelled = 0
    for para, (path, marginal) in zip(paras, decoded, strict=True):
        expected = reference.tag(crf_sequence(feats, para))
        assert [LABELS[k] for k in path] == expected
        want = [reference.marginal(label, pos) for pos, label in enumerate(expected)]
        np.testing.assert_allclose(marginal, want, atol=1e-6)
        labelled += sum(label != "O" for label in expected)
    assert labelled > 10  # the text has attributions: the comparison is not all "O"


def test_sequences_of_any_length_in_any_order() -> None:
    crf = LinearChainCRF(DEFAULT_MODEL_PATH, LABELS)
    rng = np.random.default_rng(0)
    scores = [rng.standard_normal((n, len(LABELS))) for n in (3, 1, 9, 9, 2)]
    decoded = crf.decode(scores)
    for s, (path, marginal) in zip(scores, decoded, strict=True):
        assert len(path) == len(marginal) == len(s)
        assert ((marginal > 0) & (marginal <= 1)).all()
        # a single sequence decoded alone gives the same answer
        alone_path, alone_marginal = crf.decode([s])[0]
        assert list(alone_path) == list(path)
        np.testing.assert_allclose(alone_marginal, marginal)
    assert crf.decode([]) == []


def test_a_file_that_is_not_a_crf_model_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "model.crfsuite"
    bad.write_bytes(b"not a model at all, but long enough to hold a header" * 2)
    with pytest.raises(ModelFileError, match="not a crfsuite"):
        read_model(bad)
    bad.write_bytes(b"short")
    with pytest.raises(ModelFileError, match="too short"):
        read_model(bad)


def test_padded_groups_bound_the_padding() -> None:
    from reportedly.nlp.attribution_crf import padded_groups

    lengths = [5, 1000, 3, 3, 40, 1, 999]
    groups = padded_groups(lengths, budget=1000)
    assert sorted(k for g in groups for k in g) == list(range(len(lengths)))
    for group in groups:
        assert [lengths[k] for k in group] == sorted((lengths[k] for k in group), reverse=True)
        assert len(group) == 1 or lengths[group[0]] * len(group) <= 1000
    assert padded_groups([]) == []


def test_decoding_in_groups_changes_nothing(monkeypatch) -> None:
    """One very long paragraph beside many short ones is decoded in several padded passes."""
    import reportedly.nlp.attribution_crf as crf_module
    from reportedly.nlp.attribution_neural import BiLSTM

    crf = LinearChainCRF(DEFAULT_MODEL_PATH, LABELS)
    rng = np.random.default_rng(1)
    scores = [rng.standard_normal((n, len(LABELS))) for n in (300, *([4] * 30), 2, 150)]
    lstm = BiLSTM(rng.standard_normal(2 * (4 * 4 * 6 + 4 * 4 + 4 * 4 * 4 + 4 * 4)).astype("float32"),
                  rng.standard_normal((2, 1, 2, 4)).astype("float32"), 6, 4)
    inputs = [rng.standard_normal((len(s), 6)).astype("float32") for s in scores]
    whole = crf.decode(scores), crf_module.viterbi(scores, crf.transitions), lstm(inputs)
    monkeypatch.setattr(crf_module, "PAD_BUDGET", 320)
    assert len(crf_module.padded_groups([len(s) for s in scores])) > 2
    grouped = crf.decode(scores), crf_module.viterbi(scores, crf.transitions), lstm(inputs)
    for (path, marginal), (path2, marginal2) in zip(whole[0], grouped[0], strict=True):
        assert list(path) == list(path2)
        np.testing.assert_allclose(marginal, marginal2)
    assert [list(p) for p in whole[1]] == [list(p) for p in grouped[1]]
    for a, b in zip(whole[2], grouped[2], strict=True):
        np.testing.assert_allclose(a, b, atol=1e-6)
