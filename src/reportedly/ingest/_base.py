"""The reader interface and the byte-level checks every reader shares."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Protocol, TypeAlias

from reportedly.errors import (
    BinaryInputError,
    EmptyInputError,
    EncodingError,
    InputError,
    InputTooLargeError,
)
from reportedly.models import Article

ReadResult: TypeAlias = Article | InputError

#: Default per-article limit on input bytes (configurable by callers).
DEFAULT_MAX_BYTES = 5_000_000


class Reader(Protocol):
    """What a reader offers: the file-name suffixes it takes and a ``read`` generator."""

    suffixes: tuple[str, ...]

    def read(self, path: Path, *, max_bytes: int | None = None) -> Iterator[ReadResult]: ...


def read_limited(path: Path, max_bytes: int | None) -> bytes:
    """Read a file, refusing it (not truncating it) when it is over the limit."""
    limit = DEFAULT_MAX_BYTES if max_bytes is None else max_bytes
    size = path.stat().st_size
    if size > limit:
        raise InputTooLargeError(str(path), f"{size} bytes is over the {limit}-byte limit")
    return path.read_bytes()


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > max(8, len(sample) // 100)


def decode_bytes(data: bytes, source: str) -> str:
    """Decode text strictly: UTF-8 (BOM allowed) or UTF-16 with a BOM; anything else is refused.

    We refuse rather than guess because offsets must index exactly what the user gave us,
    and a wrong guess silently corrupts every span.
    """
    if not data.strip():
        raise EmptyInputError(source, "empty file")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise EncodingError(source, f"invalid UTF-16 at byte {exc.start}") from None
    else:
        if _looks_binary(data):
            raise BinaryInputError(source, "binary data, not text")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise EncodingError(
                source, f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                "convert the file to UTF-8"
            ) from None
    if not text.strip():
        raise EmptyInputError(source, "no text (only white space)")
    return text
