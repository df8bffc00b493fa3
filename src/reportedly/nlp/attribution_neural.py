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

Inference runs the LSTM with :class:`BiLSTM` rather than thinc's layer: the same weights and
the same arithmetic (outputs agree to 1e-5), both directions in one loop over time steps, and
each step only over the paragraphs still running (longest first), which on PolNeAR dev takes
the LSTM from about 5.0 to 3.3 ms per article.  Its matrix products go through blis, as thinc's
do: numpy's OpenBLAS would start threads that spin after each product and burn CPU time.

Built with thinc (installed with spaCy); trained by ``training/train_attribution_nn.py`` on
PolNeAR train.  The model file is one ``.npz``: the feature vocabulary, the configuration and
the weights in float16 (the file stays small; inference runs in float32).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import chain as chain_from
from itertools import repeat
from pathlib import Path
from typing import Any, cast

import numpy as np
from blis.py import gemm
from spacy.tokens import Doc
from thinc.api import LSTM, Dropout, Maxout, Model, Softmax, chain, with_array, with_padded

from reportedly.nlp.attribution_crf import padded_groups

#: label order of the network's output (and of the CRF marginals it is averaged with)
LABELS = ("O", "B-S", "I-S", "B-C", "I-C", "B-T", "I-T")
#: the token's own features from doc_features; its ±2 window features are left out (the LSTM
#: reads the context itself)
N_TOKEN_FEATURES = 27
DEFAULT_NEURAL_PATH = Path(__file__).parent / "models" / "attribution_nn.npz"

Batch = list[tuple[np.ndarray, np.ndarray]]
#: most tokens the network reads in one pass (whole paragraphs; a longer paragraph goes alone)
_TOKENS_PER_PASS = 20_000
#: feature ids gathered in one go; above this a pass's embeddings are summed column by column
_GATHER_AT_ONCE = 200_000  # feature ids (tokens, K) of one call of _embed_sum


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


def _runs(lengths: np.ndarray, limit: int) -> list[np.ndarray]:
    """``lengths`` cut into consecutive runs of at most ``limit`` in total (or one length each
    above it)."""
    out: list[np.ndarray] = []
    start, total = 0, 0
    for k, n in enumerate(lengths.tolist()):
        if total and total + n > limit:
            out.append(lengths[start:k])
            start, total = k, 0
        total += n
    if len(lengths):
        out.append(lengths[start:])
    return out


def _embed_sum(table: Any, ids: np.ndarray) -> np.ndarray:
    """Per row of ``ids``, the sum of its embeddings; a huge paragraph (a text with no line
    breaks) is summed column by column so that no (tokens × features × width) array is made."""
    # np.take gathers rows about twice as fast as fancy indexing
    if ids.size <= _GATHER_AT_ONCE:
        return np.asarray(np.take(table, ids, axis=0).sum(axis=1))
    total = np.array(np.take(table, ids[:, 0], axis=0))
    for col in range(1, ids.shape[1]):
        total += np.take(table, ids[:, col], axis=0)
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


