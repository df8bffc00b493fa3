"""The array attribute ruler gives exactly spaCy's annotations (on real pipelines)."""

from __future__ import annotations

import numpy as np
import pytest
import spacy
from spacy.attrs import LEMMA, MORPH, POS, TAG
from spacy.pipeline import AttributeRuler

from reportedly.nlp import DEFAULT_MODEL, load_parser
from reportedly.nlp.attribute_ruler import ArrayAttributeRuler
from tests.conftest import shared_path

# sentences that reach the model's rarer patterns: regular expressions ("y'all", "ain't",
# "nothin'"), two-token rules ("There are"), dependency-conditioned pronouns and auxiliaries
SENTENCES = [
    "Y'all ain't seen nothin' yet, the mayor told the crowd.",
    "There are two ways out. There was one.",
    "I told you it was there, and you did not believe me; they gave it to him.",
    "She does what she did before: she has a plan and she'd stick to it.",
    "The spokesman, who declined to comment, said the talks were over.\n\nBut that was that.",
    "",
    "   ",
]


@pytest.fixture(scope="module")
def parsers():
    return load_parser(), spacy.load(DEFAULT_MODEL)


def _annotations(doc) -> np.ndarray:
    return doc.to_array([TAG, POS, MORPH, LEMMA])


def _parse_without_line_breaks(nlp, text: str):
    # the reference pipeline has no reportedly_line_breaks: compare like with like
    with nlp.select_pipes(disable=["reportedly_line_breaks"]):
        return nlp(text)


def test_load_parser_uses_the_array_ruler_with_the_model_patterns(parsers) -> None:
    ours, theirs = parsers
    ruler = ours.get_pipe("attribute_ruler")
    assert isinstance(ruler, ArrayAttributeRuler)
    assert ruler.patterns == theirs.get_pipe("attribute_ruler").patterns
    assert ruler._patterns() is not None  # every model pattern is in the array subset: no fallback


@pytest.mark.parametrize("text", SENTENCES)
def test_same_annotations_as_spacy(parsers, text: str) -> None:
    ours, theirs = parsers
    assert np.array_equal(_annotations(_parse_without_line_breaks(ours, text)), _annotations(theirs(text)))


def test_same_matches_on_polnear_dev(parsers) -> None:
    # both rulers' matches on the same parses, over real articles
    ours, theirs = parsers
    texts = sorted(shared_path("polnear", "dev", "text").glob("*.txt"))[:20]
    ruler, reference = ours.get_pipe("attribute_ruler"), theirs.get_pipe("attribute_ruler")
    for path in texts:
        doc = theirs(path.read_text(encoding="utf-8"))
        assert ruler.match(doc) == reference.match(doc), path.name


def test_a_pattern_outside_the_array_subset_falls_back_to_the_matcher(parsers) -> None:
    ours, _ = parsers
    ruler = ArrayAttributeRuler(ours.vocab, "attribute_ruler")
    ruler.add([[{"LOWER": "very", "OP": "+"}, {"TAG": "JJ"}]], {"LEMMA": "VERY-ADJ"}, index=-1)
    assert ruler._patterns() is None
    doc = ours.make_doc("It was very very good.")
    doc = ours.get_pipe("tagger")(ours.get_pipe("tok2vec")(doc))
    ruler(doc)
    assert doc[4].lemma_ == "VERY-ADJ"


def test_patterns_added_later_are_matched(parsers) -> None:
    ours, _ = parsers
    ruler = ArrayAttributeRuler(ours.vocab, "attribute_ruler")
    ruler.add([[{"LOWER": "ceasefire"}]], {"LEMMA": "CEASEFIRE"})
    doc = ours.make_doc("The ceasefire held.")
    ruler(doc)
    assert doc[1].lemma_ == "CEASEFIRE"
    ruler.add([[{"LOWER": "held"}]], {"LEMMA": "HOLD!"})
    ruler(doc)
    assert doc[2].lemma_ == "HOLD!"
    ruler.clear()
    ruler.add([[{"LOWER": "the"}]], {"LEMMA": "THE"})
    doc = ours.make_doc("The ceasefire held.")
    ruler(doc)
    assert [t.lemma_ for t in doc] == ["THE", "", "", ""]


def test_serializes_like_spacy_s_ruler(parsers) -> None:
    ours, _ = parsers
    ruler = ours.get_pipe("attribute_ruler")
    copy = ArrayAttributeRuler(ours.vocab, "attribute_ruler").from_bytes(ruler.to_bytes())
    assert copy.patterns == ruler.patterns
    assert type(ruler).__mro__[1] is AttributeRuler
