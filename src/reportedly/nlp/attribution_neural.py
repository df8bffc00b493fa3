"""The neural half of the attribution tagger: a BiLSTM over parse features and spaCy's token vectors.

Each token is the sum of embeddings of its own parse features (the first
:data:`N_TOKEN_FEATURES` strings of :func:`~reportedly.nlp.attribution_features.doc_features`:
word, lemma, tag, dependency, the governing cue word, the rule pass's role …) concatenated with
the pipeline's ``tok2vec`` vector (``doc.tensor``, 96 wide in the pinned model).  A Maxout layer
and a bidirectional LSTM read the paragraph; a softmax gives each token a distribution over the
seven BIO labels.  The CRF (:mod:`reportedly.nlp.attribution_tagger`) sees features through a
±2-token window; the LSTM reads the whole paragraph, and its word vectors carry what a lemma
alone does not, so it finds cues the CRF misses.  :class:`~reportedly.nlp.attribution_tagger.Tagger`
averages the two models' per-token distributions and decodes them together.

Built with thinc (installed with spaCy); trained by ``training/train_attribution_nn.py`` on
PolNeAR train.  The model file is one ``.npz``: the feature vocabulary, the configuration and
the weights in float16 (the file stays small; inference runs in float32).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from itertools import chain as chain_from
from itertools import repeat
from pathlib import Path
from typing import Any, cast

import numpy as np
from spacy.tokens import Doc
from thinc.api import LSTM, Dropout, Maxout, Model, Softmax, chain, with_array, with_padded

from reportedly.nlp.attribution_features import paragraphs

#: label order of the network's output (and of the CRF marginals it is averaged with)
LABELS = ("O", "B-S", "I-S", "B-C", "I-C", "B-T", "I-T")
#: the token's own features from doc_features; its ±2 window features are left out (the LSTM
#: reads the context itself)
N_TOKEN_FEATURES = 27
DEFAULT_NEURAL_PATH = Path(__file__).parent / "models" / "attribution_nn.npz"

Batch = list[tuple[np.ndarray, np.ndarray]]
#: feature ids gathered in one go; above this a paragraph's embeddings are summed column by column
_GATHER_AT_ONCE = 200_000  # per paragraph: feature ids (n, K), vectors (n, W)


def _bag_forward(model: Model, inputs: Batch, is_train: bool) -> tuple[list[np.ndarray], Callable]:
    """Sum of each token's feature embeddings (id 0 is padding: a zero row never trained), then
    the token's vector appended."""
    table: Any = model.get_param("E")  # thinc's array types do not take numpy fancy indexing
    width = table.shape[1]
    outs = [np.hstack([_embed_sum(table, ids), vecs]) for ids, vecs in inputs]

    def backprop(d_outs: list[np.ndarray]) -> Batch:
        d_table = np.zeros_like(table)
        for (ids, _vecs), d in zip(inputs, d_outs, strict=True):
            np.add.at(d_table, ids.ravel(), np.repeat(d[:, :width], ids.shape[1], axis=0))
        d_table[0] = 0
        model.inc_grad("E", cast(Any, d_table))
        return inputs

    return outs, backprop


def _embed_sum(table: Any, ids: np.ndarray) -> np.ndarray:
    """Per row of ``ids``, the sum of its embeddings; a huge paragraph (a text with no line
    breaks) is summed column by column so that no (tokens × features × width) array is made."""
    if ids.size <= _GATHER_AT_ONCE:
        return np.asarray(table[ids].sum(axis=1))
    total = np.array(table[ids[:, 0]])
    for col in range(1, ids.shape[1]):
        total += table[ids[:, col]]
    return total


def _bag_init(model: Model, X: Any = None, Y: Any = None) -> None:
    rng = np.random.default_rng(0)
    n_vocab, width = model.get_dim("nV"), model.get_dim("nE")
    table = (rng.standard_normal((n_vocab + 1, width)) * 0.1).astype("float32")
    table[0] = 0
    model.set_param("E", cast(Any, table))


