"""Publication dates, and how each was known.

Evidence, strongest first:

- ``metadata``: a date the publisher or the feed declared;
- ``url``: a date in the page's address;
- ``text``: a full date in a byline, a dateline or the lead;
- ``weekday``: a weekday in the lead ("on Monday", সোমবার, اليوم الأثنين),
  resolved against a reference date that is known: the day the page was
  fetched (a record's crawl date, a WARC date) or the date printed in the
  page header;
- ``page``: the page-header date alone, the day the page was rendered, which
  is on or after the publication.

Otherwise the article is ``undated``: its publication date is null, never the
day of the ingest. A weekday with nothing to anchor it stays undated too:
resolved against the ingest day, it would put a 2023 article in 2026.
"""
from __future__ import annotations

from datetime import date, datetime, timezone
import warnings

from newsweave.text.dates.parse import (MONTHS, URL_DATE, YEAR, dateparser_settings, fast_date, parse_date, plausible,
                                        plausible_day, script_languages)
from newsweave.text.dates.weekdays import last_weekday, weekday_in_text
from newsweave.text.digits import to_ascii_digits


HEAD_CHARS = 240


def date_from_url(url: str | None) -> date | None:
    """Dates that outlets put in their addresses (``/2013/may/03/``).

    >>> date_from_url("http://articles.latimes.com/2013/may/03/local/la-me-0504")
    datetime.date(2013, 5, 3)
    """
    if not url:
        return None
    match = URL_DATE.search(url)
    if not match:
        return None
    year, month, day = match.groups()
    month_no = int(month) if month.isdigit() else MONTHS.get(month[:3].lower())
    try:
        return date(int(year), month_no, int(day)) if month_no else None
    except ValueError:
        return None


def date_in_text(text: str, lang: str | None, base: datetime | None = None) -> date | None:
    """A full date (day, month and year) near the start of a text.

    The year found must be written in the matched words: relative phrases
    ("last week", "Monday"; dateparser even reads "the 1980's" as a moment
    1,980 seconds ago) would otherwise resolve against the day of the ingest,
    and the same corpus would get different dates on different days.

    >>> date_in_text("The actress, who shot to fame in 1999, checked in last week.", "en",
    ...              datetime(2024, 1, 1)) is None
    True
    >>> date_in_text("Felt worked at the FBI in the 1970s and retired in the 1980's.", "en") is None
    True
    >>> date_in_text("Le 23 octobre 2023, les négociateurs se sont réunis.", "fr")
    datetime.date(2023, 10, 23)
    """
    from dateparser.search import search_dates

    head = to_ascii_digits(text[:HEAD_CHARS])
    if not YEAR.search(head):
        return None
    base = base or datetime.now(timezone.utc)
    fast = plausible_day(fast_date(head), base)
    if fast:
        return fast
    settings = dateparser_settings(base)
    settings["REQUIRE_PARTS"] = ["day", "month", "year"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            found = search_dates(head, languages=[lang] if lang and lang != "und" else script_languages(head),
                                 settings=settings)
        except (ValueError, OverflowError, TypeError, KeyError):
            found = None
    for words, value in found or []:
        day = plausible(value, base) if str(value.year) in words else None
        if day:
            return day
    return None


def resolve_date(metadata: str | None, date_text: str | None, url: str | None, text: str,
                 lang: str | None, now: datetime, header_date: str | None = None,
                 reference: str | None = None) -> tuple[str | None, str]:
    """``(ISO date or None, method)`` from the best evidence available.

    ``date_text`` is a byline or dateline; ``header_date`` a date printed in
    the page header; ``reference`` when the page was fetched, if known.

    >>> now = datetime(2026, 11, 30)
    >>> resolve_date(None, None, None, "Ministers met on Wednesday in Oslo.", "en", now)
    (None, 'undated')
    >>> resolve_date(None, None, None, "Ministers met on Wednesday in Oslo.", "en", now,
    ...              header_date="Thursday, March 14, 2024")
    ('2024-03-13', 'weekday')
    >>> resolve_date(None, "13 марта 2024, 14:20", None, "Министры встретились.", "ru", now,
    ...              header_date="Пятница, 15 марта 2024")
    ('2024-03-13', 'text')
    >>> resolve_date(None, None, None, "Ministers met in Oslo.", "en", now, header_date="March 14, 2024")
    ('2024-03-14', 'page')
    """
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
    header = parse_date(header_date, lang, now, require_year=True) if header_date else None
    known = (parse_date(reference, None, now) if reference else None) or header
    weekday = weekday_in_text(text, lang) if known else None
    if weekday is not None:
        return last_weekday(weekday, known).isoformat(), "weekday"
    if header:
        return header.isoformat(), "page"
    return None, "undated"
