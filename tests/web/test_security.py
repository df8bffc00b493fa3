"""Web security: escaping, headers and CSP, body and rate limits, path traversal, the write token."""

from __future__ import annotations

import re

import pytest
from lxml import html as lhtml

from reportedly.web import WebConfig, create_app
from reportedly.web._security import CSP, RateLimiter
from tests.web.conftest import EVIL_NAME, HOSTILE, TOKEN, make_client

XSS = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "javascript:alert(1)",
       "';alert(1)//", "<svg onload=alert(1)>"]


def _hostile_id(client) -> str:  # type: ignore[no-untyped-def]
    rows = client.get("/articles.json").json()["articles"]
    return next(r["id"] for r in rows if r["external_id"] == "council-vote")


def _assert_no_injected_markup(page: str) -> None:
    doc = lhtml.fromstring(page)
    for script in doc.xpath("//script"):
        # the only scripts are our own files: no inline code, no foreign source
        assert script.get("src", "").startswith("/static/") and not (script.text or "").strip()
    assert not doc.xpath("//*[@onerror or @onload or @onclick or @onmouseover]")
    assert not doc.xpath("//img[@src='x'] | //svg[@onload]")
    assert not doc.xpath("//@href[starts-with(normalize-space(.), 'javascript:')]")
    assert not doc.xpath("//*[@style]"), "inline style would need 'unsafe-inline' in the CSP"


def test_article_text_title_and_metadata_are_escaped(client) -> None:  # type: ignore[no-untyped-def]
    aid = _hostile_id(client)
    page = client.get(f"/articles/{aid}").text
    _assert_no_injected_markup(page)
    assert "&lt;script&gt;window.__pwned = 1" in page
    doc = lhtml.fromstring(page)
    assert doc.get_element_by_id("article-text").text_content() == HOSTILE
    assert "<i>Evil</i> Gazette" in doc.xpath("//p[@class='meta']")[0].text_content()
    # the javascript: URL in the metadata never becomes a link
    assert not doc.xpath("//a[contains(., 'original')]")


@pytest.mark.parametrize("path", ["/", "/articles", "/claims", "/audit", "/analyze", "/docs"])
def test_no_page_has_inline_script_or_style(client, path: str) -> None:  # type: ignore[no-untyped-def]
    _assert_no_injected_markup(client.get(path).text)


@pytest.mark.parametrize("payload", XSS)
def test_reflected_search_strings_are_escaped(client, payload: str) -> None:  # type: ignore[no-untyped-def]
    for path in ("/articles", "/claims"):
        page = client.get(path, params={"q": payload}).text
        _assert_no_injected_markup(page)
        assert lhtml.fromstring(page).xpath("//input[@name='q']/@value") == [payload]


def test_pasted_text_and_title_are_escaped(client) -> None:  # type: ignore[no-untyped-def]
    text = "Officials said the <script>alert(2)</script> plan was \"<b>dead</b>\"."
    page = client.post("/analyze", data={"text": text, "title": '<img src=x onerror=alert(3)>'}).text
    _assert_no_injected_markup(page)
    doc = lhtml.fromstring(page)
    assert doc.get_element_by_id("article-text").text_content() == text
    assert doc.xpath("//textarea[@name='text']")[0].text_content() == text


def test_actor_names_are_escaped(client) -> None:  # type: ignore[no-untyped-def]
    for external_id in ("council-vote", "evil-actor"):
        rows = client.get("/articles.json").json()["articles"]
        aid = next(r["id"] for r in rows if r["external_id"] == external_id)
        page = client.get(f"/articles/{aid}").text
        _assert_no_injected_markup(page)
        links = client.get(f"/articles/{aid}.json").json()["store"]["actors"]
        assert links
        for url in links.values():
            _assert_no_injected_markup(client.get(url).text)
    # the hostile name is shown as text wherever names appear
    for path in ("/", "/audit", "/claims?q=tunnel", "/articles?q=tunnel"):
        page = client.get(path).text
        _assert_no_injected_markup(page)
    assert EVIL_NAME in lhtml.fromstring(client.get("/").text).text_content()


