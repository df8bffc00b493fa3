#!/usr/bin/env python
"""Rebuild the neural attribution tagger (src/reportedly/nlp/models/attribution_nn.npz) from PolNeAR train.

    python training/train_attribution_nn.py --cache /tmp/parses                 # train -> the model
    python training/train_attribution_nn.py --cache /tmp/parses --dev ../shared/polnear/dev   # and score it

Each article is parsed with the pinned spaCy model (cached with ``--cache``: the parse, and
the ``tok2vec`` vectors, which depend on the words only and are recomputed from the cached
parse), the rule pass proposes candidates, and every paragraph becomes one sequence of token
feature ids and token vectors with gold BIO labels from the first annotator's brat file — the
same sequences the CRF (``train_attribution.py``) is trained on.  The network
(reportedly.nlp.attribution_neural) is trained with Adam on the cross-entropy for a fixed number
of epochs, and the running average of its weights is saved; with ``--dev`` the whole component (rules, CRF and network together) is scored after
training.  Train the CRF first: the features use its learnt cue words.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "training"))

import numpy as np  # noqa: E402
import spacy  # noqa: E402
from thinc.api import Adam, fix_random_seed  # noqa: E402
from train_attribution import SHARED, parsed, score_on_dev  # noqa: E402

from reportedly.evaluation import format_scores, load_brat_gold  # noqa: E402
from reportedly.nlp import DEFAULT_MODEL, load_parser  # noqa: E402
from reportedly.nlp.attribution_features import doc_features, paragraphs  # noqa: E402
from reportedly.nlp.attribution_neural import (  # noqa: E402
    DEFAULT_NEURAL_PATH,
    LABELS,
    N_TOKEN_FEATURES,
    build_model,
    encode,
    save,
)
from reportedly.nlp.attribution_rules import RuleFinder, find_quotes  # noqa: E402
from reportedly.nlp.attribution_tagger import gold_labels, rule_roles  # noqa: E402

Sequence = tuple[list[list[str]], np.ndarray, list[int]]


def sequences(nlp: spacy.language.Language, docs: list, golds: list[list[dict]]) -> list[Sequence]:
    """(token features, token vectors, gold label ids) per paragraph."""
    rules = RuleFinder()
    tok2vec = nlp.get_pipe("tok2vec")
    index = {label: i for i, label in enumerate(LABELS)}
    out: list[Sequence] = []
    for doc, gold in zip(tok2vec.pipe(docs, batch_size=32), golds, strict=True):
        quotes = find_quotes(doc.text)
        feats = doc_features(doc, rule_roles(doc, rules.candidates(doc, quotes)), quotes)
        labels = gold_labels(doc, gold)
        tensor = np.asarray(doc.tensor, dtype="float32")
        for para in paragraphs(doc):
            out.append(
                (
                    [feats[i][:N_TOKEN_FEATURES] for i in para],
                    tensor[para],
                    [index[labels[i]] for i in para],
                )
            )
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--train", type=Path, default=SHARED / "polnear" / "train")
    ap.add_argument("--dev", type=Path, default=None, help="score the component with the new model on this directory")
    ap.add_argument("--out", type=Path, default=DEFAULT_NEURAL_PATH)
    ap.add_argument("--cache", type=Path, default=None, help="directory for cached parses")
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--dim", type=int, default=48, help="feature embedding width")
    ap.add_argument("--hidden", type=int, default=96, help="LSTM width (both directions together)")
    ap.add_argument("--depth", type=int, default=1)
    ap.add_argument("--dropout", type=float, default=0.3)
    ap.add_argument("--minfreq", type=int, default=10, help="features seen fewer times get no embedding")
    ap.add_argument("--lr", type=float, default=0.002)
    ap.add_argument("--batch", type=int, default=32, help="paragraphs per update")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--cue-weight", type=float, default=3.0, help="loss weight of cue tokens (source: --source-weight)")
    ap.add_argument("--source-weight", type=float, default=1.5)
    ap.add_argument(
        "--parse",
        choices=("plain", "pipeline"),
        default="plain",
        help="train on the spaCy model's own parses (plain, the committed network) or on the "
        "pipeline's, with sentence starts at paragraph breaks (five seeds each, scored with the "
        "pipeline's parses on dev: relation F1 mean 0.701 plain, 0.697 pipeline)",
    )
    args = ap.parse_args(argv)

    if not args.train.is_dir():
        print(f"no training data at {args.train} (expected PolNeAR train in brat form)", file=sys.stderr)
        return 2
    random.seed(args.seed)
    fix_random_seed(args.seed)
    nlp = load_parser(DEFAULT_MODEL) if args.parse == "pipeline" else spacy.load(DEFAULT_MODEL)
    nlp.max_length = 25_000_000

    t0 = time.perf_counter()
    gold = load_brat_gold(args.train)
    names = sorted(gold)
    docs = parsed(nlp, names, [gold[n][0] for n in names], args.cache)
    train = sequences(nlp, docs, [gold[n][1] for n in names])
    print(f"{len(train)} paragraphs from {len(docs)} articles in {time.perf_counter() - t0:.0f}s", flush=True)

    counts = Counter(f for feats, _vecs, _labels in train for tok in feats for f in tok)
    vocab = {f: i for i, f in enumerate(sorted(f for f, c in counts.items() if c >= args.minfreq), start=1)}
    config = {
        "dim": args.dim,
        "vector_width": int(train[0][1].shape[1]),
        "hidden": args.hidden,
        "depth": args.depth,
        "dropout": args.dropout,
        "minfreq": args.minfreq,
        "epochs": args.epochs,
        "seed": args.seed,
        "cue_weight": args.cue_weight,
        "source_weight": args.source_weight,
    }
    print(f"{len(vocab)} features with an embedding; config {config}", flush=True)
    X = [(encode(feats, vocab), vecs) for feats, vecs, _labels in train]
    eye = np.eye(len(LABELS), dtype="float32")
    Y = [eye[labels] for _feats, _vecs, labels in train]
    # cue and source tokens are few beside content tokens; a heavier loss on them raised cue
    # recall on dev (relation F1 0.658 -> 0.664 with cue 3, source 1.5)
    role_weight = {"S": args.source_weight, "C": args.cue_weight}
    label_weight = np.array([role_weight.get(label[-1], 1.0) for label in LABELS], dtype="float32")
    W = [label_weight[labels][:, None] for _feats, _vecs, labels in train]
    model = build_model(config, len(vocab))
    model.initialize(X=X[:4], Y=Y[:4])
    optimizer = Adam(args.lr, use_averages=True)
    order = list(range(len(X)))
    for epoch in range(args.epochs):
        random.shuffle(order)
        t0 = time.perf_counter()
        loss = 0.0
        for b in range(0, len(order), args.batch):
            batch = order[b : b + args.batch]
            guesses, backprop = model.begin_update([X[i] for i in batch])
            grads = [(g - Y[i]) * W[i] for g, i in zip(guesses, batch, strict=True)]
            loss += sum(float((d**2).sum()) for d in grads)
            backprop(grads)
            model.finish_update(optimizer)
        print(f"epoch {epoch + 1}: loss {loss:.0f} ({time.perf_counter() - t0:.0f}s)", flush=True)
    # the running averages of the weights (Polyak averaging) are the model that is kept: on dev
    # they were steadier from epoch to epoch than the last weights
    with model.use_params(optimizer.averages):
        save(model, config, vocab, args.out)
    print(f"-> {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")

    if args.dev is not None:
        print(format_scores(score_on_dev(nlp, args.dev, args.cache, neural_path=args.out)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
