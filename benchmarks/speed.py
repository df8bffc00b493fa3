#!/usr/bin/env python
"""Throughput of the whole reportedly pipeline beside the bare spaCy parse, in one process.

    python benchmarks/speed.py                 # PolNeAR dev texts from ../shared
    python benchmarks/speed.py DIR [--repeat 3] [--json] [--stages]

Four runs use ``nlp.pipe`` on one core over the same texts, after a warm-up: the bare spaCy
parse, the parse as reportedly runs it (``load_parser``: sentence starts at paragraph breaks and
the array attribute ruler, the same annotations faster), the attribution + speaker stages
(issue #3's "whole pipeline", which it asks to keep at >= 0.7 of the bare parse's articles/s)
and every stage (events, editorial voice, relations, framing too).  The best of ``--repeat`` rounds is reported for each, the runs alternating so machine
noise hits all of them.  Times are this process's CPU seconds (``--clock cpu``, the default),
which other jobs on a shared machine do not inflate; ``--clock wall`` measures elapsed time.
``--stages`` adds each reportedly stage's milliseconds per article (run stage by stage on fresh
parses), to show where the time beyond the parse goes.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"
sys.path.insert(0, str(ROOT / "src"))

import spacy  # noqa: E402

from reportedly.nlp import DEFAULT_MODEL, load_parser, load_pipeline  # noqa: E402


def texts_of(directory: Path) -> list[str]:
    files = sorted(directory.glob("*.txt")) or sorted((directory / "text").glob("*.txt"))
    return [f.read_text(encoding="utf-8") for f in files]


def timed(nlp: spacy.language.Language, texts: list[str], clock=time.process_time) -> float:
    t0 = clock()
    for _doc in nlp.pipe(texts, batch_size=8):
        pass
    return clock() - t0


def stage_costs(nlp: spacy.language.Language, texts: list[str], clock, repeat: int) -> dict[str, float]:
    """Each reportedly stage's time per article (best of ``repeat``), run on fresh parses in
    pipeline order: where the time beyond the parse goes."""
    component = nlp.get_pipe("reportedly")
    best = dict.fromkeys(component.stage_names, float("inf"))
    for _ in range(repeat):
        spent = dict.fromkeys(component.stage_names, 0.0)
        for doc in nlp.pipe(texts, batch_size=8, disable=["reportedly"]):
            for name, stage in zip(component.stage_names, component.stages, strict=True):
                t0 = clock()
                doc = stage(doc)
                spent[name] += clock() - t0
        best = {name: min(best[name], spent[name]) for name in best}
    return {name: round(1000 * t / len(texts), 2) for name, t in best.items()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("directory", nargs="?", type=Path, default=SHARED / "polnear" / "dev")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--clock", choices=("cpu", "wall"), default="cpu")
    ap.add_argument("--stages", action="store_true", help="also print each reportedly stage's ms per article")
    args = ap.parse_args(argv)
    texts = texts_of(args.directory)
    if not texts:
        print(f"no .txt files under {args.directory}", file=sys.stderr)
        return 2
    words = sum(len(t.split()) for t in texts)
    pipelines = {
        "parse": spacy.load(DEFAULT_MODEL),
        # the parse as reportedly runs it: sentence starts at paragraph breaks, and the attribute
        # ruler matched over token arrays (reportedly.nlp.attribute_ruler), same annotations
        "reportedly parse": load_parser(DEFAULT_MODEL),
        "attribution+speakers": load_pipeline(DEFAULT_MODEL, ("attribution", "speakers")),
        "all stages": load_pipeline(),
    }
    clock = time.process_time if args.clock == "cpu" else time.perf_counter
    for nlp in pipelines.values():
        timed(nlp, texts[:5], clock)
    best = dict.fromkeys(pipelines, float("inf"))
    for _ in range(args.repeat):
        for name, nlp in pipelines.items():
            best[name] = min(best[name], timed(nlp, texts, clock))
    result = {
        "articles": len(texts),
        "words": words,
        "clock": args.clock,
        **{f"{k}_articles_per_s": round(len(texts) / v, 2) for k, v in best.items()},
        **{f"{k}_words_per_s": round(words / v) for k, v in best.items()},
        "ratio": round(best["parse"] / best["attribution+speakers"], 3),
        # the stages' own cost, on the parse they run after
        "ratio_to_reportedly_parse": round(best["reportedly parse"] / best["attribution+speakers"], 3),
        "ratio_all_stages": round(best["parse"] / best["all stages"], 3),
    }
    if args.stages:
        result["stage_ms_per_article"] = stage_costs(pipelines["all stages"], texts, clock, args.repeat)
    if args.json:
        print(json.dumps(result))
    else:
        print(f"{len(texts)} articles, {words} words, single process, best of {args.repeat}, {args.clock} time")
        for k in pipelines:
            print(f"{k:22s} {result[f'{k}_articles_per_s']:8.2f} articles/s {result[f'{k}_words_per_s']:8d} words/s")
        print(f"attribution+speakers / parse: {result['ratio']:.3f}   all stages / parse: {result['ratio_all_stages']:.3f}")
        print(f"attribution+speakers / reportedly parse: {result['ratio_to_reportedly_parse']:.3f}")
        for stage, ms in result.get("stage_ms_per_article", {}).items():
            print(f"  {stage:20s} {ms:7.1f} ms per article")
    return 0


if __name__ == "__main__":
    sys.exit(main())