def test_security_headers_on_every_response(client) -> None:  # type: ignore[no-untyped-def]
    for path in ["/", "/articles.json", "/static/app.css", "/nope", "/articles/nope.json"]:
        h = client.get(path).headers
        assert h["content-security-policy"] == CSP
        assert h["x-content-type-options"] == "nosniff"
        assert h["x-frame-options"] == "DENY"
        assert h["referrer-policy"] == "no-referrer"
        assert re.match(r"app;dur=\d+\.\d", h["server-timing"])
    assert "unsafe-inline" not in CSP and "unsafe-eval" not in CSP
    assert "script-src 'self'" in CSP and "frame-ancestors 'none'" in CSP


@pytest.mark.parametrize("path", [
    "/static/../pyproject.toml", "/static/..%2f..%2fpyproject.toml", "/static/%2e%2e/%2e%2e/pyproject.toml",
    "/static/..%5c..%5cpyproject.toml", "/static//etc/passwd", "/articles/..%2f..%2f..%2fetc%2fpasswd",
    "/articles/%2e%2e%2f%2e%2e%2fetc%2fpasswd.json", "/static/app.css%00.txt",
])
def test_no_path_traversal(client, path: str) -> None:  # type: ignore[no-untyped-def]
    resp = client.get(path)
    assert resp.status_code in (400, 404, 422), path
    assert "root:" not in resp.text and "[build-system]" not in resp.text


