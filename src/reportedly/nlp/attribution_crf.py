"""The attribution CRF at inference: python-crfsuite's model file, decoded with numpy.

``training/train_attribution.py`` trains a first-order linear-chain CRF with python-crfsuite
and writes crfsuite's binary model.  At inference this module reads that file itself (its
layout is crfsuite's ``crf1d_model.c``: a header, the feature weights, and two string
databases for labels and attributes) and decodes every paragraph of a Doc together: one
Viterbi pass and one forward-backward pass, each a numpy step per token position over the
paragraphs still running.  python-crfsuite's ``Tagger`` does the same one paragraph at a time,
and most of its time goes on turning each token's feature strings into attribute ids; here the
caller gives the attribute rows (:meth:`LinearChainCRF.scores`), found in one go with the
network's.  The paths are the ones crfsuite's Viterbi gives and the marginals agree with its
``marginal()`` to 1e-6 (``tests/nlp/test_attribution_crf.py`` compares them on real articles).
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from pathlib import Path

import numpy as np

_HEADER = struct.Struct("<4sI4sIIIIIIIII")
_FEATURE = np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("weight", "<f8")])
_STATE, _TRANSITION = 0, 1


class ModelFileError(ValueError):
    """The file is not a crfsuite first-order CRF model."""


def _strings(data: bytes, offset: int, count: int) -> list[str]:
    """The strings of a crfsuite CQDB database, by id (its backward array gives each record)."""
    chunk, _size, _flag, _order, bwd_size, bwd_offset = struct.unpack_from("<4sIIIII", data, offset)
    if chunk != b"CQDB" or bwd_size < count:
        raise ModelFileError("bad string database")
    backward = np.frombuffer(data, dtype="<u4", count=count, offset=offset + bwd_offset)
    out: list[str] = []
    for key, at in enumerate(backward.tolist()):
        record_id, size = struct.unpack_from("<II", data, offset + at)
        if record_id != key:
            raise ModelFileError("bad string record")
        start = offset + at + 8
        out.append(data[start : start + size - 1].decode("utf-8"))  # size counts the final NUL
    return out


def read_model(path: Path) -> tuple[list[str], list[str], np.ndarray]:
    """(labels, attributes, features) of a crfsuite model file; each feature is a record
    ``(type, src, dst, weight)``: a state feature (type 0) ties attribute ``src`` to label
    ``dst``, a transition (type 1) label ``src`` to label ``dst``."""
    data = path.read_bytes()
    if len(data) < _HEADER.size:
        raise ModelFileError(f"{path}: too short for a crfsuite model")
    magic, _size, kind, _version, _n, n_labels, n_attrs, off_features, off_labels, off_attrs, _lr, _ar = (
        _HEADER.unpack_from(data, 0)
    )
    if magic != b"lCRF" or kind != b"FOMC":
        raise ModelFileError(f"{path}: not a crfsuite first-order CRF model")
    chunk, _chunk_size, n_features = struct.unpack_from("<4sII", data, off_features)
    if chunk != b"FEAT":
        raise ModelFileError(f"{path}: no feature table")
    features = np.frombuffer(data, dtype=_FEATURE, count=n_features, offset=off_features + 12)
    return _strings(data, off_labels, n_labels), _strings(data, off_attrs, n_attrs), features


class LinearChainCRF:
    """A trained CRF: ``attributes`` maps an attribute string to its row of :attr:`state`
    (row 0 is all zeros: an attribute the model never saw), columns in ``labels`` order."""

    def __init__(self, path: Path, labels: Sequence[str]) -> None:
        model_labels, attributes, features = read_model(path)
        if sorted(model_labels) != sorted(labels):
            raise ModelFileError(f"{path}: labels {model_labels}, expected {list(labels)}")
        column = np.array([list(labels).index(label) for label in model_labels])
        self.labels = tuple(labels)
        self.attributes = {attr: row for row, attr in enumerate(attributes, start=1)}
        n = len(labels)
        state = features[features["type"] == _STATE]
        self.state = np.zeros((len(attributes) + 1, n))
        self.state[state["src"] + 1, column[state["dst"]]] = state["weight"]
        moves = features[features["type"] == _TRANSITION]
        self.transitions = np.zeros((n, n))
        self.transitions[column[moves["src"]], column[moves["dst"]]] = moves["weight"]
        self._exp_transitions = np.exp(self.transitions)

    def scores(self, rows: np.ndarray) -> np.ndarray:
        """Per token (a row of ``rows``: its attributes' rows, 0 for none), each label's state score."""
        return self.state[rows].sum(axis=1)

    def decode(self, scores: Sequence[np.ndarray]) -> list[tuple[np.ndarray, np.ndarray]]:
        """Per sequence of state scores (tokens × labels): the Viterbi label path and each
        token's marginal probability of its label on that path."""
        if not scores:
            return []
        lengths = np.array([len(s) for s in scores])
        order = np.argsort(-lengths, kind="stable")
        lens = lengths[order]
        steps, width, n = int(lens[0]), len(scores), len(self.labels)
        t = np.arange(steps)[:, None]
        valid = t < lens[None, :]
        running = valid.sum(axis=1)
        padded = np.zeros((steps, width, n))
        for slot, k in enumerate(order.tolist()):
            padded[: lens[slot], slot] = scores[k]
        paths = self._viterbi(padded, running)
        marginals = self._marginals(padded, lens, valid, running)
        taken = np.take_along_axis(marginals, paths[:, :, None], axis=2)[:, :, 0]
        out: list[tuple[np.ndarray, np.ndarray]] = [(np.empty(0, int), np.empty(0))] * width
        for slot, k in enumerate(order.tolist()):
            out[k] = (paths[: lens[slot], slot], taken[: lens[slot], slot])
        return out

    def _viterbi(self, padded: np.ndarray, running: np.ndarray) -> np.ndarray:
        steps, width, _n = padded.shape
        score = padded[0].copy()
        back = np.zeros(padded.shape, dtype=np.int8)
        for step in range(1, steps):
            k = running[step]
            cand = score[:k, :, None] + self.transitions
            best = cand.argmax(axis=1)
            back[step, :k] = best
            score[:k] = np.take_along_axis(cand, best[:, None, :], axis=1)[:, 0] + padded[step, :k]
        paths = np.zeros((steps, width), dtype=np.int64)
        cur = score.argmax(axis=1)
        rows = np.arange(width)
        for step in range(steps - 1, 0, -1):
            k = running[step]
            paths[step, :k] = cur[:k]
            cur[:k] = back[step, rows[:k], cur[:k]]
        paths[0] = cur
        return paths

    def _marginals(self, padded: np.ndarray, lens: np.ndarray, valid: np.ndarray, running: np.ndarray) -> np.ndarray:
        """Forward-backward, scaled at every step; the backward pass runs forward over each
        sequence reversed."""
        steps, width, _n = padded.shape
        potential = np.exp(padded - padded.max(axis=2, keepdims=True))
        t = np.arange(steps)[:, None]
        flip = np.where(valid, lens[None, :] - 1 - t, 0)  # position of reversed step t
        cols = np.arange(width)[None, :]
        reversed_potential = potential[flip, cols]
        forward = np.zeros_like(potential)
        backward = np.zeros_like(potential)
        forward[0] = potential[0] / potential[0].sum(axis=1, keepdims=True)
        backward[0] = 1.0 / potential.shape[2]
        exp_t, exp_t_back = self._exp_transitions, self._exp_transitions.T
        for step in range(1, steps):
            k = running[step]
            a = (forward[step - 1, :k] @ exp_t) * potential[step, :k]
            forward[step, :k] = a / a.sum(axis=1, keepdims=True)
            b = (backward[step - 1, :k] * reversed_potential[step - 1, :k]) @ exp_t_back
            backward[step, :k] = b / b.sum(axis=1, keepdims=True)
        joint = forward * backward[flip, cols]
        joint /= np.where(valid, joint.sum(axis=2), 1.0)[:, :, None]
        return joint


__all__ = ["LinearChainCRF", "ModelFileError", "read_model"]
