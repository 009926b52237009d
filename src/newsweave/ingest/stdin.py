"""JSON Lines from a stream (``newsweave ingest -``): one article per line.

The stream is read a line at a time, never whole, so a pipe from a crawler
or ``jq`` can be any length. A line longer than the size limit is rejected
by its number and skipped to its end; the lines after it still count.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import BinaryIO

from newsweave.records import RawDocument, Rejection
from newsweave.ingest.decoding import decode_text
from newsweave.ingest.files import MAX_FILE_BYTES, UnreadableFile
from newsweave.ingest.records import jsonl_record

STDIN_ORIGIN = "stdin"


def read_stdin_jsonl(stream: BinaryIO, origin: str = STDIN_ORIGIN,
                     max_line_bytes: int = MAX_FILE_BYTES) -> Iterator[RawDocument | Rejection]:
    """The articles of a JSON Lines stream, as each line arrives."""
    lineno, seen_any = 0, False
    while line := stream.readline(max_line_bytes + 1):
        lineno += 1
        if len(line) > max_line_bytes and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):  # skip the rest of the overlong line
                line = stream.readline(1 << 20)
            seen_any = True
            yield Rejection(f"{origin}#L{lineno}", f"line {lineno} is longer than {max_line_bytes:,} bytes")
            continue
        if not line.strip():
            continue
        seen_any = True
        try:
            text, repairs = decode_text(line)
        except UnreadableFile as exc:
            yield Rejection(f"{origin}#L{lineno}", f"line {lineno}: {exc}")
            continue
        item = jsonl_record(text, lineno, origin, None)
        if repairs and isinstance(item, RawDocument):  # a mended line says so on its article, as a file does
            item = replace(item, repairs="; ".join(note for note in (repairs, item.repairs) if note))
        yield item
    if not seen_any:
        yield Rejection(origin, "no JSON Lines on standard input")
