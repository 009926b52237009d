"""Finding input files, and turning their bytes into text safely.

Every failure here becomes a :class:`~newsweave.model.Rejection` with a reason a
user can act on; nothing raises for bad content.
"""
from __future__ import annotations

import hashlib
import os
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

MAX_FILE_BYTES = 20 * 1024 * 1024

# Extension (after removing ".gz") -> reader name. Anything else is rejected,
# not guessed: a wrong guess would store garbage as an article.
FORMATS = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".warc": "warc",
}


PREFERRED_ON_TIE = ("cp1252", "latin_1", "iso8859_15")


class UnreadableFile(Exception):
    """Raised inside the readers; the pipeline turns it into a rejection."""


def iter_files(paths: Iterable[str | os.PathLike]) -> Iterator[Path]:
    """Yield every file under ``paths`` (recursively), in a stable order.

    Hidden files and folders (``.git``, ``.DS_Store``) are skipped.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names):
                    if not name.startswith("."):
                        yield Path(root, name).absolute()
        else:
            yield path.absolute()


def format_of(path: Path) -> str | None:
    """The reader for ``path`` by its extension, looking through ``.gz``.

    >>> format_of(Path("a/story.html.gz")), format_of(Path("x.warc.gz")), format_of(Path("x.pdf"))
    ('html', 'warc', None)
    """
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return FORMATS.get(suffixes[-1]) if suffixes else None


def read_bytes(path: Path) -> bytes:
    """The file's content, decompressed when it is gzip, within the size limit."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UnreadableFile(f"cannot read file: {exc.strerror or exc}") from None
    if size > MAX_FILE_BYTES:
        raise UnreadableFile(f"file too large: {size:,} bytes (limit {MAX_FILE_BYTES:,})")
    if size == 0:
        raise UnreadableFile("empty file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(f"cannot read file: {exc.strerror or exc}") from None
    if path.suffix.lower() == ".gz" and format_of(path) != "warc":
        data = _gunzip(data)
    return data


def _gunzip(data: bytes) -> bytes:
    # Read in bounded steps so a small "zip bomb" cannot exhaust memory.
    decomp = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = decomp.decompress(data, MAX_FILE_BYTES + 1)
    except zlib.error as exc:
        raise UnreadableFile(f"corrupt or truncated gzip: {exc}") from None
    if len(out) > MAX_FILE_BYTES:
        raise UnreadableFile(f"decompressed content exceeds {MAX_FILE_BYTES:,} bytes")
    if not decomp.eof:
        raise UnreadableFile("truncated gzip: the compressed stream ends early")
    if not out.strip():
        raise UnreadableFile("empty file after decompression")
    return out


def decode_text(data: bytes) -> str:
    """Decode bytes as text: UTF-8 first, then a detected encoding.

    Binary content (NUL bytes, mostly control characters) is refused rather
    than decoded into noise.

    >>> decode_text("Grüße".encode("utf-8"))
    'Grüße'
    >>> decode_text("Les négociations reprennent à Doha après une pause.".encode("latin-1"))
    'Les négociations reprennent à Doha après une pause.'
    """
    head = data[:8192]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableFile("binary content (NUL bytes): not a text document")
    for encoding in ("utf-8-sig", "utf-16"):
        if encoding == "utf-16" and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            return _check_printable(data.decode(encoding))
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        raise UnreadableFile("undecodable: no text encoding fits the bytes")
    # Several Western code pages decode accented Latin text equally well by the
    # detector's measures; windows-1252 is by far the most common of them.
    top = (matches[0].chaos, matches[0].coherence)
    tied = [m for m in matches if (m.chaos, m.coherence) == top]
    best = next((m for m in tied if m.encoding in PREFERRED_ON_TIE), matches[0])
    return _check_printable(str(best))


def _check_printable(text: str) -> str:
    sample = text[:4096]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    if sample and controls / len(sample) > 0.05:
        raise UnreadableFile("binary content: too many control characters for text")
    return text


def file_digest(path: Path) -> str:
    """SHA-256 of the file's bytes, used to skip files already ingested."""
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()
