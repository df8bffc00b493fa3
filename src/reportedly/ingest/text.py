"""Plain-text reader: the exact file text is the article text, so offsets index the file.

A ``.txt`` file that is really an HTML page (it opens with ``<!DOCTYPE html`` or ``<html``)
goes through the HTML extraction instead: analysing markup as prose gives garbage, and the
analysis carries the extracted text that its offsets index.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from reportedly.errors import InputError
from reportedly.ingest._base import ReadResult, declared_charset, decode_bytes, read_limited
from reportedly.models import Article

_HTML_START = re.compile(r"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.IGNORECASE | re.DOTALL)


def article_from_text(text: str, article_id: str, *, source_path: str | None = None) -> Article:
    """An article whose first line is its title only when a blank line follows it.

    The text is kept exactly as given (the title line included) so that character offsets
    into the analysis are offsets into the original file.
    """
    title = None
    lines = text.split("\n", 2)
    if len(lines) >= 2 and lines[0].strip() and not lines[1].strip() and len(lines[0]) <= 300:
        title = lines[0].strip()
    return Article(id=article_id, text=text, title=title, source_path=source_path)


def looks_like_html(text: str) -> bool:
    return bool(_HTML_START.match(text[:4096]))


class TextReader:
    suffixes: tuple[str, ...] = (".txt", ".text")

    def read(
        self, path: Path, *, max_bytes: int | None = None, encoding: str | None = None
    ) -> Iterator[ReadResult]:
        try:
            raw = read_limited(path, max_bytes)
            if looks_like_html(raw[:4096].decode("latin-1")):
                from reportedly.ingest.html import article_from_html

                html = decode_bytes(raw, str(path), encoding=encoding, declared=declared_charset(raw))
                yield article_from_html(html, path.stem, str(path))
                return
            text = decode_bytes(raw, str(path), encoding=encoding)
        except InputError as exc:
            yield exc
            return
        yield article_from_text(text, path.stem, source_path=str(path))
