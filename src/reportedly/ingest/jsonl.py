"""JSON Lines reader: one article per line with ``id``, ``text`` and optional metadata."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from reportedly.errors import InputError, MalformedRecordError
from reportedly.ingest._base import ReadResult, decode_bytes, read_limited
from reportedly.models import Article

_OPTIONAL = ("title", "url", "published", "outlet")


def article_from_record(record: object, source: str) -> Article:
    if not isinstance(record, dict):
        raise MalformedRecordError(source, "a line must be a JSON object")
    article_id, text = record.get("id"), record.get("text")
    if article_id is None or (isinstance(article_id, str) and not article_id.strip()):
        raise MalformedRecordError(source, "missing 'id'")
    if not isinstance(text, str):
        raise MalformedRecordError(source, "missing or non-string 'text'")
    if not text.strip():
        raise MalformedRecordError(source, "empty 'text'")
    extra = {}
    for key in _OPTIONAL:
        value = record.get(key)
        extra[key] = None if value is None else str(value)
    return Article(id=str(article_id), text=text, source_path=source, **extra)


class JsonlReader:
    suffixes: tuple[str, ...] = (".jsonl", ".ndjson")

    def read(self, path: Path, *, max_bytes: int | None = None) -> Iterator[ReadResult]:
        try:
            # the size limit applies per line, not to the whole file
            content = decode_bytes(read_limited(path, 1 << 40), str(path))
        except InputError as exc:
            yield exc
            return
        limit = max_bytes
        for lineno, line in enumerate(content.splitlines(), start=1):
            if not line.strip():
                continue
            source = f"{path}#{lineno}"
            if limit is not None and len(line.encode("utf-8")) > limit:
                yield InputError(source, f"line is over the {limit}-byte limit")
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                yield MalformedRecordError(source, f"invalid JSON ({exc.msg} at column {exc.colno})")
                continue
            try:
                yield article_from_record(record, source)
            except InputError as exc:
                yield exc
