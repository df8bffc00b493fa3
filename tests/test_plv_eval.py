"""PLV scoring: parsing the marks, the pair rule, the metrics, the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from reportedly.cli import app
from reportedly.errors import InputError
from reportedly.models import Event, Span
from reportedly.plv import PlvItem, parse_marked, predict, read_plv, root_of, score, split_items

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
HEADER = "sentence_id\tsentence\tmarked_sentence\tsource\ttarget\tgold_root\tgold_penta\n"


def _ev(text: str, plover: str, a1: tuple[int, int], a2: tuple[int, int], conf: float = 0.9) -> Event:
    return Event(id="E1", plover=plover, evidence=Span.of(text, 0, len(text)),
                 actor1_span=Span.of(text, *a1), actor2_span=Span.of(text, *a2), confidence=conf)


def test_parse_marked_offsets():
    text, src, tgt = parse_marked("<s>Ostrel</s> accused <t>Marova</t> of fraud.")
    assert text == "Ostrel accused Marova of fraud."
    assert [text[a:b] for a, b in src] == ["Ostrel"]
    assert [text[a:b] for a, b in tgt] == ["Marova"]
    text, src, tgt = parse_marked("<s>Ostrel</s> sent aid.")
    assert tgt == ()
    with pytest.raises(ValueError):
        parse_marked("no marks here")


def test_pair_rule_and_yield():
    text = "Ostrel freed Marova's prisoners."
    item = PlvItem("1", text, ((0, 6),), ((13, 19),), "YIELD")
    assert root_of("CONCEDE") == "YIELD" and root_of("RETREAT") == "YIELD"
    assert predict(item, [_ev(text, "CONCEDE", (0, 6), (13, 21))]) == "YIELD"
    assert predict(item, [_ev(text, "CONCEDE", (13, 19), (0, 6))]) is None  # direction matters
    res = score([item, item], [[_ev(text, "CONCEDE", (0, 6), (13, 21))], []])
    assert res.accuracy == 0.5 and res.coverage == 0.5 and res.macro_f1 == 1.0


def test_most_confident_event_is_the_prediction():
    text = "Ostrel attacked Marova."
    item = PlvItem("1", text, ((0, 6),), ((16, 22),), "ASSAULT")
    evs = [_ev(text, "ACCUSE", (0, 6), (16, 22), 0.5), _ev(text, "ASSAULT", (0, 6), (16, 22), 0.9)]
    assert predict(item, evs) == "ASSAULT"
    evs[0].confidence = 0.95
    assert predict(item, evs) == "ACCUSE"


def test_split_is_stratified(tmp_path):
    items = [PlvItem(str(i), "x", ((0, 1),), ((0, 1),), "A") for i in range(10)]
    assert [i.id for i in split_items(items, "heldout")] == ["4", "9"]
    assert len(split_items(items, "train")) == 8
    with pytest.raises(ValueError):
        split_items(items, "dev")


def test_bad_file_is_input_error(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("a\tb\n1\t2\n", encoding="utf-8")
    with pytest.raises(InputError):
        read_plv(bad)


def test_cli_eval_plv_small_file(tmp_path):
    f = tmp_path / "plv.tsv"
    f.write_text(HEADER + "1\tx\t<s>The Ostrel army</s> attacked <t>Velan positions</t> on Sunday.\tx\tx\tASSAULT\t4\n"
                 "2\tx\t<s>Marova</s> refused to meet <t>the Ostrel envoy</t>.\tx\tx\tREJECT\t3\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "plv", str(f), "--json"])
    assert result.exit_code == 0, result.output
    assert '"pairs": 2' in result.output and '"accuracy": 1.0' in result.output


def test_cli_eval_plv_missing_file(tmp_path):
    result = CliRunner().invoke(app, ["eval", "plv", str(tmp_path / "nope.tsv")])
    assert result.exit_code == 2


@pytest.mark.shared
@pytest.mark.skipif(not (SHARED / "plv" / "PLV_train.tsv").exists(), reason="needs ../shared/plv/PLV_train.tsv")
def test_plv_train_file_reads():
    items = read_plv(SHARED / "plv" / "PLV_train.tsv")
    assert len(items) == 1050
    assert {i.root for i in items} >= {"ACCUSE", "YIELD", "ASSAULT"}
