"""Limits (bytes, characters, seconds), the time guard, the encoding policy and the language guess."""

from __future__ import annotations

import contextlib
import time

import pytest

from reportedly.errors import AnalysisTimeoutError, ConfigError, EncodingError, InputError
from reportedly.ingest import AUTO, Limits, decode_bytes, guess_language, parse_languages, time_limit
from reportedly.ingest._base import binary_kind, declared_charset, has_visible_text

ENGLISH = (
    "The harbor council postponed a vote on ferry fares on Thursday, officials said, after residents of "
    "the outer islands packed the hearing. The operator's spokesman told a local paper that fares had not "
    "risen since 2015 and that fuel costs had doubled over the past two years."
)
FRENCH = (
    "Le conseil municipal a reporté jeudi le vote sur les tarifs du ferry, selon des responsables, après que "
    "les habitants des îles sont venus en nombre à la réunion. Le service a perdu de l'argent pour la "
    "troisième année consécutive et les coûts du carburant ont doublé."
)
GERMAN = (
    "Der Hafenrat hat die Abstimmung über die Fährpreise am Donnerstag verschoben, wie Beamte sagten, nachdem "
    "die Bewohner der äußeren Inseln die Anhörung gefüllt hatten. Der Sprecher des Betreibers sagte, dass die "
    "Preise seit 2015 nicht gestiegen seien und die Kosten sich verdoppelt hätten."
)
SPANISH = (
    "El consejo del puerto aplazó el jueves la votación sobre las tarifas del ferry, según los funcionarios, "
    "después de que los vecinos de las islas llenaran la sala. El portavoz del operador dijo que las tarifas "
    "no han subido desde 2015 y que el costo del combustible se ha duplicado."
)
RUSSIAN = (
    "Совет порта в четверг отложил голосование по тарифам на паром, сообщили чиновники, после того как "
    "жители внешних островов заполнили зал. Представитель оператора заявил, что тарифы не росли с 2015 года."
)
CHINESE = "港口委员会周四推迟了对渡轮票价的投票，官员说，外岛居民挤满了听证会。运营商的发言人表示，自二〇一五年以来票价没有上涨，燃料成本翻了一番。" * 2


def test_limits_from_env_and_cli_overrides() -> None:
    lim = Limits.from_env({"REPORTEDLY_MAX_BYTES": "1_000", "REPORTEDLY_MAX_CHARS": "500",
                           "REPORTEDLY_TIMEOUT": "2.5", "REPORTEDLY_LANGUAGES": "en,fr"})
    assert (lim.max_bytes, lim.max_chars, lim.timeout, lim.languages) == (1000, 500, 2.5, ("en", "fr"))
    assert lim.with_(max_chars=9, timeout=None).max_chars == 9 and lim.with_(timeout=None).timeout == 2.5
    assert Limits.from_env({"REPORTEDLY_LANGUAGES": "any"}).languages is None
    assert Limits.from_env({}) == Limits()


@pytest.mark.parametrize("env", [{"REPORTEDLY_MAX_BYTES": "lots"}, {"REPORTEDLY_TIMEOUT": "-1"}])
def test_bad_env_values_are_config_errors(env: dict[str, str]) -> None:
    with pytest.raises(ConfigError, match="REPORTEDLY_"):
        Limits.from_env(env)


def test_parse_languages() -> None:
    assert parse_languages("EN, fr") == ("en", "fr")
    assert parse_languages("any") is None and parse_languages("") is None


def test_time_limit_interrupts_a_python_loop() -> None:
    start = time.monotonic()
    with pytest.raises(AnalysisTimeoutError, match="0.2-second limit"), time_limit(0.2, "loop.txt"):
        while True:
            pass
    assert time.monotonic() - start < 2


def test_time_limit_is_silent_when_in_time_and_nests() -> None:
    with time_limit(5, "outer"):
        with time_limit(1, "inner"):
            x = sum(range(1000))
        with pytest.raises(AnalysisTimeoutError), time_limit(0.1, "inner2"):
            time.sleep(1)
    assert x == 499500
    with time_limit(0, "none"):
        time.sleep(0.01)


