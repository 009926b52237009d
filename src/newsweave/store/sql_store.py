"""What the SQLite and PostgreSQL stores share: every query that reads or writes
articles, stories, vectors and caches, written once in SQL both engines speak.

A backend supplies ``self.db`` (anything with ``execute(sql, params)`` and
``executemany`` taking ``?`` placeholders, whose rows read by position and by
column name), ``transaction()``, ``snapshot()``, ``_best_effort()``, keyword
search and its schema. SQL that only one engine speaks stays in its backend.
"""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime, timezone

import numpy as np

from newsweave.records import Article, ArticleVector, EventState, Rejection
from newsweave.store.errors import StoreError

STORY_ROW = ("id", "vector_sum", "lang_counts", "size", "first_day", "last_day", "bag")


def sum_by_language(pairs: Iterable[tuple[str, np.ndarray]]) -> dict[str, tuple[float, np.ndarray]]:
    """``(language, vector)`` pairs as each language's count and float64 vector sum: what
    ``add_language_sums`` takes."""
    sums: dict[str, tuple[float, np.ndarray]] = {}
    for lang, vector in pairs:
        n, total = sums.get(lang, (0.0, 0.0))
        sums[lang] = (n + 1, total + np.asarray(vector, dtype=np.float64))
    return sums


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class SQLStore:
    """Articles, stories, embeddings and rejections in one SQL database."""

    path: str
    readonly: bool
    db: object

    SNAPSHOT_BEGIN = "BEGIN"  # how this engine opens a transaction whose reads see one state

    def transaction(self) -> AbstractContextManager[None]:
        raise NotImplementedError

    @contextmanager
    def _atomic(self, *begin: str) -> Iterator[None]:
        """A transaction opened by the statements ``begin``: committed when the block ends,
        rolled back when it raises."""
        self.db.execute(begin[0])
        try:
            for statement in begin[1:]:
                self.db.execute(statement)
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        else:
            self.db.execute("COMMIT")

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Reads inside see one state of the store, whatever other writers commit meanwhile."""
        if self.db.in_transaction:
            yield
            return
        with self._atomic(self.SNAPSHOT_BEGIN):
            yield

    def _best_effort(self) -> AbstractContextManager[None]:
        """A write to a cache, skipped when the store stays busy: a long ingest elsewhere is no
        reason to fail a read."""
        raise NotImplementedError

    def keyword_match(self, words: list[str], any_word: bool, limit: int,
                      among: list[int] | None = None) -> list[dict]:
        """Articles (``id``, ``story_id``, ``lang``, ``title``, ``rank``) holding every word of
        ``words`` (or, with ``any_word``, one of them), best first; only the article sequence
        numbers ``among`` when given."""
        raise NotImplementedError

    def keyword_rows(self, word: str) -> set[int]:
        """Sequence numbers of the articles holding ``word``."""
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- meta ---------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                        (key, value))

    def check_embedder(self, name: str, version: str, dim: int) -> None:
        """Record the embedding model on first use; refuse a different one later."""
        wanted = json.dumps({"name": name, "version": version, "dim": dim}, sort_keys=True)
        found = self.get_meta("embedder")
        if found is None:
            with self.transaction():  # read again under the lock: another writer may have been first
                found = self.get_meta("embedder")
                if found is None:
                    self.set_meta("embedder", wanted)
                    found = wanted
        if found != wanted:
            raise StoreError(
                f"{self.path} holds vectors of {found}, not {wanted}: vectors of two models cannot be "
                "compared. Use another --db, or the model this store was built with.")

    # -- files --------------------------------------------------------------
    def file_done(self, path: str, sha256: str) -> bool:
        row = self.db.execute("SELECT sha256 FROM files WHERE path = ?", (path,)).fetchone()
        return bool(row) and row[0] == sha256

    def mark_file(self, path: str, sha256: str, documents: int) -> None:
        self.db.execute(
            "INSERT INTO files(path, sha256, documents, ingested_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(path) DO UPDATE SET sha256 = excluded.sha256, documents = excluded.documents, "
            "ingested_at = excluded.ingested_at", (path, sha256, documents, _now()))

    # -- articles -----------------------------------------------------------
    def has_content(self, content_hash: str) -> bool:
        return self.db.execute("SELECT 1 FROM articles WHERE content_hash = ?", (content_hash,)).fetchone() is not None

    def resign_articles(self, version: str, sign) -> int:
        """Recompute every stored near-duplicate signature when the scheme changed.

        ``sign(title, text)`` makes the new signature. Returns how many were
        rewritten (0 when the store already uses ``version``).
        """
        if self.get_meta("signature_version") == version:
            return 0
        with self.transaction():
            rows = self.db.execute("SELECT id, title, text FROM articles").fetchall()
            for article_id, title, text in rows:
                values = np.ascontiguousarray(sign(title, text), dtype=np.uint64).tobytes()
                self.db.execute("UPDATE articles SET minhash = ? WHERE id = ?", (values, article_id))
            self.set_meta("signature_version", version)
            self.db.execute("DELETE FROM meta WHERE key = 'minhash_bands'")  # bands of the old signatures
        return len(rows)

    # -- the near-duplicate index ----------------------------------------------
    def add_bands(self, article_id: str, buckets: Iterable[int]) -> None:
        """Index a stored article's MinHash band buckets."""
        self.db.executemany("INSERT INTO minhash_bands(bucket, article_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                            [(int(b), article_id) for b in buckets])

    def near_copy_candidates(self, buckets: Iterable[int]) -> list[tuple[str, np.ndarray]]:
        """``(article id, signature)`` of the stored articles sharing a band bucket."""
        buckets = [int(b) for b in buckets]
        rows = self.db.execute(
            "SELECT a.id, a.minhash FROM articles a WHERE a.id IN (SELECT article_id FROM minhash_bands "
            f"WHERE bucket IN ({','.join('?' * len(buckets))}))", buckets)
        return [(r[0], np.frombuffer(r[1], dtype=np.uint64)) for r in rows]

    def index_bands(self, version: str, bands) -> int:
        """Rebuild the band index when its scheme (``version``) is not the stored one, from
        every article's signature (``bands(signature)`` gives the buckets); returns how many
        articles were indexed (0 when it was current)."""
        if self.get_meta("minhash_bands") == version:
            return 0
        with self.transaction():
            self.db.execute("DELETE FROM minhash_bands")
            count = 0
            for article_id, values in self.signatures():
                self.add_bands(article_id, bands(values))
                count += 1
            self.set_meta("minhash_bands", version)
        return count

    def signatures(self) -> Iterator[tuple[str, np.ndarray]]:
        for row in self.db.execute("SELECT id, minhash FROM articles ORDER BY seq"):
            yield row[0], np.frombuffer(row[1], dtype=np.uint64)

    def add_article(self, article: Article, story_id: int, score: float, embedding_key: str,
                    minhash: np.ndarray, duplicate_of: tuple[str, float] | None) -> None:
        self.db.execute(
            "INSERT INTO articles(id, content_hash, origin, path, url, source, external_id, label, title, text, "
            "lang, lang_confidence, declared_lang, published, date_method, story_id, score, duplicate_of, "
            "near_duplicate_jaccard, embedding_key, minhash, ingested_at, repairs) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (article.id, article.content_hash, article.origin, article.path, article.url, article.source,
             article.external_id, article.label, article.title, article.text, article.lang,
             article.lang_confidence, article.declared_lang, article.published, article.date_method,
             story_id, score, duplicate_of[0] if duplicate_of else None,
             duplicate_of[1] if duplicate_of else None, embedding_key,
             np.ascontiguousarray(minhash, dtype=np.uint64).tobytes(), _now(), article.repairs))

    def last_seq(self) -> int:
        """The sequence number of the newest stored article (0 for none)."""
        return self.db.execute("SELECT COALESCE(MAX(seq), 0) FROM articles").fetchone()[0]

    def stored_since(self, after_seq: int) -> list[dict]:
        """Articles stored after ``after_seq`` (by any writer), with what assignment needs of them."""
        rows = self.db.execute(
            "SELECT a.seq, a.id, a.story_id, a.lang, a.title, a.text, a.minhash, e.vector FROM articles a "
            "JOIN embeddings e ON e.key = a.embedding_key WHERE a.seq > ? ORDER BY a.seq", (after_seq,))
        return [{"seq": r["seq"], "id": r["id"], "story_id": r["story_id"], "lang": r["lang"], "title": r["title"],
                 "text": r["text"], "minhash": np.frombuffer(r["minhash"], dtype=np.uint64),
                 "vector": np.frombuffer(r["vector"], dtype=np.float32)} for r in rows]

    def article_stories(self) -> dict[str, int]:
        """Article id -> the story it is in."""
        return dict(self.db.execute("SELECT id, story_id FROM articles"))

    def story_articles(self, story_id: int) -> list[dict]:
        """A story's articles, whole, in the order they were stored."""
        return [dict(row) for row in self.db.execute(
            "SELECT seq, id, lang, title, text, published, date_method, ingested_at, source, url, path, origin, "
            "embedding_key, duplicate_of FROM articles WHERE story_id = ? ORDER BY seq", (story_id,))]

    def story_titles(self, story_ids: Iterable[int]) -> dict[int, list[dict]]:
        """Story id -> its articles' ``id``, ``lang``, ``title`` and ``published``, in story order."""
        ids = list(story_ids)
        out: dict[int, list[dict]] = {i: [] for i in ids}
        if ids:
            for row in self.db.execute(
                    "SELECT story_id, id, lang, title, published, seq FROM articles "
                    f"WHERE story_id IN ({','.join('?' * len(ids))}) ORDER BY published NULLS FIRST, seq", ids):
                out[row["story_id"]].append(dict(row))
        return out

    def labelled_articles(self) -> list[dict]:
        """``story_id``, ``label``, ``origin`` and ``lang`` of every article, in the order stored
        (evaluation reads its gold labels from the label or the file name)."""
        return [dict(row) for row in self.db.execute(
            "SELECT story_id, label, origin, lang FROM articles ORDER BY seq")]

    def article_texts(self) -> Iterator[dict]:
        """``id``, ``lang``, ``title``, ``text`` and ``origin`` of every article, in the order stored."""
        for row in self.db.execute("SELECT id, lang, title, text, origin FROM articles ORDER BY seq"):
            yield dict(row)

    def article_count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    # -- embeddings ---------------------------------------------------------
    def _vectors(self, table: str, keys: Iterable[str]) -> dict[str, np.ndarray]:
        """Vectors of a key/vector table, fetched in chunks that stay under SQLite's variable limit."""
        keys = list(dict.fromkeys(keys))
        found: dict[str, np.ndarray] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.db.execute(f"SELECT key, vector FROM {table} WHERE key IN ({marks})", chunk):
                found[row[0]] = np.frombuffer(row[1], dtype=np.float32)
        return found

    def article_vectors(self, after_seq: int = 0) -> Iterator[ArticleVector]:
        """``(seq, article id, story id, language, vector)`` of each article stored after ``after_seq``, in order."""
        rows = self.db.execute(
            "SELECT a.seq, a.id, a.story_id, a.lang, e.vector FROM articles a "
            "JOIN embeddings e ON e.key = a.embedding_key WHERE a.seq > ? ORDER BY a.seq", (after_seq,))
        for seq, article_id, story_id, lang, blob in rows:
            yield ArticleVector(seq, article_id, story_id, lang, np.frombuffer(blob, dtype=np.float32))

    def vectors_at(self, seqs: Iterable[int]) -> list[ArticleVector]:
        """The articles of these sequence numbers, as :meth:`article_vectors` gives them, in seq order."""
        out = []
        for chunk in self._chunks(int(s) for s in seqs):
            out += [ArticleVector(r[0], r[1], r[2], r[3], np.frombuffer(r[4], dtype=np.float32)) for r in self.db.execute(
                "SELECT a.seq, a.id, a.story_id, a.lang, e.vector FROM articles a JOIN embeddings e "
                f"ON e.key = a.embedding_key WHERE a.seq IN ({','.join('?' * len(chunk))}) ORDER BY a.seq", chunk)]
        return sorted(out, key=lambda row: row.seq)

    def get_embeddings(self, keys: Iterable[str]) -> dict[str, np.ndarray]:
        return self._vectors("embeddings", keys)

    def put_embedding(self, key: str, vector: np.ndarray) -> None:
        self.db.execute("INSERT INTO embeddings(key, vector) VALUES (?, ?) ON CONFLICT(key) DO NOTHING",
                        (key, np.ascontiguousarray(vector, dtype=np.float32).tobytes()))

    # -- stories and assigner state ------------------------------------------
    def save_story(self, summary: EventState) -> None:
        now, story_id = _now(), summary.id
        self.db.execute(
            # A new event is a storyline of its own until the repair pass links it.
            "INSERT INTO stories(id, vector_sum, lang_counts, size, first_day, last_day, bag, created_at, updated_at, "
            "storyline_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET vector_sum = excluded.vector_sum, "
            "lang_counts = excluded.lang_counts, size = excluded.size, first_day = excluded.first_day, "
            "last_day = excluded.last_day, bag = excluded.bag, updated_at = excluded.updated_at",
            (story_id, np.ascontiguousarray(summary.vector_sum, dtype=np.float32).tobytes(),
             json.dumps(summary.lang_counts, sort_keys=True), summary.size, summary.first_day,
             summary.last_day, json.dumps(summary.bag, sort_keys=True, ensure_ascii=False), now, now, story_id))
        self.db.execute("INSERT INTO story_log(story_id) VALUES (?)", (story_id,))

    def move_articles(self, moves: dict[str, int]) -> None:
        """Put articles into other stories (the repair pass splits and merges events)."""
        self.db.executemany("UPDATE articles SET story_id = ? WHERE id = ?",
                            [(story_id, article_id) for article_id, story_id in sorted(moves.items())])

    def delete_story(self, story_id: int) -> None:
        """Forget a story that has no article left (it was merged into another)."""
        if self.db.execute("SELECT 1 FROM articles WHERE story_id = ? LIMIT 1", (story_id,)).fetchone():
            raise StoreError(f"story {story_id} still has articles; move them before deleting it")
        self.db.execute("DELETE FROM story_views WHERE story_id = ?", (story_id,))
        self.db.execute("DELETE FROM unrepaired_events WHERE story_id = ?", (story_id,))
        self.db.execute("DELETE FROM stories WHERE id = ?", (story_id,))
        self.db.execute("INSERT INTO story_log(story_id) VALUES (?)", (story_id,))

    # -- the log the vector index follows ----------------------------------------
    def story_changes(self, after_rev: int) -> tuple[int, list[int]]:
        """``(newest rev, events saved or deleted after after_rev)``: what an index made at
        ``after_rev`` must take in (each event once, in the order of its last change)."""
        rows = self.db.execute("SELECT rev, story_id FROM story_log WHERE rev > ? ORDER BY rev", (after_rev,))
        last, changed = after_rev, {}
        for rev, story_id in rows:
            last = rev
            changed.pop(story_id, None)
            changed[story_id] = rev
        return last, list(changed)

    def last_story_rev(self) -> int:
        return self.db.execute("SELECT COALESCE(MAX(rev), 0) FROM story_log").fetchone()[0]

    def set_storylines(self, storylines: dict[int, int]) -> None:
        """Event id -> the storyline it belongs to (named by that storyline's oldest event)."""
        self.db.executemany("UPDATE stories SET storyline_id = ? WHERE id = ?",
                            [(line, event) for event, line in sorted(storylines.items())])

    # -- the repair pass's work list ---------------------------------------------
    def mark_unrepaired(self, story_ids: Iterable[int]) -> None:
        """Events that gained articles and still wait for the repair pass and storyline linking;
        written with the articles, so a run killed before its pass leaves the list behind."""
        self.db.executemany("INSERT INTO unrepaired_events(story_id) VALUES (?) ON CONFLICT(story_id) DO NOTHING",
                            [(int(i),) for i in sorted(set(story_ids))])

    def clear_unrepaired(self, story_ids: Iterable[int]) -> None:
        self.db.executemany("DELETE FROM unrepaired_events WHERE story_id = ?",
                            [(int(i),) for i in sorted(set(story_ids))])

    def unrepaired_events(self) -> list[int]:
        return [r[0] for r in self.db.execute("SELECT story_id FROM unrepaired_events ORDER BY story_id")]

    def storylines(self, ids: Iterable[int] | None = None) -> dict[int, int]:
        """Every event's storyline (or those of ``ids``); an event not linked yet is its own."""
        query = "SELECT id, COALESCE(storyline_id, id) FROM stories"
        if ids is None:
            return dict(self.db.execute(query + " ORDER BY id"))
        return dict(row for chunk in self._chunks(ids)
                    for row in self.db.execute(f"{query} WHERE id IN ({','.join('?' * len(chunk))})", chunk))

    def relabel_storylines(self, joined: dict[int, int]) -> None:
        """Storylines that joined: every event of storyline ``old`` now belongs to ``joined[old]``,
        held in memory or not."""
        self.db.executemany("UPDATE stories SET storyline_id = ? WHERE storyline_id = ?",
                            [(new, old) for old, new in sorted(joined.items())])

    @staticmethod
    def _chunks(ids: Iterable, size: int = 500) -> Iterator[list]:
        wanted = sorted(set(ids))
        for start in range(0, len(wanted), size):
            yield wanted[start:start + size]

    def storyline_events(self, storyline_id: int) -> list[int]:
        """The events of one storyline, oldest id first (none when no such storyline)."""
        return [r[0] for r in self.db.execute("SELECT id FROM stories WHERE storyline_id = ? ORDER BY id",
                                              (storyline_id,))]

    def storyline_of(self, story_id: int) -> int | None:
        row = self.db.execute("SELECT COALESCE(storyline_id, id) FROM stories WHERE id = ?", (story_id,)).fetchone()
        return row[0] if row else None

    def max_story_id(self) -> int:
        return self.db.execute("SELECT COALESCE(MAX(id), 0) FROM stories").fetchone()[0]

    def load_stories(self, ids: Iterable[int] | None = None) -> Iterator[EventState]:
        """Stored story summaries, all of them or those of ``ids``."""
        query = "SELECT " + ", ".join(STORY_ROW) + " FROM stories"
        if ids is None:
            batches = [self.db.execute(query + " ORDER BY id")]
        else:
            batches = (self.db.execute(f"{query} WHERE id IN ({','.join('?' * len(chunk))}) ORDER BY id", chunk)
                       for chunk in self._chunks(int(i) for i in ids))
        yield from self._story_rows(batches)

    def stories_between(self, first: float, last: float | None = None, skip=None,
                        last_before: float | None = None) -> Iterator[EventState]:
        """Summaries of the dated events covering any day from ``first`` to ``last`` (open-ended
        without ``last``), or with ``last_before`` those whose last day is from ``first`` to
        before it; found by the index on the last day. ``skip(id)`` leaves one out unread."""
        query = "SELECT " + ", ".join(STORY_ROW) + " FROM stories WHERE last_day >= ?"
        if last_before is not None:
            rows = self.db.execute(query + " AND last_day < ? ORDER BY id", (first, last_before))
        elif last is None:
            rows = self.db.execute(query + " ORDER BY id", (first,))
        else:
            rows = self.db.execute(query + " AND first_day <= ? ORDER BY id", (first, last))
        if skip is not None:
            rows = (row for row in rows if not skip(row["id"]))
        yield from self._story_rows([rows])

    def newest_day(self) -> float | None:
        """The last day any event covers (None when no event is dated)."""
        return self.db.execute("SELECT MAX(last_day) FROM stories").fetchone()[0]

    def story_count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM stories").fetchone()[0]

    def event_ids(self, since_day: float | None = None) -> list[int]:
        """Events covering ``since_day`` or later, and undated ones (all events without a day)."""
        if since_day is None:
            return [r[0] for r in self.db.execute("SELECT id FROM stories ORDER BY id")]
        return [r[0] for r in self.db.execute(
            "SELECT id FROM stories WHERE last_day >= ? OR last_day IS NULL ORDER BY id", (since_day,))]

    def story_days(self, ids: Iterable[int]) -> dict[int, tuple[float | None, float | None]]:
        """Event id -> (first day, last day), for the stored ones among ``ids``."""
        return {row[0]: (row[1], row[2]) for chunk in self._chunks(int(i) for i in ids)
                for row in self.db.execute(
                    f"SELECT id, first_day, last_day FROM stories WHERE id IN ({','.join('?' * len(chunk))})", chunk)}

    def stories_of(self, article_ids: Iterable[str]) -> dict[str, int]:
        """Article id -> its story, for the stored ones among ``article_ids``."""
        return dict(row for chunk in self._chunks(article_ids)
                    for row in self.db.execute(
                        f"SELECT id, story_id FROM articles WHERE id IN ({','.join('?' * len(chunk))})", chunk))

    @staticmethod
    def _story_rows(batches) -> Iterator[EventState]:
        for rows in batches:
            for row in rows:
                yield EventState(row["id"], np.frombuffer(row["vector_sum"], dtype=np.float32).copy(),
                                 json.loads(row["lang_counts"]), row["size"], row["first_day"], row["last_day"],
                                 Counter(json.loads(row["bag"])))

    def add_feature_counts(self, counts: Counter) -> None:
        self.db.executemany("INSERT INTO feature_df(key, df) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET df = feature_df.df + excluded.df",
                            sorted(counts.items()))

    def feature_counts(self) -> Counter:
        return Counter(dict(self.db.execute("SELECT key, df FROM feature_df")))

    # -- each language's vector sum: the centring means without a pass over every vector ----
    def language_sums(self) -> dict[str, tuple[float, np.ndarray]] | None:
        """Language -> (articles, float64 sum of their vectors); None until :meth:`build_language_sums` ran."""
        if self.get_meta("language_sums") != "1":
            return None
        return {row[0]: (row[1], np.frombuffer(row[2], dtype=np.float64).copy())
                for row in self.db.execute("SELECT lang, n, vector_sum FROM language_sums ORDER BY lang")}

    def add_language_sums(self, added: dict[str, tuple[float, np.ndarray]]) -> None:
        """Count stored articles in their languages' sums; call in the transaction that stores them."""
        for lang, (n, total) in sorted(added.items()):
            row = self.db.execute("SELECT n, vector_sum FROM language_sums WHERE lang = ?", (lang,)).fetchone()
            if row is not None:
                n, total = n + row[0], total + np.frombuffer(row[1], dtype=np.float64)
            self.db.execute("INSERT INTO language_sums(lang, n, vector_sum) VALUES (?, ?, ?) ON CONFLICT(lang) "
                            "DO UPDATE SET n = excluded.n, vector_sum = excluded.vector_sum",
                            (lang, float(n), np.ascontiguousarray(total, dtype=np.float64).tobytes()))

    def build_language_sums(self) -> int:
        """Sum a store's vectors by language once, for a store written before the sums were kept;
        returns how many articles were read (0 when the sums were there)."""
        if self.get_meta("language_sums") == "1":
            return 0
        with self.transaction():
            sums = sum_by_language((row.lang, row.vector) for row in self.article_vectors())
            self.db.execute("DELETE FROM language_sums")
            self.add_language_sums(sums)
            self.set_meta("language_sums", "1")
        return int(sum(n for n, _ in sums.values()))

    # -- story views ----------------------------------------------------------
    @property
    def writable(self) -> bool:
        return not self.readonly

    def sentence_vectors(self, keys: Iterable[str]) -> dict[str, np.ndarray]:
        return self._vectors("sentence_vectors", keys)

    def put_sentence_vectors(self, vectors: dict[str, np.ndarray]) -> None:
        if not self.writable or not vectors:
            return
        with self._best_effort():
            self.db.executemany("INSERT INTO sentence_vectors(key, vector) VALUES (?, ?) ON CONFLICT(key) DO NOTHING",
                                [(k, np.ascontiguousarray(v, dtype=np.float32).tobytes()) for k, v in vectors.items()])

    def cached_view(self, story_id: int, lang: str, signature: str) -> dict | None:
        row = self.db.execute("SELECT signature, view FROM story_views WHERE story_id = ? AND lang = ?",
                              (story_id, lang)).fetchone()
        return json.loads(row["view"]) if row and row["signature"] == signature else None

    def save_view(self, story_id: int, lang: str, signature: str, view: dict) -> None:
        if not self.writable:
            return
        with self._best_effort():
            self.db.execute(
                "INSERT INTO story_views(story_id, lang, signature, view) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(story_id, lang) DO UPDATE SET signature = excluded.signature, view = excluded.view",
                (story_id, lang, signature, json.dumps(view, ensure_ascii=False)))

    # -- rejections ---------------------------------------------------------
    def add_rejection(self, rejection: Rejection) -> None:
        self.db.execute("INSERT INTO rejections(origin, reason, rejected_at) VALUES (?, ?, ?) "
                        "ON CONFLICT(origin, reason) DO UPDATE SET rejected_at = excluded.rejected_at",
                        (rejection.origin, rejection.reason, _now()))

    def forget_rejections(self, origin_prefix: str) -> None:
        """A file that now reads cleanly is no longer rejected."""
        # "%" and "_" in a file's name are characters, not LIKE wildcards.
        escaped = origin_prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        self.db.execute("DELETE FROM rejections WHERE origin = ? OR origin LIKE ? ESCAPE '\\'",
                        (origin_prefix, escaped + "#%"))

    def rejections(self) -> list[dict]:
        return [dict(row) for row in self.db.execute(
            "SELECT origin, reason, rejected_at FROM rejections ORDER BY id")]

