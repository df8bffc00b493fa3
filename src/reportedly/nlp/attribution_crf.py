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
#: tokens scored in one gather (about 30 MB of float64 with 28 attributes and 7 labels)
_SCORE_ROWS = 20_000


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
        step = _SCORE_ROWS  # the gather holds (tokens × attributes × labels) floats at once
        if len(rows) <= step:
            return np.take(self.state, rows, axis=0).sum(axis=1)
        return np.concatenate([np.take(self.state, rows[k : k + step], axis=0).sum(axis=1) for k in range(0, len(rows), step)])

    def decode(self, scores: Sequence[np.ndarray]) -> list[tuple[np.ndarray, np.ndarray]]:
        """Per sequence of state scores (tokens × labels): the Viterbi label path and each
        token's marginal probability of its label on that path."""
        out: list[tuple[np.ndarray, np.ndarray]] = [(np.empty(0, dtype=np.int64), np.empty(0))] * len(scores)
        for group in padded_groups([len(s) for s in scores]):
            batch = _Padded([scores[k] for k in group])
            paths = batch.viterbi(self.transitions)
            marginals = batch.marginals(self._exp_transitions)
            taken = np.take_along_axis(marginals, paths[:, :, None], axis=2)[:, :, 0]
            for k, path, marginal in zip(group, batch.unpad(paths), batch.unpad(taken), strict=True):
                out[k] = (path, marginal)
        return out


#: most cells (steps × sequences) one padded pass holds: a very long paragraph beside many short
#: ones would otherwise pad every short one to its length (the LSTM keeps 1 KB per cell)
PAD_BUDGET = 1 << 15


def padded_groups(lengths: Sequence[int], budget: int | None = None) -> list[list[int]]:
    """Indices of ``lengths`` in groups to decode together, longest first within each group, so
    that no group's (longest × count) passes ``budget`` (default :data:`PAD_BUDGET`; a longer
    sequence goes alone)."""
    budget = PAD_BUDGET if budget is None else budget
    order = sorted(range(len(lengths)), key=lambda k: -lengths[k])
    groups: list[list[int]] = []
    current: list[int] = []
    for k in order:
        if current and lengths[current[0]] * (len(current) + 1) > budget:
            groups.append(current)
            current = []
        current.append(k)
    if current:
        groups.append(current)
    return groups


def viterbi(
    scores: Sequence[np.ndarray], transitions: np.ndarray, start: np.ndarray | None = None
) -> list[np.ndarray]:
    """The best label path of each sequence of per-token label scores (tokens × labels), with
    ``transitions[a, b]`` added for label ``b`` after ``a`` and ``start`` for the first label."""
    out: list[np.ndarray] = [np.empty(0, dtype=np.int64)] * len(scores)
    for group in padded_groups([len(s) for s in scores]):
        batch = _Padded([scores[k] for k in group])
        for k, path in zip(group, batch.unpad(batch.viterbi(transitions, start)), strict=True):
            out[k] = path
    return out


class _Padded:
    """Sequences of per-token rows laid out (step, sequence, label), longest sequence first, so
    that each step of a pass works on the first ``running[step]`` sequences only."""

    def __init__(self, sequences: Sequence[np.ndarray]) -> None:
        lengths = np.array([len(s) for s in sequences])
        self.order = np.argsort(-lengths, kind="stable")
        self.lengths = lengths[self.order]
        steps = int(self.lengths[0])
        self.valid = np.arange(steps)[:, None] < self.lengths[None, :]
        self.running = self.valid.sum(axis=1).tolist()
        self.rows = np.zeros((steps, len(sequences), sequences[0].shape[1]))
        for slot, k in enumerate(self.order.tolist()):
            self.rows[: self.lengths[slot], slot] = sequences[k]

    def unpad(self, values: np.ndarray) -> list[np.ndarray]:
        """Per sequence, in the order given, its steps of ``values`` (step, sequence, …)."""
        out: list[np.ndarray] = [values[:0, 0]] * len(self.order)
        for slot, k in enumerate(self.order.tolist()):
            out[k] = values[: self.lengths[slot], slot]
        return out

    def viterbi(self, transitions: np.ndarray, start: np.ndarray | None = None) -> np.ndarray:
        rows, running = self.rows, self.running
        steps, width, _n = rows.shape
        score = rows[0] + start if start is not None else rows[0].copy()
        back = np.zeros(rows.shape, dtype=np.int8)
        for step in range(1, steps):
            k = running[step]
            cand = score[:k, :, None] + transitions
            back[step, :k] = cand.argmax(axis=1)
            score[:k] = cand.max(axis=1) + rows[step, :k]
        paths = np.zeros((steps, width), dtype=np.int64)
        cur = score.argmax(axis=1)
        slots = np.arange(width)
        for step in range(steps - 1, 0, -1):
            k = running[step]
            paths[step, :k] = cur[:k]
            cur[:k] = back[step, slots[:k], cur[:k]]
        paths[0] = cur
        return paths

    def marginals(self, exp_transitions: np.ndarray) -> np.ndarray:
        """Each token's label marginals by forward-backward, scaled at every step.

        Both passes run in one loop as ``x[t] = (x[t-1] @ M) * potential[t]``: the forward one
        over the sequences, the backward one over them reversed with ``M`` transposed.  The
        marginal at ``t`` is the forward value before its own potential times the backward
        value after it.
        """
        rows, running, valid = self.rows, self.running, self.valid
        steps, width, n = rows.shape
        potential = np.exp(rows - rows.max(axis=2, keepdims=True))
        t = np.arange(steps)[:, None]
        flip = np.where(valid, self.lengths[None, :] - 1 - t, 0)  # the step reversed step t reads
        cols = np.arange(width)[None, :]
        both = np.stack([potential, potential[flip, cols]], axis=1)  # (step, direction, seq, label)
        moves = np.stack([exp_transitions, exp_transitions.T])
        before = np.zeros((steps, 2, width, n))  # x[t-1] @ M, scaled
        before[0] = 1.0 / n
        state = before[0] * both[0]
        for step in range(1, steps):
            k = running[step]
            x = np.matmul(state[:, :k], moves)
            x /= x.sum(axis=2, keepdims=True)
            before[step, :, :k] = x
            x *= both[step, :, :k]
            state[:, :k] = x
        backward_after = (before[:, 1] * both[:, 1])[flip, cols]
        joint = before[:, 0] * backward_after
        joint /= np.where(valid, joint.sum(axis=2), 1.0)[:, :, None]
        return joint


__all__ = ["PAD_BUDGET", "LinearChainCRF", "ModelFileError", "padded_groups", "read_model", "viterbi"]
