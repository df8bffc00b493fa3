"""The pages and their .json twins, in-process over a real SQLite corpus."""

from __future__ import annotations

import pytest
from lxml import html as lhtml

from reportedly import validate_analysis
from tests.web.conftest import HARBOR, SEED

PAGES = ["/", "/articles", "/claims", "/audit", "/analyze", "/docs"]


def _doc(resp):  # type: ignore[no-untyped-def]
    assert resp.headers["content-type"].startswith("text/html"), resp.text[:200]
    return lhtml.fromstring(resp.text)


def _article_id(client, external_id: str) -> str:  # type: ignore[no-untyped-def]
    rows = client.get("/articles.json").json()["articles"]
    return next(r["id"] for r in rows if r["external_id"] == external_id)


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_with_navigation(client, path: str) -> None:  # type: ignore[no-untyped-def]
    resp = client.get(path)
    assert resp.status_code == 200
    doc = _doc(resp)
    assert doc.xpath("//h1")
    assert [a.get("href") for a in doc.xpath("//header/nav/a")] == \
        ["/", "/articles", "/claims", "/audit", "/analyze", "/docs"]


@pytest.mark.parametrize("path", ["/index.json", "/articles.json", "/claims.json", "/audit.json", "/analyze.json"])
def test_json_twins(client, path: str) -> None:  # type: ignore[no-untyped-def]
    resp = client.get(path)
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("application/json")
    assert isinstance(resp.json(), dict)


def test_html_pages_link_their_json_twin(client) -> None:  # type: ignore[no-untyped-def]
    for path, twin in [("/", "/index.json"), ("/articles?q=talks", "/articles.json?q=talks"), ("/audit", "/audit.json")]:
        doc = _doc(client.get(path))
        assert doc.xpath("//a[@rel='alternate']/@href") == [twin]
        assert client.get(twin).status_code == 200


def test_overview_counts_match_the_store(client) -> None:  # type: ignore[no-untyped-def]
    data = client.get("/index.json").json()
    n = 5 if SEED.is_file() else 4
    assert data["counts"]["articles"] == n
    assert data["counts"]["attributions"] == sum(a["n_attributions"] for a in client.get("/articles.json").json()["articles"])
    assert 0 <= data["anonymity"]["share"] <= 1
    assert data["top_speakers"] and all(s["n"] >= 1 for s in data["top_speakers"])
    doc = _doc(client.get("/"))
    assert f"{n} articles" in " ".join(doc.xpath("//ul[@class='stats']//text()")).replace("\n", " ").replace("  ", " ")
    assert len(doc.xpath("//section//table//a[starts-with(@href, '/articles/')]")) == n


def test_articles_list_search_and_paging(client) -> None:  # type: ignore[no-untyped-def]
    data = client.get("/articles.json", params={"q": "dredging"}).json()
    assert {a["external_id"] for a in data["articles"]} == {"harbor-talks", "harbor-blame"}
    assert client.get("/articles.json", params={"q": "no such words anywhere"}).json()["total"] == 0
    assert client.get("/articles.json", params={"outlet": "Ostrand Daily"}).json()["total"] == 1
    assert client.get("/articles.json", params={"page": 0}).status_code == 422
    assert client.get("/articles.json", params={"page": 99}).json()["articles"] == []
    doc = _doc(client.get("/articles", params={"q": "dredging"}))
    assert len(doc.xpath("//table[@class='list']/tbody/tr")) == 2


def test_article_view_highlights_every_attribution(client) -> None:  # type: ignore[no-untyped-def]
    aid = _article_id(client, "harbor-talks")
    data = client.get(f"/articles/{aid}.json").json()
    validate_analysis({k: v for k, v in data.items() if k != "store"})
    assert data["article"]["text"] == HARBOR
    doc = _doc(client.get(f"/articles/{aid}"))
    text = doc.get_element_by_id("article-text")
    assert text.text_content() == HARBOR
    marked = {i for el in text.xpath(".//span[@data-a]") for i in el.get("data-a").split()}
    assert marked == {a["id"] for a in data["attributions"]} and marked
    rows = doc.xpath("//table[@class='attrs']/tbody/tr/@id")
    assert rows == [f"attr-{a['id']}" for a in data["attributions"]]
    # the external id works as well as the text hash
    assert client.get("/articles/harbor-talks").status_code == 200


def test_speakers_link_to_actor_pages(client) -> None:  # type: ignore[no-untyped-def]
    aid = _article_id(client, "harbor-talks")
    links = client.get(f"/articles/{aid}.json").json()["store"]["actors"]
    assert links
    url = next(iter(links.values()))
    page = client.get(url)
    assert page.status_code == 200
    actor = client.get(url + ".json").json()
    assert actor["n_statements"] >= 1 and actor["statements"]
    assert {"cues", "stances", "editorial"} <= set(actor["framing"])
    assert "points" in actor["timeline"]
    doc = _doc(page)
    assert doc.xpath("//h1")[0].text_content().startswith(actor["actor"]["name"])
    assert doc.xpath("//svg") or doc.xpath("//p[@class='empty']")


