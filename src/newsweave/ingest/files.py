"""Finding input files, and turning their bytes into text safely.

Every failure here becomes a :class:`~newsweave.model.Rejection` with a reason a
user can act on; nothing raises for bad content. Only regular files are
opened for reading, and no more than the size limit is ever read, so a FIFO,
a device or an endless file cannot hang or exhaust a run.
"""
from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
import unicodedata
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

from ..clean import repair_text, replace_surrogates
from ..model import RawDocument, Rejection

# Limits, in one place. A file larger than MAX_FILE_BYTES is not read at all;
# a single document longer than these is not one news article (a whole
# book, a concatenated dump) and would swamp every later stage.
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_TEXT_CHARS = 1_000_000            # body of a text file or record
MAX_HTML_CHARS = 5_000_000            # HTML source: markup, scripts and styles included
# Article extraction takes about a second per 10,000 elements, so a page of
# hundreds of thousands of tiny elements would stall a run for minutes; real
# article pages, even heavy ones, have a few thousand.
MAX_HTML_ELEMENTS = 50_000
MAX_FIELD_CHARS = 4_000               # title, date, url, source, id, lang, label
MAX_WARC_BYTES = 64 * 1024 ** 3       # a WARC is streamed, so only a sanity bound for hashing it

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

# A UTF-8 file with a few damaged bytes (a bad copy, a cut multi-byte
# character) is still UTF-8: at most 1 byte in 100 may be invalid, and valid
# non-ASCII characters must outnumber the invalid bytes, so that a Latin-1
# file (no valid multi-byte characters at all) still goes to detection.
MAX_INVALID_UTF8_SHARE = 0.01
MIN_VALID_PER_INVALID = 4

_FILE_KINDS = (
    (stat.S_ISDIR, "folder"), (stat.S_ISFIFO, "FIFO"), (stat.S_ISCHR, "character device"),
    (stat.S_ISBLK, "block device"), (stat.S_ISSOCK, "socket"),
)


class UnreadableFile(Exception):
    """Raised inside the readers; the pipeline turns it into a rejection."""


def path_label(path: str | os.PathLike) -> str:
    """A path as a string that can be stored and printed.

    File names that are not valid UTF-8 reach Python as lone surrogates,
    which no database or JSON encoder accepts; their bytes become escapes.

    >>> path_label(os.fsdecode(b"/in/caf\\xe9.txt"))
    '/in/caf\\\\xe9.txt'
    """
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def iter_files(paths: Iterable[str | os.PathLike]) -> Iterator[Path | Rejection]:
    """Yield every file under ``paths`` (recursively), in a stable order.

    Hidden files and folders (``.git``, ``.DS_Store``) are skipped. A folder
    that cannot be listed, or a link to a folder (not followed, so a loop of
    links cannot recurse forever), comes out as a :class:`Rejection`.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path)
        else:
            yield path.absolute()


def _walk(top: Path) -> Iterator[Path | Rejection]:
    failures: list[OSError] = []
    for root, dirs, names in os.walk(top, onerror=failures.append):
        yield from _folder_rejections(failures)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in [d for d in dirs if os.path.islink(os.path.join(root, d))]:
            dirs.remove(name)
            yield Rejection(path_label(Path(root, name).absolute()),
                            "link to a folder: not followed (give the folder itself to read it)")
        for name in sorted(names):
            if not name.startswith("."):
                yield Path(root, name).absolute()
    yield from _folder_rejections(failures)


def _folder_rejections(failures: list[OSError]) -> Iterator[Rejection]:
    while failures:
        exc = failures.pop(0)
        folder = path_label(os.path.abspath(exc.filename)) if exc.filename else "(unknown folder)"
        yield Rejection(folder, f"cannot read folder: {exc.strerror or exc}")


def format_of(path: Path) -> str | None:
    """The reader for ``path`` by its extension, looking through ``.gz``.

    >>> format_of(Path("a/story.html.gz")), format_of(Path("x.warc.gz")), format_of(Path("x.pdf"))
    ('html', 'warc', None)
    """
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return FORMATS.get(suffixes[-1]) if suffixes else None


def _kind_of(mode: int) -> str:
    return next((name for test, name in _FILE_KINDS if test(mode)), "special file")


def _cannot_read(exc: OSError, path: Path) -> UnreadableFile:
    if exc.errno == errno.ELOOP:
        return UnreadableFile("cannot read file: a loop of symbolic links")
    if exc.errno == errno.ENOENT and os.path.islink(path):
        return UnreadableFile("cannot read file: a symbolic link to a file that does not exist")
    return UnreadableFile(f"cannot read file: {exc.strerror or exc}")


def open_regular(path: Path, max_bytes: int | None = MAX_FILE_BYTES) -> BinaryIO:
    """Open ``path`` for reading when it is a regular file within ``max_bytes``.

    Anything else (a FIFO, a device such as a link to ``/dev/zero``, a
    folder, a socket) is refused with :class:`UnreadableFile` before a byte
    is read. ``O_NONBLOCK`` keeps ``open`` itself from waiting for a writer
    on a FIFO that appears between the check and the open; the descriptor is
    checked again, since only what was opened counts.
    """
    try:
        _check_regular(os.stat(path).st_mode)
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as exc:
        raise _cannot_read(exc, path) from None
    try:
        info = os.fstat(fd)
        _check_regular(info.st_mode)
        if max_bytes is not None and info.st_size > max_bytes:
            raise UnreadableFile(f"file too large: {info.st_size:,} bytes (limit {max_bytes:,})")
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _check_regular(mode: int) -> None:
    if not stat.S_ISREG(mode):
        raise UnreadableFile(f"not a regular file ({_kind_of(mode)})")


def read_capped(handle: BinaryIO, max_bytes: int, path: Path) -> bytes:
    """At most ``max_bytes`` from ``handle``; more is an error, since a file may
    grow after it was measured, or report no size at all (``/proc``)."""
    try:
        data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise _cannot_read(exc, path) from None
    if len(data) > max_bytes:
        raise UnreadableFile(f"file too large: more than {max_bytes:,} bytes (limit {max_bytes:,})")
    return data


def read_bytes(path: Path, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """The file's content, decompressed when it is gzip, within the size limit."""
    with open_regular(path, max_bytes) as handle:
        data = read_capped(handle, max_bytes, path)
    if not data:
        raise UnreadableFile("empty file")
    if path.suffix.lower() == ".gz" and format_of(path) != "warc":
        data = _gunzip(data, max_bytes)
    return data


