"""The editorial stage: the writer's own voice, precisely (fictional news sentences)."""

from __future__ import annotations

import pytest

from reportedly.nlp.loaded import find_loaded_terms, inflections


@pytest.fixture(scope="module")
def editorial(nlp):
    def run(text: str):
        return list(nlp(text)._.editorial)

    return run


def _one(items, category):
    found = [e for e in items if e.category == category]
    assert len(found) == 1, [(e.category, e.span.text) for e in items]
    return found[0]


def test_participial_aside_is_editorial(editorial):
    text = (
        "Glossing over the fact that the militia shelled the market for weeks, the commander said "
        "the offensive was purely defensive."
    )
    ed = _one(editorial(text), "aside")
    assert ed.span.text.startswith("Glossing over the fact that the militia shelled the market")
    assert ed.span.text == text[ed.span.start : ed.span.end]
    assert "leaves out" in ed.reason


def test_contested_relative_clause_about_a_party(editorial):
    text = "The Northern Front, which violated the truce twice last month, now wants monitors at the border."
    ed = _one(editorial(text), "relative_clause")
    assert ed.span.text == "which violated the truce twice last month"
    assert "violated" in ed.reason


def test_relative_clause_about_speaker_names_the_speaker(nlp):
    doc = nlp("The Northern Front, which violated the truce twice last month, said it wanted monitors.")
    eds = [e for e in doc._.editorial if e.category == "relative_clause"]
    assert eds and eds[0].about is not None
    assert eds[0].about in {a.speaker for a in doc._.attributions}


@pytest.mark.parametrize(
    "text",
    [
        "The talks began on Sunday in the capital.",
        "The Northern Front, which controls the eastern province, opened talks on Monday.",
        "The mayor, who was attacked last week, spoke at the rally on Friday.",
        "The Northern Front, which launched its campaign in June, held a rally.",
        "Groups that violated the truce will face sanctions, the council decided.",
        "The island state, which launched a weather rocket last year, opened a new spaceport.",
        "Ignoring a group of voters is no way to win their support.",
        "The mayor stayed in office, ignoring calls to resign.",
        "The Red Brigade, whose leader lives in exile, said it wanted talks.",
    ],
)
def test_plain_facts_and_restrictive_clauses_are_not_editorial(editorial, text):
    assert editorial(text) == []


def test_loaded_word_alone_does_not_make_a_relative_clause_editorial(editorial):
    items = editorial("The monitoring group, which tracks extremist forums, published its report.")
    assert [e.category for e in items] == ["delegitimizing"]


@pytest.mark.parametrize(
    ("text", "category", "span"),
    [
        (
            "The envoy praised the group's restraint, ignoring the fact that its fighters had shelled the port.",
            "aside",
            "ignoring the fact that its fighters had shelled the port",
        ),
        (
            "The Red Brigade, whose fighters massacred dozens of villagers in March, said it wanted talks.",
            "relative_clause",
            "whose fighters massacred dozens of villagers in March",
        ),
        (
            "The ministry, which has stonewalled inquiries for months, declined to comment.",
            "relative_clause",
            "which has stonewalled inquiries for months",
        ),
        ("The council, predictably, rejected the proposal.", "evaluative_adverb", "predictably"),
    ],
)
def test_variants(editorial, text, category, span):
    assert [(e.category, e.span.text) for e in editorial(text)] == [(category, span)]


def test_nothing_inside_direct_quotes(editorial):
    text = (
        'The minister said: "The rebels, who massacred villagers, cannot be trusted. '
        'Ignoring the fact that they broke the truce would be naive."'
    )
    assert editorial(text) == []


def test_insertion_inside_indirect_content(editorial):
    text = (
        "The governor claimed that the protesters, who went on a rampage through the old town, "
        "had been peaceful."
    )
    ed = _one(editorial(text), "insertion")
    assert ed.span.text == "who went on a rampage through the old town"
    assert "rampage" in ed.reason


def test_loaded_term_in_writers_voice_but_not_in_reported_content(editorial):
    own = editorial("The regime deployed tanks in the capital on Tuesday.")
    assert [(e.category, e.span.text) for e in own] == [("delegitimizing", "regime")]
    reported = editorial("Opposition leaders said the regime had deployed tanks in the capital.")
    assert reported == []


def test_loaded_term_inside_a_span_is_folded_into_it(editorial):
    text = (
        "Ignoring the fact that the army slaughtered dozens of farmers, the general told reporters "
        "that order had been restored."
    )
    items = editorial(text)
    assert [e.category for e in items] == ["aside"]
    assert "slaughtered" in items[0].reason


def test_evaluative_sentence_adverb(editorial):
    ed = _one(editorial("Predictably, the council postponed the vote again."), "evaluative_adverb")
    assert ed.span.text == "Predictably"
    assert editorial("The council postponed the vote predictably late.") == []


