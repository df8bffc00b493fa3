"""Readers: turn files into :class:`~reportedly.models.Article` records.

Each reader is one module with a class following the :class:`Reader` protocol.  A reader
yields ``Article`` objects or :class:`~reportedly.errors.InputError` instances (never raises
for a bad document inside a multi-document file), so one bad record never stops a batch.

Add your own with :func:`register_reader`; docs/input.md shows how.
"""

from __future__ import annotations

import inspect
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from reportedly.errors import InputError, InputTooLargeError, UnsupportedFormatError
from reportedly.ingest._base import (
    AUTO,
    Reader,
    ReadResult,
    _limit,
    decode_bytes,
    os_reason,
    read_limited,
)
from reportedly.ingest._lang import LanguageGuess, guess_language, language_refusal
from reportedly.ingest._limits import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_CHARS,
    DEFAULT_TIMEOUT,
    Limits,
    parse_languages,
    time_limit,
)
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


def _walk(root: Path) -> Iterator[Path | InputError]:
    """Supported files below ``root`` in sorted order, and an error per unreadable folder.

    Symbolic links to folders are not followed (a link back up would loop forever); links
    to files are, and a broken link with a supported suffix is reported.
    """
    errors: list[OSError] = []
    for folder, dirs, files in os.walk(root, onerror=errors.append, followlinks=False):
        dirs.sort()
        while errors:
            exc = errors.pop(0)
            yield InputError(str(exc.filename or folder), f"cannot list folder: {os_reason(exc)}")
        for name in sorted(files):
            child = Path(folder) / name
            if reader_for(child) is None:
                continue
            if child.is_symlink() and not child.exists():
                yield InputError(str(child), _missing_reason(child))
                continue
            yield child
    for exc in errors:
        yield InputError(str(exc.filename or root), f"cannot list folder: {os_reason(exc)}")


def expand_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named directly, and every supported file below a named directory (sorted)."""
    for item in _expand(paths):
        if isinstance(item, Path):
            yield item


def _expand(paths: Iterable[str | Path]) -> Iterator[Path | InputError]:
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path)
        else:
            yield path


def _missing_reason(path: Path) -> str:
    try:
        path.stat()
    except OSError as exc:
        if path.is_symlink() and exc.errno == 2:
            return "broken symbolic link"
        return os_reason(exc)
    return "no such file or directory"


_SURROGATES = re.compile("[\ud800-\udfff]")


def _clean(value: str | None) -> str | None:
    """Lone surrogates as visible ``\\udcxx`` escapes.

    They come from file names that are not UTF-8 (Python decodes them with surrogateescape)
    and from JSON ``\\ud800`` escapes; left in, they crash every UTF-8 writer downstream.
    """
    if value is None or not _SURROGATES.search(value):
        return value
    return value.encode("utf-8", "backslashreplace").decode("utf-8")


def _clean_item(item: ReadResult) -> ReadResult:
    if isinstance(item, InputError):
        if _SURROGATES.search(item.source):
            item.source = _clean(item.source) or ""
            item.args = (f"{item.source}: {item.reason}",)
        return item
    for name in ("id", "title", "url", "published", "outlet", "source_path"):
        setattr(item, name, _clean(getattr(item, name)))
    return item


def _accepts_encoding(reader: Reader) -> bool:
    try:
        return "encoding" in inspect.signature(reader.read).parameters
    except (TypeError, ValueError):
        return False


def read_path(
    path: str | Path, *, max_bytes: int | None = None, encoding: str | None = None
) -> Iterator[ReadResult]:
    """Every article in a file (or an InputError saying why not)."""
    for item in _read_path(Path(path), max_bytes, encoding):
        yield _clean_item(item)


def _read_path(path: Path, max_bytes: int | None, encoding: str | None) -> Iterator[ReadResult]:
    if not path.exists():
        yield InputError(str(path), _missing_reason(path))
        return
    reader = reader_for(path)
    if reader is None:
        yield UnsupportedFormatError(
            str(path), f"no reader for '{path.suffix or path.name}' files "
            f"(supported: {', '.join(sorted(supported_suffixes()))})"
        )
        return
    try:
        if encoding is not None and _accepts_encoding(reader):
            yield from reader.read(path, max_bytes=max_bytes, encoding=encoding)  # type: ignore[call-arg]
        else:
            yield from reader.read(path, max_bytes=max_bytes)
    except InputError as exc:
        yield exc
    except OSError as exc:
        yield InputError(str(path), os_reason(exc))
    except Exception as exc:  # a reader bug must not stop the batch; name it, no traceback
        yield InputError(str(path), f"reader failed ({type(exc).__name__}: {str(exc)[:120]})")


def read_paths(
    paths: Iterable[str | Path], *, max_bytes: int | None = None, encoding: str | None = None
) -> Iterator[ReadResult]:
    """Every article in the given files and folders, with one error per unreadable input."""
    for item in _expand(paths):
        if isinstance(item, InputError):
            yield _clean_item(item)
        else:
            yield from read_path(item, max_bytes=max_bytes, encoding=encoding)


def read_stream(
    stream: BinaryIO, source: str = "<stdin>", *, max_bytes: int | None = None, encoding: str | None = None
) -> ReadResult:
    """One plain-text article from a byte stream (stdin), read with a bounded ``read``."""
    limit = _limit(max_bytes)
    try:
        data = stream.read(limit + 1)
        if len(data) > limit:
            raise InputTooLargeError(source, f"more than {limit} bytes: over the {limit}-byte limit (--max-bytes)")
        text = decode_bytes(data, source, encoding=encoding)
    except InputError as exc:
        return exc
    return article_from_text(text, "stdin", source_path=source)


__all__ = [
    "AUTO",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_CHARS",
    "DEFAULT_TIMEOUT",
    "FeedReader",
    "HtmlReader",
    "JsonlReader",
    "LanguageGuess",
    "Limits",
    "ReadResult",
    "Reader",
    "TextReader",
    "WarcReader",
    "article_from_text",
    "decode_bytes",
    "expand_paths",
    "guess_language",
    "language_refusal",
    "parse_languages",
    "read_limited",
    "read_path",
    "read_paths",
    "read_stream",
    "reader_for",
    "readers",
    "register_reader",
    "time_limit",
]
