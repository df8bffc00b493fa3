"""Token features for the attribution tagger (shared by inference and ``training/``).

The tagger labels every token of a paragraph with a BIO tag over three roles, as PolNeAR
annotates them (each token belongs to at most one attribution role):
``S`` source, ``C`` cue, ``T`` content.  Features come from the spaCy parse and from the
rule pass (:mod:`reportedly.nlp.attribution_rules`), whose proposed roles are strong but
fallible hints: the model learns when to trust them.

Features are built as plain ``"name=value"`` strings (the fastest input python-crfsuite
takes); base values are computed once per token and windows reuse them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np
from spacy.attrs import HEAD, IDX, ORTH
from spacy.tokens import Doc

from reportedly.nlp.attribution_rules import is_quote_mark
from reportedly.nlp.lexicon import noun_cues, verb_cues

#: cue words learnt from the training corpus (written by training/train_attribution.py)
LEARNT_CUES_PATH = Path(__file__).parent / "models" / "attribution_cues.json"

#: how far up the tree we look for a cue word governing a token
_MAX_UP = 8


#: ``doc.user_data`` keys under which one attribution pass keeps what several of its steps need
#: (the finder removes them when it is done)
SCRATCH_KEYS = ("reportedly_paragraphs", "reportedly_quote_mask")


def paragraphs(doc: Doc) -> list[list[int]]:
    """Token indices per paragraph (a line break ends one); white-space tokens left out."""
    cached = doc.user_data.get("reportedly_paragraphs")
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    out = _paragraphs(doc)
    doc.user_data["reportedly_paragraphs"] = out
    return out


def _paragraphs(doc: Doc) -> list[list[int]]:
    out: list[list[int]] = []
    cur: list[int] = []
    for tok in doc:
        if tok.is_space:
            if "\n" in tok.text and cur:
                out.append(cur)
                cur = []
            continue
        cur.append(tok.i)
    # (a token's own trailing white space is one space at most: spaCy keeps anything longer,
    # line breaks included, as a white-space token)
    if cur:
        out.append(cur)
    return out


def shape_of(text: str, is_punct: bool) -> str:
    """The shape feature of a token's ``text``: punctuation, digits, capitals or lower case."""
    if is_punct:
        return "P"
    if text.isdigit():
        return "d"
    if text[:1].isupper():
        return "X" if text.isupper() and len(text) > 1 else "Xx"
    return "x"


@cache
def learnt_cues() -> frozenset[str]:
    """``"lemma|POS"`` keys often heading a cue in the training corpus (empty before training)."""
    if not LEARNT_CUES_PATH.exists():
        return frozenset()
    return frozenset(json.loads(LEARNT_CUES_PATH.read_text(encoding="utf-8"))["cues"])


def cue_lexicon_role(
    lemma: str, pos: str, lower: str, verbs: dict[str, str], nouns: dict[str, str], learnt: frozenset[str]
) -> str:
    """Which cue list a word is on: "v" a speech verb, "n" a cue noun, "a" "according", "x" a
    cue word learnt from PolNeAR train, "" none (``lemma`` lower-cased, ``pos`` its part of speech)."""
    if pos in ("VERB", "AUX", "ADJ") and lemma in verbs:
        return "v"
    if pos == "NOUN" and lemma in nouns:
        return "n"
    if lower == "according":
        return "a"
    if f"{lemma}|{pos}" in learnt:
        return "x"
    return ""


#: child relations that say what kind of predicate a word is
_SIGNATURE_DEPS = frozenset(
    {"nsubj", "nsubjpass", "csubj", "ccomp", "xcomp", "dobj", "agent", "advcl", "poss", "acl", "dative", "mark"}
)


def _governor(i: int, heads: list[int], is_cue: list[str]) -> tuple[int, int, int]:
    """(index of the child below the nearest governing cue word, steps up, the cue word's index).

    ``(-1, 0, -1)`` when no cue word governs token ``i`` within :data:`_MAX_UP` steps.
    """
    node = i
    for step in range(1, _MAX_UP + 1):
        head = heads[node]
        if head == node:
            break
        child, node = node, head
        if is_cue[node]:
            return child, step, node
    return -1, 0, -1


def quote_mask(doc: Doc, quotes: Sequence[tuple[int, int]]) -> list[int]:
    """Per token: 0 outside quotation marks, 1 inside, 2 on a quotation mark."""
    cached = doc.user_data.get("reportedly_quote_mask")
    if cached is not None and cached[0] == quotes:
        return cached[1]  # type: ignore[no-any-return]
    mask = _quote_mask(doc, quotes)
    doc.user_data["reportedly_quote_mask"] = (list(quotes), mask)
    return mask


def _quote_mask(doc: Doc, quotes: Sequence[tuple[int, int]]) -> list[int]:
    mask = [0] * len(doc)
    if not quotes:
        return mask
    strings = doc.vocab.strings
    columns = doc.to_array([ORTH, IDX]).tolist()
    marks = {orth: is_quote_mark(strings[orth]) for orth in {orth for orth, _ in columns}}
    qi = 0
    for i, (orth, idx) in enumerate(columns):
        if marks[orth]:
            mask[i] = 2
            continue
        while qi < len(quotes) and quotes[qi][1] <= idx:
            qi += 1
        if qi < len(quotes) and quotes[qi][0] < idx < quotes[qi][1] - 1:
            mask[i] = 1
    return mask


