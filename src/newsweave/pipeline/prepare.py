"""Preparing one document: clean, identify the language, date, and count its evidence.

This is the per-document work of an ingest that needs no store and no other
document, so it can run anywhere: in the ingest process (:class:`Preparer`)
or on Ray workers (:mod:`.ray_workers`), which return the same results in the
same order. A document that fails in a stage comes back as the stage's
:class:`StageFailure`, never as an exception, so one bad document costs only
itself wherever it ran.
"""
from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from newsweave.page import CleanText, clean, replace_surrogates
from newsweave.cluster import features
from newsweave.text import resolve_date
from newsweave.cluster import content_hash
from newsweave.text import LanguageIdentifier
from newsweave.ingest import outlet_of
from newsweave.records import Article, RawDocument, Rejection


class StageFailure(Exception):
    """An unexpected error in one stage for one document; it becomes that document's rejection."""

    def __init__(self, stage: str, error: Exception, reason: str | None = None):
        super().__init__(stage, error)
        self.stage, self.error = stage, error
        self._reason = reason

    @property
    def reason(self) -> str:
        if self._reason is not None:
            return self._reason
        message = replace_surrogates(" ".join(str(self.error).split())[:300])
        return f"internal error in {self.stage}: {type(self.error).__name__}: {message}"

    def __reduce__(self):
        # Crosses process boundaries (Ray) as its reason: the original error need not pickle.
        return (StageFailure, (self.stage, RuntimeError(self.reason), self.reason))


@dataclass
class Prepared:
    """What preparing one document gave: the article and its evidence counts, a rejection, or a failure."""

    outcome: Article | Rejection | StageFailure
    bag: Counter | None = None


class DocumentPreparer(Protocol):
    """What the pipeline asks of a preparer: :class:`Preparer` here, or the Ray workers' one."""

    def prepare_all(self, docs: Sequence[RawDocument], now: datetime) -> list[Prepared]: ...

    def take_timers(self) -> Counter: ...


class Preparer:
    """Prepares documents in this process; ``now`` anchors relative dates (a record's crawl date wins)."""

    def __init__(self, language: LanguageIdentifier | None = None):
        self.language = language or LanguageIdentifier()
        self.timers: Counter = Counter()  # seconds per stage, for the run's stage_seconds

    def _timed(self, stage: str, func: Callable, *args):
        start = time.perf_counter()
        try:
            return func(*args)
        except StageFailure:
            raise
        except Exception as exc:
            raise StageFailure(stage, exc) from exc
        finally:
            self.timers[stage] += time.perf_counter() - start

    def prepare(self, doc: RawDocument, now: datetime) -> Article | Rejection:
        """Clean, identify the language and date one document; raises :class:`StageFailure`."""
        cleaned = self._timed("clean", clean, doc)
        if isinstance(cleaned, Rejection):
            return cleaned
        lang, confidence = self._timed("language", self.language.detect, f"{cleaned.title}\n{cleaned.text}")
        published, method = self._timed("date", _date, cleaned, lang, now)
        digest = content_hash(cleaned.title, cleaned.text)
        outlet = outlet_of(cleaned.site, cleaned.url, cleaned.source)
        return Article(
            id=digest[:16], origin=doc.origin, title=cleaned.title, text=cleaned.text, lang=lang,
            lang_confidence=confidence, published=published, date_method=method, content_hash=digest,
            path=doc.path, url=cleaned.url, source=cleaned.source, declared_lang=doc.lang,
            external_id=doc.external_id, label=doc.label, repairs=_repairs(doc, cleaned),
            outlet=outlet.name if outlet else None, domain=outlet.domain if outlet else None,
            country=outlet.country if outlet else None)

    def prepare_one(self, doc: RawDocument, now: datetime) -> Prepared:
        try:
            article = self.prepare(doc, now)
            if isinstance(article, Rejection):
                return Prepared(article)
            return Prepared(article, self._timed("assign", features, f"{article.title}\n{article.text}"))
        except StageFailure as failure:
            return Prepared(failure)

    def prepare_all(self, docs: Sequence[RawDocument], now: datetime) -> list[Prepared]:
        """One result per document, in order."""
        return [self.prepare_one(doc, now) for doc in docs]

    def take_timers(self) -> Counter:
        """The stage seconds counted since the last call."""
        timers, self.timers = self.timers, Counter()
        return timers


def _repairs(doc: RawDocument, cleaned: CleanText) -> str | None:
    """What reading and cleaning mended, as the article records it."""
    notes = [doc.repairs] if doc.repairs else []
    if cleaned.from_markup:
        notes.append("HTML markup in the text: read as a page")
    return "; ".join(notes) or None


def _date(cleaned: CleanText, lang: str, now: datetime) -> tuple[str, str]:
    return resolve_date(cleaned.date, cleaned.date_text, cleaned.url, cleaned.text, lang, now,
                        header_date=cleaned.header_date, reference=cleaned.seen)
