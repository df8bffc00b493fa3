"""Speaker resolution: quality on the seed given its gold attributions, cost on PolNeAR dev.

    python benchmarks/speakers.py [--articles N]

1. Seed, oracle attributions: the gold source/cue/content/channel spans of
   ../shared/gold/cairo-talks-impasse.gold.json are given to the speaker stage alone, and the
   result is scored by ../shared/tools/score_seed.py (speakers_right, israeli_official_one_actor).
   This isolates speaker resolution from attribution finding.
2. PolNeAR dev: the speaker stage's time next to parse + attribution on the same Docs, and what
   the actors look like (types, registry links, affiliations).
"""

from __future__ import annotations

import argparse
import collections
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from reportedly.models import Analysis, Article, Attribution, Span
from reportedly.nlp import load_pipeline
from reportedly.nlp.extensions import reset
from reportedly.nlp.speakers import SpeakerResolver

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"


def _span(text: str, d: dict | None) -> Span | None:
    if not d:
        return None
    if "spans" in d:
        s, e = d["spans"][0]
        return Span.of(text, s, e)
    return Span.of(text, d["start"], d["end"])


def seed_oracle() -> dict:
    gold_path = SHARED / "gold" / "cairo-talks-impasse.gold.json"
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    text = (SHARED / "seeds" / "cairo-talks-impasse.txt").read_text(encoding="utf-8")
    nlp = load_pipeline()
    doc = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if name != "reportedly":
            doc = proc(doc)
    reset(doc)
    records, implicit = [], {}
    for g in gold["attributions"]:
        content = _span(text, g["content"])
        assert content is not None
        rec = Attribution(id=g["id"], content=content, cue=_span(text, g.get("cue")),
                          source=_span(text, g.get("source")), channel=_span(text, g.get("channel")))
        if rec.source is None and rec.cue is not None:
            # what the attribution stage leaves for a participle: the verb its cue hangs on
            rec.implicit_source = True
            cue = doc.char_span(rec.cue.start, rec.cue.end, alignment_mode="expand")
            implicit[rec.id] = cue[0].head.i
        records.append(rec)
    doc._.attributions = records
    doc.user_data["reportedly_implicit_heads"] = implicit
    SpeakerResolver()(doc)
    analysis = Analysis(article=Article(id="seed", text=text), attributions=records, actors=doc._.actors)
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
        json.dump(analysis.to_dict(), fh)
    proc = subprocess.run([sys.executable, str(SHARED / "tools" / "score_seed.py"), str(gold_path), fh.name,
                           "--json"], capture_output=True, text=True, check=True)
    Path(fh.name).unlink()
    return json.loads(proc.stdout)


def polnear(n: int) -> None:
    files = sorted((SHARED / "polnear" / "dev" / "text").glob("*"))[:n]
    nlp = load_pipeline(stages=("attribution",))
    docs = []
    t0 = time.perf_counter()
    for f in files:
        text = f.read_text(encoding="utf-8")
        doc = nlp(text)
        doc.user_data["reportedly_article"] = Article(id=f.stem, text=text)
        docs.append(doc)
    base = time.perf_counter() - t0
    resolver = SpeakerResolver()
    t0 = time.perf_counter()
    for doc in docs:
        doc._.actors = []
        resolver(doc)
    spent = time.perf_counter() - t0
    types: collections.Counter[str] = collections.Counter()
    n_attr = n_actor = linked = with_aff = unresolved = 0
    for doc in docs:
        ids = {a.id for a in doc._.actors}
        for rec in doc._.attributions:
            n_attr += 1
            assert rec.speaker in ids
        for actor in doc._.actors:
            n_actor += 1
            types[actor.type] += 1
            linked += actor.registry_id is not None
            with_aff += actor.affiliation is not None
            unresolved += actor.name == "unidentified source"
    print(f"PolNeAR dev, {len(docs)} articles, {n_attr} attributions, {n_actor} actors")
    print(f"  parse+attribution {base:.2f} s   speakers {spent:.3f} s   = {100 * spent / base:.1f}% extra")
    print(f"  registry-linked {linked / n_actor:.3f}   with affiliation {with_aff / n_actor:.3f}   "
          f"unidentified sources {unresolved}")
    print("  types " + ", ".join(f"{k} {v}" for k, v in types.most_common()))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=84)
    args = ap.parse_args()
    if not SHARED.exists():
        print(f"needs ../shared ({SHARED.resolve()} not found)")
        return 0
    scores = seed_oracle()
    print("seed, gold attributions given: "
          f"speakers_right {scores['speakers_right']}, israeli_official_one_actor "
          f"{scores['israeli_official_one_actor']}, channels {scores['channels_found']}")
    polnear(args.articles)
    return 0


if __name__ == "__main__":
    sys.exit(main())
