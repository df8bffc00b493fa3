"""The readers on real small files: text, HTML, JSONL, RSS/Atom and WARC (written with warcio)."""

from __future__ import annotations

import io
import json
import os
import zlib
from pathlib import Path

import pytest

from reportedly.errors import (
    BinaryInputError,
    EmptyInputError,
    EncodingError,
    InputError,
    InputTooLargeError,
    MalformedRecordError,
    NoMainTextError,
    UnsupportedFormatError,
)
from reportedly.ingest import _READERS as READERS
from reportedly.ingest import (
    FeedReader,
    HtmlReader,
    JsonlReader,
    TextReader,
    WarcReader,
    read_path,
    read_paths,
    read_stream,
    register_reader,
)
from reportedly.models import Article

STORY = (
    "Harbor Council Delays Vote on Ferry Fares\n\n"
    "The harbor council postponed a vote on ferry fares on Thursday, officials said.\n\n"
    '"We cannot ask families to pay twice as much," said Marta Velde, who chairs the committee.\n'
)
STORY2 = "The city library will open on Sundays, its director announced on Monday, after students asked for space.\n"


def _html(body: str, head: str = "") -> str:
    paras = "".join(f"<p>{p}</p>" for p in body.split("\n") if p.strip())
    return f"<!DOCTYPE html><html><head><title>Harbor news</title>{head}</head><body><article>{paras}</article></body></html>"


def _all(path: Path, **kw: object) -> list[Article | InputError]:
    return list(read_path(path, **kw))  # type: ignore[arg-type]


def _one_article(path: Path, **kw: object) -> Article:
    items = _all(path, **kw)
    assert len(items) == 1 and isinstance(items[0], Article), items
    return items[0]


def _one_error(path: Path, **kw: object) -> InputError:
    items = _all(path, **kw)
    assert len(items) == 1 and isinstance(items[0], InputError), items
    return items[0]


# ------------------------------------------------------------------ text


def test_text_keeps_exact_text_and_title(tmp_path: Path) -> None:
    p = tmp_path / "ferry.txt"
    p.write_bytes(STORY.encode())
    art = _one_article(p)
    assert art.text == STORY and art.title == "Harbor Council Delays Vote on Ferry Fares" and art.id == "ferry"


def test_text_crlf_is_kept_so_offsets_index_the_file(tmp_path: Path) -> None:
    p = tmp_path / "crlf.txt"
    p.write_bytes(STORY.replace("\n", "\r\n").encode())
    assert _one_article(p).text == STORY.replace("\n", "\r\n")


@pytest.mark.parametrize(
    ("data", "error", "words"),
    [
        (b"", EmptyInputError, "0 bytes"),
        (b"  \n\t \r\n", EmptyInputError, "white space"),
        ("\u200b\u2060\ufeff \n".encode(), EmptyInputError, "invisible"),
        (b"%PDF-1.7\n%binary", BinaryInputError, "PDF"),
        (b"\x1f\x8b\x08\x00" + bytes(100), BinaryInputError, "gzip"),
        (STORY[:40].encode() + b"\x00" + STORY[40:].encode(), BinaryInputError, "NUL byte at offset 40"),
        (bytes(range(1, 32)) * 50, BinaryInputError, "control bytes"),
        ("café and naïve résumé said the mayor".encode("latin-1"), EncodingError, "--encoding cp1252"),
    ],
)
def test_text_refusals_name_the_reason(tmp_path: Path, data: bytes, error: type, words: str) -> None:
    p = tmp_path / "bad.txt"
    p.write_bytes(data)
    err = _one_error(p)
    assert isinstance(err, error) and words in err.reason and err.source == str(p)


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-8-sig"])
def test_unicode_encodings_are_decoded(tmp_path: Path, codec: str) -> None:
    p = tmp_path / "u.txt"
    p.write_bytes(STORY.encode(codec))
    assert _one_article(p).text == STORY


