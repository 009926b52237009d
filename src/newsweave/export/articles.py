"""Every stored article, one row each (``EXPORT_KEYS``), written or streamed a line at a time.

Rows come from the store a page at a time (:func:`newsweave.store.iter_export`), so an
export of millions of articles holds one page in memory, whether it goes to a file or
out of the web API.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import TextIO

from newsweave.store import EXPORT_KEYS, StoreReader, iter_export

FORMATS = ("jsonl", "csv")


def export_lines(rows: Iterable[dict], fmt: str) -> Iterator[str]:
    """The rows as lines of ``fmt``: JSON objects, or CSV with a header row first.

    >>> list(export_lines([dict.fromkeys(EXPORT_KEYS, None) | {"title": 'A "B", C'}], "csv"))[1].strip()
    ',,,,,,,,"A ""B"", C"'
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    if fmt == "jsonl":
        for row in rows:
            yield json.dumps(row, ensure_ascii=False) + "\n"
        return
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=EXPORT_KEYS, lineterminator="\n")
    writer.writeheader()
    yield _take(buffer)  # the header first, then a line per row
    for row in rows:
        writer.writerow(row)
        yield _take(buffer)


def _take(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def write_export(store: StoreReader, out: TextIO, fmt: str = "jsonl", since: str | None = None) -> int:
    """Write every stored article (published on or after ``since``) to ``out``; returns how many."""
    count = 0

    def counted() -> Iterator[dict]:
        nonlocal count
        for row in iter_export(store, since):
            count += 1
            yield row

    for line in export_lines(counted(), fmt):
        out.write(line)
    return count
