"""The decoder that turns tag sequences into attributions, fed hand-made tags on real parses.

The sentences are written for these tests (fictional).  Tags are given as role -> words, so each
test states exactly what the taggers are supposed to have said and checks what the decoder
makes of it.
"""

from __future__ import annotations

from reportedly.nlp.attribution import _has_someone
from reportedly.nlp.attribution_decoder import decode, is_raising_verb
from reportedly.nlp.attribution_rules import Candidate, find_quotes
from tests.conftest import spacy_only as _parsed


def _labels(doc, **roles: str) -> list[str]:
    """BIO labels with each role (S, C, T) on the first occurrence of its words."""
    labels = ["O"] * len(doc)
    for role, words in roles.items():
        start = doc.text.index(words)
        span = doc.char_span(start, start + len(words))
        assert span is not None, words
        for n, tok in enumerate(span):
            labels[tok.i] = ("B-" if n == 0 else "I-") + role
    return labels


def _decoded(nlp, text: str, **roles: str) -> list[Candidate]:
    doc = _parsed(nlp, text)
    return decode(doc, _labels(doc, **roles), find_quotes(text))


def _text(text: str, span: tuple[int, int] | None) -> str | None:
    return None if span is None else text[span[0] : span[1]]


def test_a_content_cut_mid_phrase_runs_to_the_phrase_end(nlp) -> None:
    text = "The mayor complained about the new budget of the city council at a meeting on Monday."
    (cand,) = _decoded(nlp, text, S="The mayor", C="complained about", T="the new budget of the")
    assert _text(text, cand.content) == "the new budget of the city council"


def test_a_content_does_not_end_in_a_conjunction(nlp) -> None:
    text = "The minister said the talks would resume next week, and the delegates went home."
    (cand,) = _decoded(nlp, text, S="The minister", C="said", T="the talks would resume next week, and")
    assert _text(text, cand.content) == "the talks would resume next week"


def test_a_cue_drops_a_circumstance_it_cuts_in_half(nlp) -> None:
    text = "The governor said at a Riverside rally that the bridge would reopen in May."
    (cand,) = _decoded(
        nlp, text, S="The governor", C="said at a Riverside", T="that the bridge would reopen in May."
    )
    assert _text(text, cand.cue) == "said"


def test_a_cue_keeps_a_phrase_that_holds_the_content(nlp) -> None:
    text = "The farmers believe in the new irrigation plan."
    (cand,) = _decoded(nlp, text, S="The farmers", C="believe in", T="the new irrigation plan")
    assert _text(text, cand.cue) == "believe in"


def test_a_cue_tagged_over_its_channel_ends_before_it(nlp) -> None:
    text = "A port official confirmed to the Harbor Gazette that the cranes had stopped."
    (cand,) = _decoded(
        nlp, text, S="A port official", C="confirmed to the Harbor Gazette", T="that the cranes had stopped."
    )
    assert _text(text, cand.cue) == "confirmed"
    assert _text(text, cand.channel) == "the Harbor Gazette"


def test_a_source_cut_to_its_determiner_runs_to_its_noun(nlp) -> None:
    text = "A Harbor Institute survey shows that most residents back the plan."
    (cand,) = _decoded(nlp, text, S="A", C="shows", T="that most residents back the plan.")
    assert _text(text, cand.source) == "A Harbor Institute survey"


def test_what_seems_so_is_the_content_and_nobody_is_the_source(nlp) -> None:
    text = "The harbor workers seem determined to stay out until spring."
    (cand,) = _decoded(nlp, text, S="The harbor workers", C="seem", T="determined to stay out until spring.")
    assert cand.source is None and not cand.implicit_source
    assert [text[s:e] for s, e in cand.parts or [cand.content]] == [
        "The harbor workers",
        "determined to stay out until spring.",
    ]
    doc = _parsed(nlp, text)
    assert _has_someone(doc, cand), "the writer's report of an appearance is kept"


def test_what_is_expected_is_the_content_and_nobody_is_the_source(nlp) -> None:
    text = "The new ferry is expected to enter service in March."
    (cand,) = _decoded(nlp, text, S="The new ferry", C="is expected", T="to enter service in March.")
    assert cand.source is None
    assert [text[s:e] for s, e in cand.parts or [cand.content]] == ["The new ferry", "to enter service in March."]