def test_time_limit_survives_broad_except() -> None:
    """Parsers that catch Exception must not swallow the alarm."""
    with pytest.raises(AnalysisTimeoutError), time_limit(0.1, "x"), contextlib.suppress(Exception):
        time.sleep(2)


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_time_limit_survives_an_alarm_swallowed_by_a_finaliser() -> None:
    """Python only prints an exception raised in a finaliser or a garbage-collector callback
    (hypothesis installs one): an alarm that lands there must not end the time limit."""

    class SlowToDie:
        def __del__(self) -> None:
            end = time.monotonic() + 0.3
            while time.monotonic() < end:
                pass

    start = time.monotonic()
    with pytest.raises(AnalysisTimeoutError), time_limit(0.1, "x"):
        SlowToDie()  # dropped at once: the alarm fires inside its __del__ and is swallowed
        while time.monotonic() - start < 3:
            pass
    assert time.monotonic() - start < 1


# ------------------------------------------------------------------ decoding policy


def test_decode_policy_order() -> None:
    text = "Smart \u201cquotes\u201d and caf\u00e9 said the mayor."
    assert decode_bytes(text.encode("utf-8"), "s") == text
    assert decode_bytes(text.encode("utf-16"), "s") == text
    assert decode_bytes(text.encode("utf-16-le"), "s") == text
    with pytest.raises(EncodingError, match="cp1252"):
        decode_bytes(text.encode("cp1252"), "s")
    assert decode_bytes(text.encode("cp1252"), "s", encoding=AUTO) == text
    assert decode_bytes(text.encode("cp1252"), "s", declared="windows-1252") == text
    # a wrong declaration never beats valid UTF-8
    assert decode_bytes(text.encode("utf-8"), "s", declared="iso-8859-1") == text


def test_decoded_text_must_be_visible_and_whole() -> None:
    with pytest.raises(InputError, match="invisible"):
        decode_bytes("\u200b\u200b\n".encode(), "s")
    with pytest.raises(InputError):
        decode_bytes(b"\xff\xfe\x00\xd8", "s")  # UTF-16 with a lone surrogate
    assert not has_visible_text("\u2060 \t\x07") and has_visible_text("\u200ba")


def test_sniffers() -> None:
    assert binary_kind(b"%PDF-1.4") == "a PDF document"
    assert binary_kind(b"plain words\n") is None
    assert declared_charset(b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=koi8-r">') == "koi8-r"
    assert declared_charset(b"<?xml version='1.0' encoding='ISO-8859-1'?><rss/>") == "ISO-8859-1"


# ------------------------------------------------------------------ language


@pytest.mark.parametrize(
    ("text", "code"),
    [(ENGLISH, "en"), (FRENCH, "fr"), (GERMAN, "de"), (SPANISH, "es"), (RUSSIAN, "cyrillic"), (CHINESE, "cjk")],
)
def test_guess_language(text: str, code: str) -> None:
    assert guess_language(text).code == code


def test_short_or_mixed_text_is_not_judged_against_english() -> None:
    assert guess_language("Bonjour, dit-il.").code is None
    mixed = ENGLISH + " The mediator, Leila Haddad (ليلى حداد), and Nikos Papadakis (Νίκος Παπαδάκης) met."
    assert guess_language(mixed).code == "en"
    quote = ENGLISH + ' "Nous ne signerons pas," the French minister said, "pas maintenant."'
    assert guess_language(quote).code == "en"


def test_articles_that_cannot_finish_in_time_are_refused_up_front() -> None:
    from reportedly._analyze import check_article
    from reportedly.models import Article

    art = Article(id="a", text=ENGLISH * 10)
    check_article(art, Limits(timeout=1))
    with pytest.raises(AnalysisTimeoutError, match="cannot be analyzed within the 0.0001-second limit"):
        check_article(art, Limits(timeout=0.0001))
    check_article(art, Limits(timeout=0))  # no time limit: no estimate either
