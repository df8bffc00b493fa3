"""Plain-text reader: the exact file text is the article text, so offsets index the file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from reportedly.errors import InputError
from reportedly.ingest._base import ReadResult, decode_bytes, read_limited
from reportedly.models import Article


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


class TextReader:
    suffixes: tuple[str, ...] = (".txt", ".text")

    def read(self, path: Path, *, max_bytes: int | None = None) -> Iterator[ReadResult]:
        try:
            text = decode_bytes(read_limited(path, max_bytes), str(path))
        except InputError as exc:
            yield exc
            return
        yield article_from_text(text, path.stem, source_path=str(path))
