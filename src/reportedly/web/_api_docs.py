"""/docs: the OpenAPI description rendered as a plain page (no Swagger UI bundle from a CDN)."""

from __future__ import annotations

from typing import Any


def api_docs_context(spec: dict[str, Any]) -> dict[str, Any]:
    endpoints = []
    for path, methods in sorted(spec.get("paths", {}).items()):
        for method, op in methods.items():
            params = [{
                "name": p.get("name"), "in": p.get("in"), "required": bool(p.get("required")),
                "type": _type_of(p.get("schema", {})), "description": p.get("description", ""),
            } for p in op.get("parameters", [])]
            body = op.get("requestBody", {}).get("content", {})
            endpoints.append({
                "method": method.upper(), "path": path, "summary": op.get("summary", ""),
                "tag": (op.get("tags") or ["pages"])[0], "params": params,
                "body": sorted(body), "auth": bool(op.get("security")) or "token" in op.get("description", ""),
                "description": op.get("description", ""),
            })
    endpoints.sort(key=lambda e: (e["tag"], e["path"], e["method"]))
    return {"endpoints": endpoints, "api_title": spec.get("info", {}).get("title", ""),
            "api_version": spec.get("info", {}).get("version", ""), "json_url": "/openapi.json"}


def _type_of(schema: dict[str, Any]) -> str:
    if "type" in schema:
        return str(schema["type"])
    options = schema.get("anyOf") or schema.get("oneOf") or []
    return " | ".join(str(o.get("type", "?")) for o in options) or "any"


__all__ = ["api_docs_context"]
