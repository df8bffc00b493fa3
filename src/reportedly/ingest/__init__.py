"""Readers: turn files into :class:`~reportedly.models.Article` records.

Each reader is one module with a class following the :class:`Reader` protocol.  A reader
yields ``Article`` objects or :class:`~reportedly.errors.InputError` instances (never raises
for a bad document inside a multi-document file), so one bad record never stops a batch.

Add your own with :func:`register_reader`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from reportedly.errors import InputError, UnsupportedFormatError
from reportedly.ingest._base import Reader, ReadResult, decode_bytes, read_limited
from reportedly.ingest.feed import FeedReader
from reportedly.ingest.html import HtmlReader
from reportedly.ingest.jsonl import JsonlReader
from reportedly.ingest.text import TextReader, article_from_text
from reportedly.ingest.warc import WarcReader

_READERS: list[Reader] = [TextReader(), HtmlReader(), JsonlReader(), FeedReader(), WarcReader()]


def register_reader(reader: Reader, *, first: bool = True) -> None:
    """Add a reader; by default it takes precedence over the built-ins for its suffixes."""
    if first:
        _READERS.insert(0, reader)
    else:
        _READERS.append(reader)


def readers() -> list[Reader]:
    return list(_READERS)


def reader_for(path: Path) -> Reader | None:
    name = path.name.lower()
    for reader in _READERS:
        if any(name.endswith(suffix) for suffix in reader.suffixes):
            return reader
    return None


def supported_suffixes() -> set[str]:
    return {s for r in _READERS for s in r.suffixes}


def expand_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named directly, and every supported file below a named directory (sorted)."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if reader_for(child) is not None:
                    yield child
        else:
            yield path


def read_path(path: str | Path, *, max_bytes: int | None = None) -> Iterator[ReadResult]:
    """Every article in a file (or an InputError saying why not)."""
    path = Path(path)
    reader = reader_for(path)
    if reader is None:
        yield UnsupportedFormatError(
            str(path), f"no reader for '{path.suffix or path.name}' files "
            f"(supported: {', '.join(sorted(supported_suffixes()))})"
        )
        return
    try:
        yield from reader.read(path, max_bytes=max_bytes)
    except InputError as exc:
        yield exc
    except OSError as exc:
        yield InputError(str(path), f"cannot read file: {exc.strerror or exc}")


def read_paths(paths: Iterable[str | Path], *, max_bytes: int | None = None) -> Iterator[ReadResult]:
    for path in expand_paths(paths):
        if not path.exists():
            yield InputError(str(path), "no such file or directory")
            continue
        yield from read_path(path, max_bytes=max_bytes)


__all__ = [
    "FeedReader",
    "HtmlReader",
    "JsonlReader",
    "ReadResult",
    "Reader",
    "TextReader",
    "WarcReader",
    "article_from_text",
    "decode_bytes",
    "expand_paths",
    "read_limited",
    "read_path",
    "read_paths",
    "reader_for",
    "readers",
    "register_reader",
]
