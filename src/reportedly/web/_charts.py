"""Chart geometry for server-rendered SVG: the numbers are computed here, the markup is a template.

Charts are inline SVG drawn from these dicts, so they need no JavaScript, no chart library and
no inline style (colours come from CSS classes, which the CSP allows).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

STANCES = ["neutral", "endorsing", "distancing", "hedging", "denying", "intent"]


def hbars(rows: list[dict[str, Any]], keys: list[str] | None = None, *, width: int = 680,
          label_w: int = 230, bar_h: int = 18, gap: int = 6) -> dict[str, Any]:
    """Stacked horizontal bars; ``rows`` are ``{"key", "total", "stances": {key: n}}``."""
    present = Counter[str]()
    for r in rows:
        present.update(r["stances"])
    order = [k for k in (keys or STANCES) if present[k]] + sorted(k for k in present if k not in (keys or STANCES))
    top = max((r["total"] for r in rows), default=0) or 1
    scale = (width - label_w - 44) / top
    out = []
    for i, r in enumerate(rows):
        x = float(label_w)
        parts = []
        for key in order:
            n = r["stances"].get(key, 0)
            if n:
                w = max(1.0, n * scale)
                parts.append({"key": key, "value": n, "x": round(x, 1), "w": round(w, 1)})
                x += w
        out.append({"label": r["key"], "total": r["total"], "y": i * (bar_h + gap), "parts": parts,
                    "end": round(x, 1)})
    return {"width": width, "height": max(1, len(rows) * (bar_h + gap)), "label_w": label_w, "rows": out,
            "legend": order}


def timeline(points: list[tuple[str, int]], *, width: int = 680, height: int = 150) -> dict[str, Any]:
    """Columns for (date label, count) points already in time order."""
    base = height - 20
    if not points:
        return {"width": width, "height": height, "base": base, "cols": [], "ticks": []}
    top = max(v for _, v in points) or 1
    step = width / len(points)
    w = max(2.0, step * 0.8)
    cols = []
    for i, (label, value) in enumerate(points):
        h = (base - 6) * value / top
        cols.append({"x": round(i * step + (step - w) / 2, 1), "y": round(base - h, 1), "w": round(w, 1),
                     "h": round(h, 1), "label": label, "value": value})
    every = max(1, len(points) // 6)
    # keep tick labels inside the drawing (about 36 px either side of the centre)
    ticks = [{"x": round(min(max(i * step + step / 2, 36.0), width - 36.0), 1), "label": label}
             for i, (label, _) in enumerate(points) if i % every == 0]
    return {"width": width, "height": height, "base": base, "cols": cols, "ticks": ticks}


def by_period(dates: list[str | None]) -> tuple[list[tuple[str, int]], int]:
    """Counts per day (or per month when the dates span more than 120 days); undated counted apart."""
    days = sorted(d[:10] for d in dates if d and len(d) >= 10 and d[4] == "-")
    undated = len(dates) - len(days)
    if not days:
        return [], undated
    monthly = _days_between(days[0], days[-1]) > 120
    counts = Counter(d[:7] if monthly else d for d in days)
    # every period in the range, empty ones included, so the x axis is time and not just data
    return [(p, counts.get(p, 0)) for p in _periods(days[0], days[-1], monthly)], undated


def _periods(first: str, last: str, monthly: bool) -> list[str]:
    from datetime import date, timedelta

    try:
        a, b = date.fromisoformat(first), date.fromisoformat(last)
    except ValueError:
        return sorted({first, last})
    out: list[str] = []
    if monthly:
        y, m = a.year, a.month
        while (y, m) <= (b.year, b.month) and len(out) < 600:
            out.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out
    while a <= b and len(out) < 400:
        out.append(a.isoformat())
        a += timedelta(days=1)
    return out


def _days_between(a: str, b: str) -> int:
    from datetime import date

    try:
        return (date.fromisoformat(b) - date.fromisoformat(a)).days
    except ValueError:
        return 0


__all__ = ["STANCES", "by_period", "hbars", "timeline"]
