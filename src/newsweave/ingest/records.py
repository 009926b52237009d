"""Readers for structured input: JSON objects/arrays and JSON Lines.

Items follow the corpus format (``id, title, text, lang, date, url, source,
label``); the field names of common tools are accepted too, so that their
exports load without conversion: news-please (``maintext``,
``date_publish``, ``source_domain``, ``language``), NewsAPI (``content``,
``publishedAt``, ``source`` as ``{"id": ..., "name": ...}``) and schema.org
(``articleBody``, ``headline``, ``datePublished``).

>>> doc = record_to_document({"title": {"name": "Floods"}, "maintext": "Rivers rose.",
...                           "source": {"id": None, "name": "BBC News"}, "date_publish": "2024-05-01"}, "r", None)
>>> doc.title, doc.content, doc.source, doc.date
('Floods', 'Rivers rose.', 'BBC News', '2024-05-01')
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any

from newsweave.records import RawDocument, Rejection
from newsweave.ingest.finishing import finish_document

TEXT_KEYS = ("text", "body", "maintext", "articleBody", "content", "description")
TITLE_KEYS = ("title", "headline")
DATE_KEYS = ("date", "published", "published_at", "datePublished", "pubDate", "date_publish",
             "publishedAt", "date_published", "datetime", "pub_date")
# When the page was fetched: the anchor for a text that names only a weekday.
SEEN_KEYS = ("seen", "date_download", "date_crawled", "crawled", "crawled_at", "fetched", "fetched_at",
             "scraped_at", "retrieved", "date_retrieved", "crawl_date")
SOURCE_KEYS = ("source", "source_domain", "publisher")
LANG_KEYS = ("lang", "language")
URL_KEYS = ("url", "link")

# Where a value given as an object keeps its text: {"name": "BBC News"},
# {"text": ...}, JSON-LD's {"@value": ...}.
OBJECT_TEXT_KEYS = ("name", "text", "value", "@value", "#text", "title", "content")
MAX_FIELD_DEPTH = 3

# NewsAPI cuts "content" and ends it with this marker; the marker is not news.
_truncation_marker = re.compile(r"\s*(…|\.\.\.)?\s*\[\+\d+ chars\]\s*$")


def _first(item: dict, keys: tuple[str, ...], as_text=None) -> str | None:
    convert = as_text or _as_str
    for key in keys:
        value = convert(item.get(key))
        if value is not None and value.strip():
            return value
    return None


def _as_str(value: Any, depth: int = 0) -> str | None:
    """A field as a string; objects and lists give their obvious text or nothing,
    never a Python repr."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return str(value)
    # Text sits at most a few levels down; looking deeper would let a
    # nested value exhaust the stack.
    if depth >= MAX_FIELD_DEPTH:
        return None
    if isinstance(value, dict):
        return next((text for key in OBJECT_TEXT_KEYS if (text := _as_str(value.get(key), depth + 1))), None)
    if isinstance(value, list):
        return next((text for element in value if (text := _as_str(element, depth + 1))), None)
    return None


def _as_body(value: Any) -> str | None:
    """The article text; a list of paragraphs is joined, one per line."""
    if isinstance(value, list):
        parts = [part for part in map(_as_str, value) if part and part.strip()]
        return "\n\n".join(parts) or None
    text = _as_str(value)
    return _truncation_marker.sub("", text) if text else text


def record_to_document(item: Any, origin: str, path: str | None) -> RawDocument | Rejection:
    """One JSON item as a document, or a rejection naming what is wrong."""
    if not isinstance(item, dict):
        return Rejection(origin, f"expected a JSON object, found {_json_type(item)}")
    text = _first(item, TEXT_KEYS, _as_body)
    if text is None:
        return Rejection(origin, "no article text (fields tried: " + ", ".join(TEXT_KEYS) + ")")
    return finish_document(RawDocument(
        origin=origin,
        kind="record",
        content=text,
        path=path,
        title=_first(item, TITLE_KEYS),
        date=_first(item, DATE_KEYS),
        date_text=_as_str(item.get("date_text")),
        seen=_first(item, SEEN_KEYS),
        url=_first(item, URL_KEYS),
        source=_first(item, SOURCE_KEYS),
        lang=_first(item, LANG_KEYS),
        external_id=_as_str(item.get("id")),
        label=_as_str(item.get("label")),
    ))


