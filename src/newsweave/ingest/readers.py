"""The readers, one per format, behind one signature, and the registry that picks one.

Every reader takes a :class:`Source` (the file, the name its documents
carry, the size limit) and returns documents and rejections. A new format
is one function and one :func:`register` call; ``FORMATS`` in
:mod:`.files` maps file extensions to format names.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from newsweave.records import RawDocument, Rejection
from newsweave.ingest.decoding import Decoded, decode
from newsweave.ingest.files import UnreadableFile, read_bytes
from newsweave.ingest.finishing import finish_all
from newsweave.ingest.records import read_json, read_jsonl, with_repairs
from newsweave.ingest.web import ensure_feed_like, read_feed, read_warc


@dataclass(frozen=True)
class Source:
    """One file to read: where it is, the name its documents carry, and the size limit."""

    path: Path
    origin: str              # the name documents and rejections carry
    recorded: str | None     # the path stored with each document (None for an upload)
    max_bytes: int


class Reader(Protocol):
    def __call__(self, source: Source) -> list[RawDocument | Rejection]: ...


READERS: dict[str, Reader] = {}


def register(fmt: str, reader: Reader) -> None:
    """Let files of format ``fmt`` be read by ``reader``."""
    READERS[fmt] = reader


def read_source(fmt: str, source: Source) -> list[RawDocument | Rejection]:
    """The documents of one file of a known format; raises :class:`UnreadableFile`."""
    return READERS[fmt](source)


def _decoded(source: Source, line_by_line: bool = False) -> Decoded:
    decoded = decode(read_bytes(source.path, source.max_bytes), line_by_line)
    if not decoded.text.strip() and not decoded.refused:
        raise UnreadableFile("file holds only whitespace")
    return decoded


def _page(kind: str) -> Reader:
    def read(source: Source) -> list[RawDocument | Rejection]:
        decoded = _decoded(source)
        return finish_all([RawDocument(origin=source.origin, kind=kind, content=decoded.text, path=source.recorded,
                                       repairs=decoded.note)])
    return read


# Records are finished where they are made (the API makes them too); a record
# from a file that needed mending at decoding says so too.
def _json(source: Source) -> list[RawDocument | Rejection]:
    decoded = _decoded(source)
    return [with_repairs(item, decoded.note) for item in read_json(decoded.text, source.origin, source.recorded)]


def _json_lines(source: Source) -> list[RawDocument | Rejection]:
    # Line by line: a line with NUL bytes is one bad record, and a line in
    # another encoding is noted on its own record only.
    decoded = _decoded(source, line_by_line=True)
    items = read_jsonl(decoded.text, source.origin, source.recorded, refused=decoded.refused,
                       notes=decoded.line_notes())
    return [with_repairs(item, decoded.file_note) for item in items]


def _feed(source: Source) -> list[RawDocument | Rejection]:
    data = read_bytes(source.path, source.max_bytes)
    ensure_feed_like(data)
    return finish_all(read_feed(data, source.origin, source.recorded))


def _warc(source: Source) -> list[RawDocument | Rejection]:
    return finish_all(read_warc(source.path, source.origin, source.recorded, source.max_bytes))


for _fmt, _reader in (("text", _page("text")), ("html", _page("html")), ("json", _json),
                      ("jsonl", _json_lines), ("feed", _feed), ("warc", _warc)):
    register(_fmt, _reader)
