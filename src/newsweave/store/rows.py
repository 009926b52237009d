"""Small parts every table's queries share: the time stamp, id lists in chunks a query can take, an event's columns."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime, timezone

import numpy as np

STORY_ROW = ("id", "vector_sum", "lang_counts", "size", "first_day", "last_day", "bag")


def now_text() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def chunks(ids: Iterable, size: int = 500) -> Iterator[list]:
    """The distinct ``ids``, sorted, in lists short enough for one ``IN (...)`` each."""
    wanted = sorted(set(ids))
    for start in range(0, len(wanted), size):
        yield wanted[start:start + size]


def sum_by_language(pairs: Iterable[tuple[str, np.ndarray]]) -> dict[str, tuple[float, np.ndarray]]:
    """``(language, vector)`` pairs as each language's count and float64 vector sum: what
    ``add_language_sums`` takes."""
    sums: dict[str, tuple[float, np.ndarray]] = {}
    for lang, vector in pairs:
        n, total = sums.get(lang, (0.0, 0.0))
        sums[lang] = (n + 1, total + np.asarray(vector, dtype=np.float64))
    return sums
