"""The web app: server-rendered pages, each with a ``.json`` twin, over a corpus store.

``create_app(db_url)`` returns a FastAPI app.  Pages render on the server (Jinja, autoescaped)
and read without JavaScript; ``static/app.js`` only adds hover cards.  The app is read-only
unless a write token is configured (see :class:`~reportedly.web.WebConfig`).
"""

from __future__ import annotations

import gc
import json
import logging
import threading
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, File, Form, HTTPException, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from reportedly import __version__
from reportedly.errors import InputError, ReportedlyError
from reportedly.models import Analysis
from reportedly.web._api_docs import api_docs_context
from reportedly.web._config import WebConfig
from reportedly.web._render import article_view
from reportedly.web._security import BodyLimit, RateLimiter, SecurityHeaders, check_token, client_key

HERE = Path(__file__).parent
log = logging.getLogger(__name__)
_UPLOAD_SUFFIXES = (".txt", ".text", ".html", ".htm", ".xhtml")


def create_app(db_url: str | None = None, config: WebConfig | Mapping[str, Any] | None = None) -> FastAPI:
    """Build the app over the store at ``db_url`` (no store: only /analyze and the docs work)."""
    cfg = WebConfig.load(config)
    store = _open_store(db_url) if db_url else None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # everything imported so far lives as long as the server: keep it out of the garbage
        # collector's full passes, which otherwise walk it all and stall a request now and then
        gc.collect()
        gc.freeze()
        warm = getattr(app.state, "warm", None)
        if store is not None and warm is not None:
            # precompute the audit in the background so its first request is not the slow one
            threading.Thread(target=_quietly, args=(warm,), daemon=True, name="reportedly-warm").start()
        yield

    app = FastAPI(
        lifespan=lifespan,
        title="reportedly", version=__version__,
        description="Source-attributed news analysis: every HTML page has a .json twin.",
        # the stock Swagger/ReDoc pages load scripts from a CDN; /docs is rendered here instead
        docs_url=None, redoc_url=None,
    )
    app.state.config = cfg
    app.state.store = store
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True)
    templates = Jinja2Templates(env=env)
    limiter = RateLimiter(cfg.analyze_per_minute)
    # one analysis at a time: the pipeline is CPU-bound and must not starve page rendering
    analysis_slot = threading.BoundedSemaphore(1)
    # at most this many requests wait for the slot, each holding a server thread; the rest get
    # a 503 at once, so a burst of analyses can never take every thread from page rendering
    queue = threading.BoundedSemaphore(cfg.analyze_queue)

    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_middleware(BodyLimit, max_bytes=cfg.max_upload_bytes,
                       per_path={"/articles.json": cfg.max_ingest_bytes})
    if "*" not in cfg.allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(cfg.allowed_hosts))
    app.add_middleware(SecurityHeaders)

    def render(request: Request, name: str, ctx: dict[str, Any], status: int = 200) -> HTMLResponse:
        base = {"version": __version__, "read_only": cfg.read_only, "json_url": None, "nav": None,
                "store_label": store.label if store else None}
        base.update(ctx)
        return templates.TemplateResponse(request, name, base, status_code=status)

    def need_store() -> Any:
        if store is None:
            raise HTTPException(503, "no corpus store configured: start with --db URL")
        return store

    def json_url(request: Request) -> str:
        url = request.url.path + ".json"
        return url + ("?" + request.url.query if request.url.query else "")

    # ---- errors: HTML for pages, JSON for .json and API clients -------------------------------
    def wants_json(request: Request) -> bool:
        path = request.url.path
        return path.endswith(".json") or path.startswith("/api/") or \
            "application/json" in request.headers.get("accept", "")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        headers = getattr(exc, "headers", None)
        if wants_json(request):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=headers)
        title = {404: "Not found", 401: "Unauthorized", 403: "Forbidden", 413: "Too large",
                 429: "Too many requests", 503: "Unavailable"}.get(exc.status_code, "Error")
        resp = render(request, "error.html", {"status": exc.status_code, "title": title,
                                              "detail": exc.detail}, status=exc.status_code)
        for k, v in (headers or {}).items():
            resp.headers[k] = v
        return resp

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        detail = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}" for e in exc.errors())
        return await http_error(request, StarletteHTTPException(422, detail))

    # ---- analyze: run the pipeline on pasted or uploaded text, store nothing ---------------------
    def run_analysis(request: Request, text: str | None, upload: bytes | None, filename: str | None,
                     title: str | None) -> Analysis:
        limiter.check(client_key(request))
        article_text, is_html = _input_text(text, upload, filename)
        if len(article_text) > cfg.max_analyze_chars:
            raise HTTPException(413, f"{len(article_text)} characters is over the {cfg.max_analyze_chars} limit")
        busy = HTTPException(503, "the analyzer is busy; try again shortly", headers={"Retry-After": "5"})
        if not queue.acquire(blocking=False):
            raise busy
        try:
            if not analysis_slot.acquire(timeout=cfg.analyze_wait_s):
                raise busy
            try:
                return _analyze(article_text, is_html, title or None)
            except InputError as exc:
                raise HTTPException(422, exc.reason) from None
            except ReportedlyError as exc:
                raise HTTPException(422, str(exc)) from None
            finally:
                analysis_slot.release()
        finally:
            queue.release()

    def limits() -> dict[str, int]:
        return {"max_upload_bytes": cfg.max_upload_bytes, "max_upload_kb": cfg.max_upload_bytes // 1000,
                "max_chars": cfg.max_analyze_chars, "per_minute": cfg.analyze_per_minute}

    @app.get("/analyze", response_class=HTMLResponse, summary="Analyze form", tags=["analyze"])
    def analyze_form(request: Request) -> HTMLResponse:
        return render(request, "analyze.html", {"nav": "analyze", "limits": limits(),
                                                "form": {"title": "", "text": ""}, "json_url": "/analyze.json"})

    @app.post("/analyze", response_class=HTMLResponse, summary="Analyze pasted text or a file (HTML)",
              tags=["analyze"])
    def analyze_page(request: Request, text: Annotated[str | None, Form()] = None,
                     title: Annotated[str | None, Form()] = None,
                     file: Annotated[UploadFile | None, File()] = None) -> HTMLResponse:
        upload, filename = _read_upload(file)
        form = {"title": title or "", "text": text or ""}
        try:
            analysis = run_analysis(request, text, upload, filename, title)
        except HTTPException as exc:
            if exc.status_code in (429, 503):
                raise
            return render(request, "analyze.html", {"nav": "analyze", "limits": limits(), "form": form,
                                                    "error": exc.detail}, status=exc.status_code)
        return render(request, "analyze.html", {"nav": "analyze", "limits": limits(), "form": form,
                                                "view": article_view(analysis)})

    @app.get("/analyze.json", summary="Limits of the analyze endpoint", tags=["analyze"])
    def analyze_info() -> dict[str, Any]:
        return {"method": "POST", "accepts": ["application/json {text, title}", "multipart/form-data text|file"],
                "limits": limits()}

    @app.post("/analyze.json", summary="Analyze text (JSON body or multipart); returns analysis@1",
              tags=["analyze"])
    async def analyze_json(request: Request) -> JSONResponse:
        text, title, upload, filename = await _analyze_body(request)
        from starlette.concurrency import run_in_threadpool

        analysis = await run_in_threadpool(run_analysis, request, text, upload, filename, title)
        return JSONResponse(analysis.to_dict())

    # ---- API docs without a CDN ------------------------------------------------------------------
    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs(request: Request) -> HTMLResponse:
        return render(request, "docs.html", {"nav": "docs", **api_docs_context(app.openapi())})

    from reportedly.web._pages import add_pages

    add_pages(app, render=render, need_store=need_store, json_url=json_url, cfg=cfg,
              check_write=lambda request: check_token(request, cfg.token), analyze=_analyze)
    return app


