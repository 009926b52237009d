"""Readers for web formats: RSS/Atom feeds and WARC archives.

Both carry HTML, so their items leave here as ``kind="html"`` documents (or
``"record"`` for feed entries whose content is a short text summary).
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from newsweave.records import RawDocument, Rejection
from newsweave.ingest.decoding import decode_text
from newsweave.ingest.files import MAX_FILE_BYTES, UnreadableFile, open_regular

HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_feed(data: bytes, origin: str, path: str | None) -> Iterator[RawDocument | Rejection]:
    """Entries of an RSS or Atom feed, each with its own link and date."""
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.entries:
        if parsed.get("version"):  # feedparser recognised RSS or Atom
            yield Rejection(origin, "the feed has no entries")
            return
        problem = getattr(parsed, "bozo_exception", None)
        detail = f": {problem}" if problem else ""
        yield Rejection(origin, f"not an RSS/Atom feed, or a feed with no entries{detail}")
        return
    source = parsed.feed.get("title")
    for index, entry in enumerate(parsed.entries):
        item_origin = f"{origin}#{index}"
        contents = entry.get("content") or []
        html = contents[0].get("value") if contents else entry.get("summary")
        if not html or not html.strip():
            yield Rejection(item_origin, "feed entry has no content or summary")
            continue
        # Entries carry an HTML fragment, not a page: there is no boilerplate
        # to find, so the fragment's text is the article.
        text = fragment_text(html)
        if not text:
            yield Rejection(item_origin, "feed entry has no text")
            continue
        yield RawDocument(
            origin=item_origin,
            kind="record",
            content=text,
            path=path,
            title=entry.get("title"),
            date=entry.get("published") or entry.get("updated"),
            url=entry.get("link"),
            source=source,
            site=source,
            lang=(entry.get("language") or parsed.feed.get("language") or None),
            external_id=entry.get("id"),
        )


def fragment_text(html: str) -> str:
    """Text of an HTML fragment, one line per block element.

    >>> print(fragment_text("<p>First &amp; one.</p><p>Second</p>"))
    First & one.
    Second
    """
    if "<" not in html:
        return html.strip()
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except Exception:  # lxml raises ParserError and others on broken fragments
        return ""
    for block in root.iter("p", "br", "div", "li", "h1", "h2", "h3", "h4", "blockquote"):
        block.tail = "\n" + (block.tail or "")
    return "\n".join(line.strip() for line in root.text_content().split("\n") if line.strip())


def read_warc(path: Path, origin: str, recorded: str | None,
              max_bytes: int = MAX_FILE_BYTES) -> Iterator[RawDocument | Rejection]:
    """HTML responses of a WARC file (plain or gzipped), each within ``max_bytes``.

    A damaged archive keeps what was read before the damage; the rest
    becomes one rejection.
    """
    from warcio.archiveiterator import ArchiveIterator

    found = 0
    try:
        # warcio detects per-record gzip itself, so the raw file is handed over.
        with open_regular(path, None) as handle:
            if os.fstat(handle.fileno()).st_size == 0:
                raise UnreadableFile("empty file")
            for index, record in enumerate(ArchiveIterator(handle)):
                item = _warc_response(record, index, origin, recorded, max_bytes)
                if item is not None:
                    found += 1
                    yield item
    except UnreadableFile:
        raise
    except Exception as exc:  # warcio fails on junk with any type (AttributeError, EOFError, zlib.error ...)
        detail = " ".join(str(exc).split())[:200] or type(exc).__name__
        yield Rejection(origin, f"unreadable or truncated WARC: {detail}")
        return
    if not found:
        yield Rejection(origin, "WARC holds no HTML responses")


def _warc_response(record, index: int, origin: str, recorded: str | None,
                   max_bytes: int) -> RawDocument | Rejection | None:
    """One WARC record as a document; None for records that are not HTML responses."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    ctype = (record.http_headers.get_header("Content-Type") or "").lower()
    if not any(t in ctype for t in HTML_TYPES):
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")
    item_origin = f"{origin}::{url or index}"
    body = record.content_stream().read(max_bytes + 1)
    if len(body) > max_bytes:
        return Rejection(item_origin, f"HTML response larger than the size limit of {max_bytes:,} bytes")
    charset = ctype.split("charset=")[-1].split(";")[0].strip(" \"'") if "charset=" in ctype else None
    try:
        html, repairs = (body.decode(charset, errors="replace"), None) if charset else decode_text(body)
    except LookupError:  # an unknown charset name
        html, repairs = body.decode("utf-8", errors="replace"), None
    except UnreadableFile as exc:
        return Rejection(item_origin, f"HTML response: {exc}")
    if not html.strip():
        return Rejection(item_origin, "empty HTML response")
    return RawDocument(origin=item_origin, kind="html", content=html, path=recorded, url=url, repairs=repairs,
                       seen=record.rec_headers.get_header("WARC-Date"))


def ensure_feed_like(data: bytes) -> None:
    """Refuse XML that is plainly not a feed before feedparser guesses."""
    head = data[:2048].lower()
    if b"<rss" not in head and b"<feed" not in head and b"<rdf" not in head:
        raise UnreadableFile("XML file is not an RSS/Atom feed (no <rss>, <feed> or <rdf> root)")
