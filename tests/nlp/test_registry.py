"""The actor registry: starter data, lookups, user files and their errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pycountry
import pytest
import yaml

from reportedly.errors import ConfigError
from reportedly.nlp.registry import (
    ACTOR_TYPES,
    SECTORS,
    Registry,
    default_registry,
    entry_from_dict,
    load_registry,
    norm,
    read_registry_file,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def reg() -> Registry:
    return default_registry()


def test_every_iso_country_is_a_state(reg: Registry):
    for country in pycountry.countries:
        entry = reg.get(country.alpha_3)
        assert entry is not None, country.alpha_3
        assert entry.type == "state" and entry.country == country.alpha_3


def test_country_file_is_the_generator_output():
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_country_actors.py")],
                          capture_output=True, text=True, check=True)
    committed = (ROOT / "src" / "reportedly" / "nlp" / "resources" / "actors" / "countries.yaml").read_text("utf-8")
    assert yaml.safe_load(proc.stdout) == yaml.safe_load(committed), "rerun scripts/gen_country_actors.py"


def test_starter_data_is_valid(reg: Registry):
    assert len(reg) > 400
    for entry in reg.entries.values():
        assert entry.type in ACTOR_TYPES
        assert entry.sector is None or entry.sector in SECTORS
        assert all(a in reg for a in entry.affiliations), entry.id
        assert all(r.of is None or r.of in reg for r in entry.roles), entry.id
    kinds = {e.type for e in reg.entries.values()}
    assert {"state", "igo", "media", "armed_group", "military", "government", "person", "party"} <= kinds


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Israel", "ISR"), ("the United States", "USA"), ("U.S.", "USA"), ("US", "USA"), ("Britain", "GBR"),
        ("Hamas'", "hamas"), ("Netanyahu's", "benjamin-netanyahu"), ("The New York Times", "nyt"),
        ("the Times", "nyt"), ("NYT", "nyt"), ("the Kremlin", "kremlin"), ("Moscow", "RUS"), ("WHO", "who"),
        ("Ansar Allah", "houthis"), ("al-Qaeda", "al-qaeda"), ("Al Qaeda", "al-qaeda"), ("NATO", "nato"),
        ("Palestinian Islamic Jihad", "pij"), ("Türkiye", "TUR"), ("Ivory Coast", "CIV"),
    ],
)
def test_lookup(reg: Registry, text: str, expected: str):
    entry = reg.lookup(text)
    assert entry is not None and entry.id == expected


@pytest.mark.parametrize("text", ["us", "who", "time", "the talks", "officials", "it", "Who knows"])
def test_words_that_are_not_actors(reg: Registry, text: str):
    assert reg.lookup(text) is None


def test_adjectives_and_demonyms(reg: Registry):
    assert reg.adjective("Israeli").id == "ISR"
    assert reg.adjective("Israelis").id == "ISR"
    assert reg.adjective("US").id == "USA"
    assert reg.adjective("U.S.").id == "USA"
    assert reg.adjective("Houthi").id == "houthis"
    assert reg.adjective("South Korean").id == "KOR"
    assert reg.adjective("american") is None  # a capital is required


def test_scan_finds_longest_names_and_adjectives(reg: Registry):
    words = ["two", "senior", "Hamas", "officials", "and", "an", "aide", "to", "the", "Israeli", "government"]
    found = [(i, j, e.id, how) for i, j, e, how in reg.scan(words)]
    assert found == [(2, 3, "hamas", "name"), (8, 11, "israeli-government", "name")]


def test_norm():
    assert norm("The U.S.'s") == "us"
    assert norm("al-Qaeda") == "al qaeda"
    assert norm("Hamas'") == "hamas"


def test_roles_by_date_and_party_chain(reg: Registry):
    assert [e.id for e in reg.holders("head_of_government", "ISR", "2021-10-01")] == ["naftali-bennett"]
    assert [e.id for e in reg.holders("head_of_government", "ISR", "2024-05-01")] == ["benjamin-netanyahu"]
    assert [e.id for e in reg.holders("head_of_state", "USA", "2023-06-01")] == ["joe-biden"]
    assert reg.party(reg.get("benjamin-netanyahu")).id == "ISR"
    assert reg.party(reg.get("dmitry-peskov")).id == "RUS"
    assert reg.party(reg.get("qassam-brigades")).id == "hamas"
    assert reg.party(reg.get("hamas")).id == "hamas"


def test_user_file_adds_and_overrides(tmp_path: Path):
    f = tmp_path / "extra.yaml"
    f.write_text(
        "actors:\n"
        "- {id: zlf, name: Zorvan Liberation Front, type: armed_group, sector: REB, aliases: [ZLF, the Front]}\n"
        "- {id: nyt, name: The New York Times, aliases: [the Gray Lady]}\n"
        "- id: mara-voss\n  name: Mara Voss\n  type: person\n  affiliations: [zlf]\n"
        "  roles: [{role: leader, title: commander, of: zlf, start: 2023-02-01}]\n",
        encoding="utf-8",
    )
    reg = load_registry((str(f),))
    assert reg.lookup("ZLF").id == "zlf"
    assert reg.lookup("the Gray Lady").id == "nyt"
    assert reg.lookup("NYT").id == "nyt"  # built-in aliases kept
    assert reg.get("nyt").type == "media"  # not reset by an update that gives no type
    assert reg.party(reg.get("mara-voss")).id == "zlf"
    assert reg.holders("leader", "zlf", "2024-01-01")[0].id == "mara-voss"
    assert reg.holders("leader", "zlf", "2022-01-01") == []


def test_user_file_as_plain_list_or_json(tmp_path: Path):
    f = tmp_path / "extra.json"
    f.write_text('[{"id": "acme", "name": "Acme Corp", "type": "organization", "sector": "BUS"}]', encoding="utf-8")
    assert read_registry_file(f)[0].sector == "BUS"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("actors: [{id: x}]", "missing 'name'"),
        ("actors: [{name: X}]", "missing 'id'"),
        ("actors: [{id: x, name: X, type: wizard}]", "type 'wizard'"),
        ("actors: [{id: x, name: X, sector: XYZ}]", "sector"),
        ("actors: [{id: x, name: X, roles: [{role: leader, start: last year}]}]", "not ISO"),
        ("actors: [{id: x, name: X, affiliations: [nowhere]}]", "unknown ids"),
        ("actors: {id: x}", "expected a list"),
        ("actors: [x: [", "not valid YAML"),
        ("- just a string", "must be a mapping"),
    ],
)
def test_bad_user_files_raise_config_error(tmp_path: Path, content: str, message: str):
    f = tmp_path / "bad.yaml"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_registry((str(f),))


def test_missing_user_file(tmp_path: Path):
    with pytest.raises(ConfigError, match="cannot read"):
        read_registry_file(tmp_path / "nope.yaml")


def test_entry_from_dict_dates():
    entry = entry_from_dict({"id": "p", "name": "P", "type": "person",
                             "roles": [{"role": "leader", "of": "x", "start": "2020", "end": "2021-06"}]}, "t")
    role = entry.roles[0]
    assert role.active("2020-05-01") and role.active("2021-06-30")
    assert not role.active("2019-12-31")
    assert not role.active(None)  # ended


def test_cli_actors_option(tmp_path: Path):
    story = tmp_path / "story.txt"
    story.write_text("Two ZLF commanders told the Gray Lady that the truce had collapsed.\n", encoding="utf-8")
    good = tmp_path / "mine.yaml"
    good.write_text("actors:\n- {id: zlf, name: Zorvan Liberation Front, type: armed_group, aliases: [ZLF]}\n"
                    "- {id: nyt, name: The New York Times, aliases: [the Gray Lady]}\n", encoding="utf-8")
    run = [sys.executable, "-m", "reportedly", "analyze", str(story), "--format", "json", "--actors"]
    proc = subprocess.run([*run, str(good)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    import json

    data = json.loads(proc.stdout)
    by_id = {a["id"]: a for a in data["actors"]}
    rec = data["attributions"][0]
    assert by_id[by_id[rec["speaker"]]["affiliation"]]["registry_id"] == "zlf"
    assert by_id[rec["channel_actor"]]["registry_id"] == "nyt"
    bad = tmp_path / "bad.yaml"
    bad.write_text("actors: [{id: x}]", encoding="utf-8")
    proc = subprocess.run([*run, str(bad)], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "missing 'name'" in proc.stderr