def _quietly(fn: Any) -> None:
    try:
        fn()
    except Exception as exc:  # a warm-up failure shows up again, with its error page, on request
        log.warning("warming the audit failed: %s", exc)


def _open_store(db_url: str) -> Any:
    from reportedly.web._data import WebData

    return WebData(db_url)


def _read_upload(file: UploadFile | None) -> tuple[bytes | None, str | None]:
    if file is None or not file.filename:
        return None, None
    return file.file.read(), file.filename


async def _analyze_body(request: Request) -> tuple[str | None, str | None, bytes | None, str | None]:
    ctype = request.headers.get("content-type", "")
    if ctype.startswith("multipart/form-data"):
        form = await request.form()
        upload = form.get("file")
        data = name = None
        if upload is not None and not isinstance(upload, str):
            data, name = await upload.read(), upload.filename
        text, title = form.get("text"), form.get("title")
        return (text if isinstance(text, str) else None, title if isinstance(title, str) else None, data, name)
    try:
        body = json.loads(await request.body())
    except (ValueError, UnicodeDecodeError):
        raise HTTPException(400, "send JSON {\"text\": ...} or multipart form data") from None
    if not isinstance(body, dict) or not isinstance(body.get("text"), str):
        raise HTTPException(422, "the JSON body needs a string field \"text\"")
    title = body.get("title")
    return body["text"], title if isinstance(title, str) else None, None, None


def _input_text(text: str | None, upload: bytes | None, filename: str | None) -> tuple[str, bool]:
    """The text to analyse and whether it is HTML; uploads are decoded strictly (no guessing)."""
    from reportedly.ingest import decode_bytes

    if upload:
        name = (filename or "").lower()
        if not name.endswith(_UPLOAD_SUFFIXES):
            raise HTTPException(415, "upload a .txt or .html file")
        try:
            decoded = decode_bytes(upload, "upload")
        except InputError as exc:
            raise HTTPException(422, exc.reason) from None
        return decoded, name.endswith((".html", ".htm", ".xhtml"))
    if text is None or not text.strip():
        raise HTTPException(422, "paste some text or choose a file")
    # browsers send CRLF from a textarea; offsets are over what the reader sees
    return text.replace("\r\n", "\n"), False


def _analyze(text: str, is_html: bool, title: str | None) -> Analysis:
    from reportedly import analyze_article
    from reportedly._analyze import text_id
    from reportedly.ingest import article_from_text
    from reportedly.ingest.html import article_from_html

    if is_html:
        article = article_from_html(text, text_id(text), "upload")
    else:
        article = article_from_text(text, text_id(text))
    if title:
        article.title = title
    article.source_path = None
    return analyze_article(article)


__all__ = ["create_app"]