def test_missing_things_are_404_in_both_forms(client) -> None:  # type: ignore[no-untyped-def]
    for path in ["/articles/nope", "/actors/987654", "/claims/987654"]:
        page = client.get(path)
        assert page.status_code == 404 and _doc(page).xpath("//h1")
        twin = client.get(path + ".json")
        assert twin.status_code == 404 and twin.json()["detail"]
    assert client.get("/actors/not-a-number.json").status_code == 422


def test_claims_search_and_links(client) -> None:  # type: ignore[no-untyped-def]
    data = client.get("/claims.json", params={"q": "dredging bill"}).json()
    reports = [r for c in data["claims"] for r in c["reports"]] + data["unclustered"]
    assert reports, data
    for claim in data["claims"]:
        assert {link["relation"] for link in claim["links"]} <= {"agree", "contradict"}
        for link in claim["links"]:
            assert link["a_n"] and link["b_n"]
    doc = _doc(client.get("/claims", params={"q": "dredging bill"}))
    assert doc.xpath("//input[@name='q']/@value") == ["dredging bill"]
    assert doc.xpath("//a[starts-with(@href, '/articles/')]")
    # FTS syntax in user text is searched as words, not parsed
    assert client.get("/claims.json", params={"q": 'talks" OR -x:'}).status_code == 200


def test_audit_charts(client) -> None:  # type: ignore[no-untyped-def]
    data = client.get("/audit.json").json()
    total = client.get("/index.json").json()["counts"]["attributions"]
    assert sum(r["total"] for r in data["by_speaker_type"]) == total
    assert sum(r["total"] for r in data["by_outlet"]) == total
    doc = _doc(client.get("/audit"))
    assert len(doc.xpath("//svg[@role='img']")) >= 3
    assert doc.xpath("//svg//rect[starts-with(@class, 'k-')]")


def test_audit_shows_the_framing_audit_once_computed(client) -> None:  # type: ignore[no-untyped-def]
    import time

    pytest.importorskip("reportedly.framing")
    deadline = time.monotonic() + 90
    while (data := client.get("/audit.json").json())["framing_status"] != "current":
        assert time.monotonic() < deadline, "the background framing audit did not finish"
        time.sleep(0.3)
    framing = data["framing"]
    assert framing and framing["articles"] == client.get("/index.json").json()["counts"]["articles"]
    names = [r["name"] for r in framing["speakers"]]
    assert any("Karremans" in n or "Brevik" in n for n in names), names
    doc = _doc(client.get("/audit"))
    assert "Sides and speakers" in doc.text_content()
    assert len(doc.xpath("//svg[@role='img']")) >= 5


def test_analyze_page_and_twin_store_nothing(client) -> None:  # type: ignore[no-untyped-def]
    before = client.get("/index.json").json()["counts"]["articles"]
    text = 'Officials in Marnholt said on Monday that the bridge would reopen in June.'
    page = client.post("/analyze", data={"text": text, "title": "Bridge"})
    assert page.status_code == 200
    doc = _doc(page)
    assert doc.get_element_by_id("article-text").text_content() == text
    assert doc.xpath("//span[@data-a]")
    data = client.post("/analyze.json", json={"text": text}).json()
    validate_analysis(data)
    assert data["attributions"]
    files = {"file": ("note.txt", text.encode("utf-8"), "text/plain")}
    assert client.post("/analyze.json", files=files).json()["article"]["text"] == text
    assert client.get("/index.json").json()["counts"]["articles"] == before


def test_analyze_refuses_bad_input_clearly(client) -> None:  # type: ignore[no-untyped-def]
    assert client.post("/analyze.json", json={"text": "   "}).status_code == 422
    assert client.post("/analyze.json", json={"nope": 1}).status_code == 422
    assert client.post("/analyze.json", content=b"{not json", headers={"content-type": "application/json"}).status_code == 400
    binary = {"file": ("x.txt", b"\x00\x01\x02" * 100, "text/plain")}
    assert "binary" in client.post("/analyze.json", files=binary).json()["detail"]
    latin1 = {"file": ("x.txt", "café olé".encode("latin-1"), "text/plain")}
    assert "UTF-8" in client.post("/analyze.json", files=latin1).json()["detail"]
    exe = {"file": ("x.exe", b"MZ", "application/octet-stream")}
    assert client.post("/analyze.json", files=exe).status_code == 415
    page = client.post("/analyze", data={"text": ""})
    assert page.status_code == 422 and _doc(page).xpath("//p[@class='error']")


