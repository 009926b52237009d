"""Weekdays named in a lead ("on Monday", সোমবার, الأثنين), and the day such a weekday falls on before a known date."""
from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from newsweave.text.dates.parse import ARABIC_CLITIC, WORD


WEEKDAY_CHARS = 600  # the lead, where a report says on which day things happened

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Languages that attach case endings to a weekday's name (বুধবারের, बुधवार को is separate).
_SUFFIXING = frozenset({"bn", "ta", "te", "ml", "kn", "tr", "fi", "hu", "ko", "ja"})
_ALEF = str.maketrans("أإآ", "ااا")


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
    for word in WORD.findall(text[:WEEKDAY_CHARS]):
        folded = _fold_arabic(word.casefold())
        for candidate in (folded, ARABIC_CLITIC.sub("", folded)):
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
