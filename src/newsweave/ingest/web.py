"""Readers for web formats: RSS/Atom feeds and WARC archives.

Both carry HTML, so their items leave here as ``kind="html"`` documents (or
``"record"`` for feed entries whose content is a short text summary).
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..model import RawDocument, Rejection
from .files import MAX_FILE_BYTES, UnreadableFile

HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_feed(data: bytes, origin: str, path: str | None) -> Iterator[RawDocument | Rejection]:
    """Entries of an RSS or Atom feed, each with its own link and date."""
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.entries:
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


def read_warc(path: Path, origin: str, recorded: str | None) -> Iterator[RawDocument | Rejection]:
    """HTML responses of a WARC file (plain or gzipped)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    found = 0
    try:
        # warcio detects per-record gzip itself, so the raw file is handed over.
        with path.open("rb") as handle:
            for index, record in enumerate(ArchiveIterator(handle)):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                ctype = (record.http_headers.get_header("Content-Type") or "").lower()
                if not any(t in ctype for t in HTML_TYPES):
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                body = record.content_stream().read(MAX_FILE_BYTES + 1)
                if len(body) > MAX_FILE_BYTES:
                    yield Rejection(f"{origin}::{url or index}", "HTML response larger than the size limit")
                    continue
                item_origin = f"{origin}::{url or index}"
                found += 1
                charset = ctype.split("charset=")[-1].strip() if "charset=" in ctype else "utf-8"
                try:
                    html = body.decode(charset, errors="replace")
                except LookupError:
                    html = body.decode("utf-8", errors="replace")
                if not html.strip():
                    yield Rejection(item_origin, "empty HTML response")
                    continue
                yield RawDocument(origin=item_origin, kind="html", content=html, path=recorded, url=url)
    except (ArchiveLoadFailed, EOFError, OSError, ValueError) as exc:
        yield Rejection(origin, f"unreadable or truncated WARC: {exc}")
        return
    if not found:
        yield Rejection(origin, "WARC holds no HTML responses")


def ensure_feed_like(data: bytes) -> None:
    """Refuse XML that is plainly not a feed before feedparser guesses."""
    head = data[:2048].lower()
    if b"<rss" not in head and b"<feed" not in head and b"<rdf" not in head:
        raise UnreadableFile("XML file is not an RSS/Atom feed (no <rss>, <feed> or <rdf> root)")
