"""The highlighted article text, built from hand-made analyses (no pipeline needed)."""

from __future__ import annotations

from lxml import html as lhtml

from reportedly.models import Actor, Analysis, Article, Attribution, Editorial, Event, Span
from reportedly.web._charts import by_period, hbars, timeline
from reportedly.web._render import article_view, highlight


def _analysis(text: str) -> Analysis:
    s = lambda a, b: Span.of(text, a, b)  # noqa: E731
    outer_src = text.index("The mayor")
    inner_src = text.index("Rivera")
    return Analysis(
        article=Article(id="t1", text=text, title="<script>alert('t')</script>"),
        attributions=[
            Attribution(id="A1", source=s(outer_src, outer_src + 9), cue=s(outer_src + 10, outer_src + 14),
                        content=s(outer_src + 15, len(text) - 1), speaker="P1", stance="neutral"),
            Attribution(id="A2", source=s(inner_src, inner_src + 6),
                        cue=s(inner_src + 7, inner_src + 14), content=s(inner_src + 15, len(text) - 1),
                        speaker="P2", stance="distancing", nested_in="A1"),
        ],
        actors=[Actor(id="P1", name="The mayor <b>", type="person"), Actor(id="P2", name="Rivera", type="person")],
        events=[Event(id="E1", plover="ACCUSE", evidence=s(0, len(text)), attribution="A2",
                      trigger=s(inner_src + 7, inner_src + 14))],
        editorial=[Editorial(id="D1", span=s(0, 8), reason="loaded <term>", category="loaded")],
    )


TEXT = 'Scandal: The mayor said that Rivera claimed the <script>x()</script> budget was "cooked".'


def test_highlight_keeps_the_text_exactly_and_escapes_it() -> None:
    analysis = _analysis(TEXT)
    markup = str(highlight(analysis))
    assert "<script>" not in markup
    assert "&lt;script&gt;x()&lt;/script&gt;" in markup
    root = lhtml.fromstring(f"<article>{markup}</article>")
    assert root.text_content() == TEXT  # every character, in order, nothing added


def test_every_attribution_and_role_is_marked() -> None:
    root = lhtml.fromstring(f"<article>{highlight(_analysis(TEXT))}</article>")
    pieces = root.xpath("//span[@data-a]")
    ids = {i for p in pieces for i in p.get("data-a").split()}
    assert ids == {"A1", "A2"}
    classes = " ".join(p.get("class") for p in root.xpath("//span"))
    for role in ("r-src", "r-cue", "r-con", "ed", "ev", "deep"):
        assert role in classes
    # the nested attribution's cue is coloured as a cue even though it sits inside A1's content
    claimed = next(p for p in pieces if p.text == "claimed")
    assert "r-cue" in claimed.get("class") and claimed.get("data-a").split()[0] == "A2"
    assert "ACCUSE" in claimed.get("title") and "stance distancing" in claimed.get("title")
    assert root.xpath("//span[@id='t-A1']") and root.xpath("//span[@id='t-A2']")


def test_hover_titles_and_names_are_escaped() -> None:
    markup = str(highlight(_analysis(TEXT)))
    assert "The mayor &lt;b&gt;" in markup
    assert "loaded &lt;term&gt;" in markup


def test_spans_outside_the_text_are_ignored() -> None:
    analysis = _analysis(TEXT)
    analysis.attributions.append(Attribution(id="A9", content=Span(5, 10_000, "x")))
    root = lhtml.fromstring(f"<article>{highlight(analysis)}</article>")
    assert root.text_content() == TEXT
    assert "A9" not in str(highlight(analysis))


def test_article_view_rows_and_safe_links() -> None:
    analysis = _analysis(TEXT)
    analysis.article.url = "javascript:alert(1)"
    view = article_view(analysis, actor_urls={"P1": "/actors/3"})
    assert view["url"] is None  # never a javascript: link
    assert view["attributions"][0]["actor_url"] == "/actors/3"
    assert view["attributions"][1]["events"] == ["E1"]
    assert view["counts"] == {"attributions": 2, "actors": 2, "events": 1, "editorial": 1}


def test_chart_geometry() -> None:
    chart = hbars([{"key": "a", "total": 3, "stances": {"neutral": 2, "denying": 1}},
                   {"key": "b", "total": 1, "stances": {"neutral": 1}}])
    assert chart["legend"] == ["neutral", "denying"]
    first = chart["rows"][0]["parts"]
    assert first[0]["x"] + first[0]["w"] == first[1]["x"]
    assert chart["rows"][1]["parts"][0]["w"] < first[0]["w"]
    points, undated = by_period(["2026-01-01", "2026-01-03", None, "2026-01-03"])
    assert points == [("2026-01-01", 1), ("2026-01-02", 0), ("2026-01-03", 2)] and undated == 1
    months, _ = by_period(["2025-01-05", "2025-09-01"])
    assert months[0] == ("2025-01", 1) and len(months) == 9
    cols = timeline(points)["cols"]
    assert cols[1]["h"] == 0 and cols[2]["h"] > cols[0]["h"]