class BiLSTM:
    """Inference for thinc's bidirectional ``LSTM`` (one layer or a stack) from its parameters.

    thinc keeps each layer's and each direction's weights as ``Wx (4·nO, nI)``, ``bx``,
    ``Wh (4·nO, nO)``, ``bh`` in that order (layer by layer, forward direction first; a layer
    above the first reads both directions' outputs, ``nI = 2·nO``), gates in the order forget,
    input, output, candidate, and starts each sequence from ``HC0 (2, depth, 2, nO)`` — whose two
    halves its CPU kernel takes in swapped roles (the first as the cell, the second as the
    hidden state), which is copied here.  The three sigmoid gates' weights are halved so that
    one ``tanh`` over all four gates serves: sigmoid(x) = (tanh(x/2) + 1) / 2.
    """

    def __init__(self, params: np.ndarray, initial: np.ndarray, n_in: int, n_out: int) -> None:
        flat = np.asarray(params, dtype="float32")
        start = np.asarray(initial, dtype="float32")  # (2, depth, directions, nO)
        halve = np.ones(4 * n_out, dtype="float32")
        halve[: 3 * n_out] = 0.5
        self.n_out = n_out
        self.layers: list[_Layer] = []
        at = 0
        layer_in = n_in
        for layer in range(start.shape[1]):
            w_in, w_hidden, bias = [], [], []
            for _direction in range(2):
                sizes = (4 * n_out * layer_in, 4 * n_out, 4 * n_out * n_out, 4 * n_out)
                wx, bx, wh, bh = (flat[at + sum(sizes[:k]) : at + sum(sizes[: k + 1])] for k in range(4))
                at += sum(sizes)
                w_in.append((wx.reshape(4 * n_out, layer_in) * halve[:, None]).T)
                w_hidden.append(np.ascontiguousarray((wh.reshape(4 * n_out, n_out) * halve[:, None]).T))
                bias.append((bx + bh) * halve)
            self.layers.append(
                _Layer(
                    w_in=np.ascontiguousarray(np.concatenate(w_in, axis=1)),  # (nI, 2 · 4nO)
                    w_hidden=w_hidden,
                    bias=np.concatenate(bias),
                    h0=start[1, layer],
                    c0=start[0, layer],
                )
            )
            layer_in = 2 * n_out
        if at != flat.size:
            raise ValueError(f"LSTM parameters: {flat.size} values, {at} expected for {len(self.layers)} layers")

    def __call__(self, inputs: Sequence[np.ndarray]) -> list[np.ndarray]:
        """Per sequence (rows = tokens), the forward and backward hidden states side by side."""
        lengths = np.array([len(x) for x in inputs])
        return np.split(self.run(np.concatenate(inputs), lengths), np.cumsum(lengths)[:-1])

    def run(self, X: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """:meth:`__call__` on the sequences laid end to end: ``X`` holds ``lengths[0]`` rows of
        the first, then the second's …; so does the result."""
        n_out = self.n_out
        out = np.ascontiguousarray(X, dtype="float32")
        starts = np.cumsum(lengths) - lengths
        groups = padded_groups(lengths.tolist())
        for layer in self.layers:
            projected = gemm(out, layer.w_in).reshape(len(out), 2, 4 * n_out) + layer.bias.reshape(2, 4 * n_out)
            out = np.empty((len(out), 2 * n_out), dtype="float32")
            for group in groups:
                self._run(layer, projected, out, starts[group], lengths[group])
        return out

    def _run(self, layer: _Layer, projected: np.ndarray, out: np.ndarray, starts: np.ndarray, lens: np.ndarray) -> None:
        """Both directions of one layer over the sequences at ``starts`` (longest first) of
        ``projected`` (each token's input already multiplied by the input weights), into ``out``."""
        n_out = self.n_out
        width, steps = len(lens), int(lens[0])
        t = np.arange(steps)[:, None]
        valid = t < lens[None, :]
        forward = np.where(valid, starts + t, 0)
        backward = np.where(valid, starts + lens - 1 - t, 0)  # the backward pass reads each sequence reversed
        gates = np.empty((steps, 2, width, 4 * n_out), dtype="float32")
        gates[:, 0] = projected[forward, 0]
        gates[:, 1] = projected[backward, 1]
        hidden = np.empty((steps + 1, 2, width, n_out), dtype="float32")
        hidden[0] = layer.h0[:, None, :]
        cell = np.repeat(layer.c0[:, None, :], width, axis=1)
        running = valid.sum(axis=1)
        three = 3 * n_out
        for step in range(steps):
            n = running[step]
            g = gates[step, :, :n]
            for d in (0, 1):
                gemm(hidden[step, d, :n], layer.w_hidden[d], out=g[d], beta=1.0)
            np.tanh(g, out=g)
            sig = g * 0.5
            sig += 0.5
            c = sig[..., :n_out] * cell[:, :n]
            c += sig[..., n_out : 2 * n_out] * g[..., three:]
            cell[:, :n] = c
            h = hidden[step + 1, :, :n]
            np.tanh(c, out=h)
            h *= sig[..., 2 * n_out : three]
        rows_t, rows_b = np.nonzero(valid)
        out[forward[rows_t, rows_b], :n_out] = hidden[rows_t + 1, 0, rows_b]
        out[backward[rows_t, rows_b], n_out:] = hidden[rows_t + 1, 1, rows_b]


@dataclass(slots=True)
class _Layer:
    """One bidirectional layer's weights, ready for :meth:`BiLSTM.run` (both directions' input
    weights side by side, sigmoid gates halved) and its start state per direction."""

    w_in: np.ndarray
    w_hidden: list[np.ndarray]
    bias: np.ndarray
    h0: np.ndarray
    c0: np.ndarray


class NeuralTagger:
    """A loaded network: ``predict`` gives per-token label distributions from feature ids and
    token vectors (the tagger's :func:`~reportedly.nlp.attribution_feature_ids.feature_ids`)."""

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
        self._wire()

    def _wire(self) -> None:
        """Inference pieces from the thinc model: its layers, and the LSTM as a :class:`BiLSTM`."""
        bag, maxout, padded_lstm, softmax = self.model.layers
        lstm = next(node for node in padded_lstm.walk() if node.has_param("LSTM"))
        self._bag, self._maxout, self._softmax = bag, maxout, softmax
        hidden = self.config["hidden"]
        params, start = (np.asarray(lstm.get_param(name)) for name in ("LSTM", "HC0"))
        self._lstm = BiLSTM(params, start, hidden, hidden // 2)

    def usable(self, doc: Doc) -> bool:
        """Whether the Doc carries token vectors of the width the network was trained on."""
        tensor = doc.tensor
        return tensor is not None and tensor.ndim == 2 and tensor.shape == (len(doc), self.config["vector_width"])

    def predict(self, batch: Batch) -> list[np.ndarray]:
        """What ``self.model.predict(batch)`` gives, with :class:`BiLSTM` in place of thinc's LSTM."""
        lengths = np.array([len(ids) for ids, _vectors in batch])
        ids = np.concatenate([ids for ids, _vectors in batch])
        vectors = np.concatenate([vectors for _ids, vectors in batch])
        return np.split(self.predict_tokens(ids, vectors, lengths), np.cumsum(lengths)[:-1])

    def predict_tokens(self, ids: np.ndarray, vectors: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """:meth:`predict` on paragraphs laid end to end (``lengths`` tokens each): each layer
        runs once over all their tokens rather than once per paragraph."""
        table: Any = self._bag.get_param("E")
        out = np.empty((len(ids), len(LABELS)), dtype="float32")
        # a few thousand tokens per pass: each layer's output for a 200,000-token text at once
        # took half a gigabyte
        at = 0
        for run in _runs(lengths, _TOKENS_PER_PASS):
            end = at + int(run.sum())
            embedded = np.hstack([_embed_sum(table, ids[at:end]), vectors[at:end]])
            hidden = self._maxout.predict([embedded])[0]
            out[at:end] = self._softmax.predict([self._lstm.run(hidden, run)])[0]
            at = end
        return out


__all__ = ["BiLSTM", "DEFAULT_NEURAL_PATH", "LABELS", "N_TOKEN_FEATURES", "NeuralTagger", "build_model", "encode", "save"]
