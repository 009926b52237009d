"""Rules every request's parameters follow, whatever the route.

Control characters in a parameter are refused, with a 422 naming it: a NUL
cannot reach a PostgreSQL query at all (it refuses NUL in text), and in a
SQLite full-text query it cuts the query short. Dates are calendar days
written YYYY-MM-DD, so ``until=0`` is an error, not the first of January 1970.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from fastapi import Query, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BeforeValidator

# Tab and line breaks are ordinary in text; every other C0 control, DEL and the C1 controls are not.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
DAY_FORMAT = "a date is written YYYY-MM-DD, e.g. 2024-03-31"


def control_character(value: str) -> str | None:
    """The first control character in ``value`` that no parameter may hold, written as U+XXXX.

    >>> control_character("a\\x00b"), control_character("tab\\tand\\nnewline"), control_character("ok")
    ('U+0000', None, None)
    """
    found = CONTROL.search(value)
    return f"U+{ord(found.group()):04X}" if found else None


def refuse_control_characters(request: Request) -> None:
    """A dependency of every route: 422 when a query or path parameter holds a control character."""
    errors = []
    for where, params in (("path", request.path_params), ("query", request.query_params.multi_items())):
        items = params.items() if isinstance(params, dict) else params
        for name, value in items:
            if isinstance(value, str) and (char := control_character(value)):
                errors.append({"loc": [where, name], "msg": f"control character {char} is not allowed here",
                               "type": "control_character"})
    if errors:
        raise RequestValidationError(errors)


def parse_day(value: str) -> date:
    """A calendar day written YYYY-MM-DD, nothing else (no timestamps, no 20240331).

    >>> parse_day("2024-03-31")
    datetime.date(2024, 3, 31)
    >>> parse_day("0")
    Traceback (most recent call last):
    ValueError: a date is written YYYY-MM-DD, e.g. 2024-03-31
    """
    if not ISO_DAY.fullmatch(value):
        raise ValueError(DAY_FORMAT)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value} is not a day of the calendar") from None


def _day_or_none(value):
    if value is None or isinstance(value, date):
        return value
    return parse_day(str(value))  # its ValueError becomes a 422 naming the parameter


def day_query(description: str):
    """A ``date | None`` query parameter that takes only YYYY-MM-DD."""
    return Annotated[date | None, BeforeValidator(_day_or_none), Query(description=f"{description} (YYYY-MM-DD)")]
