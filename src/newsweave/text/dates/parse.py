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

import re
import warnings
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache

import regex

from newsweave.text.digits import to_ascii_digits

HEAD_CHARS = 240
WEEKDAY_CHARS = 600  # the lead, where a report says on which day things happened
EARLIEST = date(1990, 1, 1)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Languages that attach case endings to a weekday's name (বুধবারের, बुधवार को is separate).
_SUFFIXING = frozenset({"bn", "ta", "te", "ml", "kn", "tr", "fi", "hu", "ko", "ja"})
_ALEF = str.maketrans("أإآ", "ااا")
_arabic_clitic = regex.compile(r"^(?:و|ف|ب|ل|وب|ول|فب)(?=ال)")
_word = regex.compile(r"[\p{L}\p{M}]+")

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


# The Levantine and Iraqi month names, which dateparser's Arabic does not
# know, as the names it does ("٩ آذار ٢٠٢٤" is 9 March 2024).
_LEVANTINE_MONTHS = (("كانون الثاني", "يناير"), ("كانون الأول", "ديسمبر"), ("تشرين الأول", "أكتوبر"),
                     ("تشرين الثاني", "نوفمبر"), ("شباط", "فبراير"), ("آذار", "مارس"), ("نيسان", "أبريل"),
                     ("أيار", "مايو"), ("حزيران", "يونيو"), ("تموز", "يوليو"), ("آب", "أغسطس"),
                     ("أيلول", "سبتمبر"))
_levantine = regex.compile("|".join(rf"(?<!\p{{L}}){name}(?!\p{{L}})" for name, _ in _LEVANTINE_MONTHS))


def _standard_months(text: str) -> str:
    """
    >>> _standard_months("السبت ٩ آذار ٢٠٢٤")
    'السبت ٩ مارس ٢٠٢٤'
    """
    if not _levantine.search(text):
        return text
    names = dict(_LEVANTINE_MONTHS)
    return _levantine.sub(lambda m: names[m.group(0)], text)


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

    base = base or datetime.now(timezone.utc)
    text = _standard_months(to_ascii_digits(text.strip()))
    if not text or len(text) > 80:
        return None
    if require_year and not _year.search(text):
        return None
    fast = _plausible_day(_fast_date(text), base)
    if fast:
        return fast
    languages = [lang] if lang and lang != "und" else _script_languages(text)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            value = _parser(tuple(languages or ()), require_year, base.date()).get_date_data(text).date_obj
        except (ValueError, OverflowError, TypeError):
            value = None
        if value is None and lang and lang != "und":
            value = _parser(tuple(_script_languages(text) or ()), require_year, base.date()).get_date_data(text).date_obj
    return _plausible(value, base)


@lru_cache(maxsize=256)
def _parser(languages: tuple[str, ...], require_year: bool, base_day: date):
    """A dateparser parser for these languages, made once: making one loads every
    locale it covers, which cost more than the parse itself, call after call."""
    from dateparser.date import DateDataParser

    settings = _settings(datetime.combine(base_day, datetime.min.time()))
    if require_year:
        settings["REQUIRE_PARTS"] = ["day", "month", "year"]
    return DateDataParser(languages=list(languages) or None, settings=settings)


_segment_split = re.compile(r"\s+[|·•—–-]\s+|\s*[|·•]\s*")
MAX_LABEL_WORDS = 3
MAX_DATE_WORDS = 7  # "Publicado el 12 feb 2024, 08:30"; more words are a sentence that names a date


