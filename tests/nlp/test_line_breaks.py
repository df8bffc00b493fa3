"""Sentence starts at paragraph breaks, set before spaCy's parser (reportedly_line_breaks)."""

from __future__ import annotations

import pytest

from reportedly.nlp import load_parser, load_pipeline


@pytest.fixture(scope="module")
def parser():
    return load_parser()


def starts(doc) -> list[str]:
    return [s.text.strip()[:12] for s in doc.sents if s.text.strip()]


def test_component_runs_before_the_parser(parser):
    names = parser.pipe_names
    assert names.index("reportedly_line_breaks") < names.index("parser")
    assert "reportedly_line_breaks" in load_pipeline().pipe_names


def test_headline_without_full_stop_is_its_own_sentence(parser):
    # the model alone reads "Talks Stall in Doha" and the first paragraph as one sentence
    doc = parser("Talks Stall in Doha\n\nNegotiators said on Tuesday that the talks had stalled.")
    assert starts(doc) == ["Talks Stall ", "Negotiators "]
    said = next(t for t in doc if t.text == "said")
    assert [c.text for c in said.children if c.dep_ == "nsubj"] == ["Negotiators"]


def test_single_line_break_inside_a_sentence_is_left_to_the_parser(parser):
    doc = parser("The minister said on Tuesday that the talks\nwould resume next week in Cairo.")
    assert len([s for s in doc.sents if s.text.strip()]) == 1


def test_single_line_break_after_a_colon_starts_a_sentence(parser):
    doc = parser("The talks ended in Cairo on Monday:\nnegotiators left the hall without a statement.")
    assert starts(doc) == ["The talks en", "negotiators "]


def test_participle_in_the_lede_takes_the_body_s_subject_not_the_headline():
    nlp = load_pipeline()
    doc = nlp("Governor Vetoes Transit Bill, Setting Up Clash With Legislature\n\nALBANY — Gov. Helen Marsh "
              "vetoed a transit package on Friday, calling it \"a blank check for a system that has not earned "
              "one.\"\n")
    calling = next(a for a in doc._.attributions if a.cue is not None and a.cue.text == "calling")
    speaker = next(a for a in doc._.actors if a.id == calling.speaker)
    assert speaker.name == "Helen Marsh"


def test_a_wire_dateline_is_cut_off_the_first_sentence(parser):
    # the model alone makes "Reuters" a second subject of "extended"
    doc = parser("Port Workers Extend Strike\n\nROTTERDAM (Reuters) — Dock workers at the port extended their strike "
                 "into a second week on Thursday, union leaders said.")
    extended = next(t for t in doc if t.text == "extended")
    assert [c.text for c in extended.children if c.dep_ == "nsubj"] == ["workers"]
    assert next(t for t in doc if t.text == "Dock").is_sent_start


def test_capitals_and_a_dash_that_are_no_dateline(parser):
    doc = parser("NATO - the alliance of thirty-two states - said no.")
    assert len(list(doc.sents)) == 1
