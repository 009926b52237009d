"""Readers for structured input: JSON objects/arrays and JSON Lines.

Items follow the corpus format (``id, title, text, lang, date, url, source,
label``); a few common aliases are accepted so that exports from other tools
load without conversion.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ..model import RawDocument, Rejection

TEXT_KEYS = ("text", "body", "content", "articleBody")
TITLE_KEYS = ("title", "headline")
DATE_KEYS = ("date", "published", "published_at", "datePublished", "pubDate")


def _first(item: dict, keys: tuple[str, ...]) -> Any:
    for key in keys:
        value = item.get(key)
        if value not in (None, ""):
            return value
    return None


def _as_str(value: Any) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)


def record_to_document(item: Any, origin: str, path: str | None) -> RawDocument | Rejection:
    """One JSON item as a document, or a rejection naming what is wrong."""
    if not isinstance(item, dict):
        return Rejection(origin, f"expected a JSON object, found {type(item).__name__}")
    text = _first(item, TEXT_KEYS)
    if not isinstance(text, str) or not text.strip():
        return Rejection(origin, "no article text (fields tried: " + ", ".join(TEXT_KEYS) + ")")
    return RawDocument(
        origin=origin,
        kind="record",
        content=text,
        path=path,
        title=_as_str(_first(item, TITLE_KEYS)),
        date=_as_str(_first(item, DATE_KEYS)),
        date_text=_as_str(item.get("date_text")),
        url=_as_str(item.get("url")),
        source=_as_str(item.get("source")),
        lang=_as_str(item.get("lang")),
        external_id=_as_str(item.get("id")),
        label=_as_str(item.get("label")),
    )


def read_json(text: str, origin: str, path: str | None) -> Iterator[RawDocument | Rejection]:
    """A JSON file holding one article object or an array of them."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield Rejection(origin, f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}")
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


def read_jsonl(text: str, origin: str, path: str | None) -> Iterator[RawDocument | Rejection]:
    """JSON Lines: one article per line; a bad line is rejected by its number."""
    seen_any = False
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        seen_any = True
        item_origin = f"{origin}#L{lineno}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Rejection(item_origin, f"line {lineno}: invalid JSON ({exc.msg} at column {exc.colno})")
            continue
        yield record_to_document(item, item_origin, path)
    if not seen_any:
        yield Rejection(origin, "JSON Lines file holds no lines")
