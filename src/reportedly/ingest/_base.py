"""The reader interface and the byte-level checks every reader shares.

Everything here is about reading hostile input safely: files are read with a bounded
``read`` (never ``stat`` alone, which lies for pipes and ``/proc``), bytes are decoded by a
fixed, documented policy (see :func:`decode_bytes`), and every failure is an
:class:`~reportedly.errors.InputError` with a one-line reason.
"""

from __future__ import annotations

import codecs
import re
import stat
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Protocol, TypeAlias

from reportedly.errors import (
    BinaryInputError,
    EmptyInputError,
    EncodingError,
    InputError,
    InputTooLargeError,
)
from reportedly.ingest._limits import DEFAULT_MAX_BYTES, Limits
from reportedly.models import Article

ReadResult: TypeAlias = Article | InputError

#: the values ``encoding`` may take besides a Python codec name
AUTO = "auto"


class Reader(Protocol):
    """What a reader offers: the file-name suffixes it takes and a ``read`` generator.

    ``read`` yields an :class:`Article` per document and an :class:`InputError` per document
    it cannot read; it must not raise for a bad document inside a multi-document file.
    Readers may also accept an optional keyword ``encoding`` (see :func:`decode_bytes`);
    :func:`reportedly.ingest.read_path` passes it only to readers whose ``read`` takes it.
    """

    suffixes: tuple[str, ...]

    def read(self, path: Path, *, max_bytes: int | None = None) -> Iterator[ReadResult]: ...


def _limit(max_bytes: int | None) -> int:
    return Limits.from_env().max_bytes if max_bytes is None else max_bytes


