"""Layout-marked and parenthetical attributions (fictional texts written for these tests)."""

from __future__ import annotations

from reportedly.nlp.attribution_layout import layout_candidates, parenthetical_candidates

TRANSCRIPT = """Harlow: Port Strike Will End Before the Holidays

Partial transcript as follows:

"REYES: Let's start with the strike at the harbor this morning.

"HARLOW: Well, look, the workers deserve a fair hearing and they will get one.

The Latest: Dock workers vote on the offer tonight.

Update: This story has been corrected.
"""

BYLINES = """Readers told us what the closure means to them.

"The ferry was the only way my mother could reach the clinic. Now she waits for a bus that rarely comes." ― Ana Duarte
"""


def _texts(text: str) -> list[tuple[str, str, str]]:
    out = []
    for c in layout_candidates(text):
        assert c.cue is not None and c.source is not None
        out.append((text[c.source[0] : c.source[1]], text[c.cue[0] : c.cue[1]], text[c.content[0] : c.content[1]]))
    return out


def test_speaker_labels_in_headlines_and_transcripts() -> None:
    found = _texts(TRANSCRIPT)
    assert ("Harlow", ":", "Port Strike Will End Before the Holidays") in found
    assert ("REYES", ":", "Let's start with the strike at the harbor this morning.") in found
    assert any(s == "HARLOW" and c.startswith("Well, look") for s, _, c in found)


def test_headings_are_not_speakers() -> None:
    sources = {s for s, _, _ in _texts(TRANSCRIPT)}
    # "Partial transcript as follows:" has no content; "The Latest" and "Update" are headings
    assert sources == {"Harlow", "REYES", "HARLOW"}


def test_inverted_verb_label_is_cue_and_source() -> None:
    text = 'Said Okafor: "The offer was never on the table."\n\nAdds Harbor Master Okoro: the cranes stay idle.\n'
    found = _texts(text)
    assert ("Okafor", "Said", '"The offer was never on the table."') in found
    assert ("Harbor Master Okoro", "Adds", "the cranes stay idle.") in found


def test_pull_quote_byline() -> None:
    found = _texts(BYLINES)
    assert len(found) == 1
    source, cue, content = found[0]
    assert (source, cue) == ("Ana Duarte", "―")
    assert content.startswith('"The ferry') and content.endswith('rarely comes."')


def test_parenthetical_speech_verb(nlp) -> None:
    text = "The new terminal, the harbor master said, would double the port's capacity by next spring."
    doc = nlp.make_doc(text)
    for _name, proc in nlp.pipeline:
        if _name == "reportedly":
            break
        doc = proc(doc)
    cands = parenthetical_candidates(doc)
    assert len(cands) == 1
    cand = cands[0]
    assert cand.cue is not None and text[cand.cue[0] : cand.cue[1]] == "said"
    assert cand.source is not None and text[cand.source[0] : cand.source[1]] == "the harbor master"
    assert cand.parts is not None
    assert [text[s:e] for s, e in cand.parts] == [
        "The new terminal",
        "would double the port's capacity by next spring",
    ]


def test_parenthetical_leaves_the_writer_s_as_clause_out(nlp) -> None:
    # "as families wait" is the writer's circumstance, not the mediators' words
    doc = nlp("Hostage deal within reach, mediators say, as families wait\n\nThe talks resumed on Monday.")
    (a,) = [a for a in doc._.attributions if a.cue is not None and a.cue.text == "say"]
    assert a.content.text == "Hostage deal within reach"


def test_parenthetical_found_by_the_component(nlp) -> None:
    doc = nlp("Ticket prices, the operator said, will rise by a fifth in March.")
    assert any(a.cue is not None and a.cue.text == "said" and a.source is not None for a in doc._.attributions)


def test_but_clause_stays_in_a_participial_content(nlp) -> None:
    text = (
        "The harbor master welcomed the union's letter, claiming that the two sides were close to "
        "a settlement last week, but the council's vote against the subsidy pushed the operator "
        "to cancel the talks."
    )
    doc = nlp(text)
    claims = [a for a in doc._.attributions if a.cue is not None and a.cue.text == "claiming"]
    assert claims, [a.cue.text if a.cue else None for a in doc._.attributions]
    assert claims[0].content.text.startswith("that the two sides were close")
    assert claims[0].content.text.endswith("to cancel the talks")
