"""The one exception tree of reportedly.

    ReportedlyError                  base of everything raised on purpose
    ├── InputError                   an input could not be turned into an article
    │   ├── EmptyInputError          nothing but white space
    │   ├── BinaryInputError         looks like binary data (NUL bytes, control characters)
    │   ├── EncodingError            not decodable as text in a supported encoding
    │   ├── MalformedRecordError     a JSONL line / feed entry / WARC record is broken
    │   ├── NoMainTextError          an HTML page with no extractable main text
    │   ├── UnsupportedFormatError   no reader for this kind of file
    │   ├── InputTooLargeError       over the configured per-article size limit
    │   ├── AnalysisTimeoutError     analysis took longer than the per-article time limit
    │   └── UnsupportedLanguageError not English (the pipeline's language); skipped
    ├── PipelineError                the NLP pipeline could not be loaded or failed on a text
    ├── SchemaError                  an analysis does not validate against analysis@1
    ├── StoreError                   the corpus store failed (locked, full disk, bad URL)
    └── ConfigError                  a bad configuration value or file

Every ``InputError`` carries the ``source`` (file path, ``path#line`` or URL) and a one-line
``reason`` so batch drivers can record the failure and go on.
"""

from __future__ import annotations


class ReportedlyError(Exception):
    """Base class of all errors raised by reportedly."""


class InputError(ReportedlyError):
    """An input could not be read as an article."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason

    def __reduce__(self) -> tuple[type, tuple[str, str]]:
        # pickle by (source, reason): worker processes send these back to the parent
        return (self.__class__, (self.source, self.reason))


class EmptyInputError(InputError):
    pass


class BinaryInputError(InputError):
    pass


class EncodingError(InputError):
    pass


class MalformedRecordError(InputError):
    pass


class NoMainTextError(InputError):
    pass


class UnsupportedFormatError(InputError):
    pass


class InputTooLargeError(InputError):
    pass


class AnalysisTimeoutError(InputError):
    pass


class UnsupportedLanguageError(InputError):
    pass


class PipelineError(ReportedlyError):
    pass


class SchemaError(ReportedlyError):
    pass


class StoreError(ReportedlyError):
    pass


class ConfigError(ReportedlyError):
    pass


__all__ = [
    "AnalysisTimeoutError",
    "BinaryInputError",
    "ConfigError",
    "EmptyInputError",
    "EncodingError",
    "InputError",
    "InputTooLargeError",
    "MalformedRecordError",
    "NoMainTextError",
    "PipelineError",
    "ReportedlyError",
    "SchemaError",
    "StoreError",
    "UnsupportedFormatError",
    "UnsupportedLanguageError",
]
