"""The trained part of the attribution finder: a CRF and a network over paragraph tokens.

The CRF (python-crfsuite, trained by ``training/train_attribution.py`` on PolNeAR train) and the
BiLSTM network (``training/train_attribution_nn.py``) tag tokens ``B-/I-`` source (``S``), cue
(``C``) and content (``T``); :class:`Tagger` averages their label distributions and decodes them
together.  :mod:`reportedly.nlp.attribution_decoder` turns the tag sequence into attributions.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain
from pathlib import Path

import numpy as np
from spacy.tokens import Doc

from reportedly.nlp.attribution_crf import LinearChainCRF, viterbi
from reportedly.nlp.attribution_feature_ids import feature_ids, hash_tables
from reportedly.nlp.attribution_features import (
    CRF_FIRST,
    paragraphs,
)
from reportedly.nlp.attribution_neural import (
    DEFAULT_NEURAL_PATH,
    LABELS,
    N_TOKEN_FEATURES,
    NeuralTagger,
)
from reportedly.nlp.attribution_rules import (
    Candidate,
)

ROLES = ("S", "C", "T")
DEFAULT_MODEL_PATH = Path(__file__).parent / "models" / "attribution.crfsuite"

#: the network's share when its label distributions are averaged with the CRF's (tuned on dev)
NEURAL_WEIGHT = 0.7

def rule_roles(doc: Doc, candidates: Sequence[Candidate]) -> list[str]:
    """Per token: the role ("S", "C", "T") the rule pass gives it, or "O"."""
    roles = ["O"] * len(doc)
    for cand in candidates:
        for role, chars in (("T", cand.content), ("S", cand.source), ("C", cand.cue)):
            if chars is None:
                continue
            span = doc.char_span(chars[0], chars[1], alignment_mode="expand")
            if span is None:
                continue
            for tok in span:
                roles[tok.i] = role
    return roles


def gold_labels(doc: Doc, attributions: Sequence[dict[str, list[tuple[int, int]]]]) -> list[str]:
    """BIO labels per token from character ranges (PolNeAR gives each token one role at most)."""
    labels = ["O"] * len(doc)
    role_key = {"source": "S", "cue": "C", "content": "T"}
    for attr in attributions:
        for key, role in role_key.items():
            for start, end in attr.get(key, []):
                span = doc.char_span(start, end, alignment_mode="expand")
                if span is None:
                    continue
                first = True
                for tok in span:
                    if tok.is_space:
                        continue
                    labels[tok.i] = ("B-" if first else "I-") + role
                    first = False
    return labels


def _bio_transitions() -> tuple[np.ndarray, np.ndarray]:
    """Log-space start and transition scores that forbid ``I-X`` unless ``B-X``/``I-X`` precedes it."""
    n = len(LABELS)
    trans = np.zeros((n, n))
    for a, prev in enumerate(LABELS):
        for b, cur in enumerate(LABELS):
            if cur.startswith("I-") and prev[2:] != cur[2:]:
                trans[a, b] = -1e9
    start = np.array([-1e9 if label.startswith("I-") else 0.0 for label in LABELS])
    return start, trans


_START, _TRANS = _bio_transitions()
_CUE_LABELS = frozenset(k for k, label in enumerate(LABELS) if label.endswith("C"))


def bio_viterbi(sequences: Sequence[np.ndarray]) -> list[list[int]]:
    """The most probable well-formed BIO label sequence of each sequence of per-token distributions
    (all of a Doc's paragraphs decoded together)."""
    logs = [np.log(probs + 1e-9) for probs in sequences]
    return [path.tolist() for path in viterbi(logs, _TRANS, _START)]


class Tagger:
    """The loaded CRF, and the neural tagger when its file is there: ``tag(doc, features)`` gives
    one label per token.

    With the network, both models' per-token label distributions are averaged
    (``neural_weight`` on the network's) and decoded together by :func:`bio_viterbi`; without
    it, or for a Doc without token vectors, the CRF's own Viterbi path is used.  The features
    come as ids from :func:`~reportedly.nlp.attribution_feature_ids.feature_ids`, looked up in
    one table that gives both models' rows.
    """

    def __init__(
        self,
        path: Path = DEFAULT_MODEL_PATH,
        neural_path: Path | None = DEFAULT_NEURAL_PATH,
        neural_weight: float = NEURAL_WEIGHT,
    ) -> None:
        self.path = path
        self.crf = LinearChainCRF(path, LABELS)
        self.neural = NeuralTagger(neural_path) if neural_path is not None and neural_path.exists() else None
        self.neural_weight = neural_weight
        # one id per feature string either model knows, and that id's row in each model (0: unknown)
        ids = dict(self.crf.attributes)
        if self.neural is not None:
            for feature in self.neural.vocab:
                ids.setdefault(feature, len(ids) + 1)
        self._ids = ids
        self._hash_tables = hash_tables(ids)
        self._crf_row = np.zeros(len(ids) + 1, dtype=np.int64)
        self._network_id = np.zeros(len(ids) + 1, dtype=np.int32)
        for feature, k in ids.items():
            self._crf_row[k] = self.crf.attributes.get(feature, 0)
            if self.neural is not None:
                self._network_id[k] = self.neural.vocab.get(feature, 0)

    def tag(self, doc: Doc, roles: Sequence[str], quotes: Sequence[tuple[int, int]]) -> tuple[list[str], list[float]]:
        """Labels per token, and each cue label's probability (1.0 for other tokens), from the
        features of :func:`~reportedly.nlp.attribution_features.doc_features` (as ids) given the
        rule pass's ``roles`` per token and the ``quotes``."""
        labels = ["O"] * len(doc)
        probs = [1.0] * len(doc)
        paras = paragraphs(doc)
        if not paras:
            return labels, probs
        tokens = np.fromiter(chain.from_iterable(paras), dtype=np.int64)
        ids = feature_ids(doc, roles, quotes, self._ids.get, self._hash_tables)[tokens]
        lengths = np.array([len(para) for para in paras])
        bounds = np.cumsum(lengths)[:-1]
        crf = self.crf.decode(np.split(self.crf.scores(self._crf_row[ids[:, CRF_FIRST:]]), bounds))
        path = np.concatenate([p for p, _m in crf])
        marginal = np.concatenate([m for _p, m in crf])
        rows = np.arange(len(tokens))
        if self.neural is not None and self.neural.usable(doc):
            vectors = np.asarray(doc.tensor, dtype="float32")[tokens]
            neural = self.neural.predict_tokens(self._network_id[ids[:, :N_TOKEN_FEATURES]], vectors, lengths)
            # the CRF's distribution, approximated from its Viterbi path: the chosen label's
            # marginal, the rest spread evenly (all seven marginals per token scored the same on
            # dev, 0.688, and cost the seed one more false attribution)
            n_labels = len(LABELS)
            crf_dist = np.repeat(((1.0 - marginal) / n_labels)[:, None], n_labels, axis=1)
            crf_dist[rows, path] += marginal
            mixed = self.neural_weight * neural + (1.0 - self.neural_weight) * crf_dist
            path = np.concatenate(bio_viterbi(np.split(mixed, bounds)))
            marginal = mixed[rows, path]
        for i, k, p in zip(tokens.tolist(), path.tolist(), marginal.tolist(), strict=True):
            if k:
                labels[i] = LABELS[k]
                if k in _CUE_LABELS:  # only cue confidence is used
                    probs[i] = p
        return labels, probs


__all__ = ["DEFAULT_MODEL_PATH", "NEURAL_WEIGHT", "Tagger", "bio_viterbi", "gold_labels", "rule_roles"]
