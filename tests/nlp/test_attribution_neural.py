"""The neural half of the attribution tagger: file format, encoding, decoding and fall-backs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from reportedly.nlp.attribution import AttributionFinder
from reportedly.nlp.attribution_features import SCRATCH_KEYS
from reportedly.nlp.attribution_neural import (
    DEFAULT_NEURAL_PATH,
    LABELS,
    N_TOKEN_FEATURES,
    NeuralTagger,
    build_model,
    encode,
    save,
)
from reportedly.nlp.attribution_tagger import DEFAULT_MODEL_PATH, Tagger, bio_viterbi
from tests.conftest import spacy_only as _parsed

CONFIG = {"dim": 8, "vector_width": 96, "hidden": 8, "depth": 1, "dropout": 0.0}


def test_encode_maps_unknown_features_to_the_zero_row() -> None:
    vocab = {"w=said": 1, "t=VBD": 2}
    feats = [["w=said", "t=VBD"] + [f"x{i}" for i in range(N_TOKEN_FEATURES)], ["w=nope"] * N_TOKEN_FEATURES]
    ids = encode(feats, vocab)
    assert ids.shape == (2, N_TOKEN_FEATURES)
    assert list(ids[0, :2]) == [1, 2] and not ids[0, 2:].any()
    assert not ids[1].any()
    # a token with fewer features than the network reads is padded
    short = encode([["w=said"]], vocab)
    assert short.shape == (1, N_TOKEN_FEATURES) and short[0, 0] == 1 and not short[0, 1:].any()


def test_saved_model_loads_with_the_same_outputs(tmp_path: Path) -> None:
    vocab = {"a": 1, "b": 2, "multi\nline": 3}  # feature strings may hold line breaks
    model = build_model(CONFIG, len(vocab))
    sample = [(np.array([[1, 2] + [0] * (N_TOKEN_FEATURES - 2), [3] * N_TOKEN_FEATURES], dtype="int32"),
               np.random.default_rng(1).standard_normal((2, 96)).astype("float32"))]
    model.initialize(X=sample)
    path = tmp_path / "nn.npz"
    save(model, CONFIG, vocab, path)
    loaded = NeuralTagger(path)
    assert loaded.vocab == vocab
    before = model.predict(sample)[0]
    after = loaded.model.predict(sample)[0]
    assert after.shape == (2, len(LABELS))
    np.testing.assert_allclose(after.sum(axis=1), 1.0, rtol=1e-5)
    np.testing.assert_allclose(before, after, atol=2e-2)  # weights are stored as float16


def test_viterbi_never_opens_a_span_with_i() -> None:
    # the most probable label per token would be I-C first, then I-T after O: both ill-formed
    probs = np.full((3, len(LABELS)), 0.01)
    probs[0, LABELS.index("I-C")] = 0.6
    probs[0, LABELS.index("B-C")] = 0.3
    probs[1, LABELS.index("O")] = 0.9
    probs[2, LABELS.index("I-T")] = 0.5
    probs[2, LABELS.index("B-T")] = 0.4
    short = np.full((1, len(LABELS)), 0.01)
    short[0, LABELS.index("B-S")] = 0.9
    paths = bio_viterbi([probs, short])
    assert [LABELS[k] for k in paths[0]] == ["B-C", "O", "B-T"]
    assert [LABELS[k] for k in paths[1]] == ["B-S"]
    assert bio_viterbi([]) == []


@pytest.mark.skipif(not DEFAULT_NEURAL_PATH.exists(), reason="the neural model file is not built")
def test_doc_without_token_vectors_falls_back_to_the_crf(nlp) -> None:
    text = "The minister said that the bridge would reopen in May."
    tagger = Tagger(DEFAULT_MODEL_PATH)
    assert tagger.neural is not None
    doc = _parsed(nlp, text)
    assert tagger.neural.usable(doc)
    doc.tensor = np.zeros((0, 0), dtype="float32")  # as from a pipeline without tok2vec
    assert not tagger.neural.usable(doc)
    finder = AttributionFinder(nlp)
    found = finder(doc)._.attributions
    assert [a.cue.text for a in found if a.cue] == ["said"]


@pytest.mark.skipif(not DEFAULT_NEURAL_PATH.exists(), reason="the neural model file is not built")
def test_crf_alone_and_with_the_network_agree_on_a_plain_report(nlp) -> None:
    text = 'Officials said the talks would resume on Monday. "We are close," the envoy told reporters.'
    with_nn = AttributionFinder(nlp)(_parsed(nlp, text))._.attributions
    crf_only = AttributionFinder(nlp, neural_path=None)(_parsed(nlp, text))._.attributions
    assert AttributionFinder(nlp, neural_path=None).tagger.neural is None  # type: ignore[union-attr]
    for found in (with_nn, crf_only):
        assert {a.cue.text for a in found if a.cue} == {"said", "told"}
    # the pass's scratch values do not stay on the Doc
    doc = AttributionFinder(nlp)(_parsed(nlp, text))
    assert not set(SCRATCH_KEYS) & set(doc.user_data)


def test_huge_paragraphs_sum_embeddings_column_by_column(monkeypatch) -> None:
    import reportedly.nlp.attribution_neural as neural

    table = np.random.default_rng(2).standard_normal((10, 4)).astype("float32")
    ids = np.random.default_rng(3).integers(0, 10, size=(50, N_TOKEN_FEATURES)).astype("int32")
    at_once = neural._embed_sum(table, ids)
    monkeypatch.setattr(neural, "_GATHER_AT_ONCE", 10)
    np.testing.assert_allclose(neural._embed_sum(table, ids), at_once, rtol=1e-5)
    assert at_once.shape == (50, 4)


def test_each_model_reads_its_own_part_of_the_features(nlp) -> None:
    from reportedly.nlp.attribution_features import CRF_FIRST, doc_features

    doc = _parsed(nlp, "The mayor said on Monday that the bridge would reopen.\n\nShe added: \"Soon.\"")
    feats = doc_features(doc, ["O"] * len(doc), [])
    for tok, f in zip(doc, feats, strict=True):
        if tok.is_space:
            assert f == []
            continue
        network = {x.split("=", 1)[0] for x in f[:N_TOKEN_FEATURES]}
        crf = {x.split("=", 1)[0] for x in f[CRF_FIRST:]}
        # the network reads the token's own features only, the LSTM supplies the context
        assert not network & {"w-2", "w-1", "w1", "w2", "l-1", "l1", "t-1", "d-1", "cuel"}
        assert {"w", "l", "bi", "r", "q"} <= network & crf
        # what only the network reads never reaches the CRF, and every CRF token has its window
        assert not crf & {"b", "s", "ht", "gs", "side", "ss", "sq", "se"}
        assert {"w-2", "w-1", "w1", "w2"} <= crf


@pytest.mark.parametrize(("hidden", "depth"), [(8, 1), (96, 1), (8, 2), (64, 2)])
def test_own_lstm_gives_what_thincs_lstm_gives(hidden: int, depth: int) -> None:
    """NeuralTagger.predict runs its own BiLSTM (one layer or a stack); thinc's layer is the reference."""
    vocab = {f"f{i}": i for i in range(1, 30)}
    config = dict(CONFIG, hidden=hidden, depth=depth)
    rng = np.random.default_rng(4)
    # paragraphs of very different lengths, in no order: the loop narrows as they end
    batch = [(rng.integers(0, 30, size=(n, N_TOKEN_FEATURES)).astype("int32"),
              rng.standard_normal((n, 96)).astype("float32")) for n in (7, 1, 40, 3, 40, 12)]
    model = build_model(config, len(vocab))
    model.initialize(X=batch)
    # every weight random (thinc starts the softmax and the LSTM's start state at zero, which
    # would hide a wrong LSTM), the start state included
    for node in model.walk():
        for name in node.param_names:
            if node.has_param(name):
                shape = node.get_param(name).shape
                node.set_param(name, (rng.standard_normal(shape) * 0.5).astype("float32"))
    tagger = NeuralTagger.__new__(NeuralTagger)
    tagger.config, tagger.vocab, tagger.model = dict(config), vocab, model
    tagger._wire()
    for expected, got in zip(model.predict(batch), tagger.predict(batch), strict=True):
        assert got.shape == expected.shape
        np.testing.assert_allclose(got, expected, atol=1e-5)