def test_appear_without_a_complement_is_not_a_raising_verb(nlp) -> None:
    text = "The minister will appear on television tonight, her office said."
    doc = _parsed(nlp, text)
    appear = next(t for t in doc if t.lower_ == "appear")
    assert not is_raising_verb(appear)


def test_a_cue_ending_on_its_preposition_keeps_it(nlp) -> None:
    text = "The figures were revised, according to the statistics office."
    (cand,) = _decoded(nlp, text, S="the statistics office", C="according to", T="The figures were revised")
    assert _text(text, cand.cue) == "according to"


def test_a_conjoined_verb_takes_the_subject_it_shares(nlp) -> None:
    text = "The senator will be unable to calm the crowd and accuse the board of hiding the report."
    (cand,) = _decoded(nlp, text, C="accuse", T="the board of hiding the report")
    assert _text(text, cand.source) == "The senator"


def test_a_report_needs_someone_who_reports(nlp) -> None:
    doc = _parsed(nlp, "Documented cases of fraud are rare. The mayor was accused of fraud.")
    documented = next(t for t in doc if t.text == "Documented")
    accused = next(t for t in doc if t.text == "accused")
    def cand(source: tuple[int, int] | None, head: int) -> Candidate:
        return Candidate(cue=(0, 1), content=(2, 3), source=source, stance="neutral", cue_type="verb", head_token=head)

    nobody = cand(None, documented.i)
    passive = cand(None, accused.i)
    named = cand((36, 45), accused.i)
    assert not _has_someone(doc, nobody)
    assert _has_someone(doc, passive)
    assert _has_someone(doc, named)


def test_typewriter_quotation_marks_pair_up() -> None:
    text = "''We will rebuild,'' the mayor said. ``It takes time,'' she added, and \"soon\" too."
    assert [text[s:e] for s, e in find_quotes(text)] == [
        "''We will rebuild,''",
        "``It takes time,''",
        '"soon"',
    ]


def test_a_non_breaking_space_does_not_end_a_sentence(nlp) -> None:
    # spaCy makes the non-breaking space a token of its own, which no paragraph holds
    text = "Bridge to reopen.\n\nThe mayor said that the\xa0new bridge, which\xa0cost $40 million, would reopen in May."
    doc = _parsed(nlp, text)
    labels = _labels(doc, S="The mayor", C="said")
    first = next(t.i for t in doc if t.text == "that")
    for i in range(first, len(doc) - 1):
        if not doc[i].is_space:
            labels[i] = "B-T" if i == first or doc[i - 1].is_space else "I-T"
    (cand,) = decode(doc, labels, find_quotes(text))
    assert _text(text, cand.source) == "The mayor"
    assert _text(text, cand.content) == "that the\xa0new bridge, which\xa0cost $40 million, would reopen in May"


def test_a_nominal_cue_s_content_ends_with_the_clause_of_the_noun(nlp) -> None:
    text = "The mayor's promise that the bridge would reopen in May pushed the council to approve the budget."
    (cand,) = _decoded(
        nlp, text, S="The mayor's", C="promise", T="that the bridge would reopen in May pushed the council to approve"
    )
    assert _text(text, cand.cue) == "promise"
    assert _text(text, cand.content) == "that the bridge would reopen in May"


def test_a_source_cut_before_the_noun_of_its_last_modifier_runs_on_to_it(nlp) -> None:
    text = "Marek, who has led protests since a disputed election last year, denied all the charges."
    (cand,) = _decoded(nlp, text, S="Marek, who has led protests since a disputed election last",
                       C="denied", T="all the charges")
    assert _text(text, cand.source) == "Marek, who has led protests since a disputed election last year"


def test_a_source_never_joins_a_cue_of_another_sentence(nlp) -> None:
    # the taggers saw "the Front's chief, Yusuf Darwan" as a source but not "had told" as a cue;
    # the source went to "to discuss" in the sentence before
    text = ("A diplomat, who requested anonymity to discuss confidential matters, described the gap as wide. "
            "The diplomat said the Front's chief, Yusuf Darwan, had told mediators he was ready.")
    cands = _decoded(nlp, text, S="the Front's chief, Yusuf Darwan", C="to discuss", T="confidential matters")
    assert all(_text(text, c.source) != "the Front's chief, Yusuf Darwan" for c in cands)


