"""The store-backed pages and their ``.json`` twins, plus the token-protected write endpoint.

Each page is a function returning the data dict that both the HTML template and the JSON
twin show, so the two can never disagree.  ``.json`` routes are declared before their HTML
pages because ``{id}`` would otherwise also match ``7.json``.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.concurrency import run_in_threadpool

from reportedly.errors import ReportedlyError, SchemaError
from reportedly.models import SCHEMA_ID, Analysis
from reportedly.web._charts import STANCES, by_period, hbars, timeline
from reportedly.web._config import WebConfig
from reportedly.web._render import article_view

log = logging.getLogger(__name__)
Q = Annotated[str | None, Query(max_length=200, description="search text")]
PAGE = Annotated[int, Query(ge=1, le=100_000)]


def add_pages(app: FastAPI, *, render: Callable[..., HTMLResponse], need_store: Callable[[], Any],
              json_url: Callable[[Request], str], cfg: WebConfig, check_write: Callable[[Request], None],
              analyze: Callable[[str, bool, str | None], Analysis]) -> None:
    audit_cache: dict[str, Any] = {}
    audit_lock = threading.Lock()
    framing_state: dict[str, Any] = {}

    def html(request: Request, name: str, nav: str, data: dict[str, Any]) -> HTMLResponse:
        return render(request, name, {"nav": nav, "json_url": json_url(request), **data})

    # ---- overview ------------------------------------------------------------------------------
    def overview_data() -> dict[str, Any]:
        data: dict[str, Any] = need_store().overview()
        return data

    @app.get("/index.json", summary="Corpus overview", tags=["pages"])
    @app.get("/.json", include_in_schema=False)
    def overview_json() -> JSONResponse:
        return JSONResponse(overview_data())

    @app.get("/", response_class=HTMLResponse, summary="Corpus overview (HTML)", tags=["pages"])
    def overview(request: Request) -> HTMLResponse:
        data = overview_data()
        types = [{"key": t["type"], "total": t["n"], "stances": {t["type"]: t["n"]}} for t in data["speaker_types"]]
        return render(request, "overview.html", {"nav": "overview", "json_url": "/index.json", **data,
                                                 "types_chart": hbars(types, [t["type"] for t in data["speaker_types"]],
                                                                      label_w=130, width=520)})

    # ---- articles ------------------------------------------------------------------------------
    def articles_data(q: str | None, outlet: str | None, page: int) -> dict[str, Any]:
        data: dict[str, Any] = need_store().articles(q, outlet, page=page, size=cfg.page_size)
        data["q"], data["outlet"] = q or "", outlet or ""
        return data

    @app.get("/articles.json", summary="Articles, newest first; search with q", tags=["pages"])
    def articles_json(q: Q = None, outlet: Annotated[str | None, Query(max_length=256)] = None,
                      page: PAGE = 1) -> JSONResponse:
        return JSONResponse(articles_data(q, outlet, page))

    @app.get("/articles", response_class=HTMLResponse, summary="Articles (HTML)", tags=["pages"])
    def articles(request: Request, q: Q = None, outlet: Annotated[str | None, Query(max_length=256)] = None,
                 page: PAGE = 1) -> HTMLResponse:
        data = articles_data(q, outlet, page)
        query = {k: v for k, v in (("q", q), ("outlet", outlet)) if v}
        return html(request, "articles.html", "articles", {**data, "query": query})

    def load_article(article_id: str) -> tuple[Analysis, dict[str, Any]]:
        found = need_store().article(article_id)
        if found is None:
            raise HTTPException(404, "no article with this id")
        result: tuple[Analysis, dict[str, Any]] = found
        return result

    def links(store_info: dict[str, Any]) -> dict[str, dict[str, str]]:
        return {"actors": {k: f"/actors/{v}" for k, v in store_info["actors"].items()},
                "claims": {k: f"/claims/{v}" for k, v in store_info["claims"].items()}}

    @app.get("/articles/{article_id}.json", summary="One article's analysis (analysis@1) with store links",
             tags=["pages"])
    def article_json(article_id: str) -> JSONResponse:
        analysis, info = load_article(article_id)
        doc = analysis.to_dict()
        doc["store"] = {"id": info["store_id"], "latest": info["latest"], "external_id": info["external_id"],
                        **links(info)}
        return JSONResponse(doc)

    @app.get("/articles/{article_id}", response_class=HTMLResponse, summary="Article view (HTML)", tags=["pages"])
    def article(request: Request, article_id: str) -> HTMLResponse:
        analysis, info = load_article(article_id)
        url = links(info)
        view = article_view(analysis, actor_urls=url["actors"], claim_urls=url["claims"])
        return render(request, "article.html", {"nav": "articles", "view": view, "store": info,
                                                "json_url": f"/articles/{info['store_id']}.json"})

    # ---- actors --------------------------------------------------------------------------------
    def actor_data(actor_id: int) -> dict[str, Any]:
        data = need_store().actor(actor_id)
        if data is None:
            raise HTTPException(404, "no actor with this id")
        points, undated = by_period([s["date"] for s in data["statements"]])
        data["timeline"] = {"points": [{"period": p, "statements": n} for p, n in points], "undated": undated}
        return dict(data)

    @app.get("/actors/{actor_id}.json", summary="An actor: statements, events, framing", tags=["pages"])
    def actor_json(actor_id: int) -> JSONResponse:
        return JSONResponse(actor_data(actor_id))

    @app.get("/actors/{actor_id}", response_class=HTMLResponse, summary="Actor page (HTML)", tags=["pages"])
    def actor(request: Request, actor_id: int) -> HTMLResponse:
        data = actor_data(actor_id)
        points = [(p["period"], p["statements"]) for p in data["timeline"]["points"]]
        stance_row = [{"key": "statements", "total": sum(s["n"] for s in data["framing"]["stances"]),
                       "stances": {s["stance"]: s["n"] for s in data["framing"]["stances"]}}]
        return html(request, "actor.html", "articles", {**data, "timeline_chart": timeline(points),
                                                        "stance_chart": hbars(stance_row, label_w=90, width=520)})

    # ---- claims --------------------------------------------------------------------------------
    def claims_data(q: str | None) -> dict[str, Any]:
        data: dict[str, Any] = need_store().claims(q.strip() if q else None)
        for claim in data["claims"]:
            _number_links(claim)
        return data

    @app.get("/claims.json", summary="Claims reported across sources; search with q", tags=["pages"])
    def claims_json(q: Q = None) -> JSONResponse:
        return JSONResponse(claims_data(q))

    @app.get("/claims", response_class=HTMLResponse, summary="Claims search (HTML)", tags=["pages"])
    def claims(request: Request, q: Q = None) -> HTMLResponse:
        return html(request, "claims.html", "claims", claims_data(q))

    def claim_data(claim_id: int) -> dict[str, Any]:
        data = need_store().claim(claim_id)
        if data is None:
            raise HTTPException(404, "no claim with this id")
        _number_links(data)
        return dict(data)

    @app.get("/claims/{claim_id}.json", summary="One claim with its reports and links", tags=["pages"])
    def claim_json(claim_id: int) -> JSONResponse:
        return JSONResponse(claim_data(claim_id))

    @app.get("/claims/{claim_id}", response_class=HTMLResponse, summary="One claim (HTML)", tags=["pages"])
    def claim(request: Request, claim_id: int) -> HTMLResponse:
        data = claim_data(claim_id)
        return html(request, "claims.html", "claims", {"q": "", "claims": [data], "unclustered": [],
                                                       "single": True})

    # ---- framing audit -------------------------------------------------------------------------
    def audit_data() -> dict[str, Any]:
        store = need_store()
        version = store.data_version()
        with audit_lock:
            if audit_cache.get("version") != version:
                audit_cache.update(version=version, data={
                    "method": "attribution stance counts per group, computed from stored attributions",
                    "stances": STANCES,
                    "by_affiliation": store.stance_by("affiliation"),
                    "by_speaker": store.stance_by("speaker"),
                    "by_speaker_type": store.stance_by("speaker_type"),
                    "by_outlet": store.stance_by("outlet"),
                    "anonymity_by_outlet": store.anonymity_by_outlet(),
                })
            data: dict[str, Any] = dict(audit_cache["data"])
            # the framing audit reads every stored analysis (seconds on a large store): it runs in
            # the background and the page shows the last finished result, never waiting for it
            if framing_state.get("version") != version and not framing_state.get("running"):
                framing_state["running"] = True
                threading.Thread(target=_compute_framing, args=(store, version), daemon=True).start()
            data["framing"] = framing_state.get("result")
            data["framing_status"] = ("current" if framing_state.get("version") == version else
                                      "computing" if data["framing"] is None else "updating")
        return data

    def _compute_framing(store: Any, version: Any) -> None:
        result = None
        try:
            # in a child process: the audit is seconds of pure-Python CPU, which in a thread would
            # hold the GIL and slow every page served meanwhile
            result = _framing_in_child(store.db_url)
        except Exception as exc:  # the SQL charts still show; the audit says it is unavailable
            log.warning("framing audit failed: %s", exc)
        finally:
            with audit_lock:
                framing_state.update(version=version, result=result, running=False)

    app.state.warm = audit_data

    @app.get("/audit.json", summary="Framing audit: stance by affiliation, speaker type, outlet", tags=["pages"])
    def audit_json() -> JSONResponse:
        return JSONResponse(audit_data())

    @app.get("/audit", response_class=HTMLResponse, summary="Framing audit with charts (HTML)", tags=["pages"])
    def audit(request: Request) -> HTMLResponse:
        data = audit_data()
        charts = {k: hbars(data[k]) for k in ("by_affiliation", "by_speaker", "by_speaker_type", "by_outlet")}
        charts["anonymity_by_outlet"] = hbars(data["anonymity_by_outlet"], ["named", "anonymous"])
        framing = data.get("framing")
        if framing:
            for part in ("sides", "speakers"):
                charts[f"framing_{part}"] = hbars([{"key": r["name"], "total": r["attributions"],
                                                    "stances": r["stance"]} for r in framing[part]])
        return html(request, "audit.html", "audit", {**data, "charts": charts})

    # ---- writes --------------------------------------------------------------------------------
    @app.post("/articles.json", status_code=201, tags=["write"],
              summary="Store an article (token): an analysis@1 document, or {text, title, url, ...} to analyze",
              description="Needs Authorization: Bearer <token>; the server is read-only without a token.")
    async def ingest(request: Request) -> JSONResponse:
        check_write(request)
        store = need_store()
        try:
            body = json.loads(await request.body())
        except (ValueError, UnicodeDecodeError):
            raise HTTPException(400, "the body must be JSON") from None
        if not isinstance(body, dict):
            raise HTTPException(422, "the body must be a JSON object")
        analysis = await run_in_threadpool(_analysis_from_body, body, cfg, analyze)
        try:
            stored = await run_in_threadpool(store.ingest, analysis)
        except ReportedlyError as exc:
            raise HTTPException(503, str(exc)) from None
        return JSONResponse({"id": stored, "url": f"/articles/{stored}"}, status_code=201)


_CHILD = (
    "import json, sys\n"
    "from reportedly.web._pages import _framing_audit_url\n"
    "json.dump(_framing_audit_url(sys.stdin.read().strip()), sys.stdout)\n"
)


def _framing_in_child(db_url: str, timeout: float = 900.0) -> dict[str, Any] | None:
    """Run the framing audit in a fresh Python process and read its JSON result.

    A plain child process rather than multiprocessing: ``python -m reportedly serve`` would be
    re-run by a spawned worker importing ``__main__``.  The URL goes through stdin so that a
    password in it never shows in the process list.
    """
    import os
    import subprocess
    import sys
    from pathlib import Path

    import reportedly

    env = dict(os.environ)
    pkg_root = str(Path(reportedly.__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (pkg_root, env.get("PYTHONPATH", "")) if p)
    done = subprocess.run([sys.executable, "-c", _CHILD], input=db_url, capture_output=True, text=True,
                          timeout=timeout, env=env, check=False)
    if done.returncode != 0:
        tail = (done.stderr or "").strip().splitlines()[-1:] or ["no output"]
        raise RuntimeError(f"framing audit process failed: {tail[0]}")
    result: dict[str, Any] | None = json.loads(done.stdout)
    return result


def _framing_audit_url(db_url: str) -> dict[str, Any] | None:
    from reportedly.web._data import WebData

    return _framing_audit(WebData(db_url))


def _framing_audit(store: Any, top: int = 15) -> dict[str, Any] | None:
    """The framing audit of :mod:`reportedly.framing` over every stored analysis, when installed."""
    try:
        from reportedly.framing import audit
    except ImportError:
        return None
    result: dict[str, Any] = audit(store.analyses())
    return {"articles": result.get("articles"), "writer": result.get("writer", {}),
            "sides": result.get("sides", [])[:top], "speakers": result.get("speakers", [])[:top]}


def _number_links(claim: dict[str, Any]) -> None:
    """Give each report its row number and each link the numbers and sources of its two reports."""
    index = {}
    for n, report in enumerate(claim["reports"], 1):
        report["n"] = n
        index[report["pk"]] = report
    for link in claim["links"]:
        a, b = index.get(link["a_pk"]), index.get(link["b_pk"])
        link["a_n"], link["b_n"] = (a or {}).get("n"), (b or {}).get("n")
        link["a_source"] = (a or {}).get("speaker_name") or (a or {}).get("source_text") or ""
        link["b_source"] = (b or {}).get("speaker_name") or (b or {}).get("source_text") or ""


def _analysis_from_body(body: dict[str, Any], cfg: WebConfig,
                        analyze: Callable[[str, bool, str | None], Analysis]) -> Analysis:
    from reportedly import validate_analysis

    if body.get("schema") == SCHEMA_ID:
        try:
            validate_analysis(body)
            return Analysis.from_dict(body)
        except (SchemaError, KeyError, TypeError, ValueError) as exc:
            raise HTTPException(422, f"not a valid analysis@1 document: {exc}") from None
    text = body.get("text")
    if not isinstance(text, str) or not text.strip():
        raise HTTPException(422, "send an analysis@1 document or a JSON object with a \"text\" string")
    if len(text) > cfg.max_analyze_chars:
        raise HTTPException(413, f"{len(text)} characters is over the {cfg.max_analyze_chars} limit")
    analysis = analyze(text, False, body.get("title") if isinstance(body.get("title"), str) else None)
    for key in ("url", "published", "outlet"):
        value = body.get(key)
        if isinstance(value, str):
            setattr(analysis.article, key, value[:1000])
    return analysis


__all__ = ["add_pages"]
