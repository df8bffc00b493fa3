"""HTML reader: main text and metadata through trafilatura.

Offsets refer to the extracted text, which the analysis carries as ``article.text``.
The page's bytes are decoded by :func:`~reportedly.ingest._base.decode_bytes`, honouring a
``<meta charset>`` declaration; extraction runs under the per-article time limit.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

from reportedly.errors import InputError, NoMainTextError
from reportedly.ingest._base import ReadResult, check_text, declared_charset, decode_bytes, read_limited
from reportedly.ingest._limits import Limits, time_limit
from reportedly.models import Article

log = logging.getLogger(__name__)

#: fewer words than this in the extracted text means the page has no article in it
MIN_WORDS = 8


def article_from_html(
    html: str, article_id: str, source: str, *, url: str | None = None, timeout: float | None = None
) -> Article:
    """Extract the main text of a page; raise NoMainTextError when there is none."""
    import trafilatura

    seconds = Limits.from_env().timeout if timeout is None else timeout
    try:
        with time_limit(seconds, source, "HTML extraction"):
            doc = trafilatura.bare_extraction(
                html, url=url, include_comments=False, include_tables=False, with_metadata=True
            )
    except InputError:
        raise
    except Exception as exc:  # trafilatura/lxml raise many kinds on broken markup
        raise NoMainTextError(source, f"HTML could not be parsed ({type(exc).__name__})") from None
    if doc is None:
        raise NoMainTextError(source, "no main text found in the HTML page")
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = (data.get("text") or "").strip()
    if len(text.split()) < MIN_WORDS:
        # trafilatura falls back to navigation text on empty pages; a few words is not an article
        raise NoMainTextError(source, f"no main text found in the HTML page ({len(text.split())} words)")
    # entities such as &#0; or &#xD800; decode to characters that cannot be analysed or stored
    text = check_text(text, source)
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

    def read(
        self, path: Path, *, max_bytes: int | None = None, encoding: str | None = None
    ) -> Iterator[ReadResult]:
        try:
            raw = read_limited(path, max_bytes)
            html = decode_bytes(raw, str(path), encoding=encoding, declared=declared_charset(raw))
            yield article_from_html(html, path.stem, str(path))
        except InputError as exc:
            yield exc