@pytest.mark.parametrize("codec", ["cp1252", "latin-1"])
def test_legacy_encoding_decoded_when_asked(tmp_path: Path, codec: str) -> None:
    text = STORY.replace("Velde", "Vélde").replace("fares", "farés")
    p = tmp_path / "legacy.txt"
    p.write_bytes(text.encode(codec))
    assert isinstance(_one_error(p), EncodingError)
    assert _one_article(p, encoding="auto").text == text
    assert _one_article(p, encoding=codec).text == text


def test_cp1252_smart_quotes_auto(tmp_path: Path) -> None:
    text = "\u201cWe will not sign,\u201d the minister\u2019s aide said \u2014 twice.\n"
    p = tmp_path / "smart.txt"
    p.write_bytes(text.encode("cp1252"))
    assert _one_article(p, encoding="auto").text == text


def test_unknown_encoding_name(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_text(STORY)
    err = _one_error(p, encoding="no-such-codec")
    assert isinstance(err, EncodingError) and "unknown encoding" in err.reason


def test_txt_that_is_html_is_extracted(tmp_path: Path) -> None:
    p = tmp_path / "page.txt"
    p.write_text(_html(STORY))
    art = _one_article(p)
    assert "<p>" not in art.text and "postponed a vote" in art.text


def test_size_limit_refuses_without_reading_everything(tmp_path: Path) -> None:
    p = tmp_path / "big.txt"
    p.write_text(STORY * 100)
    err = _one_error(p, max_bytes=1000)
    assert isinstance(err, InputTooLargeError) and "1000-byte limit" in err.reason


def test_fifo_is_refused_not_read(tmp_path: Path) -> None:
    p = tmp_path / "pipe.txt"
    os.mkfifo(p)
    err = _one_error(p)
    assert "not a regular file" in err.reason


def test_stdin_is_read_with_a_bound() -> None:
    item = read_stream(io.BytesIO(b"x" * 5000), max_bytes=100)
    assert isinstance(item, InputTooLargeError)
    art = read_stream(io.BytesIO(STORY.encode()))
    assert isinstance(art, Article) and art.text == STORY and art.source_path == "<stdin>"


# ------------------------------------------------------------------ HTML


def test_html_with_declared_charset(tmp_path: Path) -> None:
    p = tmp_path / "cp.html"
    body = STORY.replace("Velde", "Vélde") + "The mayor\u2019s office did not comment on the plan.\n"
    p.write_bytes(_html(body, '<meta charset="windows-1252">').encode("cp1252"))
    art = _one_article(p)
    assert "Vélde" in art.text and "mayor\u2019s" in art.text and art.title == "Harbor news"


def test_html_without_main_text(tmp_path: Path) -> None:
    p = tmp_path / "nav.html"
    p.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    assert isinstance(_one_error(p), NoMainTextError)


def test_malformed_and_nested_html_never_raise(tmp_path: Path) -> None:
    p = tmp_path / "m.html"
    p.write_text("<html><body><article><p>" + STORY.replace("\n", "<b><i><p>") + "</td></tr><<>></span")
    assert "postponed" in _one_article(p).text
    q = tmp_path / "deep.html"
    q.write_text("<html><body>" + "<div>" * 20_000 + "<p>" + STORY + "</p>" + "</div>" * 20_000)
    assert len(_all(q)) == 1  # an article or a NoMainTextError, never an exception


def test_html_entity_bomb_is_not_expanded(tmp_path: Path) -> None:
    decl = '<!DOCTYPE html [<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY b{i} "{("&b" + str(i - 1) + ";") * 10 if i > 1 else "&a;" * 10}">' for i in range(1, 9)) + "]>"
    p = tmp_path / "bomb.html"
    p.write_text(decl + "<html><body><article><p>&b8;</p><p>" + STORY + "</p></article></body></html>")
    for item in _all(p):
        if isinstance(item, Article):
            assert len(item.text) < 10_000


# ------------------------------------------------------------------ JSONL


