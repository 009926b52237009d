"""Charts as inline SVG, with no script and no network: a timeline by language, and a sparkline of volume."""
from __future__ import annotations

from datetime import date
from html import escape


PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f",
           "#bab0ac"]


def timeline_svg(by_day: dict[str, dict[str, int]], width: int = 640, height: int = 140) -> str:
    """Articles per day as stacked bars, one colour per language."""
    if not by_day:
        return "<p class='meta'>No dated articles.</p>"
    langs = sorted({lang for counts in by_day.values() for lang in counts})
    colour = {lang: PALETTE[i % len(PALETTE)] for i, lang in enumerate(langs)}
    days = list(by_day)
    width = max(width, 20 + 8 * len(days))  # every day a bar; the page scales a long span down to fit
    peak = max(sum(c.values()) for c in by_day.values())
    bar = max(4, min(60, (width - 20) // len(days) - 4))
    parts = [f"<svg id='timeline-chart' role='img' aria-label='articles per day by language' width='{width}' "
             f"height='{height + 40}' viewBox='0 0 {width} {height + 40}'>"]
    for i, day in enumerate(days):
        x = 10 + i * (bar + 4)
        y = height
        for lang in langs:
            n = by_day[day].get(lang, 0)
            if not n:
                continue
            h = n / peak * (height - 10)
            y -= h
            parts.append(f"<rect x='{x}' y='{y:.1f}' width='{bar}' height='{h:.1f}' fill='{colour[lang]}'>"
                         f"<title>{escape(day)}: {n} {escape(lang)}</title></rect>")
        if len(days) <= 12 or i % max(1, len(days) // 12) == 0:
            parts.append(f"<text x='{x}' y='{height + 14}' font-size='10'>{escape(day[5:])}</text>")
    for j, lang in enumerate(langs):
        parts.append(f"<rect x='{10 + j * 60}' y='{height + 24}' width='10' height='10' fill='{colour[lang]}'/>"
                     f"<text x='{24 + j * 60}' y='{height + 33}' font-size='11'>{escape(lang)}</text>")
    parts.append("</svg>")
    return "".join(parts)


def sparkline_svg(by_day: dict[str, int], width: int = 120, height: int = 24, max_days: int = 60) -> str:
    """Articles per day over a story's span (gaps included) as a small line.

    >>> sparkline_svg({"2024-01-01": 1, "2024-01-03": 3}).count("<polyline")
    1
    """
    if not by_day:
        return ""
    first = date.fromisoformat(min(by_day))
    last = date.fromisoformat(max(by_day))
    span = min((last - first).days, max_days - 1)
    start = date.fromordinal(last.toordinal() - span)
    counts = [by_day.get(date.fromordinal(start.toordinal() + i).isoformat(), 0) for i in range(span + 1)]
    peak = max(counts) or 1
    step = width / max(1, len(counts) - 1)
    points = " ".join(f"{i * step:.1f},{height - 2 - c / peak * (height - 4):.1f}" for i, c in enumerate(counts))
    if len(counts) == 1:
        points = f"0,{height / 2:.1f} {width},{height / 2:.1f}"
    label = f"{sum(counts)} articles over {len(counts)} days"
    return (f"<svg class='sparkline' role='img' aria-label='{label}' width='{width}' height='{height}' "
            f"viewBox='0 0 {width} {height}'><title>{label}</title>"
            f"<polyline fill='none' stroke='#4e79a7' stroke-width='1.5' points='{points}'/></svg>")


def figure_svg(points: list[tuple[str, float]], width: int = 180, height: int = 48) -> str:
    """How one figure moved across a storyline's events: a line through each event's value,
    labelled, oldest first (events evenly spaced: the table above gives their dates).

    >>> svg = figure_svg([("2023-11-21", 50.0), ("2024-01-10", 40.0), ("2024-01-26", 35.0)])
    >>> svg.count("<circle"), "50 → 35" in svg
    (3, True)
    """
    if len(points) < 2:
        return ""
    values = [v for _, v in points]
    low, high = min(values), max(values)
    spread = (high - low) or 1.0
    step = (width - 24) / (len(points) - 1)
    xy = [(12 + i * step, height - 12 - (v - low) / spread * (height - 24)) for i, v in enumerate(values)]
    label = f"{_number(values[0])} → {_number(values[-1])} over {len(points)} events"
    parts = [f"<svg class='figure-trail' role='img' aria-label='{escape(label)}' width='{width}' height='{height}' "
             f"viewBox='0 0 {width} {height}'><title>{escape(label)}</title>",
             "<polyline fill='none' stroke='#e15759' stroke-width='1.5' points='"
             + " ".join(f"{x:.1f},{y:.1f}" for x, y in xy) + "'/>"]
    for (x, y), (when, value) in zip(xy, points):
        parts.append(f"<circle cx='{x:.1f}' cy='{y:.1f}' r='2.5' fill='#e15759'><title>{escape(when)}: "
                     f"{_number(value)}</title></circle>"
                     f"<text x='{x:.1f}' y='{max(9.0, y - 5):.1f}' font-size='9' text-anchor='middle'>{_number(value)}</text>")
    parts.append("</svg>")
    return "".join(parts)


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
