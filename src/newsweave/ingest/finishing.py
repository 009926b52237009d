"""The last check of every document read: its fields trimmed and mended, and one too large for a news article refused."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
import re

from newsweave.ingest.files import MAX_FIELD_CHARS, MAX_HTML_CHARS, MAX_HTML_ELEMENTS, MAX_TEXT_CHARS
from newsweave.page import repair_text, replace_surrogates
from newsweave.records import RawDocument, Rejection


_FIELDS = ("title", "date", "date_text", "seen", "url", "source", "site", "lang", "external_id", "label")


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
