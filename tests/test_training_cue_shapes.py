"""training/learn_cue_shapes.py counts how gold cues end against the preposition after their verb."""

from __future__ import annotations

import sys

from tests.conftest import ROOT, spacy_only

sys.path.insert(0, str(ROOT / "training"))

from learn_cue_shapes import count_shapes  # noqa: E402


def _gold(text: str, cue: str, content: str) -> dict:
    start, cstart = text.index(cue), text.index(content)
    return {"cue": [(start, start + len(cue))], "content": [(cstart, cstart + len(content))]}


def test_each_gold_cue_counts_under_its_pair_and_its_pair_with_the_object(nlp) -> None:
    texts = [
        ("The minister said in a statement that the talks had failed.", "said in a statement", "that the talks had failed"),
        ("The minister said in an interview that the talks had failed.", "said", "that the talks had failed"),
        ("The governor pointed to the new poll.", "pointed to", "the new poll"),
    ]
    docs = [spacy_only(nlp, text) for text, _, _ in texts]
    counts = count_shapes(docs, [[_gold(*row)] for row in texts])
    assert counts["say in statement"] == {"whole": 1}
    assert counts["say in interview"] == {"before": 1}
    assert counts["say in"] == {"whole": 1, "before": 1}
    assert counts["point to"] == {"at": 1}
