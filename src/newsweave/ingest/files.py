"""Finding input files and reading their bytes safely.

Only regular files are opened for reading, and no more than the size limit
is ever read, so a FIFO, a device or an endless file cannot hang or exhaust a
run. Every failure becomes an :class:`UnreadableFile` with a reason a user can
act on, which the caller records as a rejection.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
import errno
import hashlib
import os
from pathlib import Path
import stat
from typing import BinaryIO
import zlib

from newsweave.records import Rejection


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