def test_jsonl_bad_lines_are_recorded_and_good_lines_kept(tmp_path: Path) -> None:
    rows = [
        json.dumps({"id": "a", "text": STORY, "title": "Ferry", "outlet": "Courier"}),
        "{broken",
        "[1, 2]",
        '"just a string"',
        json.dumps({"text": STORY}),
        json.dumps({"id": "", "text": STORY}),
        json.dumps({"id": True, "text": STORY}),
        json.dumps({"id": "b", "text": 7}),
        json.dumps({"id": "c", "text": "   "}),
        json.dumps({"id": "a", "text": STORY2}),
        json.dumps({"id": "s", "text": "bad \ud800 half"}),
        json.dumps({"id": "n", "text": "nul \u0000 char"}),
        json.dumps({"id": "t", "text": STORY, "title": {"x": 1}}),
        "",
        json.dumps({"id": 42, "text": STORY2}),
        json.dumps({"id": "half\ud800", "text": STORY2}),
        "[" * 50_000 + "]" * 50_000,
    ]
    p = tmp_path / "batch.jsonl"
    p.write_text("\n".join(rows) + "\n")
    items = _all(p)
    arts = [i for i in items if isinstance(i, Article)]
    errs = {i.source.rsplit("#", 1)[1]: i for i in items if isinstance(i, InputError)}
    assert [a.id for a in arts] == ["a", "42", "half\\ud800"]  # a lone surrogate kept visible, escaped
    assert arts[0].title == "Ferry" and arts[0].outlet == "Courier" and arts[0].source_path == f"{p}#1"
    assert set(errs) == {"2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "17"}
    assert "invalid JSON" in errs["2"].reason
    assert "not an array" in errs["3"].reason or "an array" in errs["3"].reason
    assert "missing 'id'" in errs["5"].reason and "missing 'id'" in errs["6"].reason
    assert "duplicate id 'a' (first on line 1)" in errs["10"].reason
    assert "surrogate" in errs["11"].reason and "NUL" in errs["12"].reason
    assert "nested too deeply" in errs["17"].reason or "invalid JSON" in errs["17"].reason
    assert all(isinstance(e, MalformedRecordError) for k, e in errs.items())


def test_jsonl_long_line_skipped_in_bounded_memory(tmp_path: Path) -> None:
    p = tmp_path / "long.jsonl"
    p.write_text(json.dumps({"id": "big", "text": STORY * 2000}) + "\n" + json.dumps({"id": "ok", "text": STORY}) + "\n")
    items = _all(p, max_bytes=5000)
    assert isinstance(items[0], InputError) and "5000-byte limit" in items[0].reason
    assert isinstance(items[1], Article) and items[1].id == "ok"


def test_jsonl_binary_and_utf16_refused_once(tmp_path: Path) -> None:
    p = tmp_path / "bin.jsonl"
    p.write_bytes(b"\x00\x01\x02\n" * 1000)
    assert "binary" in _one_error(p).reason
    q = tmp_path / "u16.jsonl"
    q.write_bytes(json.dumps({"id": "a", "text": STORY}).encode("utf-16"))
    assert "UTF-8" in _one_error(q).reason


# ------------------------------------------------------------------ feeds


def _rss(items: str, prolog: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>{prolog}<rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Island Courier</title>'
        f"<link>https://courier.example/</link><description>News</description>{items}</channel></rss>"
    )


def _item(n: int, text: str, guid: str | None = None) -> str:
    paras = "".join(f"<p>{p}</p>" for p in text.split("\n") if p.strip())
    return (
        f"<item><title>Story {n}</title><link>https://courier.example/{n}</link><guid>{guid or f'story-{n}'}</guid>"
        f"<pubDate>Thu, 05 Mar 2026 10:00:00 GMT</pubDate><content:encoded><![CDATA[{paras}]]></content:encoded></item>"
    )


def test_rss_full_content(tmp_path: Path) -> None:
    p = tmp_path / "feed.rss"
    p.write_text(_rss(_item(1, STORY) + _item(2, STORY2) + "<item><title>empty</title></item>"))
    items = _all(p)
    arts = [i for i in items if isinstance(i, Article)]
    assert [a.id for a in arts] == ["story-1", "story-2"]
    assert arts[0].title == "Story 1" and arts[0].outlet == "Island Courier" and "2026" in (arts[0].published or "")
    assert "postponed a vote" in arts[0].text
    assert isinstance(items[2], NoMainTextError) and items[2].source == f"{p}#3"


def test_atom_full_content(tmp_path: Path) -> None:
    p = tmp_path / "feed.atom"
    p.write_text(
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Courier</title>'
        '<id>urn:courier</id><updated>2026-03-05T10:00:00Z</updated><entry><title>Ferry</title><id>urn:ferry</id>'
        '<updated>2026-03-05T10:00:00Z</updated><content type="html">'
        + "&lt;p&gt;" + STORY.replace("\n", " ").replace('"', "&quot;") + "&lt;/p&gt;</content></entry></feed>"
    )
    art = _one_article(p)
    assert art.id == "urn:ferry" and "postponed a vote" in art.text and art.outlet == "Courier"


def test_latin1_feed_with_xml_declaration(tmp_path: Path) -> None:
    p = tmp_path / "latin.rss"
    text = STORY.replace("Velde", "Vélde")
    p.write_bytes(_rss(_item(1, text)).replace('encoding="utf-8"', 'encoding="ISO-8859-1"').encode("latin-1"))
    assert "Vélde" in _one_article(p).text


@pytest.mark.parametrize(
    "prolog",
    [
        '<!DOCTYPE rss [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
        '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
        "<!--" + " " * 70_000 + '--><!DOCTYPE rss [<!entity a "ha">]>',
    ],
)
def test_feed_entity_declarations_refused(tmp_path: Path, prolog: str) -> None:
    p = tmp_path / "evil.xml"
    p.write_text(_rss(_item(1, "&b; " + STORY), prolog))
    err = _one_error(p)
    assert isinstance(err, MalformedRecordError) and "entities" in err.reason


def test_feed_that_is_not_a_feed(tmp_path: Path) -> None:
    p = tmp_path / "x.xml"
    p.write_text("<?xml version='1.0'?><catalog><book>none</book></catalog>")
    assert isinstance(_one_error(p), MalformedRecordError)


# ------------------------------------------------------------------ WARC


def write_warc(path: Path, pages: list[tuple[str, bytes, dict[str, str]]], ctype: str = "text/html; charset=utf-8") -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=path.name.endswith(".gz"))
        for url, body, extra in pages:
            http = StatusAndHeaders("200 OK", [("Content-Type", ctype), *extra.items()], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http))


