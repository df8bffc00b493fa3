"""RSS / Atom reader (feedparser): one article per entry with full content.

A feed that declares XML entities (``<!ENTITY``) is refused before parsing: entity
declarations are how "billion laughs" and external-entity attacks work, and real feeds
never need them. The byte limit applies to the feed file as a whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from reportedly.errors import InputError, MalformedRecordError, NoMainTextError
from reportedly.ingest._base import ReadResult, declared_charset, decode_bytes, read_limited
from reportedly.ingest.html import article_from_html
from reportedly.models import Article

_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)
_ENTITY_DECL_UTF16 = re.compile("<!ENTITY".encode("utf-16-le"), re.IGNORECASE)


class FeedReader:
    suffixes: tuple[str, ...] = (".rss", ".atom", ".xml")

    def read(
        self, path: Path, *, max_bytes: int | None = None, encoding: str | None = None
    ) -> Iterator[ReadResult]:
        import feedparser

        try:
            raw = read_limited(path, max_bytes)
            # decoding checks the bytes are text (not binary, not an undeclared legacy encoding)
            decode_bytes(raw, str(path), encoding=encoding, declared=declared_charset(raw))
        except InputError as exc:
            yield exc
            return
        # the whole file is searched: a DOCTYPE can be pushed past any fixed prefix
        if _ENTITY_DECL.search(raw) or _ENTITY_DECL_UTF16.search(raw) or _ENTITY_DECL_UTF16.search(raw[1:]):
            yield MalformedRecordError(str(path), "feed declares XML entities (<!ENTITY); refused for safety")
            return
        try:
            parsed = feedparser.parse(raw)
        except Exception as exc:  # feedparser is lenient, but sgmllib fallbacks can still raise
            yield MalformedRecordError(str(path), f"not a valid RSS/Atom feed ({type(exc).__name__})")
            return
        if not parsed.entries:
            reason = "no entries in the feed"
            if parsed.get("bozo"):
                reason = f"not a valid RSS/Atom feed ({type(parsed.get('bozo_exception')).__name__})"
            yield MalformedRecordError(str(path), reason)
            return
        outlet = parsed.feed.get("title")
        seen: set[str] = set()
        for n, entry in enumerate(parsed.entries, start=1):
            source = f"{path}#{n}"
            html = ""
            if entry.get("content"):
                html = max((c.get("value", "") for c in entry["content"]), key=len)
            html = html or entry.get("summary", "")
            entry_id = str(entry.get("id") or entry.get("link") or f"{path.stem}-{n}")
            if entry_id in seen:
                entry_id = f"{entry_id}#{n}"
            seen.add(entry_id)
            try:
                article = _entry_article(html, entry_id, source, entry.get("link"))
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
