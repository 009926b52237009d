"""Decimal digits of any script as ASCII digits.

News is written with ৪০, ٤٠, ۴۰ and ४० as well as 40; dates, numbers and
evidence all compare digits after this one conversion.
"""
from __future__ import annotations

import unicodedata

import regex

_native_digit = regex.compile(r"\p{Nd}")


def to_ascii_digits(text: str) -> str:
    """Every decimal digit, in any script, as its ASCII digit; other characters unchanged.

    >>> to_ascii_digits("২৩ অক্টোবর ২০২৩ / ٢٣ / ۴۰ / ४०")
    '23 অক্টোবর 2023 / 23 / 40 / 40'
    """
    if text.isascii():
        return text
    return _native_digit.sub(lambda m: str(unicodedata.digit(m.group())), text)