def test_only_known_static_files_are_served(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/static/app.js").headers["content-type"].startswith("text/javascript")
    assert client.get("/static/").status_code == 404  # no directory listing


def test_upload_size_limit() -> None:
    client = make_client(create_app(config={"max_upload_bytes": 2000, "analyze_per_minute": 100}))
    big = "The minister said the plan was sound. " * 100
    resp = client.post("/analyze.json", json={"text": big})
    assert resp.status_code == 413 and "limit" in resp.json()["detail"]
    files = {"file": ("big.txt", big.encode(), "text/plain")}
    assert client.post("/analyze.json", files=files).status_code == 413

    def chunks():  # no Content-Length: counted as it arrives
        for _ in range(10):
            yield b"x" * 500

    resp = client.post("/analyze.json", content=chunks(), headers={"content-type": "application/json"})
    assert resp.status_code == 413
    # the write endpoint has its own (larger) limit, and refuses before checking the token
    assert client.post("/articles.json", json={"text": big}).status_code == 403  # read-only, not a 413
    small = make_client(create_app(config={"max_upload_bytes": 2000, "max_ingest_bytes": 3000}))
    assert small.post("/articles.json", json={"text": big * 2}).status_code == 413


def test_text_length_limit() -> None:
    client = make_client(create_app(config={"max_analyze_chars": 50}))
    resp = client.post("/analyze.json", json={"text": "The minister said the plan was sound, and more. " * 3})
    assert resp.status_code == 413


def test_rate_limit_on_analyze() -> None:
    client = make_client(create_app(config={"analyze_per_minute": 2}))
    ok = {"text": "The mayor said the road would reopen."}
    assert client.post("/analyze.json", json=ok).status_code == 200
    assert client.post("/analyze.json", json=ok).status_code == 200
    resp = client.post("/analyze.json", json=ok)
    assert resp.status_code == 429 and int(resp.headers["retry-after"]) >= 1
    assert client.post("/analyze", data=ok).status_code == 429
    assert client.get("/analyze").status_code == 200  # reading is never rate limited


def test_rate_limiter_window_and_memory_bound() -> None:
    now = [0.0]
    limiter = RateLimiter(2, max_clients=3, clock=lambda: now[0])
    limiter.check("a")
    limiter.check("a")
    with pytest.raises(Exception, match="rate limit"):
        limiter.check("a")
    now[0] = 61.0
    limiter.check("a")
    for client in "bcdefg":
        limiter.check(client)
    assert len(limiter._hits) <= 3


def test_read_only_server_refuses_writes(client) -> None:  # type: ignore[no-untyped-def]
    resp = client.post("/articles.json", json={"text": "The mayor said so."},
                       headers={"authorization": f"Bearer {TOKEN}"})
    assert resp.status_code == 403 and "read-only" in resp.json()["detail"]
    for path in ["/articles", "/", "/audit.json", "/articles/x"]:
        assert client.post(path).status_code == 405


def test_writes_need_the_token(store_db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import shutil

    db = tmp_path / "copy.db"  # a copy: the shared store stays as the other tests expect it
    shutil.copy(store_db, db)
    client = make_client(create_app(f"sqlite:///{db}", WebConfig(token=TOKEN)))
    body = {"text": "The harbor master of Kessel said on Sunday that the channel would stay open.",
            "title": "<b>Channel</b> stays open", "outlet": "Kessel Post", "published": "2026-03-09"}
    assert client.post("/articles.json", json=body).status_code == 401
    assert client.post("/articles.json", json=body, headers={"authorization": "Bearer wrong-token-000000000"}).status_code == 401
    assert client.post("/articles.json", json=body, headers={"authorization": f"Basic {TOKEN}"}).status_code == 401
    resp = client.post("/articles.json", json=body, headers={"authorization": f"Bearer {TOKEN}"})
    assert resp.status_code == 201, resp.text
    stored = client.get(resp.json()["url"] + ".json").json()
    assert stored["article"]["title"] == "<b>Channel</b> stays open" and stored["article"]["outlet"] == "Kessel Post"
    assert "&lt;b&gt;Channel" in client.get(resp.json()["url"]).text
    bad = {"schema": "reportedly/analysis@1", "article": {"id": "x", "text": "abc"},
           "attributions": [{"id": "A1", "content": {"start": 0, "end": 9, "text": "nope"}}]}
    assert client.post("/articles.json", json=bad, headers={"authorization": f"Bearer {TOKEN}"}).status_code == 422


def test_token_from_environment_and_weak_tokens(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from reportedly.errors import ConfigError

    monkeypatch.setenv("REPORTEDLY_TOKEN", TOKEN)
    assert WebConfig.load(None).token == TOKEN
    assert not WebConfig.load(None).read_only
    with pytest.raises(ConfigError):
        WebConfig.load({"token": "short"})
    with pytest.raises(ConfigError):
        WebConfig.load({"no_such_setting": 1})


def test_foreign_host_header_refused_when_loopback_only(store_url: str) -> None:
    client = make_client(create_app(store_url, {"allowed_hosts": ["127.0.0.1", "localhost", "testserver"]}))
    assert client.get("/", headers={"host": "attacker.example"}).status_code == 400
    assert client.get("/", headers={"host": "localhost"}).status_code == 200


def test_analysis_queue_is_bounded(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """While the analyzer is busy, at most `analyze_queue` requests wait; the rest get 503 at once."""
    import threading
    import time

    import reportedly.web.app as web_app

    release = threading.Event()
    started = threading.Event()

    def slow(text, is_html, title):  # type: ignore[no-untyped-def]
        started.set()
        release.wait(20)
        return real(text, is_html, title)

    real = web_app._analyze
    monkeypatch.setattr(web_app, "_analyze", slow)
    client = make_client(create_app(config={"analyze_queue": 1, "analyze_wait_s": 10, "analyze_per_minute": 100}))
    body = {"text": "The mayor said the road would reopen."}
    results: list[int] = []
    first = threading.Thread(target=lambda: results.append(client.post("/analyze.json", json=body).status_code))
    first.start()
    assert started.wait(20)
    t0 = time.monotonic()
    resp = client.post("/analyze.json", json=body)
    assert resp.status_code == 503 and resp.headers["retry-after"] == "5"
    assert time.monotonic() - t0 < 5  # refused at once, not after waiting
    release.set()
    first.join(30)
    assert results == [200]
