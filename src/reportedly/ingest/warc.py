"""WARC reader (warcio): every HTML response record becomes an article.

Reads are bounded: at most ``max_bytes + 1`` bytes of each (possibly gzip-decoded)
response body are ever decompressed, so a gzip bomb stops at the limit; the number of
records read is capped too. A truncated or corrupt archive yields the articles read so far
and then one error for the archive.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from reportedly.errors import InputError, InputTooLargeError, MalformedRecordError
from reportedly.ingest._base import (
    ReadResult,
    _limit,
    charset_from_content_type,
    declared_charset,
    decode_bytes,
    open_regular_file,
)
from reportedly.ingest.html import article_from_html

#: at most this many records are read from one archive (a guard against endless archives)
MAX_RECORDS = 100_000
#: a record declaring more bytes than this stops the archive: skipping it would mean
#: decompressing all of it (the shape of a gzip bomb), and no news page is that large
MAX_RECORD_BYTES = 1 << 30


def _quiet_iterator(stream: BinaryIO) -> Any:
    """warcio's WARC iterator without its multi-line warnings on stderr (we count them)."""
    from warcio.archiveiterator import WARCIterator

    class _Quiet(WARCIterator):  # type: ignore[misc]
        INC_RECORD = ""

    return _Quiet(stream)


def _ends_with_terminator(path: Path) -> bool:
    """Every WARC record ends with CRLF CRLF; a plain archive cut short does not."""
    with path.open("rb") as fh:
        fh.seek(max(0, path.stat().st_size - 4))
        return fh.read() == b"\r\n\r\n"


def _last_member_complete(path: Path, start: int) -> bool:
    """True when the gzip member starting at ``start`` runs to its end-of-stream marker.

    warcio stops quietly at a cut-off gzip member, so a truncated ``.warc.gz`` would lose
    its tail without a word. The check decompresses only the last member, in bounded chunks.
    """
    import zlib

    decomp = zlib.decompressobj(31)
    with path.open("rb") as fh:
        fh.seek(start)
        while not decomp.eof:
            chunk = fh.read(1 << 16)
            if not chunk:
                return False
            try:
                decomp.decompress(chunk, 1 << 20)
                while decomp.unconsumed_tail and not decomp.eof:
                    decomp.decompress(decomp.unconsumed_tail, 1 << 20)
            except zlib.error:
                return False
    return True


class WarcReader:
    suffixes: tuple[str, ...] = (".warc", ".warc.gz")

    def read(
        self, path: Path, *, max_bytes: int | None = None, encoding: str | None = None
    ) -> Iterator[ReadResult]:
        limit = _limit(max_bytes)
        try:
            stream = open_regular_file(path)
        except InputError as exc:
            yield exc
            return
        n = records = pages = 0
        with stream:
            stream_head = stream.read(2)
            stream.seek(0)
            try:
                archive = _quiet_iterator(stream)
                for record in archive:
                    records += 1
                    if record.length is None:
                        yield MalformedRecordError(f"{path}#{records}", "record cut short (truncated archive)")
                        return
                    if records > MAX_RECORDS:
                        yield InputTooLargeError(str(path), f"more than {MAX_RECORDS} records; stopped")
                        return
                    declared_length = int(record.rec_headers.get_header("Content-Length") or 0)
                    if declared_length > MAX_RECORD_BYTES:
                        yield InputTooLargeError(
                            f"{path}#{records}",
                            f"record declares {declared_length} bytes (over {MAX_RECORD_BYTES}); archive not read further",
                        )
                        return
                    if record.rec_type != "response":
                        continue
                    n += 1
                    url = record.rec_headers.get_header("WARC-Target-URI")
                    source = f"{path}#{n}"
                    ctype = (record.http_headers.get_header("Content-Type") or "") if record.http_headers else ""
                    if "html" not in ctype.lower():
                        continue
                    pages += 1
                    # read at most limit+1 bytes of the (possibly gzip-decoded) body: bombs stop here
                    body = record.content_stream().read(limit + 1)
                    if len(body) > limit:
                        yield InputTooLargeError(source, f"response body is over the {limit}-byte limit (--max-bytes)")
                        continue
                    if getattr(record.raw_stream, "limit", 0) > 0:
                        # the body ended before its declared length: the archive was cut short
                        yield MalformedRecordError(source, "response record cut short (truncated archive)")
                        return
                    try:
                        declared = charset_from_content_type(ctype) or declared_charset(body)
                        html = decode_bytes(body, source, encoding=encoding, declared=declared)
                        yield article_from_html(html, url or f"{path.stem}-{n}", source, url=url)
                    except InputError as exc:
                        yield exc
            except InputError:
                raise
            except Exception as exc:  # warcio raises bare exceptions on truncated archives
                if records == 0:
                    yield MalformedRecordError(str(path), "not a WARC archive (no valid WARC record)")
                else:
                    yield MalformedRecordError(
                        str(path), f"broken WARC archive after record {records} ({type(exc).__name__}: {str(exc)[:100]})"
                    )
                return
        size = path.stat().st_size
        gzipped = stream_head == b"\x1f\x8b"
        if records and gzipped and archive.member_info and not _last_member_complete(path, archive.member_info[0]):
            yield MalformedRecordError(str(path), "last gzip member is cut short (truncated archive)")
        elif records and not gzipped and not _ends_with_terminator(path):
            yield MalformedRecordError(str(path), "last record lacks its CRLF CRLF end (truncated archive)")
        elif records and archive.offset < size:
            # warcio ends quietly at a cut-off gzip member or record: what is left was lost
            yield MalformedRecordError(
                str(path), f"archive ends with {size - archive.offset} bytes that are no complete record (truncated)"
            )
        if archive.err_count:
            yield MalformedRecordError(str(path), f"{archive.err_count} record(s) with a wrong Content-Length")
        if records == 0:
            yield MalformedRecordError(str(path), "not a WARC archive (no records)")
        elif pages == 0:
            yield MalformedRecordError(str(path), "no HTML response records in the archive")
