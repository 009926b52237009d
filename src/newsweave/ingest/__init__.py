"""Readers: files and folders in any supported format -> raw documents.

>>> from pathlib import Path
>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "a.txt").write_text("Title\\n\\nBody of the article.")
>>> [type(d).__name__ for d in read_file(folder / "a.txt")]
['RawDocument']
>>> read_file(folder / "b.pdf")[0].reason
'unsupported file type: .pdf (supported: .atom, .htm, .html, .json, .jsonl, .ndjson, .rss, .text, .txt, .warc, .xhtml, .xml, and .gz of these)'
>>> [type(item).__name__ for item in iter_files([folder])]
['PosixPath']
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..model import RawDocument, Rejection
from .files import (FORMATS, MAX_FILE_BYTES, UnreadableFile, decode_text, file_digest, finish_all, format_of,
                    iter_files, path_label, read_bytes)
from .records import read_json, read_jsonl
from .web import ensure_feed_like, read_feed, read_warc

__all__ = ["read_file", "iter_files", "file_digest", "format_of", "path_label", "UnreadableFile"]


def _supported() -> str:
    return ", ".join(sorted(FORMATS)) + ", and .gz of these"


def read_file(path: Path, origin: str | None = None,
              max_bytes: int = MAX_FILE_BYTES) -> list[RawDocument | Rejection]:
    """All documents in one file; problems come back as rejections.

    ``origin`` names a file that came from elsewhere (an upload kept in a
    temporary file): documents and rejections carry that name, and no local
    path is recorded for them. No file larger than ``max_bytes`` is read (for
    a WARC, no HTML response larger than that).
    """
    label = path_label(path)
    recorded = None if origin else label
    origin = origin or label
    fmt = format_of(path)
    if fmt is None:
        suffix = "".join(Path(label).suffixes[-2:]) or "(no extension)"
        return finish_all([Rejection(origin, f"unsupported file type: {suffix} (supported: {_supported()})")])
    try:
        return _read(path, fmt, origin, recorded, max_bytes)
    except UnreadableFile as exc:
        return finish_all([Rejection(origin, str(exc))])


def _read(path: Path, fmt: str, origin: str, recorded: str | None, max_bytes: int):
    # Records are finished where they are made (the API makes them too);
    # every other document is finished here.
    if fmt == "warc":
        return finish_all(read_warc(path, origin, recorded, max_bytes))
    data = read_bytes(path, max_bytes)
    if fmt == "feed":
        ensure_feed_like(data)
        return finish_all(read_feed(data, origin, recorded))
    text, repairs = decode_text(data)
    if not text.strip():
        raise UnreadableFile("file holds only whitespace")
    if fmt == "json":
        return [_with_repairs(item, repairs) for item in read_json(text, origin, recorded)]
    if fmt == "jsonl":
        return [_with_repairs(item, repairs) for item in read_jsonl(text, origin, recorded)]
    kind = "html" if fmt == "html" else "text"
    return finish_all([RawDocument(origin=origin, kind=kind, content=text, path=recorded, repairs=repairs)])


def _with_repairs(item: RawDocument | Rejection, repairs: str | None) -> RawDocument | Rejection:
    """A record from a file that needed mending at decoding says so too."""
    if repairs is None or isinstance(item, Rejection):
        return item
    return replace(item, repairs="; ".join(note for note in (repairs, item.repairs) if note))