def date_part(line: str, lang: str | None = None) -> str | None:
    """The part of a byline or stamp line that is a full date, or None.

    Lines carry a label, an author or an update time beside the date; the
    parser needs the date alone. Segments between separators are tried, each
    also without up to three leading words that hold no digit.

    >>> date_part("By Sarah Whitcombe | March 5, 2024")
    'March 5, 2024'
    >>> date_part("প্রকাশ: ২১ নভেম্বর ২০২৩, ১০:৪৫")
    '২১ নভেম্বর ২০২৩, ১০:৪৫'
    >>> date_part("Publicado el 12 feb 2024, 08:30 · Actualizado 18:47", "es")
    'Publicado el 12 feb 2024, 08:30'
    >>> date_part("Posted 3 hours ago") is None
    True
    """
    if not _could_be_full_date(line):
        return None
    for segment in _segment_split.split(line) + [line]:
        segment = segment.strip(" :：,")
        if not _could_be_full_date(segment):
            continue
        words = segment.split()
        for skip in range(0, min(MAX_LABEL_WORDS, len(words) - 1) + 1):
            if skip and any(ch.isdigit() for ch in words[skip - 1]):
                break
            if len(words) - skip > MAX_DATE_WORDS:
                continue
            candidate = " ".join(words[skip:]).strip(" :：,")
            if parse_date(candidate, lang, require_year=True):
                return candidate
    return None


_digit_group = re.compile(r"\d+")
def _could_be_full_date(text: str) -> bool:
    """A year and at least one more number (the day): the cheap test before the
    date parser, which is slow on what it cannot place ("© 2024 Harbourside Media").

    >>> _could_be_full_date("প্রকাশ: ২১ নভেম্বর ২০২৩"), _could_be_full_date("© 2024 Harbourside Media Ltd.")
    (True, False)
    """
    ascii_text = to_ascii_digits(text)
    return bool(_year.search(ascii_text)) and len(_digit_group.findall(ascii_text)) >= 2


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


@lru_cache(maxsize=64)
def _weekday_names(lang: str) -> dict[str, int]:
    """Full weekday names of a language (dateparser's locale data) -> 0 (Monday) .. 6.

    Abbreviations are left out: "mar", "we" or বুধ are ordinary words too.
    """
    from dateparser.languages import default_loader

    try:
        info = default_loader.get_locale(lang).info
    except (KeyError, ValueError, AttributeError):
        return {}
    names = {}
    for number, day in enumerate(WEEKDAYS):
        forms = [f.casefold() for f in info.get(day, []) if isinstance(f, str)]
        for form in forms:
            if len(form) >= 4 and not any(o != form and o.startswith(form) for o in forms):
                names[_fold_arabic(form)] = number
    return names


def _fold_arabic(word: str) -> str:
    # Hamza seats on alef are written or dropped at will (الأثنين / الاثنين).
    return word.translate(_ALEF)


def weekday_in_text(text: str, lang: str | None) -> int | None:
    """The first weekday named in the lead of ``text`` (0 = Monday), or None.

    Words may carry what the script attaches: Bengali case endings
    (বুধবারের), Arabic conjunctions and prepositions (والأربعاء).

    >>> weekday_in_text("Ministers met in Oslo on Wednesday to press for a truce.", "en")
    2
    >>> weekday_in_text("ঢাকায় বুধবারের বৈঠকে মন্ত্রীরা অংশ নেন।", "bn"), weekday_in_text("اليوم الأثنين", "ar")
    (2, 0)
    >>> weekday_in_text("Marchers filled the square.", "en") is None
    True
    """
    names = _weekday_names(lang) if lang and lang != "und" else {}
    if not names:
        return None
    for word in _word.findall(text[:WEEKDAY_CHARS]):
        folded = _fold_arabic(word.casefold())
        for candidate in (folded, _arabic_clitic.sub("", folded)):
            if candidate in names:
                return names[candidate]
        if lang in _SUFFIXING:
            for name, number in names.items():
                if folded.startswith(name) and len(folded) - len(name) <= 3:
                    return number
    return None


def last_weekday(weekday: int, reference: date) -> date:
    """The latest day on or before ``reference`` that falls on ``weekday``.

    >>> last_weekday(2, date(2024, 3, 14)), last_weekday(3, date(2024, 3, 14))
    (datetime.date(2024, 3, 13), datetime.date(2024, 3, 14))
    """
    return reference - timedelta(days=(reference.weekday() - weekday) % 7)


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