def test_openapi_and_docs_list_every_page(client) -> None:  # type: ignore[no-untyped-def]
    spec = client.get("/openapi.json").json()
    for path in ["/", "/index.json", "/articles", "/articles.json", "/articles/{article_id}",
                 "/articles/{article_id}.json", "/actors/{actor_id}", "/actors/{actor_id}.json", "/claims",
                 "/claims.json", "/audit", "/audit.json", "/analyze", "/analyze.json"]:
        assert path in spec["paths"], path
    doc = _doc(client.get("/docs"))
    listed = {c.text_content() for c in doc.xpath("//table[@class='api']//td[2]/code")}
    assert "/articles/{article_id}.json" in listed and "/claims.json" in listed


def test_no_store_means_analyze_only() -> None:
    from reportedly.web import create_app
    from tests.web.conftest import make_client

    client = make_client(create_app())
    assert client.get("/analyze").status_code == 200
    assert client.get("/articles.json").status_code == 503
    assert client.get("/").status_code == 503


def test_missing_store_file_is_a_clear_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from reportedly.errors import StoreError
    from reportedly.web import create_app

    with pytest.raises(StoreError, match="no corpus store"):
        create_app(f"sqlite:///{tmp_path / 'absent.db'}")


def test_html_upload_is_extracted_then_analyzed(client) -> None:  # type: ignore[no-untyped-def]
    page = ("<html><head><title>Ferry row</title></head><body><nav>Home | News</nav><article><h1>Ferry row</h1>"
            "<p>The ferry operator said on Thursday that crossings to the island would be cut by half from May, "
            "citing fuel costs that it described as unsustainable.</p><p>Islanders said the decision would "
            "isolate the community, and the council promised to challenge it.</p></article></body></html>")
    files = {"file": ("ferry.html", page.encode(), "text/html")}
    data = client.post("/analyze.json", files=files).json()
    assert "<p>" not in data["article"]["text"] and "ferry operator" in data["article"]["text"]
    assert data["attributions"]


def test_readers_see_consistent_data_while_articles_are_added(store_db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A page's queries run in one read transaction: counts and rows agree during concurrent ingest."""
    import shutil
    import threading

    from reportedly import analyze_text
    from reportedly.corpus import Corpus
    from reportedly.web import create_app
    from tests.web.conftest import make_client

    db = tmp_path / "live.db"
    shutil.copy(store_db, db)
    extra = [analyze_text(f"The mayor of Town {i} said on Monday that the bridge number {i} would reopen.",
                          id=f"bridge-{i}") for i in range(8)]
    client = make_client(create_app(f"sqlite:///{db}", {"page_size": 500}))
    errors: list[str] = []

    def write() -> None:
        with Corpus.open(db) as corpus:
            for analysis in extra:
                corpus.add(analysis)

    writer = threading.Thread(target=write)
    writer.start()
    seen = set()
    while writer.is_alive() or len(seen) < 2:
        data = client.get("/articles.json").json()
        if data["total"] != len(data["articles"]):
            errors.append(f"total {data['total']} but {len(data['articles'])} rows")
        seen.add(data["total"])
        for row in data["articles"][:3]:
            art = client.get(f"/articles/{row['id']}.json")
            if art.status_code != 200 or len(art.json()["attributions"]) != row["n_attributions"]:
                errors.append(f"article {row['id']} inconsistent")
        if not writer.is_alive():
            break
    writer.join()
    assert not errors, errors[:5]
    final = client.get("/articles.json").json()["total"]
    assert final == client.get("/index.json").json()["counts"]["articles"]
    assert final >= 8 + 4


def test_superseded_version_links_to_the_latest(store_db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import shutil

    from reportedly import analyze_text
    from reportedly.corpus import Corpus
    from reportedly.web import create_app
    from tests.web.conftest import make_client

    db = tmp_path / "versions.db"
    shutil.copy(store_db, db)
    client = make_client(create_app(f"sqlite:///{db}"))
    old_id = _article_id(client, "harbor-talks")
    with Corpus.open(db) as corpus:
        corpus.add(analyze_text(HARBOR + "\nUpdated on Wednesday with a correction.\n", id="harbor-talks"))
    new_id = _article_id(client, "harbor-talks")
    assert new_id != old_id
    old = _doc(client.get(f"/articles/{old_id}"))
    assert old.xpath("//p[@role='note']/a/@href") == ["/articles/harbor-talks"]
    assert not _doc(client.get(f"/articles/{new_id}")).xpath("//p[@role='note']")
    assert client.get("/articles/harbor-talks.json").json()["store"]["id"] == new_id


def test_actor_page_counts_people_speaking_for_an_organisation(client) -> None:  # type: ignore[no-untyped-def]
    aid = _article_id(client, "evil-actor")
    links = client.get(f"/articles/{aid}.json").json()["store"]["actors"]
    party = client.get(links["P2"] + ".json").json()
    assert party["n_statements"] == 0 and party["n_on_behalf"] == 1
    assert [s["own"] for s in party["statements"]] == [False]
    doc = _doc(client.get(links["P2"]))
    assert "for them" in doc.text_content()