def test_loaded_matcher_inflections_and_word_boundaries():
    assert {"massacring", "massacred", "massacres"} <= inflections("massacre")
    assert {"slammed", "slamming"} <= inflections("slam")
    hits = find_loaded_terms("Thugs slammed the regimen; a so-called expert lashed out at the mob.")
    assert [(h.text, h.category) for h in hits] == [
        ("Thugs", "delegitimizing"),
        ("slammed", "emotive_speech"),
        ("so-called", "presupposing"),
        ("lashed out", "emotive_speech"),
        ("mob", "delegitimizing"),
    ]


def test_labels_on_acts_are_not_counted_as_labels_on_parties():
    hits = find_loaded_terms("After the terrorist attack, officials said the terrorists had fled.")
    assert [h.text for h in hits] == ["terrorists"]


def test_single_quoted_headline_words_are_not_the_writers(editorial):
    assert editorial("Governor Refuses To Say ‘Regime’ About Neighbor.") == []
    assert [e.span.text for e in editorial("Governor criticizes the regime.")] == ["regime"]


def test_seed_editorial_core_spans(nlp, seed_text):
    doc = nlp(seed_text)
    spans = [e.span for e in doc._.editorial]
    assert len(spans) <= 6
    for needle in ("Ignoring the fact that", "which breached the terms"):
        assert any(needle in s.text for s in spans), needle
    for ed in doc._.editorial:
        assert ed.reason and ed.category


NEUTRAL = """The government of Norland said on Tuesday it had suspended talks with the Eastern Alliance, which controls much of the northern border region, after a drone strike killed four soldiers.
Interior Minister Sara Lind, who took office in March, told reporters that the strike was "a deliberate provocation." The Alliance denied any role in the attack and accused the government of staging it.
The talks, which began in January under United Nations mediation, had been expected to produce a ceasefire by the end of the month. Diplomats said the negotiations had made progress on prisoner exchanges.
Lind, whose party won 40 percent of the vote last year, has faced criticism from opposition lawmakers who say she has mishandled the crisis.
Fighting has displaced more than 200,000 people since 2022, according to the U.N. refugee agency."""

SLANTED = """The regime in Norland said on Tuesday it had suspended talks with the Eastern Alliance, which has repeatedly violated every truce it signed, after a drone strike killed four soldiers.
Conveniently ignoring its own shelling of border villages, Interior Minister Sara Lind told reporters that the Alliance was "a gang of killers."
Predictably, the Alliance denied any role in the attack. Its spokesman said that the government, which has bombed hospitals in the north, was responsible for the collapse of the talks.
Lind said the Alliance was to blame for the collapse of the negotiations.
Diplomats said the negotiations had not collapsed and that progress was still possible."""


def test_same_story_neutral_and_slanted(editorial):
    assert editorial(NEUTRAL) == []
    items = editorial(SLANTED)
    assert {e.category for e in items} == {"delegitimizing", "insertion", "aside", "evaluative_adverb"}
    assert any(e.span.text == "which has bombed hospitals in the north" for e in items)
    assert not any("gang" in e.span.text for e in items)  # inside a direct quote


def test_the_writer_s_verdict_on_a_claim(nlp):
    doc = nlp(
        "Mr. Coburn has claimed, without evidence, that the bill would let millions stay. "
        "The governor falsely said that turnout had doubled."
    )
    verdicts = [e for e in doc._.editorial if e.category == "verdict"]
    assert [e.span.text for e in verdicts] == ["without evidence", "falsely"]
    speakers = {a.id: a for a in doc._.actors}
    assert speakers[verdicts[0].about].name.endswith("Coburn")


def test_a_verdict_inside_a_quotation_is_the_source_s(editorial):
    items = editorial('"He falsely claimed that the plant was safe," the engineer said.')
    assert not [e for e in items if e.category == "verdict"]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("A court jailed the opposition leader on charges widely seen as politically motivated.",
         "widely seen as politically motivated"),
        ("It is widely believed that the talks will fail.", "widely believed that the talks will fail"),
        ("The deal is generally expected to be signed on Friday.", "generally expected to be signed on Friday"),
    ],
)
def test_a_view_credited_to_no_one_is_a_vague_attribution(editorial, text, span):
    assert [(e.category, e.span.text) for e in editorial(text)] == [("vague_attribution", span)]


@pytest.mark.parametrize(
    "text",
    [
        "The plan, widely criticized by economists, passed.",  # an agent: someone is named
        "He said the charges were widely seen as politically motivated.",  # the source's view
        'The minister said the charges were "widely seen as politically motivated."',  # quoted
    ],
)
def test_a_named_or_reported_view_is_not_a_vague_attribution(editorial, text):
    assert not [e for e in editorial(text) if e.category == "vague_attribution"]
