"""HTML reader: main text and metadata through trafilatura.

Offsets refer to the extracted text, which the analysis carries as ``article.text``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

from reportedly.errors import InputError, NoMainTextError
from reportedly.ingest._base import ReadResult, decode_bytes, read_limited
from reportedly.models import Article

log = logging.getLogger(__name__)

#: fewer words than this in the extracted text means the page has no article in it
MIN_WORDS = 8


def article_from_html(html: str, article_id: str, source: str, *, url: str | None = None) -> Article:
    """Extract the main text of a page; raise NoMainTextError when there is none."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            html, url=url, include_comments=False, include_tables=False, with_metadata=True
        )
    except Exception as exc:  # trafilatura/lxml raise many kinds on broken markup
        raise NoMainTextError(source, f"HTML could not be parsed ({type(exc).__name__})") from None
    if doc is None:
        raise NoMainTextError(source, "no main text found in the HTML page")
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = (data.get("text") or "").strip()
    if len(text.split()) < MIN_WORDS:
        # trafilatura falls back to navigation text on empty pages; a few words is not an article
        raise NoMainTextError(source, f"no main text found in the HTML page ({len(text.split())} words)")
    return Article(
        id=article_id,
        text=text,
        title=data.get("title") or None,
        url=data.get("url") or url,
        published=data.get("date") or None,
        outlet=data.get("sitename") or None,
        source_path=source,
    )


class HtmlReader:
    suffixes: tuple[str, ...] = (".html", ".htm", ".xhtml")

    def read(self, path: Path, *, max_bytes: int | None = None) -> Iterator[ReadResult]:
        try:
            raw = read_limited(path, max_bytes)
            html = decode_bytes(raw, str(path))
            yield article_from_html(html, path.stem, str(path))
        except InputError as exc:
            yield exc