@pytest.mark.parametrize("name", ["pages.warc", "pages.warc.gz"])
def test_warc_html_responses(tmp_path: Path, name: str) -> None:
    p = tmp_path / name
    write_warc(p, [("https://courier.example/1", _html(STORY).encode(), {}),
                   ("https://courier.example/2", _html(STORY2).encode(), {})])
    items = _all(p)
    assert [a.id for a in items if isinstance(a, Article)] == ["https://courier.example/1", "https://courier.example/2"]
    assert all(isinstance(a, Article) and a.url and a.source_path for a in items)


def test_warc_charset_from_http_header(tmp_path: Path) -> None:
    p = tmp_path / "latin.warc.gz"
    write_warc(p, [("https://courier.example/1", _html(STORY.replace("Velde", "Vélde")).encode("latin-1"), {})],
               ctype="text/html; charset=ISO-8859-1")
    assert "Vélde" in _one_article(p).text


def test_warc_gzip_bomb_is_bounded(tmp_path: Path) -> None:
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    gz = comp.compress(b"<p>") + b"".join(comp.compress(b"a" * 1_000_000) for _ in range(50)) + comp.flush()
    p = tmp_path / "bomb.warc.gz"
    write_warc(p, [("https://x.example/bomb", gz, {"Content-Encoding": "gzip"}),
                   ("https://x.example/ok", _html(STORY).encode(), {})])
    items = _all(p, max_bytes=1_000_000)
    assert isinstance(items[0], InputTooLargeError) and "1000000-byte limit" in items[0].reason
    assert isinstance(items[1], Article)