def _json_type(value: Any) -> str:
    names = {str: "a string", bool: "true/false", type(None): "null", list: "an array", int: "a number",
             float: "a number"}
    return names.get(type(value), type(value).__name__)


def _loads(text: str, lineno: int | None = None) -> Any:
    """``json.loads``, with every failure as a ValueError whose message is the reason.

    Within a JSON Lines file (``lineno`` given) the parser's line number is
    always 1, so only the column is named.
    """
    prefix = "" if lineno is None else f"line {lineno}: "
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        if lineno is None:
            raise ValueError(f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None
        raise ValueError(f"{prefix}invalid JSON ({exc.msg} at column {exc.colno})") from None
    except RecursionError:
        raise ValueError(f"{prefix}JSON nested too deeply to read (an article is a flat object)") from None
    except ValueError as exc:  # e.g. a number with more digits than Python converts
        raise ValueError(f"{prefix}invalid JSON: {exc}") from None


def read_json(text: str, origin: str, path: str | None) -> Iterator[RawDocument | Rejection]:
    """A JSON file holding one article object or an array of them."""
    try:
        data = _loads(text)
    except ValueError as exc:
        yield Rejection(origin, str(exc))
        return
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        data = data["articles"]
    if isinstance(data, list):
        if not data:
            yield Rejection(origin, "JSON array holds no articles")
        for index, item in enumerate(data):
            yield record_to_document(item, f"{origin}#{index}", path)
    else:
        yield record_to_document(data, origin, path)


def read_jsonl(text: str, origin: str, path: str | None, refused: Mapping[int, str] | None = None,
               notes: Mapping[int, str] | None = None) -> Iterator[RawDocument | Rejection]:
    """JSON Lines: one article per line; a bad line is rejected by its number.

    ``refused`` names lines already found unreadable (their text is left
    blank) with the reason; ``notes`` what decoding mended on single lines,
    for the repairs note of their records.
    """
    refused, notes = refused or {}, notes or {}
    seen_any = False
    # Only "\n" ends a line: str.splitlines() would also split at U+2028 and
    # other separators, which JSON allows unescaped inside strings.
    for lineno, line in enumerate(text.split("\n"), start=1):
        if lineno in refused:
            seen_any = True
            yield Rejection(f"{origin}#L{lineno}", f"line {lineno}: {refused[lineno]}")
        elif line.strip():
            seen_any = True
            yield with_repairs(jsonl_record(line, lineno, origin, path), notes.get(lineno))
    if not seen_any:
        yield Rejection(origin, "JSON Lines file holds only blank lines")


def with_repairs(item: RawDocument | Rejection, repairs: str | None) -> RawDocument | Rejection:
    """``item`` with ``repairs`` (what was mended before it was read) put first in its repairs note."""
    if repairs is None or isinstance(item, Rejection):
        return item
    return replace(item, repairs="; ".join(note for note in (repairs, item.repairs) if note))


def jsonl_record(line: str, lineno: int, origin: str, path: str | None) -> RawDocument | Rejection:
    """The article on line ``lineno``, named ``origin#Lnumber``, or why it is not one."""
    item_origin = f"{origin}#L{lineno}"
    try:
        item = _loads(line, lineno)
    except ValueError as exc:
        return Rejection(item_origin, str(exc))
    found = record_to_document(item, item_origin, path)
    return Rejection(item_origin, f"line {lineno}: {found.reason}") if isinstance(found, Rejection) else found
