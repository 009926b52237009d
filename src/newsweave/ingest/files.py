"""Finding input files, and turning their bytes into text safely.

Every failure here becomes a :class:`~newsweave.records.Rejection` with a reason a
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
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import BinaryIO

from newsweave.page import repair_text, replace_surrogates
from newsweave.records import RawDocument, Rejection
from newsweave.ingest.charsets import decode_legacy, encoding_label

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


# A line of a UTF-8 file with a few damaged bytes (a bad copy, a cut
# multi-byte character) is still UTF-8 when its valid non-ASCII characters
# outnumber its invalid bytes this many times. A line with fewer is in
# another encoding (a paragraph pasted from a windows-1252 page), unless it
# has too few letters to be a sentence (stray bytes, which are replaced).
MIN_VALID_PER_INVALID = 4
MIN_LEGACY_LETTERS = 3
# Text with a larger share of control characters is binary; so is a file of
# one record a line with a larger share of control bytes, as a whole, not
# text with a few bad lines.
MAX_CONTROL_SHARE = 0.05

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


def iter_files(paths: Iterable[str | os.PathLike], follow_links: bool = False) -> Iterator[Path | Rejection]:
    """Yield every file under ``paths`` (recursively), in a stable order.

    Hidden files and folders (``.git``, ``.DS_Store``) are skipped. A folder
    that cannot be listed, or a link to a folder (not followed, so a loop of
    links cannot recurse forever), comes out as a :class:`Rejection`. So does
    a link to a file outside the folder given, unless ``follow_links``: a
    folder of articles is no reason to read ``/etc/passwd`` or another
    user's files. A link to a file inside it is read. A path given itself,
    not found in a folder, is read wherever it points: naming it is the
    user's choice.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path, follow_links)
        else:
            yield path.absolute()


LINK_OUT_OF_FOLDER = "symbolic link out of the ingested folder: not followed (give its target itself to read it)"


def _walk(top: Path, follow_links: bool = False) -> Iterator[Path | Rejection]:
    failures: list[OSError] = []
    real_top = os.path.realpath(top)
    for root, dirs, names in os.walk(top, onerror=failures.append):
        yield from _folder_rejections(failures)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in [d for d in dirs if os.path.islink(os.path.join(root, d))]:
            dirs.remove(name)
            yield Rejection(path_label(Path(root, name).absolute()),
                            "link to a folder: not followed (give the folder itself to read it)")
        for name in sorted(names):
            if name.startswith("."):
                continue
            path = Path(root, name).absolute()
            if not follow_links and os.path.islink(path) and not _points_inside(path, real_top):
                yield Rejection(path_label(path), LINK_OUT_OF_FOLDER)
            else:
                yield path
    yield from _folder_rejections(failures)