def check_regular_file(path: Path) -> None:
    """Refuse FIFOs, devices and sockets: reading them can block forever or never end."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise InputError(str(path), os_reason(exc)) from None
    if not stat.S_ISREG(mode):
        kind = "a directory" if stat.S_ISDIR(mode) else "not a regular file (pipe, socket or device)"
        raise InputError(str(path), f"{kind}; refused")


def open_regular_file(path: Path) -> BinaryIO:
    """Open a regular file for binary reading; every failure is an InputError with its reason."""
    check_regular_file(path)
    try:
        return path.open("rb")
    except OSError as exc:
        raise InputError(str(path), os_reason(exc)) from None


def read_limited(path: Path, max_bytes: int | None) -> bytes:
    """Read a file, refusing it (not truncating it) when it is over the limit.

    At most ``limit + 1`` bytes are read whatever the file claims to hold, so memory stays
    bounded even for files that grow while we read them.
    """
    limit = _limit(max_bytes)
    check_regular_file(path)
    size = path.stat().st_size
    if size > limit:
        raise InputTooLargeError(str(path), f"{size} bytes is over the {limit}-byte limit (--max-bytes)")
    try:
        with path.open("rb") as stream:
            data = stream.read(limit + 1)
    except OSError as exc:
        raise InputError(str(path), os_reason(exc)) from None
    if len(data) > limit:
        raise InputTooLargeError(str(path), f"more than {limit} bytes: over the {limit}-byte limit (--max-bytes)")
    return data


def os_reason(exc: OSError) -> str:
    """A short, stable reason for an OS error (no Python repr)."""
    import errno

    names = {
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.ENOENT: "no such file or directory",
        errno.ELOOP: "symbolic link loop",
        errno.EISDIR: "is a directory",
        errno.ENOTDIR: "a parent of the path is not a directory",
        errno.ENAMETOOLONG: "file name too long",
    }
    return names.get(exc.errno or 0) or f"cannot read file: {exc.strerror or exc}"


# ---------------------------------------------------------------- binary sniffing

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or .docx/.xlsx)"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ", "xz-compressed data"),
    (b"\x7fELF", "an executable"),
    (b"SQLite format 3", "an SQLite database"),
)


def binary_kind(data: bytes) -> str | None:
    """Why ``data`` is not text, or None when it looks like text."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    nul = data.find(b"\x00")
    if nul >= 0:
        return f"binary data (NUL byte at offset {nul})"
    sample = data[:65536]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    if controls > max(8, len(sample) // 100):
        return f"binary data ({controls} control bytes in the first {len(sample)})"
    return None


def _looks_binary(data: bytes) -> bool:
    return binary_kind(data) is not None


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when mostly-ASCII text was saved as UTF-16 without a BOM.

    Such text has a NUL in every other byte: an unambiguous pattern that real binary
    formats and 8-bit text do not show.
    """
    sample = data[:4096]
    if len(sample) < 8 or len(data) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    zero_even, zero_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if zero_odd > 0.3 and zero_even < 0.02:
        return "utf-16-le"
    if zero_even > 0.3 and zero_odd < 0.02:
        return "utf-16-be"
    return None


# ---------------------------------------------------------------- decoding

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def normalize_encoding(name: str | None) -> str | None:
    """A Python codec name for ``name`` ('auto' kept), or None when it is unknown."""
    if not name:
        return None
    name = name.strip().strip("\"'").lower()
    if name == AUTO:
        return AUTO
    # browsers treat these labels as windows-1252 (WHATWG Encoding), and so do we
    if name in {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "us-ascii", "ascii"}:
        return "cp1252"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _strict(data: bytes, codec: str, source: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise EncodingError(source, f"invalid {codec} at byte {exc.start}") from None


def _guess_legacy(data: bytes) -> str | None:
    """The most likely 8-bit encoding of non-UTF-8 bytes.

    reportedly analyses English, whose legacy files are overwhelmingly windows-1252, so that
    comes first; charset-normalizer is asked only when cp1252 cannot decode the bytes (it
    tends to pick cp1250 or cp775 for short Western text, which would corrupt it).
    """
    try:
        data.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - it ships with requests/trafilatura
        return None
    best = from_bytes(data[:200_000]).best()
    return best.encoding if best is not None else None


def decode_bytes(
    data: bytes, source: str, *, encoding: str | None = None, declared: str | None = None
) -> str:
    """Decode bytes to text by a fixed policy; offsets then index the returned string.

    1. A byte-order mark decides (UTF-8, UTF-16, UTF-32).
    2. ``encoding`` given (a codec name): decode strictly with it.
    3. UTF-16 without a BOM (NUL in every other byte) is recognised and decoded.
    4. Binary data (magic numbers, NUL bytes, many control bytes) is refused.
    5. Valid UTF-8 is UTF-8.
    6. A ``declared`` charset (HTML ``<meta>``, HTTP header, XML declaration) is used.
    7. ``encoding="auto"``: guess (cp1252 first, then charset-normalizer).
    8. Otherwise refused, naming the likely encoding and how to pass it.

    We refuse undeclared legacy encodings by default rather than guess, because a wrong
    guess silently changes characters (and so every span) without any error.
    """
    if not data:
        raise EmptyInputError(source, "empty file (0 bytes)")
    if not data.strip():
        raise EmptyInputError(source, "no text (only white space)")
    codec = normalize_encoding(encoding)
    if encoding and codec is None:
        raise EncodingError(source, f"unknown encoding '{encoding}'")
    text: str | None = None
    for bom, bom_codec in _BOMS:
        if data.startswith(bom):
            text = _strict(data, bom_codec, source)
            break
    if text is None and codec not in (None, AUTO):
        assert codec is not None
        text = _strict(data, codec, source)
    if text is None:
        utf16 = _utf16_without_bom(data)
        if utf16:
            text = _strict(data, utf16, source)
    if text is None:
        kind = binary_kind(data)
        if kind:
            raise BinaryInputError(source, f"{kind}, not text")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            text = _fallback(data, source, exc, codec, normalize_encoding(declared))
    return check_text(text, source)


def _fallback(data: bytes, source: str, exc: UnicodeDecodeError, codec: str | None, declared: str | None) -> str:
    if declared and declared not in ("utf-8", AUTO):
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            pass  # a wrong declaration is common; fall through to the policy
    guess = _guess_legacy(data)
    if codec == AUTO and guess:
        return data.decode(guess)
    hint = f"; it looks like {guess}: convert it to UTF-8 or pass --encoding {guess}" if guess else ""
    raise EncodingError(
        source, f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}){hint}"
    ) from None


_SURROGATE = re.compile("[\ud800-\udfff]")


def check_text(text: str, source: str) -> str:
    """Refuse decoded text that cannot be analysed or serialised (no words, lone surrogates)."""
    if not has_visible_text(text):
        raise EmptyInputError(source, "no text (only white space, control or invisible characters)")
    bad = _SURROGATE.search(text)
    if bad:
        raise EncodingError(
            source, f"unpaired UTF-16 surrogate U+{ord(bad.group()):04X} at character {bad.start()}"
        )
    nul = text.find("\x00")
    if nul >= 0:
        # NUL is never prose, breaks C-string consumers and cannot be stored in PostgreSQL text
        raise BinaryInputError(source, f"NUL character at {nul}; binary data, not text")
    return text


def has_visible_text(text: str) -> bool:
    """True when ``text`` holds at least one character that is not space, control or format."""
    return any(
        not ch.isspace() and unicodedata.category(ch) not in ("Cc", "Cf", "Zs", "Zl", "Zp") for ch in text
    )


_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE
)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{1,40})""")


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML or XML document declares in its first 4 KB, if any."""
    head = data[:4096]
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii") if match else None


def charset_from_content_type(value: str | None) -> str | None:
    """'text/html; charset=ISO-8859-1' -> 'ISO-8859-1'."""
    if not value:
        return None
    match = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]{1,40})", value, re.IGNORECASE)
    return match.group(1) if match else None


__all__ = [
    "AUTO",
    "DEFAULT_MAX_BYTES",
    "ReadResult",
    "Reader",
    "binary_kind",
    "charset_from_content_type",
    "check_regular_file",
    "open_regular_file",
    "check_text",
    "decode_bytes",
    "declared_charset",
    "has_visible_text",
    "normalize_encoding",
    "os_reason",
    "read_limited",
]
