"""Publication dates: from metadata, else from the text, else the ingest time.

Each resolved date says how it was known (``metadata``, ``url``, ``text`` or
``ingest``), because a date guessed from the ingest time must not weigh as much
as one a publisher declared.
"""
from __future__ import annotations

import re
import warnings
from datetime import date, datetime, timedelta, timezone

HEAD_CHARS = 240
EARLIEST = date(1990, 1, 1)

_url_date = re.compile(r"/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2]|[a-z]{3,9})[/-](0?[1-9]|[12]\d|3[01])(?:/|\b)", re.I)
_digit = re.compile(r"\d")
_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}


def _settings(base: datetime) -> dict:
    return {
        "RELATIVE_BASE": base.replace(tzinfo=None),
        "PREFER_DATES_FROM": "past",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }


def _plausible(value: datetime | None, base: datetime) -> date | None:
    if value is None:
        return None
    day = value.date()
    if EARLIEST <= day <= (base + timedelta(days=2)).date():
        return day
    return None


def parse_date(text: str, lang: str | None = None, base: datetime | None = None,
               require_year: bool = False) -> date | None:
    """A date written in any language, or None.

    >>> parse_date("2023-10-23T08:00:00Z")
    datetime.date(2023, 10, 23)
    >>> parse_date("সোমবার, ২৩ অক্টোবর ২০২৩", "bn")
    datetime.date(2023, 10, 23)
    >>> parse_date("الاثنين ٢٣ أكتوبر ٢٠٢٣", "ar")
    datetime.date(2023, 10, 23)
    >>> parse_date("Monday", "en", datetime(2023, 10, 25))
    datetime.date(2023, 10, 23)
    >>> parse_date("Monday", "en", require_year=True) is None
    True
    """
    import dateparser

    base = base or datetime.now(timezone.utc)
    text = text.strip()
    if not text or len(text) > 80:
        return None
    settings = _settings(base)
    if require_year:
        settings["REQUIRE_PARTS"] = ["day", "month", "year"]
    languages = [lang] if lang and lang != "und" else None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            value = dateparser.parse(text, languages=languages, settings=settings)
        except (ValueError, OverflowError, TypeError):
            value = None
        if value is None and languages:
            value = dateparser.parse(text, settings=settings)
    return _plausible(value, base)


def date_from_url(url: str | None) -> date | None:
    """Dates that outlets put in their addresses (``/2013/may/03/``).

    >>> date_from_url("http://articles.latimes.com/2013/may/03/local/la-me-0504")
    datetime.date(2013, 5, 3)
    """
    if not url:
        return None
    match = _url_date.search(url)
    if not match:
        return None
    year, month, day = match.groups()
    month_no = int(month) if month.isdigit() else _MONTHS.get(month[:3].lower())
    try:
        return date(int(year), month_no, int(day)) if month_no else None
    except ValueError:
        return None


def date_in_text(text: str, lang: str | None, base: datetime | None = None) -> date | None:
    """A full date (day, month and year) near the start of a text."""
    from dateparser.search import search_dates

    head = text[:HEAD_CHARS]
    if not _digit.search(head):
        return None
    base = base or datetime.now(timezone.utc)
    settings = _settings(base)
    settings["REQUIRE_PARTS"] = ["day", "month", "year"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            found = search_dates(head, languages=[lang] if lang and lang != "und" else None,
                                 settings=settings)
        except (ValueError, OverflowError, TypeError, KeyError):
            found = None
    for _, value in found or []:
        day = _plausible(value, base)
        if day:
            return day
    return None


def resolve_date(metadata: str | None, date_text: str | None, url: str | None, text: str,
                 lang: str | None, now: datetime) -> tuple[str, str]:
    """``(ISO date, method)`` from the best evidence available."""
    if metadata:
        day = parse_date(metadata, None, now) or parse_date(metadata, lang, now)
        if day:
            return day.isoformat(), "metadata"
    day = date_from_url(url)
    if day:
        return day.isoformat(), "url"
    if date_text:
        day = parse_date(date_text, lang, now)
        if day:
            return day.isoformat(), "text"
    day = date_in_text(text, lang, now)
    if day:
        return day.isoformat(), "text"
    return now.date().isoformat(), "ingest"