def _points_inside(link: Path, real_top: str) -> bool:
    """Whether the file ``link`` finally points to lies under ``real_top`` (a resolved folder).

    A dangling link or a loop of links resolves to a path inside too when it
    is made of names inside, and is then refused, with its own reason, when read.
    """
    target = os.path.realpath(link)
    return os.path.commonpath([target, real_top]) == real_top


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
    >>> decode_text("Les négociations reprennent à Doha après une pause.".encode("latin-1"))
    ('Les négociations reprennent à Doha après une pause.', 'decoded as windows-1252')
    >>> decode_text("Бои у Курска".encode("utf-16-le"))[0]
    'Бои у Курска'
    >>> text, note = decode_text("দাম বেড়েছে। ".encode("utf-8") * 10 + b"\\xff")
    >>> text[-2:], note
    (' \\ufffd', '1 invalid UTF-8 byte replaced')
    >>> decode_text("“Oui”, a dit le maire.\\n".encode() + "Le café a rouvert à Orly.".encode("cp1252"))
    ('“Oui”, a dit le maire.\\nLe café a rouvert à Orly.', '1 line decoded as windows-1252 in a UTF-8 file')
    """
    decoded = decode(data)
    return decoded.text, decoded.note


@dataclass(frozen=True)
class Decoded:
    """Text made from bytes, and what making it took."""

    text: str
    encoding: str | None = None                         # the legacy encoding of the whole file
    line_encoding: str | None = None                    # the one some lines of a UTF-8 file are in
    legacy_lines: frozenset[int] = frozenset()          # those lines, counted from 1
    replaced: dict[int, int] = field(default_factory=dict)   # line -> invalid UTF-8 bytes replaced
    refused: dict[int, str] = field(default_factory=dict)    # line -> why it was left out

    @property
    def note(self) -> str | None:
        """What was done to the file as a whole, for the repairs note of its one document."""
        notes = [self.file_note] if self.file_note else []
        if self.legacy_lines:
            count = len(self.legacy_lines)
            notes.append(f"{count} line{'s' if count > 1 else ''} decoded as "
                         f"{encoding_label(self.line_encoding)} in a UTF-8 file")
        invalid = sum(self.replaced.values())
        if invalid:
            notes.append(_replaced_note(invalid))
        return "; ".join(notes) or None

    @property
    def file_note(self) -> str | None:
        """What holds for every line: the legacy encoding the file was decoded as."""
        return f"decoded as {encoding_label(self.encoding)}" if self.encoding else None

    def line_notes(self) -> dict[int, str]:
        """What was done to single lines, by line number (for files of one record a line)."""
        notes = {number: f"decoded as {encoding_label(self.line_encoding)}" for number in self.legacy_lines}
        for number, invalid in self.replaced.items():
            notes[number] = _replaced_note(invalid)
        return notes


def _replaced_note(invalid: int) -> str:
    return f"{invalid} invalid UTF-8 byte{'s' if invalid > 1 else ''} replaced"


def decode(data: bytes, line_by_line: bool = False) -> Decoded:
    """:func:`decode_text` with what was done line by line.

    With ``line_by_line`` (a file of one record a line), a line with NUL
    bytes is left out and named in ``refused``, rather than the whole file
    refused; a file mostly of control bytes is still binary.
    """
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Decoded(_decode_utf16(data, "utf-16"))
    refused: dict[int, str] = {}
    if b"\x00" in head or (line_by_line and b"\x00" in data):
        encoding = _utf16_without_bom(head)
        if encoding is not None:
            return Decoded(_decode_utf16(data, encoding))
        if not line_by_line:
            raise UnreadableFile("binary content (NUL bytes): not a text document")
        data, refused = _without_nul_lines(data)
    decoded = _decode_iso2022_jp(data) or _decode_utf8(data) or _decode_legacy(data)
    return replace(decoded, refused=refused) if refused else decoded


# ISO-2022-JP (Japanese mail and old news feeds) is 7-bit, so it passes for
# ASCII; its escape sequences into JIS X 0208 give it away.
_JIS_ESCAPES = (b"\x1b$B", b"\x1b$@", b"\x1b$(D")


def _decode_iso2022_jp(data: bytes) -> Decoded | None:
    if not any(escape in data[:8192] for escape in _JIS_ESCAPES) or not data.isascii():
        return None
    try:
        return Decoded(_check_printable(data.decode("iso2022_jp")), encoding="iso2022_jp")
    except UnicodeDecodeError:
        return None


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


def _without_nul_lines(data: bytes) -> tuple[bytes, dict[int, str]]:
    """``data`` with its lines that hold NUL bytes emptied, and those lines' numbers."""
    if _control_share(data) > MAX_CONTROL_SHARE:
        raise UnreadableFile("binary content (NUL bytes): not a text document")
    lines = data.split(b"\n")
    refused = {number: "binary content (NUL bytes), not a text record"
               for number, line in enumerate(lines, start=1) if b"\x00" in line}
    kept = (b"" if number in refused else line for number, line in enumerate(lines, start=1))
    return b"\n".join(kept), refused


def _control_share(data: bytes) -> float:
    return sum(data.count(byte) for byte in _CONTROL_BYTES) / len(data) if data else 0.0


