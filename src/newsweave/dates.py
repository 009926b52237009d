"""Publication dates: from metadata, else from the text, else the ingest time.

Each resolved date says how it was known (``metadata``, ``url``, ``text`` or
``ingest``), because a date guessed from the ingest time must not weigh as much
as one a publisher declared.
"""
from __future__ import annotations

import re
import warnings
from datetime import date, datetime, timedelta, timezone

import regex

from .digits import to_ascii_digits

HEAD_CHARS = 240
EARLIEST = date(1990, 1, 1)

_url_date = re.compile(r"/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2]|[a-z]{3,9})[/-](0?[1-9]|[12]\d|3[01])(?:/|\b)", re.I)
_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
_year = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
# The common English and numeric forms, found without dateparser: it tries
# every locale it knows on a line it cannot place, ~70-200 ms a call.
_MONTH = (r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?")
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"((?:19|20)\d\d)(?!\d)"
_FAST_FORMS = (
    ("mdy", re.compile(rf"\b{_MONTH}\s*{_DAY},?\s*,?\s*{_YEAR}", re.I)),
    ("dmy", re.compile(rf"(?<!\d){_DAY}\.?\s+(?:of\s+)?{_MONTH},?\s*{_YEAR}", re.I)),
    ("ymd", re.compile(r"(?<!\d)((?:19|20)\d\d)\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{1,2})(?!\d)")),
)
# Languages dateparser should try for a line, by the script of its letters.
_SCRIPT_LANGUAGES = (
    (regex.compile(r"\p{Bengali}"), ["bn"]),
    (regex.compile(r"\p{Arabic}"), ["ar", "fa", "ur"]),
    (regex.compile(r"\p{Cyrillic}"), ["ru", "uk", "bg", "sr", "be"]),
    (regex.compile(r"\p{Devanagari}"), ["hi", "mr", "ne"]),
    (regex.compile(r"\p{Han}|\p{Hiragana}|\p{Katakana}"), ["zh", "ja"]),
    (regex.compile(r"\p{Hangul}"), ["ko"]),
    (regex.compile(r"\p{Greek}"), ["el"]),
    (regex.compile(r"\p{Hebrew}"), ["he"]),
    (regex.compile(r"\p{Thai}"), ["th"]),
    (regex.compile(r"\p{Latin}"), ["en", "es", "fr", "de", "it", "pt", "nl", "pl", "tr", "id", "ro", "sv",
                                    "cs", "hu", "fi", "da", "nb", "hr", "vi"]),
)


def has_year(text: str) -> bool:
    """Whether a plausible year (1900-2099, any digits) is written in ``text``.

    >>> has_year("Posted 3 hours ago"), has_year("২৩ অক্টোবর ২০২৩")
    (False, True)
    """
    return bool(_year.search(to_ascii_digits(text)))


def _fast_date(text: str) -> date | None:
    """The first common-form full date in ``text`` (ASCII digits).

    >>> _fast_date("PUBLISHED: THURSDAY, MAY 2, 2013, 1: 32 PM")
    datetime.date(2013, 5, 2)
    >>> _fast_date("Mayor Smith, 12, 2013") is None
    True
    >>> _fast_date("26 September 2013, 10: 00 (GMT+05: 00)"), _fast_date("2013 - 09 - 26")
    (datetime.date(2013, 9, 26), datetime.date(2013, 9, 26))
    """
    found = []
    for form, pattern in _FAST_FORMS:
        match = pattern.search(text)
        if not match:
            continue
        g = match.groups()
        if form == "mdy":
            y, m, d = g[2], _MONTHS[g[0][:3].lower()], g[1]
        elif form == "dmy":
            y, m, d = g[2], _MONTHS[g[1][:3].lower()], g[0]
        else:
            y, m, d = g[0], g[2], g[3]
        try:
            found.append((match.start(), date(int(y), int(m), int(d))))
        except ValueError:
            continue
    return min(found)[1] if found else None


def _script_languages(text: str) -> list[str] | None:
    for pattern, languages in _SCRIPT_LANGUAGES:
        if pattern.search(text):
            return languages
    return None


def _settings(base: datetime) -> dict:
    return {
        "RELATIVE_BASE": base.replace(tzinfo=None),
        "PREFER_DATES_FROM": "past",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }


def _plausible(value: datetime | None, base: datetime) -> date | None:
    return None if value is None else _plausible_day(value.date(), base)


def _plausible_day(day: date | None, base: datetime) -> date | None:
    if day is not None and EARLIEST <= day <= (base + timedelta(days=2)).date():
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
    text = to_ascii_digits(text.strip())
    if not text or len(text) > 80:
        return None
    if require_year and not _year.search(text):
        return None
    fast = _plausible_day(_fast_date(text), base)
    if fast:
        return fast
    settings = _settings(base)
    if require_year:
        settings["REQUIRE_PARTS"] = ["day", "month", "year"]
    languages = [lang] if lang and lang != "und" else _script_languages(text)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            value = dateparser.parse(text, languages=languages, settings=settings)
        except (ValueError, OverflowError, TypeError):
            value = None
        if value is None and lang and lang != "und":
            value = dateparser.parse(text, languages=_script_languages(text), settings=settings)
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
    if not _year.search(head):
        return None
    base = base or datetime.now(timezone.utc)
    fast = _plausible_day(_fast_date(head), base)
    if fast:
        return fast
    settings = _settings(base)
    settings["REQUIRE_PARTS"] = ["day", "month", "year"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            found = search_dates(head, languages=[lang] if lang and lang != "und" else _script_languages(head),
                                 settings=settings)
        except (ValueError, OverflowError, TypeError, KeyError):
            found = None
    for words, value in found or []:
        day = _plausible(value, base) if str(value.year) in words else None
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
