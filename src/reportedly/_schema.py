"""The JSON Schema of ``reportedly/analysis@1`` and its validator."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from reportedly.errors import SchemaError


@cache
def analysis_schema() -> dict[str, Any]:
    text = resources.files("reportedly.schema").joinpath("analysis-1.schema.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def validate_analysis(data: dict[str, Any]) -> None:
    """Raise SchemaError unless ``data`` is a valid analysis whose spans match its text."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(analysis_schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
    if errors:
        err = errors[0]
        where = "/".join(str(p) for p in err.path) or "(root)"
        raise SchemaError(f"analysis@1: {where}: {err.message}")
    text = data["article"]["text"]
    for where, span in iter_spans(data):
        if not (0 <= span["start"] <= span["end"] <= len(text)):
            raise SchemaError(f"analysis@1: {where}: span {span['start']}:{span['end']} outside the text")
        if text[span["start"] : span["end"]] != span["text"]:
            raise SchemaError(f"analysis@1: {where}: span text does not equal article.text[start:end]")
    for section in ("attributions", "actors", "events", "editorial", "relations"):
        ids = [item["id"] for item in data.get(section, [])]
        if len(ids) != len(set(ids)):
            raise SchemaError(f"analysis@1: {section}: duplicate ids")
    actor_ids = {a["id"] for a in data["actors"]}
    attribution_ids = {a["id"] for a in data["attributions"]}
    for a in data["attributions"]:
        if a["speaker"] is not None and a["speaker"] not in actor_ids:
            raise SchemaError(f"analysis@1: attribution {a['id']}: unknown speaker {a['speaker']}")
        if a["nested_in"] is not None and a["nested_in"] not in attribution_ids:
            raise SchemaError(f"analysis@1: attribution {a['id']}: nested_in unknown {a['nested_in']}")
    for e in data["events"]:
        for key in ("actor1", "actor2"):
            if e[key] is not None and e[key] not in actor_ids:
                raise SchemaError(f"analysis@1: event {e['id']}: unknown {key} {e[key]}")
    for r in data["relations"]:
        for aid in r["a"] + r["b"]:
            if aid not in attribution_ids:
                raise SchemaError(f"analysis@1: relation {r['id']}: unknown attribution {aid}")


def iter_spans(data: dict[str, Any]) -> Any:
    """(where, span) for every span in an analysis."""
    for a in data.get("attributions", []):
        for role in ("source", "cue", "content", "channel"):
            if a.get(role):
                yield f"attributions/{a['id']}/{role}", a[role]
    for a in data.get("actors", []):
        for i, m in enumerate(a.get("mentions", [])):
            yield f"actors/{a['id']}/mentions/{i}", m
    for e in data.get("events", []):
        for role in ("evidence", "actor1_span", "actor2_span", "trigger"):
            if e.get(role):
                yield f"events/{e['id']}/{role}", e[role]
    for e in data.get("editorial", []):
        yield f"editorial/{e['id']}/span", e["span"]
