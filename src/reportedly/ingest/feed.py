"""RSS / Atom reader (feedparser): one article per entry with full content."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from reportedly.errors import InputError, MalformedRecordError, NoMainTextError
from reportedly.ingest._base import ReadResult, decode_bytes, read_limited
from reportedly.ingest.html import article_from_html
from reportedly.models import Article

_DOCTYPE_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)


class FeedReader:
    suffixes: tuple[str, ...] = (".rss", ".atom", ".xml")

    def read(self, path: Path, *, max_bytes: int | None = None) -> Iterator[ReadResult]:
        import feedparser

        try:
            raw = read_limited(path, max_bytes)
            decode_bytes(raw, str(path))
        except InputError as exc:
            yield exc
            return
        if _DOCTYPE_ENTITY.search(raw[:65536]):
            # entity declarations are how "billion laughs" attacks work; feeds never need them
            yield MalformedRecordError(str(path), "feed declares XML entities; refused for safety")
            return
        parsed = feedparser.parse(raw)
        if not parsed.entries:
            reason = "no entries in the feed"
            if parsed.get("bozo"):
                reason = f"not a valid RSS/Atom feed ({type(parsed.get('bozo_exception')).__name__})"
            yield MalformedRecordError(str(path), reason)
            return
        outlet = parsed.feed.get("title")
        for n, entry in enumerate(parsed.entries, start=1):
            source = f"{path}#{n}"
            html = ""
            if entry.get("content"):
                html = max((c.get("value", "") for c in entry["content"]), key=len)
            html = html or entry.get("summary", "")
            entry_id = entry.get("id") or entry.get("link") or f"{path.stem}-{n}"
            try:
                article = _entry_article(html, str(entry_id), source, entry.get("link"))
            except InputError as exc:
                yield exc
                continue
            article.title = entry.get("title") or article.title
            article.published = entry.get("published") or entry.get("updated") or article.published
            article.outlet = outlet or article.outlet
            yield article


def _entry_article(html: str, entry_id: str, source: str, url: str | None) -> Article:
    if not html.strip():
        raise NoMainTextError(source, "feed entry has no content")
    wrapped = f"<html><body><article>{html}</article></body></html>"
    return article_from_html(wrapped, entry_id, source, url=url)
