"""Numbers in running text, in any digit system and with native scale words.

``৪০`` and ``٤٠`` are 40; ``১লাখ ৪০ হাজার`` is 1 lakh + 40 thousand = 140,000;
``١٠ آلاف`` is 10,000; ``2,5 millones`` is 2,500,000; ``1,40,000`` (Indian
grouping) is 140,000. Each number keeps the words that follow it, which
usually say what it counts ("trucks", "شاحنة", "জন").

Separators: a comma or dot followed by exactly three digits groups
thousands (``12,500``, ``12.500``); otherwise it is a decimal mark
(``3.5``, ``2,5``). Arabic writes ``٬`` for thousands and ``٫`` for decimals.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import regex

from newsweave.text import to_ascii_digits

# Scale words by the value they multiply by. Several languages share
# spellings (lakh is used in Bengali, Hindi and Indian English).
SCALES: dict[str, float] = {}
for words, value in (
    ("thousand thousands k tausend tsd mil mille milles тысяча тысячи тысяч тыс хiляд тысячах"
     " হাজার হাজারের সহস্র ألف آلاف ألفا الف الاف هزار हज़ार हजार bin", 1e3),
    ("lakh lakhs lac লাখ লক্ষ লাখের लाख", 1e5),
    ("million millions mn m millón millones millon millio mio milione milioni miljoen miljoenen"
     " millionen миллион миллиона миллионов млн মিলিয়ন مليون ملايين ملیون میلیون मिलियन milyon", 1e6),
    ("crore crores কোটি কোটির करोड़ करोड", 1e7),
    ("billion billions bn milliard milliards milliarde milliarden mrd mil-millones miliardo miliardi"
     " миллиард миллиарда миллиардов млрд বিলিয়ন مليار مليارات ملیارد میلیارد बिलियन milyar", 1e9),
    ("trillion trillions billón billones триллион триллиона триллионов трлн ট্রিলিয়ন تريليون", 1e12),
):
    for word in words.split():
        SCALES[word.casefold()] = value

# A run of digits of any script, with inner separators; then optional
# spaces and a scale word, repeated ("১লাখ ৪০ হাজার").
_DIGITS = (r"\p{Nd}{1,3}(?:[ \u00a0]\p{Nd}{3}(?!\p{Nd}))+"
           r"|\p{Nd}+(?:[.,\u066b\u066c](?=\p{Nd})\p{Nd}+)*")
_number = regex.compile(rf"(?<![\p{{L}}\p{{Nd}}])({_DIGITS})(\s*%|\s*٪)?")
_word = regex.compile(r"[\p{L}\p{M}]+\.?")
_three = re.compile(r"^\d{1,3}([.,\u066c])\d{3}(\1\d{3})*$")
_indian = re.compile(r"^\d{1,2}(,\d{2})+,\d{3}$")
UNIT_WORDS = 3


@dataclass(frozen=True)
class Quantity:
    """A number found in text: its value, where it is and what follows it."""

    value: float
    text: str
    start: int
    end: int
    unit: str          # up to UNIT_WORDS words after the number (and scale), lower-cased
    is_percent: bool = False
    is_year: bool = False


def parse_digits(token: str) -> float | None:
    """The value of one digit run with its separators.

    >>> parse_digits("12,500"), parse_digits("12.500"), parse_digits("3.5"), parse_digits("2,5")
    (12500.0, 12500.0, 3.5, 2.5)
    >>> parse_digits("১,৪০,০০০"), parse_digits("٣٫٥"), parse_digits("١٢٬٥٠٠"), parse_digits("10 000")
    (140000.0, 3.5, 12500.0, 10000.0)

    Scripts whose writers never put a decimal comma (Bengali, Devanagari,
    Arabic-Indic) use the comma only to group digits; a comma that groups
    wrongly is damage ("১২,০০", a cut "১২,০০০"), unreadable, not 12:

    >>> parse_digits("১২,০০") is None, parse_digits("12,00")
    (True, 12.0)
    """
    text = to_ascii_digits(token).replace("\u00a0", " ")
    native = text != token.replace("\u00a0", " ")
    if " " in text:
        parts = text.split(" ")
        if all(len(p) == 3 for p in parts[1:]) and 1 <= len(parts[0]) <= 3:
            text = "".join(parts)
        else:
            return None
    if _indian.match(text):
        text = text.replace(",", "")
    elif _three.match(text):
        text = re.sub(r"[.,\u066c]", "", text)
    elif native and "," in text:
        return None
    else:
        text = text.replace("\u066c", "").replace("\u066b", ".").replace(",", ".")
        if text.count(".") > 1:
            return None
    try:
        return float(text)
    except ValueError:
        return None


def _next_words(text: str, pos: int, count: int) -> list[tuple[str, int, int]]:
    out = []
    for match in _word.finditer(text, pos):
        gap = text[pos:match.start()]
        if len(gap) > 3 or any(ch in gap for ch in ".;:!?\n()"):
            break
        out.append((match.group(), match.start(), match.end()))
        pos = match.end()
        if len(out) >= count:
            break
    return out


def _scale_of(word: str) -> float | None:
    return SCALES.get(word.casefold().rstrip("."))


def extract_numbers(text: str) -> list[Quantity]:
    """Every number in ``text`` with its value after scale words.

    >>> [q.value for q in extract_numbers("১লাখ ৪০ হাজার মানুষ, ٤٠ شاحنة and 10,000 people")]
    [140000.0, 40.0, 10000.0]
    >>> [q.value for q in extract_numbers("২ হাজার ৩০০ জন নিহত, ৯২ হাজার ৫৯৫ জন")]
    [2300.0, 92595.0]
    >>> extract_numbers("Aid: 2,5 millones de euros")[0].value
    2500000.0
    >>> q = extract_numbers("300 aid trucks entered")[0]
    >>> q.value, q.unit
    (300.0, 'aid trucks entered')
    """
    found: list[Quantity] = []
    pos = 0
    while True:
        match = _number.search(text, pos)
        if not match:
            return found
        value = parse_digits(match.group(1))
        start, end = match.start(), match.end()
        pos = end
        if value is None:
            continue
        percent = bool(match.group(2))
        total, scaled = 0.0, False
        while not percent:
            words = _next_words(text, end, 1)
            scale = _scale_of(words[0][0]) if words else None
            if scale is None:
                break
            value *= scale
            scaled = True
            end = words[0][2]
            # "3 mil millones" multiplies on; a following "<number> <smaller
            # scale>" adds on: ১লাখ ৪০ হাজার, 1 million 200 thousand.
            follow = _number.match(text, _skip_space(text, end))
            if not follow:
                continue
            part = parse_digits(follow.group(1))
            after = _next_words(text, follow.end(), 1)
            smaller = _scale_of(after[0][0]) if after else None
            if part is not None and smaller is None and part < scale and not _percent_follows(follow):
                # "২ হাজার ৩০০" (2 thousand 300): the units need no scale word.
                value += part
                end = follow.end()
                break
            if part is None or smaller is None or smaller * part >= scale:
                break
            total += value
            value = part
            end = follow.end()
        value += total
        unit_words = [w for w, _, _ in _next_words(text, end, UNIT_WORDS)]
        raw = text[start:end]
        is_year = (not scaled and not percent and value.is_integer() and 1900 <= value <= 2100
                   and len(to_ascii_digits(match.group(1))) == 4)
        found.append(Quantity(value=value, text=raw.strip(), start=start, end=end,
                              unit=" ".join(w.casefold().rstrip(".") for w in unit_words),
                              is_percent=percent, is_year=is_year))
        pos = end


def _percent_follows(match) -> bool:
    return bool(match.group(2))


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \u00a0":
        pos += 1
    return pos


def format_value(value: float) -> str:
    """A value as a reader expects it: thousands separated, no needless decimals.

    >>> format_value(140000.0), format_value(3.75), format_value(10000)
    ('140,000', '3.75', '10,000')
    """
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")
