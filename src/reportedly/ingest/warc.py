"""WARC reader (warcio): every HTML response record becomes an article."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from reportedly.errors import InputError, MalformedRecordError
from reportedly.ingest._base import DEFAULT_MAX_BYTES, ReadResult, decode_bytes
from reportedly.ingest.html import article_from_html


class WarcReader:
    suffixes: tuple[str, ...] = (".warc", ".warc.gz")

    def read(self, path: Path, *, max_bytes: int | None = None) -> Iterator[ReadResult]:
        from warcio.archiveiterator import ArchiveIterator

        limit = DEFAULT_MAX_BYTES if max_bytes is None else max_bytes
        with path.open("rb") as stream:
            n = 0
            try:
                for record in ArchiveIterator(stream):
                    if record.rec_type != "response":
                        continue
                    n += 1
                    url = record.rec_headers.get_header("WARC-Target-URI")
                    source = f"{path}#{n}"
                    ctype = (record.http_headers.get_header("Content-Type") or "") if record.http_headers else ""
                    if "html" not in ctype.lower():
                        continue
                    # read at most limit+1 bytes of the (possibly gzip-decoded) body: bombs stop here
                    body = record.content_stream().read(limit + 1)
                    if len(body) > limit:
                        yield InputError(source, f"response body is over the {limit}-byte limit")
                        continue
                    try:
                        html = decode_bytes(body, source)
                        yield article_from_html(html, url or f"{path.stem}-{n}", source, url=url)
                    except InputError as exc:
                        yield exc
            except Exception as exc:  # warcio raises bare exceptions on truncated archives
                yield MalformedRecordError(str(path), f"broken WARC archive ({type(exc).__name__}: {exc})")
