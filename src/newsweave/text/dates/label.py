"""How an article's date reads in every view: what is known, and how.

A date the page states is shown as it is. One worked out from a weekday and
the day the page was fetched, or the date printed in a page header, says so.
An undated article says it is undated and when newsweave first saw it.

>>> date_label("2024-03-13", "text", "2026-11-30T17:00:00+00:00")
'2024-03-13'
>>> date_label("2024-03-13", "weekday", None), date_label("2024-03-14", "page", None)
('2024-03-13 (from a weekday)', 'page dated 2024-03-14')
>>> date_label(None, "undated", "2026-11-30T17:00:00+00:00")
'undated · seen 2026-11-30'
"""
from __future__ import annotations

from datetime import date


def day_number(published: str | None) -> float | None:
    """An article's day as an ordinal, for time arithmetic; None when undated.

    >>> day_number("2024-03-13T08:00:00"), day_number(None)
    (738958.0, None)
    """
    return float(date.fromisoformat(published[:10]).toordinal()) if published else None


def date_label(published: str | None, method: str | None, seen: str | None) -> str:
    if not published:
        return f"undated · seen {seen[:10]}" if seen else "undated"
    day = published[:10]
    if method == "weekday":
        return f"{day} (from a weekday)"
    if method == "page":
        return f"page dated {day}"
    return day


def article_date_label(article: dict) -> str:
    """:func:`date_label` of an article row (``published``, ``date_method``, ``ingested_at``)."""
    return date_label(article.get("published"), article.get("date_method"), article.get("ingested_at"))
