"""JSON Lines reader: one article per line with ``id``, ``text`` and optional metadata.

The file is streamed line by line (corpora are large); the byte limit applies to each
line, and an over-long line is skipped without ever being held in memory. Every bad line
(invalid JSON, not an object, missing or duplicate ``id``, no ``text``) is one recorded
error naming ``path#line``; the other lines are still read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from reportedly.errors import InputError, MalformedRecordError
from reportedly.ingest._base import (
    _BOMS,
    ReadResult,
    _limit,
    binary_kind,
    check_text,
    decode_bytes,
    open_regular_file,
)
from reportedly.models import Article

_OPTIONAL = ("title", "url", "published", "outlet")
_CHUNK = 1 << 16


def article_from_record(record: object, source: str) -> Article:
    if not isinstance(record, dict):
        raise MalformedRecordError(source, f"a line must be a JSON object, not {_json_type(record)}")
    article_id, text = record.get("id"), record.get("text")
    if article_id is None or (isinstance(article_id, str) and not article_id.strip()):
        raise MalformedRecordError(source, "missing 'id'")
    if isinstance(article_id, bool) or not isinstance(article_id, str | int):
        raise MalformedRecordError(source, f"'id' must be a string or an integer, not {_json_type(article_id)}")
    if not isinstance(text, str):
        raise MalformedRecordError(source, "missing or non-string 'text'")
    if not text.strip():
        raise MalformedRecordError(source, "empty 'text'")
    try:
        text = check_text(text, source)
    except InputError as exc:
        raise MalformedRecordError(source, f"'text': {exc.reason}") from None
    extra: dict[str, str | None] = {}
    for key in _OPTIONAL:
        value = record.get(key)
        if isinstance(value, dict | list):
            raise MalformedRecordError(source, f"'{key}' must be a string, not {_json_type(value)}")
        extra[key] = None if value is None else str(value)
    return Article(id=str(article_id), text=text, source_path=source, **extra)


def _json_type(value: object) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number")


def _lines(stream: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) per line; bytes is None for a line over ``limit`` (skipped unread)."""
    lineno = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        lineno += 1
        if len(line) > limit and not line.endswith(b"\n"):
            # drain the rest of the over-long line in bounded chunks
            while True:
                chunk = stream.readline(_CHUNK)
                if not chunk or chunk.endswith(b"\n"):
                    break
            yield lineno, None
            continue
        yield lineno, line


class JsonlReader:
    suffixes: tuple[str, ...] = (".jsonl", ".ndjson")

    def read(
        self, path: Path, *, max_bytes: int | None = None, encoding: str | None = None
    ) -> Iterator[ReadResult]:
        limit = _limit(max_bytes)
        try:
            stream = open_regular_file(path)
        except InputError as exc:
            yield exc
            return
        with stream:
            head = stream.read(_CHUNK)
            stream.seek(0)
            if not head.strip():
                yield InputError(str(path), "empty file" if not head else "no text (only white space)")
                return
            if any(head.startswith(bom) for bom, codec in _BOMS if codec != "utf-8-sig"):
                yield InputError(str(path), "JSON Lines must be UTF-8 (this file is UTF-16/32)")
                return
            kind = binary_kind(head)
            if kind:
                yield InputError(str(path), f"{kind}, not JSON Lines")
                return
            yield from self._records(path, stream, limit, encoding)

    def _records(self, path: Path, stream: BinaryIO, limit: int, encoding: str | None) -> Iterator[ReadResult]:
        seen: dict[str, int] = {}
        for lineno, raw in _lines(stream, limit):
            source = f"{path}#{lineno}"
            if raw is None:
                yield InputError(source, f"line is over the {limit}-byte limit (--max-bytes)")
                continue
            if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if not raw.strip():
                continue
            try:
                line = decode_bytes(raw, source, encoding=encoding)
                record = json.loads(line)
            except InputError as exc:
                yield exc
                continue
            except json.JSONDecodeError as exc:
                yield MalformedRecordError(source, f"invalid JSON ({exc.msg} at column {exc.colno})")
                continue
            except RecursionError:
                yield MalformedRecordError(source, "invalid JSON (nested too deeply)")
                continue
            try:
                article = article_from_record(record, source)
            except InputError as exc:
                yield exc
                continue
            first = seen.get(article.id)
            if first is not None:
                yield MalformedRecordError(source, f"duplicate id '{article.id[:80]}' (first on line {first})")
                continue
            seen[article.id] = lineno
            yield article