_CONTROL_BYTES = [bytes([code]) for code in range(32) if chr(code) not in "\t\n\r\f"]


@dataclass(frozen=True)
class _Line:
    """One line of a file that is not all valid UTF-8."""

    kind: str      # "utf8", "damaged" (UTF-8 with a few bad bytes) or "legacy" (another encoding)
    valid: int     # valid non-ASCII UTF-8 characters
    invalid: int   # bytes that are not UTF-8


def _decode_utf8(data: bytes) -> Decoded | None:
    """UTF-8 text, line by line where it must be; None when the file is not UTF-8 at all.

    Lines in another encoding (a paragraph pasted from a windows-1252 page)
    are decoded in the encoding detected for them; a few damaged bytes
    within UTF-8 lines are replaced.
    """
    try:
        return Decoded(_check_printable(data.decode("utf-8-sig")))
    except UnicodeDecodeError:
        pass
    raw_lines = data.removeprefix(b"\xef\xbb\xbf").split(b"\n")
    lines = [_classify_line(raw) for raw in raw_lines]
    if not any(line.valid for line in lines if line.kind != "legacy"):
        return None  # no UTF-8 beyond ASCII anywhere: the whole file is in a legacy encoding
    return _decode_mixed(raw_lines, lines)


def _decode_mixed(raw_lines: list[bytes], lines: list[_Line]) -> Decoded:
    """UTF-8 lines as UTF-8 (bad bytes replaced), the legacy lines in the encoding detected for them all."""
    legacy = [number for number, line in enumerate(lines, start=1) if line.kind == "legacy"]
    found = decode_legacy(b"\n".join(raw_lines[number - 1] for number in legacy)) if legacy else None
    codec = found[1] if found else None
    texts, replaced = [], {}
    for number, (raw, line) in enumerate(zip(raw_lines, lines), start=1):
        if line.kind == "legacy" and codec:
            texts.append(raw.decode(codec, "replace"))
            continue
        texts.append(raw.decode("utf-8", "replace"))
        if line.invalid:
            replaced[number] = line.invalid
    return Decoded(_check_printable("\n".join(texts)), line_encoding=codec,
                   legacy_lines=frozenset(legacy if codec else ()), replaced=replaced)


def _classify_line(raw: bytes) -> _Line:
    try:
        text = raw.decode("utf-8")
        return _Line("utf8", sum(ch > "\x7f" for ch in text), 0)
    except UnicodeDecodeError:
        pass
    # Undecodable bytes come back as U+DC80..U+DCFF, one per byte, to be counted.
    escaped = raw.decode("utf-8", "surrogateescape")
    invalid = sum(1 for ch in escaped if "\udc80" <= ch <= "\udcff")
    valid = sum(1 for ch in escaped if ch > "\x7f") - invalid
    if valid >= invalid * MIN_VALID_PER_INVALID or _letters(raw) < MIN_LEGACY_LETTERS:
        return _Line("damaged", valid, invalid)
    return _Line("legacy", valid, invalid)


def _letters(raw: bytes) -> int:
    # Latin-1 gives every byte a character, and most letters of any legacy
    # encoding (0xC0-0xFF) are letters there too: enough to tell a sentence
    # from a few stray bytes.
    return sum(ch.isalpha() for ch in raw.decode("latin-1"))


def _decode_legacy(data: bytes) -> Decoded:
    found = decode_legacy(data)
    if found is None:
        raise UnreadableFile("undecodable: no text encoding fits the bytes")
    text, codec = found
    return Decoded(_check_printable(text), encoding=codec)


def _check_printable(text: str) -> str:
    # Control characters, unassigned and private-use code points are what
    # binary data turns into under any encoding; real text has almost none.
    sample = text[:4096]
    odd = sum(1 for ch in sample
              if (ch < " " and ch not in "\n\r\t\f") or unicodedata.category(ch) in ("Cn", "Co"))
    if sample and odd / len(sample) > MAX_CONTROL_SHARE:
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