def test_a_source_without_its_cue_opens_the_content_it_is_the_subject_of(nlp) -> None:
    # the taggers saw "the Front's chief, Yusuf Darwan" as a source but not "had told" as a cue
    text = "The diplomat said the Front's chief, Yusuf Darwan, had told mediators he was ready."
    doc = _parsed(nlp, text)
    labels = _labels(doc, S="the Front's chief, Yusuf Darwan", C="said", T="had told mediators he was ready")
    labels[0], labels[1] = "B-S", "I-S"  # "The diplomat": the source of "said"
    (cand,) = decode(doc, labels, find_quotes(text))
    assert _text(text, cand.source) == "The diplomat"
    assert _text(text, cand.content) == "the Front's chief, Yusuf Darwan, had told mediators he was ready"


def test_a_non_breaking_space_does_not_cut_a_span(nlp) -> None:
    # the paragraph's tokens leave white space out; "the\xa0Republican" is one content, not two
    text = "The senator says the\xa0Republican movement is sweeping the country."
    doc = _parsed(nlp, text)
    labels = ["O"] * len(doc)
    words = [t for t in doc if not t.is_space]
    labels[words[0].i], labels[words[1].i] = "B-S", "I-S"
    labels[words[2].i] = "B-C"
    for n, tok in enumerate(words[3:-1]):
        labels[tok.i] = "B-T" if n == 0 else "I-T"
    (cand,) = decode(doc, labels, find_quotes(text))
    assert cand.parts is None
    assert _text(text, cand.content) == "the\xa0Republican movement is sweeping the country"


def test_a_verb_cue_ends_where_polnear_mostly_ends_it_against_its_preposition(nlp) -> None:
    # learnt from PolNeAR train (models/attribution_cue_shapes.json): "pointed to" ends at the
    # preposition, "said" ends before a time
    text = "The governor pointed to the new poll as proof that voters backed the plan."
    (cand,) = _decoded(nlp, text, S="The governor", C="pointed to the new poll", T="as proof that voters backed the plan")
    assert text[cand.cue[0] : cand.cue[1]] == "pointed to"
    text = "The minister said on Monday that the talks would resume."
    (cand,) = _decoded(nlp, text, S="The minister", C="said on Monday", T="that the talks would resume")
    assert text[cand.cue[0] : cand.cue[1]] == "said"


def test_a_cue_never_grows_into_its_content(nlp) -> None:
    # "agreed with" is how PolNeAR mostly ends the cue, but here the taggers gave "with the
    # mayor's plan" to the content
    text = "The senator agreed with the mayor's plan to close the bridge."
    (cand,) = _decoded(nlp, text, S="The senator", C="agreed", T="with the mayor's plan to close the bridge")
    assert text[cand.cue[0] : cand.cue[1]] == "agreed"


def test_a_content_ends_before_an_appositive_that_is_another_report(nlp) -> None:
    text = "Brandt said Pryce had called her on Thursday night, a claim the ministry did not dispute."
    doc = _parsed(nlp, text)
    labels = _labels(doc, S="Brandt", C="said", T="Pryce had called her on Thursday night, a claim the ministry")
    second = doc.char_span(text.index("did not dispute"), text.index("did not dispute") + len("did not dispute"))
    for n, tok in enumerate(second):
        labels[tok.i] = "B-C" if n == 0 else "I-C"  # the report the appositive holds
    said = [c for c in decode(doc, labels, find_quotes(text)) if text[c.cue[0] : c.cue[1]] == "said"]
    assert [text[c.content[0] : c.content[1]] for c in said] == ["Pryce had called her on Thursday night"]


def test_an_appositive_without_a_report_stays_in_the_content(nlp) -> None:
    text = "Brandt said Pryce had called her on Thursday night, a call that lasted an hour."
    (cand,) = _decoded(nlp, text, S="Brandt", C="said",
                       T="Pryce had called her on Thursday night, a call that lasted an hour")
    assert text[cand.content[0] : cand.content[1]] == "Pryce had called her on Thursday night, a call that lasted an hour"
