"""The readers, one per format, behind one signature, and the registry that picks one.

Every reader takes a :class:`Source` (the file, the name its documents
carry, the size limit) and returns documents and rejections. A new format
is one function and one :func:`register` call; ``FORMATS`` in
:mod:`.files` maps file extensions to format names.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from ..model import RawDocument, Rejection
from .files import UnreadableFile, decode_text, finish_all, read_bytes
from .records import read_json, read_jsonl
from .web import ensure_feed_like, read_feed, read_warc


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


def _text_of(source: Source) -> tuple[str, str | None]:
    text, repairs = decode_text(read_bytes(source.path, source.max_bytes))
    if not text.strip():
        raise UnreadableFile("file holds only whitespace")
    return text, repairs


def _page(kind: str) -> Reader:
    def read(source: Source) -> list[RawDocument | Rejection]:
        text, repairs = _text_of(source)
        return finish_all([RawDocument(origin=source.origin, kind=kind, content=text, path=source.recorded,
                                       repairs=repairs)])
    return read


def _records(parse) -> Reader:
    # Records are finished where they are made (the API makes them too).
    def read(source: Source) -> list[RawDocument | Rejection]:
        text, repairs = _text_of(source)
        return [_with_repairs(item, repairs) for item in parse(text, source.origin, source.recorded)]
    return read


def _feed(source: Source) -> list[RawDocument | Rejection]:
    data = read_bytes(source.path, source.max_bytes)
    ensure_feed_like(data)
    return finish_all(read_feed(data, source.origin, source.recorded))


def _warc(source: Source) -> list[RawDocument | Rejection]:
    return finish_all(read_warc(source.path, source.origin, source.recorded, source.max_bytes))


def _with_repairs(item: RawDocument | Rejection, repairs: str | None) -> RawDocument | Rejection:
    """A record from a file that needed mending at decoding says so too."""
    if repairs is None or isinstance(item, Rejection):
        return item
    return replace(item, repairs="; ".join(note for note in (repairs, item.repairs) if note))


for _fmt, _reader in (("text", _page("text")), ("html", _page("html")), ("json", _records(read_json)),
                      ("jsonl", _records(read_jsonl)), ("feed", _feed), ("warc", _warc)):
    register(_fmt, _reader)
