"""Settings of the web app: what it may write, how much it accepts, whom it answers."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from reportedly.errors import ConfigError

#: the environment variable that holds the write token when the config does not
TOKEN_ENV = "REPORTEDLY_TOKEN"

#: host names a loopback-bound server answers to; anything else is refused so that a page on
#: another site cannot reach the local corpus through DNS rebinding
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]", "::1")


@dataclass(frozen=True, slots=True)
class WebConfig:
    """What the app allows.  Read-only unless ``token`` is set (or ``REPORTEDLY_TOKEN`` is)."""

    #: bearer token that unlocks the write endpoint; ``None`` keeps the server read-only
    token: str | None = None
    #: largest request body accepted on /analyze and any other POST (bytes)
    max_upload_bytes: int = 1_000_000
    #: largest body the token-protected write endpoint accepts (an analysis@1 document is
    #: several times the size of its article)
    max_ingest_bytes: int = 20_000_000
    #: largest text /analyze will run the pipeline on (characters)
    max_analyze_chars: int = 100_000
    #: analyses one client may ask for per minute (POST /analyze and /analyze.json)
    analyze_per_minute: int = 20
    #: seconds a request waits for the (single) analysis slot before a 503
    analyze_wait_s: float = 30.0
    #: analyses running or waiting at once; more get a 503 immediately
    analyze_queue: int = 4
    #: Host header values accepted; ``("*",)`` accepts any
    allowed_hosts: tuple[str, ...] = ("*",)
    #: rows per page on list pages
    page_size: int = 50
    #: extra (name, value) pairs for the footer, e.g. the store URL shown to the user
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def read_only(self) -> bool:
        return not self.token

    @classmethod
    def load(cls, value: WebConfig | Mapping[str, Any] | None = None) -> WebConfig:
        """A config from an instance, a mapping (e.g. parsed TOML) or nothing; env fills the token."""
        if value is None:
            config = cls()
        elif isinstance(value, WebConfig):
            config = value
        elif isinstance(value, Mapping):
            known = {f.name for f in fields(cls)}
            unknown = sorted(set(value) - known)
            if unknown:
                raise ConfigError(f"unknown web setting(s): {', '.join(unknown)}")
            data = dict(value)
            if "allowed_hosts" in data:
                data["allowed_hosts"] = tuple(data["allowed_hosts"])
            config = cls(**data)
        else:
            raise ConfigError(f"web config must be a WebConfig or a mapping, not {type(value).__name__}")
        if config.token is None and os.environ.get(TOKEN_ENV):
            config = replace(config, token=os.environ[TOKEN_ENV])
        config.check()
        return config

    def check(self) -> None:
        if self.token is not None and len(self.token) < 16:
            # a short token can be guessed through the API; refuse rather than run weakly protected
            raise ConfigError("the write token must be at least 16 characters")
        for name in ("max_upload_bytes", "max_ingest_bytes", "max_analyze_chars", "analyze_per_minute",
                     "analyze_queue", "page_size"):
            if getattr(self, name) <= 0:
                raise ConfigError(f"{name} must be positive")


__all__ = ["LOOPBACK_HOSTS", "TOKEN_ENV", "WebConfig"]
