"""Per-article input limits (bytes, characters, seconds) and the time-limit guard.

Every limit has a default, an environment variable and a CLI option::

    max_bytes   REPORTEDLY_MAX_BYTES   --max-bytes   raw bytes of one file / JSONL line / WARC body
    max_chars   REPORTEDLY_MAX_CHARS   --max-chars   characters of one article's text
    timeout     REPORTEDLY_TIMEOUT     --timeout     seconds to extract or analyse one article (0 = none)
    languages   REPORTEDLY_LANGUAGES   --language    languages analysed ("any" = no check)

An input over a limit is not truncated: it becomes a recorded failure with the reason, and
the batch goes on.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace

from reportedly.errors import AnalysisTimeoutError, ConfigError

#: raw bytes of one input (file, JSONL line, WARC response body)
DEFAULT_MAX_BYTES = 5_000_000
#: characters of one article's text; spaCy's own default ``max_length`` is 1,000,000
DEFAULT_MAX_CHARS = 1_000_000
#: seconds for extracting or analysing one article (a long news article takes ~1 s)
DEFAULT_TIMEOUT = 120.0
#: no article is analysed faster than this many characters a second: spaCy's tokenizer alone
#: reads ~2.5M/s on one core and the whole pipeline ~20k/s. The tokenizer is one C call that the
#: timer signal cannot interrupt, so an article that cannot finish in time is refused up front.
MAX_CHARS_PER_SECOND = 1_000_000
#: languages analysed; the pipeline is English
DEFAULT_LANGUAGES: tuple[str, ...] = ("en",)


def _env_number(environ: Mapping[str, str], name: str, kind: type) -> float | int | None:
    raw = environ.get(name)
    if raw is None or not raw.strip():
        return None
    try:
        value = kind(float(raw.replace("_", "")))
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a number") from None
    if value < 0:
        raise ConfigError(f"{name}={raw!r} must not be negative")
    return value  # type: ignore[no-any-return]


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds applied to every article; see the module docstring."""

    max_bytes: int = DEFAULT_MAX_BYTES
    max_chars: int = DEFAULT_MAX_CHARS
    timeout: float = DEFAULT_TIMEOUT
    languages: tuple[str, ...] | None = DEFAULT_LANGUAGES

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Limits:
        """Defaults overridden by ``REPORTEDLY_*`` environment variables."""
        env = os.environ if environ is None else environ
        langs = env.get("REPORTEDLY_LANGUAGES")
        limits = cls(languages=parse_languages(langs)) if langs is not None else cls()
        return limits.with_(
            max_bytes=_env_number(env, "REPORTEDLY_MAX_BYTES", int),
            max_chars=_env_number(env, "REPORTEDLY_MAX_CHARS", int),
            timeout=_env_number(env, "REPORTEDLY_TIMEOUT", float),
        )

    def with_(self, **changes: object) -> Limits:
        """A copy with the given values replaced; None means "keep" (switch the language
        check off with ``dataclasses.replace(limits, languages=None)``)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})  # type: ignore[arg-type]


def parse_languages(value: str | None) -> tuple[str, ...] | None:
    """'en' / 'en,fr' -> tuple; 'any' or '' -> None (no language check)."""
    if value is None:
        return DEFAULT_LANGUAGES
    codes = tuple(c.strip().lower() for c in value.split(",") if c.strip())
    if not codes or "any" in codes:
        return None
    return codes


#: seconds between repeated alarms once a time limit has passed
_ALARM_REPEAT = 0.05


class _Expired(BaseException):
    """Raised inside the guarded block by SIGALRM; a BaseException so that the broad
    ``except Exception`` blocks of third-party parsers cannot swallow it."""


@contextmanager
def time_limit(seconds: float | None, source: str, what: str = "analysis") -> Iterator[None]:
    """Stop the block with AnalysisTimeoutError after ``seconds`` (0/None: no limit).

    Uses a real-time timer signal, so it interrupts Python-level loops anywhere inside the
    block; it works in the main thread of a process (CLI, worker processes).  Elsewhere
    (a web server's threads) it falls back to checking the clock when the block ends, so
    a slow article is still recorded as a failure, only later.
    """
    if not seconds or seconds <= 0:
        yield
        return
    use_signal = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    start = time.monotonic()
    if not use_signal:
        yield
        if time.monotonic() - start > seconds:
            raise AnalysisTimeoutError(source, f"{what} took longer than the {seconds:g}-second limit (--timeout)")
        return

    def _on_alarm(signum: int, frame: object) -> None:
        raise _Expired()

    previous_handler = signal.signal(signal.SIGALRM, _on_alarm)
    # the timer repeats: an alarm that lands in a garbage-collector callback or a finaliser is
    # "ignored" by Python (printed, not raised), and the block would then run to its end
    previous_timer = signal.setitimer(signal.ITIMER_REAL, seconds, _ALARM_REPEAT)
    try:
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _Expired:
        # caught out here too: an alarm may fire just as the block ends
        signal.setitimer(signal.ITIMER_REAL, 0)
        raise AnalysisTimeoutError(
            source, f"{what} took longer than the {seconds:g}-second limit (--timeout)"
        ) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous_handler)
        if previous_timer[0] > 0:
            # re-arm an enclosing timer with what is left of it
            left = max(0.001, previous_timer[0] - (time.monotonic() - start))
            signal.setitimer(signal.ITIMER_REAL, left, previous_timer[1])


__all__ = [
    "DEFAULT_LANGUAGES",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_CHARS",
    "DEFAULT_TIMEOUT",
    "MAX_CHARS_PER_SECOND",
    "Limits",
    "parse_languages",
    "time_limit",
]
