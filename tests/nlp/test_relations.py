"""Relations between attributions, built from structure (fictional news sentences)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def analyse(nlp):
    def run(text: str):
        doc = nlp(text)
        by_id = {a.id: a for a in doc._.attributions}
        return doc, by_id

    return run


def _relations(doc, kind):
    return [r for r in doc._.relations if r.type == kind]


def _sides(rel, by_id):
    return [{by_id[i].content.text for i in side} for side in (rel.a, rel.b)]


def _has_pair(rels, by_id, left: str, right: str) -> bool:
    for rel in rels:
        a, b = _sides(rel, by_id)
        a_txt, b_txt = " ".join(a), " ".join(b)
        if (left in a_txt and right in b_txt) or (left in b_txt and right in a_txt):
            return True
    return False


def test_antonyms_on_a_shared_argument_contradict(analyse):
    doc, by_id = analyse(
        "Two diplomats said the negotiations had collapsed. "
        "A government spokesman later told reporters that the talks were making progress."
    )
    assert _has_pair(_relations(doc, "contradicts"), by_id, "collapsed", "progress")


def test_negation_flips_polarity(analyse):
    doc, by_id = analyse(
        "The union said the wage talks had stalled. The company said the talks had not stalled."
    )
    assert _has_pair(_relations(doc, "contradicts"), by_id, "had stalled", "not stalled")


def test_denying_cue_flips_polarity(analyse):
    doc, by_id = analyse(
        "The statistics agency said unemployment had risen. The minister denied that unemployment had risen."
    )
    assert len(_relations(doc, "contradicts")) == 1


def test_different_topics_do_not_contradict(analyse):
    doc, _ = analyse("The union said the wage talks had stalled. The minister said exports were growing.")
    assert _relations(doc, "contradicts") == []


def test_same_polarity_is_not_a_contradiction_and_confirmation_supports(analyse):
    doc, by_id = analyse(
        "Two officials said the talks had stalled. A mediator confirmed that the negotiations were deadlocked."
    )
    assert _relations(doc, "contradicts") == []
    sup = _relations(doc, "supports")
    assert len(sup) == 1
    a, b = _sides(sup[0], by_id)
    assert any("deadlocked" in t for t in a) and any("stalled" in t for t in b)


def test_backing_another_sources_statements_supports(analyse):
    doc, by_id = analyse(
        "Senator Maria Alvarez said the budget plan would cut waste. "
        "The state treasurer backed Alvarez's statements, saying that revenue had grown."
    )
    sup = _relations(doc, "supports")
    assert sup, [(r.type, r.a, r.b) for r in doc._.relations]
    a, b = _sides(sup[0], by_id)
    assert any("revenue" in t for t in a) and any("budget" in t for t in b)


def test_disputing_an_account_contradicts(analyse):
    doc, by_id = analyse(
        "Colonel Ivan Petrov said the convoy had been unarmed. "
        "The village council disputed Petrov's account, saying that soldiers had opened fire."
    )
    assert _has_pair(_relations(doc, "contradicts"), by_id, "soldiers", "unarmed")


def test_mutual_blame(analyse):
    doc, by_id = analyse(
        "Governor Lisa Reyes said that Mayor Tom Chen is at fault for the delays. "
        "Chen said that Reyes had blocked the funding for the bridge."
    )
    blame = _relations(doc, "mutual_blame")
    assert len(blame) == 1
    assert _has_pair(blame, by_id, "at fault", "blocked")


def test_one_sided_blame_is_not_mutual(analyse):
    doc, _ = analyse(
        "Governor Lisa Reyes said that Mayor Tom Chen is at fault for the delays. "
        "Chen said that the bridge would open next year."
    )
    assert _relations(doc, "mutual_blame") == []


def test_responds_to(analyse):
    doc, by_id = analyse(
        "The interior ministry said the border would stay closed until March. "
        "Responding to the ministry, the opposition leader said the closure was illegal."
    )
    rel = _relations(doc, "responds_to")
    assert len(rel) == 1
    a, b = _sides(rel[0], by_id)
    assert any("illegal" in t for t in a) and any("border" in t for t in b)


def test_seed_impasse_contradiction(nlp, seed_text):
    doc = nlp(seed_text)
    by_id = {a.id: a for a in doc._.attributions}
    assert _has_pair(_relations(doc, "contradicts"), by_id, "had stalled", "not necessarily at an impasse")


def test_reply_phrase_inside_reported_words_is_not_a_reply(analyse):
    doc, _ = analyse(
        "The port authority said the docks would reopen on Monday. "
        'The senator said: "My bill was drafted in response to the floods of last spring."'
    )
    assert _relations(doc, "responds_to") == []


def test_reply_needs_a_named_or_related_earlier_claim(analyse):
    doc, _ = analyse(
        "The port authority said the docks would reopen on Monday. "
        "The coach responded that his team had trained hard all winter."
    )
    assert _relations(doc, "responds_to") == []


def test_mutual_blame_between_a_party_and_a_spokeswoman_for_the_other(analyse):
    doc, by_id = analyse(
        "Aria Voss, a spokeswoman for the Unity Party, said the Liberty Front is to blame for the deadlock. "
        "The Liberty Front said the Unity Party had sabotaged the coalition deal."
    )
    assert _has_pair(_relations(doc, "mutual_blame"), by_id, "to blame", "sabotaged")


def test_denying_the_accusation_contradicts_the_claim_before_it(analyse):
    doc, by_id = analyse(
        "The Northern Front said on Wednesday that government forces had shelled three villages overnight.\n\n"
        "The Marovan defense ministry denied the accusation, saying its units had not fired a single shell."
    )
    rels = [r for r in _relations(doc, "contradicts") if "claim before it" in r.reason]
    assert len(rels) == 1
    a, b = _sides(rels[0], by_id)
    assert any("shelled three villages" in t for t in b)
    assert all(by_id[i].cue is not None and by_id[i].cue.text in {"denied", "saying"} for i in rels[0].a)


def test_denying_an_owned_or_indefinite_claim_is_not_this_shape(analyse):
    doc, _ = analyse(
        "The Front said government forces had shelled three villages.\n\n"
        "The ministry denied an accusation about a separate raid."
    )
    assert not [r for r in doc._.relations if "claim before it" in r.reason]


def test_a_claim_branded_false_in_a_relative_clause_contradicts_it(analyse):
    doc, by_id = analyse(
        "She accused Ostmark of moving artillery closer to the bridge, a charge that Ostmark's defence "
        'ministry called "simply false."'
    )
    rels = [r for r in _relations(doc, "contradicts") if "untrue" in r.reason]
    assert len(rels) == 1
    (a,), (b,) = ([by_id[i] for i in side] for side in (rels[0].a, rels[0].b))
    assert a.cue is not None and a.cue.text == "called"
    assert b.cue is not None and b.cue.text == "accused"


def test_a_relative_clause_that_does_not_brand_the_claim_is_not_a_contradiction(analyse):
    doc, _ = analyse(
        "She accused Ostmark of moving artillery closer to the bridge, a charge that Ostmark's defence "
        "ministry called a matter for the courts."
    )
    assert not [r for r in doc._.relations if "untrue" in r.reason]
