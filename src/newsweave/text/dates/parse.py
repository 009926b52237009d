"""A date written in text, in any language: a metadata field, a byline or a date line.

The common numeric and English forms are read directly; the rest goes to
dateparser, told the languages the text's script allows and never asked to
guess a date into the future.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
import re
import warnings

import regex

from newsweave.text.digits import to_ascii_digits


EARLIEST = date(1990, 1, 1)

ARABIC_CLITIC = regex.compile(r"^(?:و|ف|ب|ل|وب|ول|فب)(?=ال)")
WORD = regex.compile(r"[\p{L}\p{M}]+")

URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2]|[a-z]{3,9})[/-](0?[1-9]|[12]\d|3[01])(?:/|\b)", re.I)
MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
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
    return bool(YEAR.search(to_ascii_digits(text)))


def fast_date(text: str) -> date | None:
    """The first common-form full date in ``text`` (ASCII digits).

    >>> fast_date("PUBLISHED: THURSDAY, MAY 2, 2013, 1: 32 PM")
    datetime.date(2013, 5, 2)
    >>> fast_date("Mayor Smith, 12, 2013") is None
    True
    >>> fast_date("26 September 2013, 10: 00 (GMT+05: 00)"), fast_date("2013 - 09 - 26")
    (datetime.date(2013, 9, 26), datetime.date(2013, 9, 26))
    """
    found = []
    for form, pattern in _FAST_FORMS:
        match = pattern.search(text)
        if not match:
            continue
        g = match.groups()
        if form == "mdy":
            y, m, d = g[2], MONTHS[g[0][:3].lower()], g[1]
        elif form == "dmy":
            y, m, d = g[2], MONTHS[g[1][:3].lower()], g[0]
        else:
            y, m, d = g[0], g[2], g[3]
        try:
            found.append((match.start(), date(int(y), int(m), int(d))))
        except ValueError:
            continue
    return min(found)[1] if found else None


def script_languages(text: str) -> list[str] | None:
    for pattern, languages in _SCRIPT_LANGUAGES:
        if pattern.search(text):
            return languages
    return None


def dateparser_settings(base: datetime) -> dict:
    return {
        "RELATIVE_BASE": base.replace(tzinfo=None),
        "PREFER_DATES_FROM": "past",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }


def plausible(value: datetime | None, base: datetime) -> date | None:
    return None if value is None else plausible_day(value.date(), base)


def plausible_day(day: date | None, base: datetime) -> date | None:
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
    if require_year and not YEAR.search(text):
        return None
    fast = plausible_day(fast_date(text), base)
    if fast:
        return fast
    languages = [lang] if lang and lang != "und" else script_languages(text)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            value = _parser(tuple(languages or ()), require_year, base.date()).get_date_data(text).date_obj
        except (ValueError, OverflowError, TypeError):
            value = None
        if value is None and lang and lang != "und":
            value = _parser(tuple(script_languages(text) or ()), require_year, base.date()).get_date_data(text).date_obj
    return plausible(value, base)


@lru_cache(maxsize=256)
def _parser(languages: tuple[str, ...], require_year: bool, base_day: date):
    """A dateparser parser for these languages, made once: making one loads every
    locale it covers, which cost more than the parse itself, call after call."""
    from dateparser.date import DateDataParser

    settings = dateparser_settings(datetime.combine(base_day, datetime.min.time()))
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
    return bool(YEAR.search(ascii_text)) and len(_digit_group.findall(ascii_text)) >= 2