def build_model(config: dict[str, Any], n_vocab: int) -> Model:
    """The network; ``config``: ``dim`` (feature embedding width), ``vector_width`` (doc.tensor),
    ``hidden``, ``depth``, ``dropout``."""
    bag: Model = Model(
        "feature_bag",
        _bag_forward,
        init=_bag_init,
        dims={"nV": n_vocab, "nE": config["dim"]},
        params={"E": None},
    )
    width = config["dim"] + config["vector_width"]
    hidden = config["hidden"]
    return chain(
        bag,
        with_array(chain(Maxout(hidden, width, nP=2), Dropout(config["dropout"]))),
        with_padded(LSTM(hidden, hidden, bi=True, depth=config["depth"], dropout=config["dropout"])),
        with_array(Softmax(len(LABELS), hidden)),
    )


def encode(features: Sequence[Sequence[str]], vocab: dict[str, int]) -> np.ndarray:
    """Feature ids per token (:data:`N_TOKEN_FEATURES` columns); an unknown feature gets id 0,
    the padding row, whose embedding is zero."""
    n = N_TOKEN_FEATURES
    if all(len(feats) >= n for feats in features):
        ids = map(vocab.get, chain_from.from_iterable(feats[:n] for feats in features), repeat(0))
        return np.fromiter(ids, dtype="int32", count=n * len(features)).reshape(len(features), n)
    # a token with fewer features than usual (none in doc_features' output today): pad it
    out = np.zeros((len(features), n), dtype="int32")
    for row, feats in enumerate(features):
        row_ids = [vocab.get(feat, 0) for feat in feats[:n]]
        out[row, : len(row_ids)] = row_ids
    return out


def save(model: Model, config: dict[str, Any], vocab: dict[str, int], path: Path) -> None:
    """Write the model as one ``.npz`` (weights as float16)."""
    words = sorted(vocab, key=vocab.__getitem__)
    arrays: dict[str, np.ndarray] = {
        "config": np.frombuffer(json.dumps(config).encode(), dtype="uint8"),
        "vocab": np.frombuffer(json.dumps(words).encode(), dtype="uint8"),
    }
    for n, node in enumerate(model.walk()):
        for name in node.param_names:
            if node.has_param(name):
                arrays[f"{n}:{name}"] = np.asarray(node.get_param(name), dtype="float16")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        np.savez_compressed(fh, **arrays)


class NeuralTagger:
    """A loaded network: ``distributions(doc, features)`` gives (paragraph, probabilities) pairs."""

    def __init__(self, path: Path = DEFAULT_NEURAL_PATH) -> None:
        with np.load(path) as data:
            self.config: dict[str, Any] = json.loads(data["config"].tobytes().decode())
            words = json.loads(data["vocab"].tobytes().decode())
            self.vocab = {w: i for i, w in enumerate(words, start=1)}
            params = {k: data[k] for k in data.files if ":" in k}
        self.model = build_model(self.config, len(self.vocab))
        width = self.config["vector_width"]
        sample = [(np.zeros((2, N_TOKEN_FEATURES), dtype="int32"), np.zeros((2, width), dtype="float32"))]
        self.model.initialize(X=sample)
        for n, node in enumerate(self.model.walk()):
            for name in node.param_names:
                key = f"{n}:{name}"
                if key in params:
                    node.set_param(name, params[key].astype("float32"))

    def usable(self, doc: Doc) -> bool:
        """Whether the Doc carries token vectors of the width the network was trained on."""
        tensor = doc.tensor
        return tensor is not None and tensor.ndim == 2 and tensor.shape == (len(doc), self.config["vector_width"])

    def distributions(self, doc: Doc, features: list[list[str]]) -> list[tuple[list[int], np.ndarray]]:
        paras = paragraphs(doc)
        if not paras:
            return []
        tensor = np.asarray(doc.tensor, dtype="float32")
        batch = [(encode([features[i] for i in para], self.vocab), tensor[para]) for para in paras]
        probs = self.model.predict(batch)
        return list(zip(paras, probs, strict=True))


__all__ = ["DEFAULT_NEURAL_PATH", "LABELS", "N_TOKEN_FEATURES", "NeuralTagger", "build_model", "encode", "save"]
