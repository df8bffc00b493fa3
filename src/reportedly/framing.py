"""The framing audit: how the writer presents each side and each named speaker.

For one article (:func:`framing_of`, also the analysis JSON's ``framing`` key) and for many
(:func:`audit`), per speaker and per side (the top of the speaker's affiliation chain):

* how many attributions it gets, and the share whose cue distances ("claimed"), stays neutral
  ("said") or endorses ("confirmed", "noted");
* direct vs. indirect vs. mixed quotation, and the share from anonymous sources;
* loaded terms (``nlp/resources/loaded_terms.yaml``) in the writer's voice in sentences that
  mention the side, and loaded terms inside what the side is reported to say;
* editorial assertions (``editorial[]``) about the side.

Everything works on :class:`~reportedly.models.Analysis` records alone, so analyses read back
from JSON are audited exactly like fresh ones; the ``framing`` spaCy stage
(:mod:`reportedly.nlp.framing`) wraps it.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from reportedly.errors import InputError
from reportedly.models import SCHEMA_ID, Actor, Analysis, Attribution
from reportedly.nlp.actors import affiliation_chain, name_key
from reportedly.nlp.attribution import find_quotes
from reportedly.nlp.editorial import single_quotes
from reportedly.nlp.loaded import find_loaded_terms

__all__ = [
    "audit",
    "framing_of",
    "load_analyses",
    "plot_audit",
    "side_of",
]

FRAMING_VERSION = 1
#: cue stances grouped into the audit's three buckets; the rest count as neutral
DISTANCING = {"distancing"}
ENDORSING = {"endorsing"}
UNAFFILIATED = "unaffiliated sources"
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+[\"”’']?|\n|$)")


# -- grouping -------------------------------------------------------------------------------


def _keys_match(a: str, b: str) -> bool:
    return bool(a and b) and (a == b or a.endswith(" " + b) or b.endswith(" " + a))


def side_of(actor: Actor, actors: list[Actor]) -> Actor | None:
    """The party an actor speaks for: the top of its affiliation chain (itself for a party)."""
    chain = affiliation_chain(actor, actors)
    top = chain[-1]
    if len(chain) > 1:
        return top
    if actor.type in {"anonymous", "unspecified", "media", "document"}:
        return None
    return actor


class _Groups:
    """Actors merged by name ("Netanyahu" = "Benjamin Netanyahu"), one bucket per key."""

    def __init__(self) -> None:
        self.keys: list[str] = []
        self.names: dict[str, str] = {}

    def key(self, name: str) -> str:
        k = name_key(name) or name.lower()
        for existing in self.keys:
            if _keys_match(existing, k):
                if len(name) > len(self.names[existing]):
                    self.names[existing] = name
                return existing
        self.keys.append(k)
        self.names[k] = name
        return k


def _empty() -> dict[str, Any]:
    return {
        "attributions": 0,
        "stance": Counter(),
        "kind": Counter(),
        "anonymous": 0,
        "loaded_near": Counter(),
        "loaded_terms": Counter(),
        "loaded_in_reported": 0,
        "editorial_about": Counter(),
        "actor_ids": set(),
        "members": set(),
        "articles": set(),
    }


# -- one article --------------------------------------------------------------------------


def _sentences(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _SENTENCE.finditer(text) if m.group().strip()]


def _name_patterns(actors: list[Actor]) -> re.Pattern[str] | None:
    names: set[str] = set()
    for actor in actors:
        for name in [actor.name, *actor.aliases]:
            words = re.findall(r"[\w'’-]+", name)
            if not words or actor.type == "anonymous":
                continue
            names.add(" ".join(words))
            if actor.type == "person" and len(words) > 1 and words[-1][0].isupper():
                names.add(words[-1])  # a person is named by surname after first mention
    names = {n for n in names if len(n) > 2 and n[0].isupper()}
    if not names:
        return None
    body = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"\b(?:{body})\b")


def _stats(analysis: Analysis) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]], _Groups, _Groups]:
    actors = analysis.actors
    by_id = {a.id: a for a in actors}
    text = analysis.article.text
    speakers: dict[str, dict[str, Any]] = defaultdict(_empty)
    sides: dict[str, dict[str, Any]] = defaultdict(_empty)
    sgroups, pgroups = _Groups(), _Groups()
    # each group's actors by id, each once: an actor repeated per attribution made its mentions
    # repeat too, and a long article's list quadratic (gigabytes)
    side_members: dict[str, dict[str, Actor]] = defaultdict(dict)
    speaker_members: dict[str, dict[str, Actor]] = defaultdict(dict)

    def record(bucket: dict[str, Any], rec: Attribution, actor: Actor | None) -> None:
        bucket["attributions"] += 1
        bucket["stance"][rec.stance] += 1
        bucket["kind"][rec.kind] += 1
        bucket["articles"].add(analysis.article.id)
        if actor is not None:
            bucket["actor_ids"].add(actor.id)
            bucket["members"].add(actor.name)
            if actor.type == "anonymous":
                bucket["anonymous"] += 1

    for rec in analysis.attributions:
        actor = by_id.get(rec.speaker or "")
        if actor is not None and actor.type not in {"anonymous", "unspecified"}:
            pkey = pgroups.key(actor.name)
            record(speakers[pkey], rec, actor)
            speaker_members[pkey][actor.id] = actor
        side = side_of(actor, actors) if actor is not None else None
        skey = sgroups.key(side.name) if side is not None else sgroups.key(UNAFFILIATED)
        record(sides[skey], rec, actor)
        if actor is not None:
            side_members[skey][actor.id] = actor
            if side is not None:
                side_members[skey][side.id] = side

    quotes = find_quotes(text) + single_quotes(text)
    contents = [(r.content.start, r.content.end, r.speaker) for r in analysis.attributions]
    sentences = _sentences(text)
    terms = find_loaded_terms(text)
    for table, members in ((speakers, speaker_members), (sides, side_members)):
        for key, by_actor in members.items():
            bucket = table[key]
            acts = list(by_actor.values())
            ids = {a.id for a in acts}
            pattern = _name_patterns(acts)
            mentioned = [
                (s, e) for s, e in sentences if pattern is not None and pattern.search(text, s, e)
            ] + [(m.start, m.end) for a in acts for m in a.mentions]
            for term in terms:
                where = (term.start, term.end)
                if any(s <= where[0] < e for s, e in quotes):
                    inside_own = any(s <= where[0] < e and sp in ids for s, e, sp in contents)
                    if inside_own:
                        bucket["loaded_in_reported"] += 1
                    continue
                owner = [sp for s, e, sp in contents if s <= where[0] < e]
                if owner:
                    if any(sp in ids for sp in owner):
                        bucket["loaded_in_reported"] += 1
                    continue
                if any(s <= where[0] < e for s, e in mentioned):
                    bucket["loaded_near"][term.category] += 1
                    bucket["loaded_terms"][term.term] += 1
            for ed in analysis.editorial:
                if ed.about in ids or _about_via_chain(ed.about, ids, actors):
                    bucket["editorial_about"][ed.category] += 1
    return speakers, sides, pgroups, sgroups


def _about_via_chain(actor_id: str | None, ids: set[str], actors: list[Actor]) -> bool:
    actor = next((a for a in actors if a.id == actor_id), None)
    return actor is not None and any(a.id in ids for a in affiliation_chain(actor, actors))


def _finish(bucket: dict[str, Any], name: str) -> dict[str, Any]:
    n = bucket["attributions"]
    stance: Counter[str] = bucket["stance"]
    dist = sum(v for k, v in stance.items() if k in DISTANCING)
    endo = sum(v for k, v in stance.items() if k in ENDORSING)

    def share(x: int) -> float:
        return round(x / n, 3) if n else 0.0

    return {
        "name": name,
        "attributions": n,
        "articles": len(bucket["articles"]),
        "shares": {"distancing": share(dist), "neutral": share(n - dist - endo), "endorsing": share(endo)},
        "stance": dict(sorted(stance.items())),
        "kind": {k: bucket["kind"].get(k, 0) for k in ("direct", "indirect", "mixed")},
        "anonymous_share": share(bucket["anonymous"]),
        "loaded_near": dict(sorted(bucket["loaded_near"].items())),
        "loaded_terms": dict(bucket["loaded_terms"].most_common(10)),
        "loaded_in_reported": bucket["loaded_in_reported"],
        "editorial_about": sum(bucket["editorial_about"].values()),
        "editorial_categories": dict(sorted(bucket["editorial_about"].items())),
        "members": sorted(bucket["members"]),
    }


def framing_of(analysis: Analysis) -> dict[str, Any]:
    """The framing audit of one article (the ``framing`` key of its analysis)."""
    speakers, sides, pgroups, sgroups = _stats(analysis)
    return _result([analysis.article.id], speakers, sides, pgroups.names, sgroups.names, analysis)


def _result(
    ids: list[str],
    speakers: dict[str, dict[str, Any]],
    sides: dict[str, dict[str, Any]],
    pnames: dict[str, str],
    snames: dict[str, str],
    analysis: Analysis | None = None,
) -> dict[str, Any]:
    def rows(table: dict[str, dict[str, Any]], names: dict[str, str]) -> list[dict[str, Any]]:
        out = [_finish(b, names.get(k, k)) | {"key": k} for k, b in table.items() if b["attributions"]]
        return sorted(out, key=lambda r: (-r["attributions"], r["name"]))

    result: dict[str, Any] = {
        "version": FRAMING_VERSION,
        "articles": len(ids),
        "sides": rows(sides, snames),
        "speakers": rows(speakers, pnames),
    }
    if analysis is not None:
        result["writer"] = {
            "editorial": len(analysis.editorial),
            "editorial_categories": dict(Counter(e.category for e in analysis.editorial)),
        }
    return result


# -- many articles ------------------------------------------------------------------------


def audit(analyses: Iterable[Analysis]) -> dict[str, Any]:
    """The framing audit over many articles: per-side and per-speaker counts summed by name."""
    speakers: dict[str, dict[str, Any]] = defaultdict(_empty)
    sides: dict[str, dict[str, Any]] = defaultdict(_empty)
    pgroups, sgroups = _Groups(), _Groups()
    ids: list[str] = []
    editorial = 0
    for analysis in analyses:
        ids.append(analysis.article.id)
        editorial += len(analysis.editorial)
        sp, si, pg, sg = _stats(analysis)
        for src, groups, dst in ((sp, pg, pgroups), (si, sg, sgroups)):
            table = speakers if dst is pgroups else sides
            for key, bucket in src.items():
                merged = table[dst.key(groups.names[key])]
                for field, value in bucket.items():
                    if isinstance(value, set):
                        merged[field] |= value
                    elif isinstance(value, Counter):
                        merged[field].update(value)
                    else:
                        merged[field] += value
    result = _result(ids, speakers, sides, pgroups.names, sgroups.names)
    result["writer"] = {"editorial": editorial}
    return result


def load_analyses(paths: Iterable[str | Path]) -> Iterator[Analysis | InputError]:
    """Analyses from analysis JSON/JSONL files; any other article file is analysed first."""
    from reportedly._analyze import analyze_paths

    others: list[Path] = []
    for raw in paths:
        path = Path(raw)
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            if file.suffix.lower() in {".json", ".jsonl", ".ndjson"}:
                loaded = list(_read_analysis_file(file))
                if loaded is not None and loaded != [None]:
                    yield from (x for x in loaded if x is not None)
                    continue
            others.append(file)
    if others:
        for result in analyze_paths(others):
            if result.analysis is not None:
                yield result.analysis
            else:
                err = result.error
                yield err if isinstance(err, InputError) else InputError(result.source, str(err))


def _read_analysis_file(path: Path) -> Iterator[Analysis | InputError | None]:
    """Analyses in a file; a single ``None`` when the file holds articles, not analyses."""
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        yield InputError(str(path), f"cannot read: {exc}")
        return
    lines = [raw] if path.suffix.lower() == ".json" else [ln for ln in raw.splitlines() if ln.strip()]
    for n, line in enumerate(lines, start=1):
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            if n == 1:
                yield None if path.suffix.lower() != ".json" else InputError(str(path), f"invalid JSON: {exc}")
                return
            yield InputError(f"{path}#{n}", f"invalid JSON: {exc}")
            continue
        items = data if isinstance(data, list) else [data]
        for item in items:
            if not isinstance(item, dict) or item.get("schema") != SCHEMA_ID:
                if n == 1:
                    yield None
                    return
                yield InputError(f"{path}#{n}", f"not a {SCHEMA_ID} analysis")
                continue
            try:
                yield Analysis.from_dict(item)
            except (KeyError, TypeError, ValueError) as exc:
                yield InputError(f"{path}#{n}", f"malformed analysis: {exc}")


# -- chart --------------------------------------------------------------------------------


def _short(name: str, width: int = 36) -> str:
    flat = " ".join(name.replace('"', " ").split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def plot_audit(result: dict[str, Any], path: str | Path, *, top: int = 12) -> Path:
    """A stacked bar chart of distancing / neutral / endorsing shares (PNG or SVG by suffix)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    path = Path(path)
    panels = [("sides", result.get("sides", [])[:top]), ("named speakers", result.get("speakers", [])[:top])]
    panels = [(t, rows) for t, rows in panels if rows] or [("sides", [])]
    height = max(2.5, 0.45 * sum(len(r) for _, r in panels) + 1.5 * len(panels))
    fig, axes = plt.subplots(len(panels), 1, figsize=(10, height), squeeze=False)
    colors = {"distancing": "#c0392b", "neutral": "#95a5a6", "endorsing": "#27ae60"}
    for ax, (title, rows) in zip(axes[:, 0], panels, strict=True):
        labels = [f"{_short(r['name'])} (n={r['attributions']})" for r in rows][::-1]
        left = [0.0] * len(rows)
        for bucket, color in colors.items():
            values = [r["shares"][bucket] for r in rows][::-1]
            ax.barh(labels, values, left=left, color=color, label=bucket)
            left = [a + b for a, b in zip(left, values, strict=True)]
        ax.set_xlim(0, 1)
        ax.set_title(f"How attributions are framed: {title}")
        ax.set_xlabel("share of attributions by cue stance")
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small")
    fig.tight_layout()
    fig.savefig(path, format=path.suffix.lstrip(".").lower() or "png")
    plt.close(fig)
    return path
