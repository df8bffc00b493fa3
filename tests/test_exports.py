"""Event exports: GDELT-like TSV rows and PLOVER JSON records."""

from __future__ import annotations

import csv
import io
import json

from reportedly.exports import EVENT_COLUMNS, event_rows, events_tsv, plover_json, quad_class
from reportedly.models import Actor, Analysis, Article, Event, Span

TEXT = "Ostrel accused\tMarova of fraud."


def _analysis() -> Analysis:
    art = Article(id="a1", text=TEXT, published="2024-03-01T10:00:00Z", url="https://example.test/a1")
    ev = Event(id="E1", plover="ACCUSE", cameo="112", evidence=Span.of(TEXT, 0, len(TEXT)),
               actor1="P1", actor2="P2", actor1_span=Span.of(TEXT, 0, 6), actor2_span=Span.of(TEXT, 15, 21),
               negated=False, hypothetical=True)
    return Analysis(article=art, actors=[Actor("P1", "Ostrel", "state", country="XO"), Actor("P2", "Marova", "state")],
                    events=[ev])


def test_quad_class():
    assert [quad_class(c) for c in ("051", "073", "112", "190", None, "x")] == [1, 2, 3, 4, None, None]


def test_event_rows():
    (row,) = event_rows(_analysis())
    assert list(row) == list(EVENT_COLUMNS)
    assert row["actor1_name"] == "Ostrel" and row["actor2_text"] == "Marova"
    assert row["date"] == "2024-03-01" and row["quad_class"] == 3 and row["hypothetical"] == 1
    assert "\t" not in row["evidence"]


def test_tsv_round_trips():
    text = events_tsv([_analysis(), _analysis()])
    rows = list(csv.DictReader(io.StringIO(text), delimiter="\t"))
    assert len(rows) == 2 and rows[0]["plover"] == "ACCUSE"


def test_plover_json():
    (rec,) = json.loads(plover_json([_analysis()]))
    assert rec["event_type"] == "ACCUSE" and rec["source"]["name"] == "Ostrel" and rec["target"]["text"] == "Marova"
    assert rec["hypothetical"] is True and rec["offsets"] == [0, len(TEXT)]


def test_cli_event_formats(tmp_path):
    from typer.testing import CliRunner

    from reportedly.cli import app

    a = tmp_path / "a.txt"
    a.write_text("The Ostrel army attacked Velan positions near Olm on Sunday.", encoding="utf-8")
    b = tmp_path / "b.txt"
    b.write_text("Marova refused to meet the Ostrel envoy, officials said.", encoding="utf-8")
    empty = tmp_path / "c.txt"
    empty.write_text("   ", encoding="utf-8")
    runner = CliRunner()
    res = runner.invoke(app, ["analyze", str(a), str(b), str(empty), "--format", "events-tsv", "-p", "1"])
    assert res.exit_code == 1  # the empty file fails, the others are written
    rows = list(csv.DictReader(io.StringIO(res.stdout), delimiter="\t"))
    assert {r["plover"] for r in rows} == {"ASSAULT", "REJECT"}
    res = runner.invoke(app, ["analyze", str(a), str(b), "--format", "plover-json", "-p", "1"])
    assert res.exit_code == 0
    assert {r["event_type"] for r in json.loads(res.stdout)} == {"ASSAULT", "REJECT"}
