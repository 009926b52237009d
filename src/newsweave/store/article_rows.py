"""The store's queries on files, articles, their near-duplicate bands and their vectors."""
from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np

from newsweave.records import Article, ArticleVector
from newsweave.store.rows import chunks, now_text


class ArticleRows:
    """Files read, articles stored, the bands that find near-copies, and embeddings (a part of :class:`SQLStore`)."""

    # -- files --------------------------------------------------------------
    def file_done(self, path: str, sha256: str) -> bool:
        row = self.db.execute("SELECT sha256 FROM files WHERE path = ?", (path,)).fetchone()
        return bool(row) and row[0] == sha256

    def mark_file(self, path: str, sha256: str, documents: int) -> None:
        self.db.execute(
            "INSERT INTO files(path, sha256, documents, ingested_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(path) DO UPDATE SET sha256 = excluded.sha256, documents = excluded.documents, "
            "ingested_at = excluded.ingested_at", (path, sha256, documents, now_text()))

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

    def fill_outlets(self, outlet_of) -> int:
        """Name the outlet of articles stored before outlets were read (once per store):
        ``outlet_of(site, url, source)`` from their URL and the source they gave.
        Returns how many were named."""
        if self.get_meta("outlets") == "1":
            return 0
        with self.transaction():
            rows = self.db.execute("SELECT seq, url, source FROM articles WHERE outlet IS NULL "
                                   "AND (url IS NOT NULL OR source IS NOT NULL)").fetchall()
            named = [(found.name, found.domain, found.country, row[0]) for row in rows
                     if (found := outlet_of(None, row[1], row[2])) is not None]
            self.db.executemany("UPDATE articles SET outlet = ?, domain = ?, country = ? WHERE seq = ?", named)
            self.set_meta("outlets", "1")
        return len(named)

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
            "near_duplicate_jaccard, embedding_key, minhash, ingested_at, repairs, outlet, domain, country) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (article.id, article.content_hash, article.origin, article.path, article.url, article.source,
             article.external_id, article.label, article.title, article.text, article.lang,
             article.lang_confidence, article.declared_lang, article.published, article.date_method,
             story_id, score, duplicate_of[0] if duplicate_of else None,
             duplicate_of[1] if duplicate_of else None, embedding_key,
             np.ascontiguousarray(minhash, dtype=np.uint64).tobytes(), now_text(), article.repairs,
             article.outlet, article.domain, article.country))

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
            "SELECT seq, id, lang, title, text, published, date_method, ingested_at, source, outlet, url, path, origin, "
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

    def coverage_rows(self, story_ids: Iterable[int]) -> list[dict]:
        """``story_id``, ``lang``, ``outlet``, ``country`` (and what names an unnamed outlet:
        ``source``, ``path``, ``origin``) of the articles of ``story_ids``."""
        return [dict(row) for chunk in chunks(int(i) for i in story_ids) for row in self.db.execute(
            "SELECT story_id, lang, outlet, country, source, path, origin FROM articles "
            f"WHERE story_id IN ({','.join('?' * len(chunk))}) ORDER BY seq", chunk)]

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
        for chunk in chunks(int(s) for s in seqs):
            out += [ArticleVector(r[0], r[1], r[2], r[3], np.frombuffer(r[4], dtype=np.float32)) for r in self.db.execute(
                "SELECT a.seq, a.id, a.story_id, a.lang, e.vector FROM articles a JOIN embeddings e "
                f"ON e.key = a.embedding_key WHERE a.seq IN ({','.join('?' * len(chunk))}) ORDER BY a.seq", chunk)]
        return sorted(out, key=lambda row: row.seq)

    def get_embeddings(self, keys: Iterable[str]) -> dict[str, np.ndarray]:
        return self._vectors("embeddings", keys)

    def put_embedding(self, key: str, vector: np.ndarray) -> None:
        self.db.execute("INSERT INTO embeddings(key, vector) VALUES (?, ?) ON CONFLICT(key) DO NOTHING",
                        (key, np.ascontiguousarray(vector, dtype=np.float32).tobytes()))