@pytest.mark.parametrize("name", ["full.warc", "full.warc.gz"])
def test_warc_truncated_reports_loss(tmp_path: Path, name: str) -> None:
    p = tmp_path / name
    write_warc(p, [("https://x.example/1", _html(STORY).encode(), {}), ("https://x.example/2", _html(STORY2).encode(), {})])
    data = p.read_bytes()
    for cut in range(len(data) // 3, len(data) - 20, 7):
        q = tmp_path / ("cut" + name[4:])
        q.write_bytes(data[:cut])
        items = _all(q)
        arts = [i for i in items if isinstance(i, Article)]
        errs = [i for i in items if isinstance(i, InputError)]
        assert len(arts) + len(errs) >= 1
        assert len(arts) == 2 or errs, f"cut at {cut}: pages lost without an error"


def test_warc_junk_and_empty(tmp_path: Path) -> None:
    p = tmp_path / "junk.warc"
    p.write_text("this is not an archive\n" * 5)
    assert "not a WARC archive" in _one_error(p).reason
    q = tmp_path / "info.warc"
    q.write_bytes(b"WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 0\r\n\r\n\r\n\r\n")
    assert "no HTML response" in _one_error(q).reason


# ------------------------------------------------------------------ paths and the interface


def test_paths_missing_loop_dangling_unsupported(tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text(STORY)
    os.symlink("loop.txt", tmp_path / "loop.txt")
    os.symlink("gone.txt", tmp_path / "dangling.txt")
    os.symlink("..", tmp_path / "up")  # a folder link back up: must not be followed
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    items = list(read_paths([tmp_path, tmp_path / "missing.txt", tmp_path / "notes.pdf"]))
    arts = [i for i in items if isinstance(i, Article)]
    reasons = {Path(i.source).name: i.reason for i in items if isinstance(i, InputError)}
    assert [a.id for a in arts] == ["ok"]
    assert reasons["loop.txt"] == "symbolic link loop"
    assert reasons["dangling.txt"] == "broken symbolic link"
    assert reasons["missing.txt"] == "no such file or directory"
    assert "no reader" in reasons["notes.pdf"]
    assert isinstance(next(i for i in items if isinstance(i, InputError) and i.source.endswith(".pdf")),
                      UnsupportedFormatError)


def test_permission_denied_is_an_error_not_a_crash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = tmp_path / "secret.txt"
    p.write_text(STORY)
    real_open = Path.open

    def deny(self: Path, *a: object, **k: object) -> object:
        if self.name == "secret.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *a, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", deny)
    assert _one_error(p).reason == "permission denied"


def test_a_crashing_custom_reader_is_contained(tmp_path: Path) -> None:
    class Exploding:
        suffixes = (".boom",)

        def read(self, path: Path, *, max_bytes: int | None = None):  # type: ignore[no-untyped-def]
            yield Article(id="first", text=STORY)
            raise RuntimeError("bug in a plug-in")

    register_reader(Exploding())
    try:
        p = tmp_path / "x.boom"
        p.write_text("anything")
        items = _all(p, encoding="auto")  # no `encoding` parameter: not passed
        assert isinstance(items[0], Article)
        assert isinstance(items[1], InputError) and "reader failed (RuntimeError" in items[1].reason
    finally:
        READERS.pop(0)


def test_builtin_readers_keep_the_small_interface() -> None:
    for reader in (TextReader(), HtmlReader(), JsonlReader(), FeedReader(), WarcReader()):
        assert reader.suffixes and all(s.startswith(".") for s in reader.suffixes)
        assert callable(reader.read)