#: the "steps up to the governing cue word" feature, capped at 4
_STEPS = tuple(f"gs={min(steps, 4)}" for steps in range(_MAX_UP + 1))

#: the features that only the network reads come first in each token's list; the CRF reads the
#: list from here on.  Those eight carried under 1% of the CRF's weights; without them and with a
#: narrower window (words at ±2, the previous token's tag, lemma and dependency, the next one's
#: lemma) the retrained CRF scored within 0.002 of the full one on PolNeAR dev while reading 45%
#: fewer strings per token, which is what python-crfsuite's time goes on
CRF_FIRST = 8


def crf_sequence(features: Sequence[Sequence[str]], tokens: Sequence[int]) -> list[Sequence[str]]:
    """The CRF's part of the features of ``tokens`` (a paragraph), as python-crfsuite takes them."""
    return [features[i][CRF_FIRST:] for i in tokens]


#: the CRF's window: offset, and the features of the token there (w word, t tag, l lemma,
#: d dependency)
_WINDOW = ((-2, "w"), (-1, "wtld"), (1, "wl"), (2, "w"))


def doc_features(doc: Doc, rule_roles: Sequence[str], quotes: Sequence[tuple[int, int]]) -> list[list[str]]:
    """Feature strings for every token of ``doc`` (white-space tokens get none: they are not tagged).

    Token attributes are read once into lists: spaCy builds a new Token object on every access.
    """
    verbs, nouns = verb_cues(), noun_cues()
    n = len(doc)
    learnt = learnt_cues()
    toks = list(doc)
    is_cue = [cue_lexicon_role(t.lemma_.lower(), t.pos_, t.lower_, verbs, nouns, learnt) for t in toks]
    # head indices from the parse array: t.head builds a Token object per call
    heads: list[int] = (np.arange(n) + doc.to_array(HEAD).astype(np.int64)).tolist()
    children: list[set[str]] = [set() for _ in range(n)]
    dep = [t.dep_ for t in toks]
    for i, h in enumerate(heads):
        if h != i and dep[i] in _SIGNATURE_DEPS:
            children[h].add(dep[i])
    sig = ["|".join(sorted(c)) for c in children]
    qmask = quote_mask(doc, quotes)
    qstr = [str(q) for q in qmask]
    low = [t.lower_ for t in toks]
    lem = [t.lemma_.lower() for t in toks]
    tag = [t.tag_ for t in toks]
    starts = [bool(t.is_sent_start) for t in toks]
    # which side of the sentence's cue words a token lies on; whether the sentence quotes
    side = [""] * n
    squote = [""] * n
    for sent in doc.sents:
        rng = range(sent.start, sent.end)
        has_quote = "1" if any(qmask[i] for i in rng) else "0"
        cues = [i for i in rng if is_cue[i]]
        first = cues[0] if cues else -1
        last = cues[-1] if cues else -1
        for i in rng:
            squote[i] = has_quote
            if not cues:
                side[i] = "none"
            else:
                left, right = first < i, last > i
                side[i] = "LR" if left and right else ("L" if left else ("R" if right else "self"))
    # each window feature's prefix ("w-1=") with the column it reads, formatted once per Doc
    columns = {"w": low, "t": tag, "l": lem, "d": dep}
    window = [(off, [(f"{name}{off}=", columns[name]) for name in names]) for off, names in _WINDOW]
    feats: list[list[str]] = []
    for tok in toks:
        i = tok.i
        if tok.is_space:
            feats.append([])
            continue
        h = heads[i]
        gc, gsteps, gi = _governor(i, heads, is_cue)
        gdep = dep[gc] if gc >= 0 else ""
        glem = lem[gi] if gi >= 0 else ""
        f = [
            # read by the network only (the first CRF_FIRST)
            "b",
            "s=" + shape_of(tok.text, tok.is_punct),
            "ht=" + tag[h],
            _STEPS[gsteps],
            "side=" + side[i],
            "ss=" + ("1" if starts[i] else "0"),
            "sq=" + squote[i],
            "se=" + ("1" if i + 1 >= n or starts[i + 1] else "0"),
            # read by both
            "w=" + low[i],
            "l=" + lem[i],
            "t=" + tag[i],
            "d=" + dep[i],
            "e=" + (tok.ent_type_ or "-"),
            "hl=" + lem[h],
            "dh=" + dep[i] + "|" + lem[h],
            "cue=" + is_cue[i],
            "hcue=" + is_cue[h] + "|" + dep[i],
            "g=" + gdep,
            "gl=" + gdep + "|" + glem,
            "gside=" + gdep + ("<" if gi > i else ">"),
            "sig=" + sig[i],
            "lsig=" + lem[i] + "/" + sig[i],
            "hsig=" + dep[i] + "/" + sig[h],
            "q=" + qstr[i],
            "r=" + rule_roles[i],
            "bi=" + (low[i - 1] if i else "<s>") + "|" + low[i],
            "lsq=" + lem[i] + "|" + squote[i],
        ]
        # read by the CRF only
        if is_cue[i]:
            f.append("cuel=" + lem[i])
        for off, parts in window:
            j = i + off
            if 0 <= j < n:
                f += [prefix + column[j] for prefix, column in parts]
            else:
                f.append(parts[0][0] + "<pad>")
        feats.append(f)
    return feats
