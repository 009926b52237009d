"""Readers: files and folders in any supported format -> raw documents.

>>> from pathlib import Path
>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "a.txt").write_text("Title\\n\\nBody of the article.")
>>> [type(d).__name__ for d in read_file(folder / "a.txt")]
['RawDocument']
>>> read_file(folder / "b.pdf")[0].reason
'unsupported file type: .pdf (supported: .atom, .htm, .html, .json, .jsonl, .ndjson, .rss, .text, .txt, .warc, .xhtml, .xml, and .gz of these)'
"""
from __future__ import annotations

from pathlib import Path

from ..model import RawDocument, Rejection
from .files import FORMATS, UnreadableFile, decode_text, file_digest, format_of, iter_files, read_bytes
from .records import read_json, read_jsonl
from .web import ensure_feed_like, read_feed, read_warc

__all__ = ["read_file", "iter_files", "file_digest", "format_of"]


def _supported() -> str:
    return ", ".join(sorted(FORMATS)) + ", and .gz of these"


def read_file(path: Path, origin: str | None = None) -> list[RawDocument | Rejection]:
    """All documents in one file; problems come back as rejections.

    ``origin`` names a file that came from elsewhere (an upload kept in a
    temporary file): documents and rejections carry that name, and no local
    path is recorded for them.
    """
    recorded = None if origin else str(path)
    origin = origin or str(path)
    fmt = format_of(path)
    if fmt is None:
        suffix = "".join(path.suffixes[-2:]) or "(no extension)"
        return [Rejection(origin, f"unsupported file type: {suffix} (supported: {_supported()})")]
    try:
        if fmt == "warc":
            # WARCs are streamed record by record, so the size limit applies
            # to each HTML response rather than to the archive.
            if path.stat().st_size == 0:
                raise UnreadableFile("empty file")
            return list(read_warc(path, origin, recorded))
        data = read_bytes(path)
        if fmt == "feed":
            ensure_feed_like(data)
            return list(read_feed(data, origin, recorded))
        text = decode_text(data)
        if not text.strip():
            raise UnreadableFile("file holds only whitespace")
        if fmt == "json":
            return list(read_json(text, origin, recorded))
        if fmt == "jsonl":
            return list(read_jsonl(text, origin, recorded))
        kind = "html" if fmt == "html" else "text"
        return [RawDocument(origin=origin, kind=kind, content=text, path=recorded)]
    except UnreadableFile as exc:
        return [Rejection(origin, str(exc))]