def _gunzip(data: bytes, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    # Read in bounded steps so a small "zip bomb" cannot exhaust memory.
    decomp = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = decomp.decompress(data, max_bytes + 1)
    except zlib.error as exc:
        raise UnreadableFile(f"corrupt or truncated gzip: {exc}") from None
    if len(out) > max_bytes:
        raise UnreadableFile(f"decompressed content exceeds {max_bytes:,} bytes")
    if not decomp.eof:
        raise UnreadableFile("truncated gzip: the compressed stream ends early")
    if not out.strip():
        raise UnreadableFile("empty file after decompression")
    return out


def decode_text(data: bytes) -> tuple[str, str | None]:
    """Decode bytes as text: UTF-8 (or UTF-16), then a detected encoding.

    Returns the text and a note on what had to be mended, or None. Binary
    content (NUL bytes, mostly control characters) is refused rather than
    decoded into noise.

    >>> decode_text("Grüße".encode("utf-8"))
    ('Grüße', None)
    >>> decode_text("Les négociations reprennent à Doha après une pause.".encode("latin-1"))[0]
    'Les négociations reprennent à Doha après une pause.'
    >>> decode_text("Бои у Курска".encode("utf-16-le"))[0]
    'Бои у Курска'
    >>> text, note = decode_text("দাম বেড়েছে। ".encode("utf-8") * 10 + b"\\xff")
    >>> text[-2:], note
    (' \\ufffd', '1 invalid UTF-8 byte replaced')
    """
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode_utf16(data, "utf-16"), None
    if b"\x00" in head:
        encoding = _utf16_without_bom(head)
        if encoding is None:
            raise UnreadableFile("binary content (NUL bytes): not a text document")
        return _decode_utf16(data, encoding), None
    utf8 = _decode_utf8(data)
    if utf8 is not None:
        return utf8
    return _check_printable(_detect(data)), None


def _utf16_without_bom(head: bytes) -> str | None:
    """``utf-16-le`` / ``utf-16-be`` when NUL bytes sit on one side of the
    byte pairs only, as the high byte of ASCII letters, digits and spaces
    does; None for anything else (binary data has NULs anywhere)."""
    head = head[: len(head) // 2 * 2]
    pairs = len(head) // 2
    if pairs < 2:
        return None
    even = head[0::2].count(0) / pairs
    odd = head[1::2].count(0) / pairs
    if odd >= 0.1 and even <= odd / 20:
        return "utf-16-le"
    if even >= 0.1 and odd <= even / 20:
        return "utf-16-be"
    return None


def _decode_utf16(data: bytes, encoding: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        raise UnreadableFile(f"binary content: NUL bytes, and not valid {encoding.upper()} text") from None
    return _check_printable(text.removeprefix("\ufeff"))


def _decode_utf8(data: bytes) -> tuple[str, str | None] | None:
    """UTF-8 text, with a few invalid bytes replaced; None when it is not UTF-8."""
    try:
        return _check_printable(data.decode("utf-8-sig")), None
    except UnicodeDecodeError:
        pass
    # Undecodable bytes come back as U+DC80..U+DCFF, one per byte, to be counted.
    escaped = data.decode("utf-8-sig", "surrogateescape")
    invalid = sum(1 for ch in escaped if "\udc80" <= ch <= "\udcff")
    valid_non_ascii = sum(1 for ch in escaped if ch > "\x7f") - invalid
    if invalid > len(data) * MAX_INVALID_UTF8_SHARE or valid_non_ascii < invalid * MIN_VALID_PER_INVALID:
        return None
    text = data.decode("utf-8-sig", "replace")
    plural = "s" if invalid > 1 else ""
    return _check_printable(text), f"{invalid} invalid UTF-8 byte{plural} replaced"


def _detect(data: bytes) -> str:
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        raise UnreadableFile("undecodable: no text encoding fits the bytes")
    # Several Western code pages decode accented Latin text equally well by the
    # detector's measures; windows-1252 is by far the most common of them.
    top = (matches[0].chaos, matches[0].coherence)
    tied = [m for m in matches if (m.chaos, m.coherence) == top]
    best = next((m for m in tied if m.encoding in PREFERRED_ON_TIE), matches[0])
    return str(best)


def _check_printable(text: str) -> str:
    # Control characters, unassigned and private-use code points are what
    # binary data turns into under any encoding; real text has almost none.
    sample = text[:4096]
    odd = sum(1 for ch in sample
              if (ch < " " and ch not in "\n\r\t\f") or unicodedata.category(ch) in ("Cn", "Co"))
    if sample and odd / len(sample) > 0.05:
        raise UnreadableFile("binary content: too many control characters for text")
    return text


def file_digest(path: Path, max_bytes: int = MAX_FILE_BYTES) -> str:
    """SHA-256 of the file's bytes, used to skip files already ingested.

    Raises :class:`UnreadableFile` for what :func:`open_regular` refuses. A
    WARC is read record by record, so it may be larger than ``max_bytes``.
    """
    limit = max(max_bytes, MAX_WARC_BYTES) if format_of(path) == "warc" else max_bytes
    sha = hashlib.sha256()
    size = 0
    with open_regular(path, limit) as handle:
        try:
            for block in iter(lambda: handle.read(1 << 20), b""):
                size += len(block)
                if size > limit:
                    raise UnreadableFile(f"file too large: more than {limit:,} bytes (limit {limit:,})")
                sha.update(block)
        except OSError as exc:
            raise _cannot_read(exc, path) from None
    return sha.hexdigest()


# -- finishing documents -------------------------------------------------------

_FIELDS = ("title", "date", "date_text", "seen", "url", "source", "lang", "external_id", "label")


def finish_document(doc: RawDocument) -> RawDocument | Rejection:
    """A document ready to leave the readers, or why it cannot.

    Every reader passes its documents through here, so the same rules hold
    for files, feeds, archives and records sent to the API: no lone
    surrogates anywhere, mojibake repaired (and said so), no single document
    longer than an article can be, no absurd metadata.
    """
    problem = _size_problem(doc)
    if problem:
        return Rejection(replace_surrogates(doc.origin), problem)
    notes = [doc.repairs] if doc.repairs else []
    content, mended = repair_text(doc.content)
    changes: dict = {"origin": replace_surrogates(doc.origin), "content": content,
                     "path": replace_surrogates(doc.path) if doc.path else doc.path}
    for name in _FIELDS:
        value = getattr(doc, name)
        if value is None:
            continue
        if len(value) > MAX_FIELD_CHARS:
            notes.append(f"{name} of {len(value):,} characters dropped")
            changes[name] = None
            continue
        value, fixed = repair_text(value) if name == "title" else (replace_surrogates(value), False)
        mended = mended or fixed
        changes[name] = value
    if mended:
        notes.append("mojibake repaired")
    changes["repairs"] = "; ".join(notes) or None
    return replace(doc, **changes)


_opening_tag = re.compile(r"<[A-Za-z]")


def _size_problem(doc: RawDocument) -> str | None:
    """Why ``doc`` is too big to be one news article, or None."""
    limit = MAX_HTML_CHARS if doc.kind == "html" else MAX_TEXT_CHARS
    if len(doc.content) > limit:
        what = "HTML page too large" if doc.kind == "html" else "text too long"
        return (f"{what} for one article: {len(doc.content):,} characters (limit {limit:,}); "
                "split it into one file per article")
    if doc.kind == "html":
        elements = sum(1 for _ in _opening_tag.finditer(doc.content))
        if elements > MAX_HTML_ELEMENTS:
            return (f"HTML page too complex for one article: {elements:,} elements (limit {MAX_HTML_ELEMENTS:,}); "
                    "save the article's own page, or its text")
    return None


def finish_all(items: Iterable[RawDocument | Rejection]) -> list[RawDocument | Rejection]:
    """:func:`finish_document` for each document; rejections made storable too."""
    out: list[RawDocument | Rejection] = []
    for item in items:
        if isinstance(item, Rejection):
            out.append(Rejection(replace_surrogates(item.origin), replace_surrogates(item.reason)))
        else:
            out.append(finish_document(item))
    return out
