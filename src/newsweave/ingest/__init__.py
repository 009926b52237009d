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

from pathlib import Path

import lazy_loader

from newsweave.records import RawDocument, Rejection
from newsweave.ingest.decoding import decode_text
from newsweave.ingest.files import FORMATS, MAX_FILE_BYTES, UnreadableFile, file_digest, format_of, iter_files, path_label
from newsweave.ingest.finishing import finish_all
from newsweave.ingest.readers import Source, read_source

# The stage's public names: code outside it imports these and nothing else (docs/architecture.md).
# The readers of URLs, feeds and standard input are loaded when first used.
__getattr__, _dir, _lazy = lazy_loader.attach(__name__, submod_attrs={
    "address_guard": ["DEFAULT_POLICY", "FetchPolicy"],
    "feed_poller": ["FeedPoller"],
    "ledger": ["FileLedger"],
    "outlets": ["Outlet", "country_of", "domain_of", "outlet_of"],
    "records": ["record_to_document"],
    "remote": ["is_url", "read_url"],
    "sample": ["gold_labels", "sample_dir"],
    "stdin": ["read_stdin_jsonl"],
})
__all__ = sorted(["MAX_FILE_BYTES", "UnreadableFile", "decode_text", "file_digest", "format_of", "iter_files",
                  "path_label", "read_file", *_lazy])


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
        return read_source(fmt, Source(path, origin, recorded, max_bytes))
    except UnreadableFile as exc:
        return finish_all([Rejection(origin, str(exc))])
