"""Property and fuzz tests (hypothesis).

For any input text: the analysis validates against analysis@1 (reportedly.validate_analysis),
every span lies inside the text and its ``text`` equals the slice, ids are unique, and the
analysis is deterministic. For any bytes: every reader yields articles or InputErrors and
never raises.
"""

from __future__ import annotations

import io
import os
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportedly import analyze_text, validate_analysis
from reportedly._schema import iter_spans
from reportedly.errors import EmptyInputError, InputError
from reportedly.ingest import Limits, decode_bytes, read_path
from reportedly.ingest._base import has_visible_text
from reportedly.models import Article
from reportedly.nlp import load_pipeline

# spaCy takes a few ms per text: modest example counts, no per-example deadline; raise them for a
# deeper search with REPORTEDLY_PROPERTY_EXAMPLES=500
_N = int(os.environ.get("REPORTEDLY_PROPERTY_EXAMPLES", "40"))
NLP = settings(max_examples=_N, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FAST = settings(max_examples=_N * 4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ANY_LANGUAGE = replace(Limits(), languages=None, timeout=60)


@pytest.fixture(scope="module", autouse=True)
def _pipeline() -> None:
    load_pipeline()


# ------------------------------------------------------------------ text strategies

_any_char = st.characters(exclude_categories=("Cs",))  # lone surrogates cannot be str from a file
NAMES = ["Marta Velde", "the ministry", "a senior official", "two diplomats", "Mr. Ansel", "the army",
         "Hamid Rostami", "officials", "she", "The spokesman", "Dr. Lee", "the union"]
CUES = ["said", "told reporters", "claimed", "denied", "warned", "added", "insisted", "according to"]
CLAIMS = ["the talks had stalled", "fares would rise", "no deal was near", "the bridge was safe",
          "the vote was delayed", "troops had withdrawn", "the report was false", "prices fell"]
QUOTES = ['"', "\u201c", "\u201d", "\u00ab", "\u00bb", "'", "\u2018", "\u2019", "\u201e"]
ODD = ["\u200b", "\u200d", "\u2060", "\ufeff", "\u202e", "\u05e9\u05dc\u05d5\u05dd", "\u0645\u0631\u062d\u0628\u0627",
       "\U0001f600", "\U0001f1fa\U0001f1f8", "\x07", "\t", "\u00a0", "\u2028", "e\u0301", "\u3000", "--", "...", "\u2014"]
SEPS = [" ", "\n", "\r\n", "\n\n", "\r\n\r\n", "  ", "\u2029"]


@st.composite
def sentences(draw: st.DrawFn) -> str:
    name, cue, claim = draw(st.sampled_from(NAMES)), draw(st.sampled_from(CUES)), draw(st.sampled_from(CLAIMS))
    q1, q2 = draw(st.sampled_from(QUOTES)), draw(st.sampled_from([*QUOTES, ""]))
    form = draw(st.integers(0, 5))
    if cue == "according to":
        return f"{claim.capitalize()}, according to {name}."
    return [
        f"{name} {cue} that {claim}.",
        f"{q1}{claim.capitalize()},{q2} {name} {cue}.",
        f"{name} {cue}: {q1}{claim.capitalize()}.{q2}",
        f"{claim.capitalize()}, {name} {cue}.",
        f"{q1}{claim}{q2}",
        f"{name} {cue} {q1}{claim}",
    ][form]


@st.composite
def news_texts(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.one_of(sentences(), st.sampled_from(ODD), st.text(_any_char, max_size=12)),
                          min_size=1, max_size=14))
    seps = draw(st.lists(st.sampled_from(SEPS), min_size=len(parts), max_size=len(parts)))
    return "".join(p + s for p, s in zip(parts, seps, strict=True))


def _analyse(text: str) -> dict | None:  # type: ignore[type-arg]
    try:
        return analyze_text(text, limits=ANY_LANGUAGE).to_dict()
    except EmptyInputError:
        assert not has_visible_text(text), "refused a text that has visible characters"
        return None


def _check(text: str) -> None:
    data = _analyse(text)
    if data is None:
        return
    validate_analysis(data)  # schema, spans == slices, unique ids, references resolve
    assert data["article"]["text"] == text
    for where, span in iter_spans(data):
        assert 0 <= span["start"] <= span["end"] <= len(text), where
        assert text[span["start"] : span["end"]] == span["text"], where
    for section in ("attributions", "actors", "events", "editorial", "relations"):
        ids = [item["id"] for item in data[section]]
        assert len(ids) == len(set(ids)), section
    assert _analyse(text) == data, "analysis is not deterministic"


@NLP
@given(st.text(_any_char, max_size=300))
def test_any_text_gives_a_valid_deterministic_analysis(text: str) -> None:
    _check(text)


@NLP
@given(news_texts())
def test_news_like_text_with_odd_quotes_and_characters(text: str) -> None:
    _check(text)


@NLP
@given(news_texts(), st.sampled_from(["\r\n", "\n", "\r"]))
def test_line_endings_never_shift_offsets(text: str, newline: str) -> None:
    _check(text.replace("\n", newline))


def test_empty_and_invisible_text_is_refused_clearly() -> None:
    for text in ("", "   ", "\u200b\u2060", "\n\r\n\t"):
        with pytest.raises(EmptyInputError):
            analyze_text(text, limits=ANY_LANGUAGE)


# ------------------------------------------------------------------ reader fuzzing (no spaCy)


@FAST
@given(st.binary(max_size=2000), st.sampled_from([None, "auto", "cp1252", "utf-16"]))
def test_decode_bytes_returns_text_or_an_input_error(data: bytes, encoding: str | None) -> None:
    try:
        text = decode_bytes(data, "fuzz", encoding=encoding)
    except InputError as exc:
        assert exc.source == "fuzz" and exc.reason and "\n" not in exc.reason
        return
    assert isinstance(text, str) and text.strip()
    text.encode("utf-8")  # always serialisable: no lone surrogates


def _mutations() -> st.SearchStrategy[bytes]:
    seeds = [
        b'{"id": "a", "text": "The mayor said the bridge would reopen."}\n{"id": "b", "text": "x"}\n',
        b"<html><body><article><p>The mayor said the bridge would reopen in May.</p></article></body></html>",
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>a</title>'
        b"<description>&lt;p&gt;The mayor said the bridge would reopen.&lt;/p&gt;</description></item></channel></rss>",
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 60\r\nWARC-Target-URI: http://x.example/\r\n\r\n"
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>The mayor spoke.</p>\r\n\r\n",
        b"Title\n\nThe mayor said the bridge would reopen.\n",
    ]

    @st.composite
    def mutate(draw: st.DrawFn) -> bytes:
        data = bytearray(draw(st.sampled_from(seeds)))
        for _ in range(draw(st.integers(0, 6))):
            op = draw(st.integers(0, 3))
            pos = draw(st.integers(0, len(data)))
            if op == 0:
                data[pos:pos] = draw(st.binary(min_size=1, max_size=20))
            elif op == 1:
                del data[pos : pos + draw(st.integers(1, 30))]
            elif op == 2:
                data = data[: max(1, pos)]
            else:
                data[pos:pos] = draw(st.sampled_from([b"\x00", b"\xff\xfe", b"<!ENTITY a 'x'>", b"\r\n", b"\"", b"<<"]))
        return bytes(data)

    return st.one_of(mutate(), st.binary(max_size=1500))


@FAST
@given(_mutations(), st.sampled_from([".txt", ".html", ".jsonl", ".rss", ".xml", ".warc", ".warc.gz"]))
def test_readers_never_raise_on_mangled_files(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / f"fuzz{suffix}"
        path.write_bytes(data)
        items = list(read_path(path, max_bytes=100_000))
    for item in items:
        assert isinstance(item, Article | InputError)
        if isinstance(item, Article):
            assert item.text.strip() and "\x00" not in item.text
            item.text.encode("utf-8")
        else:
            assert str(path) in item.source and item.reason


@FAST
@given(st.binary(max_size=3000))
def test_stdin_reader_never_raises(data: bytes) -> None:
    from reportedly.ingest import read_stream

    item = read_stream(io.BytesIO(data), max_bytes=2000)
    assert isinstance(item, Article | InputError)
