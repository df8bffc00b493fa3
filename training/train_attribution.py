#!/usr/bin/env python
"""Rebuild the attribution tagger (src/reportedly/nlp/models/attribution.crfsuite) from PolNeAR train.

    python training/train_attribution.py                      # ../shared/polnear/train -> the model
    python training/train_attribution.py --dev ../shared/polnear/dev --cache /tmp/parses  # and score it on dev

Each article is parsed with the pinned spaCy model, the rule pass proposes candidates, and every
paragraph becomes one CRF sequence of token features (reportedly.nlp.attribution_features) with
gold BIO labels (source S, cue C, content T) from the first annotator's brat file.  Parses can be
cached (``--cache DIR``) to make re-training quick; the cache is never part of the repository.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import pycrfsuite  # noqa: E402
import spacy  # noqa: E402
from spacy.tokens import Doc, DocBin  # noqa: E402

from reportedly.evaluation import format_scores, load_brat_gold, score_articles  # noqa: E402
from reportedly.nlp import DEFAULT_MODEL, load_parser  # noqa: E402
from reportedly.nlp.attribution_features import (  # noqa: E402
    LEARNT_CUES_PATH,
    crf_sequence,
    doc_features,
    learnt_cues,
    paragraphs,
)
from reportedly.nlp.attribution_rules import RuleFinder, find_quotes  # noqa: E402
from reportedly.nlp.attribution_tagger import DEFAULT_MODEL_PATH, gold_labels, rule_roles  # noqa: E402
from reportedly.nlp.line_breaks import PARSE_VERSION  # noqa: E402

SHARED = ROOT / ".." / "shared"


def parsed(nlp: spacy.language.Language, names: list[str], texts: list[str], cache: Path | None) -> list[Doc]:
    """Parses of the texts, from the cache when it holds exactly these articles."""
    if cache is not None:
        # the pipeline's components (and the line-break component's version) are part of the
        # key: a parse made with other sentence starts is not reused
        parts = [*names, *nlp.pipe_names, f"line-breaks {PARSE_VERSION}"]
        key = hashlib.sha1("\n".join(parts).encode()).hexdigest()[:12]
        path = cache / f"{len(names)}-{key}.spacy"
        if path.exists():
            return list(DocBin().from_disk(path).get_docs(nlp.vocab))
    docs = list(nlp.pipe(texts, batch_size=16))
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
        DocBin(store_user_data=False, docs=docs).to_disk(path)
    return docs


def sequences(doc: Doc, rules: RuleFinder, gold: list[dict] | None):
    quotes = find_quotes(doc.text)
    feats = doc_features(doc, rule_roles(doc, rules.candidates(doc, quotes)), quotes)
    labels = gold_labels(doc, gold) if gold is not None else None
    for para in paragraphs(doc):
        yield crf_sequence(feats, para), ([labels[i] for i in para] if labels else None)


def write_learnt_cues(docs: list[Doc], golds: list[list[dict]], path: Path, min_count: int, min_ratio: float) -> None:
    """Words that head a gold cue at least ``min_count`` times and in ``min_ratio`` of their uses."""
    as_cue: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for doc, attrs in zip(docs, golds, strict=True):
        for tok in doc:
            if tok.pos_ in ("VERB", "NOUN", "ADJ", "AUX"):
                seen[f"{tok.lemma_.lower()}|{tok.pos_}"] += 1
        for attr in attrs:
            for start, end in attr.get("cue", []):
                span = doc.char_span(start, end, alignment_mode="expand")
                if span is not None and span.root.pos_ in ("VERB", "NOUN", "ADJ", "AUX"):
                    as_cue[f"{span.root.lemma_.lower()}|{span.root.pos_}"] += 1
    keep = sorted(k for k, n in as_cue.items() if n >= min_count and n / seen[k] >= min_ratio)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"min_count": min_count, "min_ratio": min_ratio, "cues": keep}, indent=0) + "\n")
    print(f"learnt {len(keep)} cue words -> {path}")


def score_on_dev(nlp: spacy.language.Language, dev_dir: Path, cache: Path | None, **finder_args: Path) -> dict:
    """Scores of exactly what the component does with the given model files (rules, CRF and
    network, decoder) on a brat directory; ``finder_args`` go to ``AttributionFinder``."""
    from reportedly.nlp.attribution import AttributionFinder
    from reportedly.nlp.extensions import register_extensions

    register_extensions()
    finder = AttributionFinder(nlp, **finder_args)
    dev = load_brat_gold(dev_dir)
    names = sorted(dev)
    docs = parsed(nlp, names, [dev[n][0] for n in names], cache)
    pred = {}
    # cached parses carry no token vectors: tok2vec puts them back for the network
    for name, doc in zip(names, nlp.get_pipe("tok2vec").pipe(docs), strict=True):
        doc = finder(doc)
        parts = doc.user_data.get("reportedly_content_parts", {})
        pred[name] = [
            {
                "source": [(a.source.start, a.source.end)] if a.source else [],
                "cue": [(a.cue.start, a.cue.end)] if a.cue else [],
                "content": parts.get(a.id) or [(a.content.start, a.content.end)],
            }
            for a in doc._.attributions
            if not a.nested_in
        ]
    return score_articles(dev, pred)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--train", type=Path, default=SHARED / "polnear" / "train")
    ap.add_argument("--dev", type=Path, default=None, help="score the new model on this directory")
    ap.add_argument("--out", type=Path, default=DEFAULT_MODEL_PATH)
    ap.add_argument("--cache", type=Path, default=None, help="directory for cached parses")
    ap.add_argument("--c1", type=float, default=0.5, help="L1 penalty (higher: smaller model; 0.2-0.5 score alike on dev, see docs)")
    ap.add_argument("--c2", type=float, default=0.05, help="L2 penalty")
    ap.add_argument("--iterations", type=int, default=200)
    ap.add_argument("--minfreq", type=float, default=3, help="drop features seen fewer times")
    ap.add_argument("--cues-out", type=Path, default=LEARNT_CUES_PATH)
    ap.add_argument("--cue-min", type=int, default=3)
    ap.add_argument("--cue-ratio", type=float, default=0.2)
    ap.add_argument("--score-only", action="store_true", help="skip training; score --out on --dev")
    ap.add_argument("--limit", type=int, default=None, help="use only this many training articles")
    args = ap.parse_args(argv)

    if not args.train.is_dir():
        print(f"no training data at {args.train} (expected PolNeAR train in brat form)", file=sys.stderr)
        return 2
    random.seed(0)
    nlp = load_parser(DEFAULT_MODEL)  # max_length raised for long articles
    rules = RuleFinder()

    if args.score_only:
        args.limit = 0
    t0 = time.perf_counter()
    gold = load_brat_gold(args.train)
    names = sorted(gold)[: args.limit] if args.limit is not None else sorted(gold)
    docs = parsed(nlp, names, [gold[n][0] for n in names], args.cache)
    print(f"parsed {len(docs)} training articles in {time.perf_counter() - t0:.0f}s", flush=True)

    if not args.score_only:
        write_learnt_cues(docs, [gold[n][1] for n in names], args.cues_out, args.cue_min, args.cue_ratio)
        learnt_cues.cache_clear()

        trainer = pycrfsuite.Trainer(verbose=False)
        n_seq = 0
        for name, doc in zip(names, docs, strict=True):
            for xseq, yseq in sequences(doc, rules, gold[name][1]):
                trainer.append(xseq, yseq)
                n_seq += 1
        trainer.set_params(
            {
                "c1": args.c1,
                "c2": args.c2,
                "max_iterations": args.iterations,
                "feature.minfreq": args.minfreq,
                "feature.possible_transitions": True,
            }
        )
        t0 = time.perf_counter()
        args.out.parent.mkdir(parents=True, exist_ok=True)
        trainer.train(str(args.out))
        size = args.out.stat().st_size
        print(f"trained on {n_seq} paragraphs in {time.perf_counter() - t0:.0f}s -> {args.out} ({size / 1e6:.1f} MB)")

    if args.dev is not None:
        print(format_scores(score_on_dev(nlp, args.dev, args.cache, model_path=args.out)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
