"""Wires the stages together; holds no algorithm of its own.

files -> read -> clean -> language -> date -> exact duplicates -> embed (cached)
-> near duplicates -> story assignment -> store.

Work is committed in steps: embeddings are cached chunk by chunk, and each
chunk of assigned articles is stored with its stories and the files it
completes in one transaction. A killed ingest therefore loses at most the
chunk in flight, and the next run skips what is stored.
"""
from __future__ import annotations

import hashlib
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

import numpy as np

from .clean import CleanText, clean
from .cluster.assign import AssignerSettings, StoryAssigner
from .cluster.evidence import features
from .dates import resolve_date
from .dedup import SIGNATURE_VERSION, DuplicateFinder, content_hash, signature
from .embed import Embedder, default_embedder
from .embed.offsets import offsets_of
from .ingest import file_digest, iter_files, read_file
from .language import LanguageIdentifier
from .model import Article, IngestSummary, RawDocument, Rejection
from .progress import progress_bar
from .store.sqlite import SQLiteStore

EMBED_CHUNK = 32
STORE_CHUNK = 64


@dataclass
class _Pending:
    """An article waiting for its embedding and story."""

    article: Article
    bag: Counter
    file_key: str | None
    lead: str = ""
    vector: np.ndarray | None = None


class Pipeline:
    """Ingests articles into a store and assigns them to stories.

    Stages are constructor arguments: pass another :class:`Embedder` (e.g. the
    :class:`~newsweave.embed.HashingEmbedder` in tests) or assigner settings.
    """

    def __init__(self, store: SQLiteStore, embedder: Embedder | None = None,
                 settings: AssignerSettings | None = None, language: LanguageIdentifier | None = None,
                 now: datetime | None = None, progress: bool | None = None):
        self.store = store
        self.embedder = embedder or default_embedder()
        self.settings = settings or AssignerSettings()
        self.language = language or LanguageIdentifier()
        self.now = now or datetime.now(timezone.utc)
        self.progress = sys.stderr.isatty() if progress is None else progress
        self.store.check_embedder(self.embedder.name, self.embedder.version, self.embedder.dim)
        self._timers: Counter = Counter()

    # -- loading state ------------------------------------------------------
    def _load_assigner(self) -> StoryAssigner:
        assigner = StoryAssigner(self.embedder.dim, self.settings, offsets_of(self.embedder))
        for story in self.store.load_stories():
            assigner.add_story(story["id"], story["vector_sum"], story["lang_counts"], story["size"],
                               story["first_day"], story["last_day"], story["bag"])
        for _, _, _, lang, vector in self.store.article_vectors():
            assigner._lang_column(lang)  # widens the story language counts too
            assigner.means.add(vector, lang)
        assigner.df = self.store.feature_counts()
        assigner.n_docs = self.store.article_count()
        return assigner

    # -- stage timing ---------------------------------------------------------
    @contextmanager
    def _stage(self, stage: str):
        start = time.perf_counter()
        try:
            yield
        finally:
            self._timers[stage] += time.perf_counter() - start

    def _timed(self, stage: str, func: Callable, *args):
        with self._stage(stage):
            return func(*args)

    # -- stages ---------------------------------------------------------------
    def prepare(self, doc: RawDocument) -> Article | Rejection:
        """Clean, identify the language and date one document."""
        cleaned = self._timed("clean", clean, doc)
        if isinstance(cleaned, Rejection):
            return cleaned
        lang, confidence = self._timed("language", self.language.detect, f"{cleaned.title}\n{cleaned.text}")
        published, method = self._timed("date", self._date, cleaned, lang)
        digest = content_hash(cleaned.title, cleaned.text)
        return Article(
            id=digest[:16], origin=doc.origin, title=cleaned.title, text=cleaned.text, lang=lang,
            lang_confidence=confidence, published=published, date_method=method, content_hash=digest,
            path=doc.path, url=cleaned.url, source=cleaned.source, declared_lang=doc.lang,
            external_id=doc.external_id, label=doc.label)

    def _date(self, cleaned: CleanText, lang: str) -> tuple[str, str]:
        return resolve_date(cleaned.date, cleaned.date_text, cleaned.url, cleaned.text, lang, self.now)

    def _embedding_key(self, lead: str) -> str:
        model = f"{self.embedder.name}/{self.embedder.version}"
        return hashlib.sha256(f"{model}\n{lead}".encode("utf-8")).hexdigest()[:32]

    # -- the run ----------------------------------------------------------------
    def ingest(self, paths: Iterable[str | Path]) -> IngestSummary:
        """Ingest files and folders; returns what happened."""
        summary = IngestSummary()
        self._timers = Counter()
        pending, file_remaining, file_sha = self._read_all(paths, summary)
        return self._finish(pending, file_remaining, file_sha, summary)

    def ingest_documents(self, items: Iterable[RawDocument | Rejection]) -> IngestSummary:
        """Ingest documents that come from no file of ours (an upload, an API call).

        No file is marked done: a resent document is caught as an exact duplicate.
        """
        summary = IngestSummary()
        self._timers = Counter()
        pending: list[_Pending] = []
        rejections: list[Rejection] = []
        for item in items:
            self._admit(item, None, pending, set(), rejections, summary)
        self._record_rejections([], rejections, summary)
        pending.sort(key=lambda p: p.article.published or "")
        return self._finish(pending, Counter(), {}, summary)

    def _finish(self, pending, file_remaining: Counter, file_sha: dict, summary: IngestSummary) -> IngestSummary:
        self._embed_all(pending)
        self._assign_all(pending, file_remaining, file_sha, summary)
        summary.stage_seconds = {k: round(v, 3) for k, v in self._timers.items()}
        return summary

    def _admit(self, item: RawDocument | Rejection, file_key: str | None, pending: list[_Pending],
               seen_hashes: set[str], rejections: list[Rejection], summary: IngestSummary) -> bool:
        """Prepare one document; True when it joined ``pending`` (new, not rejected, not a copy)."""
        summary.read += 1
        prepared = item if isinstance(item, Rejection) else self.prepare(item)
        if isinstance(prepared, Rejection):
            rejections.append(prepared)
            return False
        if prepared.content_hash in seen_hashes or self.store.has_content(prepared.content_hash):
            summary.duplicates += 1
            return False
        seen_hashes.add(prepared.content_hash)
        bag = self._timed("assign", features, f"{prepared.title}\n{prepared.text}")
        pending.append(_Pending(prepared, bag, file_key))
        return True

    def _record_rejections(self, file_keys: Iterable[str], rejections: list[Rejection],
                           summary: IngestSummary) -> None:
        summary.rejected.extend(rejections)
        with self.store.transaction():
            for key in file_keys:
                self.store.forget_rejections(key)
            for rejection in rejections:
                self.store.add_rejection(rejection)

    def _read_all(self, paths, summary: IngestSummary):
        files = list(iter_files(paths))
        pending: list[_Pending] = []
        seen_hashes: set[str] = set()
        file_remaining: Counter = Counter()
        file_sha: dict[str, str] = {}
        file_docs = self._file_docs = Counter()
        rejections: list[Rejection] = []
        for path in progress_bar(files, len(files), "reading", self.progress):
            key = str(path)
            try:
                sha = self._timed("read", file_digest, path)
            except OSError as exc:
                rejections.append(Rejection(key, f"cannot read file: {exc.strerror or exc}"))
                continue
            if self.store.file_done(key, sha):
                summary.already_stored += 1
                continue
            file_sha[key] = sha
            file_remaining[key] += 0  # present even when nothing in it is new
            file_docs[key] = 0
            for item in self._timed("read", read_file, path):
                file_docs[key] += 1
                if self._admit(item, key, pending, seen_hashes, rejections, summary):
                    file_remaining[key] += 1
        self._record_rejections(file_sha, rejections, summary)
        # Publication order; undated articles keep their reading order after dated ones of the same day.
        pending.sort(key=lambda p: p.article.published or "")
        return pending, file_remaining, file_sha

    def _embed_all(self, pending: list[_Pending]) -> None:
        for item in pending:
            item.lead = self._timed("embed", self.embedder.fit_lead, item.article.title, item.article.text)
        keys = [self._embedding_key(p.lead) for p in pending]
        cached = self._timed("store", self.store.get_embeddings, keys)
        todo = [i for i, key in enumerate(keys) if key not in cached]
        steps = range(0, len(todo), EMBED_CHUNK)
        for start in progress_bar(steps, len(steps), "embedding", self.progress):
            chunk = todo[start:start + EMBED_CHUNK]
            vectors = self._timed("embed", self.embedder.embed, [pending[i].lead for i in chunk])
            with self._stage("store"), self.store.transaction():
                for i, vector in zip(chunk, vectors):
                    self.store.put_embedding(keys[i], vector)
                    cached[keys[i]] = vector
        for item, key in zip(pending, keys):
            item.vector = cached[key]

    def _assign_all(self, pending, file_remaining: Counter, file_sha: dict, summary: IngestSummary) -> None:
        assigner = self._timed("assign", self._load_assigner)
        finder = DuplicateFinder()
        self._timed("dedup", self.store.resign_articles, SIGNATURE_VERSION,
                    lambda title, text: signature(f"{title}\n{text}"))
        for article_id, values in self.store.signatures():
            finder.add(article_id, values)
        story_of = dict(self.store.db.execute("SELECT id, story_id FROM articles"))
        for item in pending:
            assigner.observe(item.vector, item.article.lang, item.bag)
        known_stories = set(int(i) for i in assigner.ids)
        touched_total: set[int] = set()
        # Files with nothing new to store are complete at once.
        done_files = [k for k, n in file_remaining.items() if n == 0]
        steps = range(0, len(pending), STORE_CHUNK)
        for start in progress_bar(steps, len(steps), "assigning", self.progress):
            chunk = pending[start:start + STORE_CHUNK]
            rows, touched = [], set()
            for item in chunk:
                rows.append(self._assign_one(item, assigner, finder, story_of, summary))
                touched.add(rows[-1][1])
                if item.file_key is None:
                    continue
                file_remaining[item.file_key] -= 1
                if file_remaining[item.file_key] == 0:
                    done_files.append(item.file_key)
            with self._stage("store"), self.store.transaction():
                for story_id in sorted(touched):
                    self.store.save_story(story_id, assigner.story_summary(story_id))
                for article, story_id, score, key, minhash, dup in rows:
                    self.store.add_article(article, story_id, score, key, minhash, dup)
                    summary.stored_articles.append((article.id, story_id))
                self.store.add_feature_counts(Counter(k for item in chunk for k in item.bag))
                for key in done_files:
                    self.store.mark_file(key, file_sha[key], self._file_docs[key])
            done_files = []
            touched_total |= touched
            summary.stored += len(chunk)
        if done_files:
            with self.store.transaction():
                for key in done_files:
                    self.store.mark_file(key, file_sha[key], self._file_docs[key])
        summary.stories_new = len(touched_total - known_stories)
        summary.stories_updated = len(touched_total & known_stories)

    def _assign_one(self, item: _Pending, assigner: StoryAssigner, finder: DuplicateFinder,
                    story_of: dict, summary: IngestSummary):
        article = item.article
        minhash = self._timed("dedup", signature, f"{article.title}\n{article.text}")
        duplicate = self._timed("dedup", finder.find, minhash)
        finder.add(article.id, minhash)
        day = None if article.date_method == "ingest" else float(date.fromisoformat(article.published[:10]).toordinal())
        if duplicate is not None and duplicate[0] in story_of:
            # A near-copy belongs with what it copies, whatever the scores say.
            summary.near_duplicates += 1
            story_id = story_of[duplicate[0]]
            self._timed("assign", assigner.join, story_id, item.vector, article.lang, item.bag, day)
            score = 1.0
        else:
            decision = self._timed("assign", assigner.assign, item.vector, article.lang, item.bag, day, True)
            story_id, score = decision.story_id, decision.score
        story_of[article.id] = story_id
        return article, story_id, score, self._embedding_key(item.lead), minhash, duplicate
