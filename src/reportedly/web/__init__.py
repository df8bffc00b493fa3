"""The web UI and JSON API: ``create_app(db_url)`` → a FastAPI app; ``reportedly serve`` runs it."""

from __future__ import annotations

from reportedly.web._config import TOKEN_ENV, WebConfig
from reportedly.web.app import create_app

__all__ = ["TOKEN_ENV", "WebConfig", "create_app"]
