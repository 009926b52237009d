"""Read-side queries: stories and their articles as plain JSON-ready data."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from newsweave.text import article_date_label
from newsweave.page import story_headline
from newsweave.records import StoryRow
from newsweave.store.sql_store import SQLStore

# How a listing may be ordered (never text from a caller: it is put into the SQL).
ORDERS = {"recent": "last_seen DESC NULLS LAST, last_seq DESC",
          "size": "size DESC, last_seen DESC NULLS LAST, story_id"}
NO_LIMIT = 2 ** 62  # a LIMIT both engines read as none
COMMON_WORD_SHARE = 0.1  # a word in more than this share of articles says little about any one story


def source_name(article: dict) -> str:
    """Who published an article: its outlet, else the source it named, else its file's name, else its origin."""
    return article.get("outlet") or article.get("source") or (Path(article["path"]).name if article.get("path") else article["origin"])


def coverage_filters(lang: str | None, since: str | None, until: str | None, params: list,
                     table: str = "") -> list[str]:
    """HAVING terms for a group of articles: one of them in ``lang``, coverage overlapping
    ``since``..``until``; their values are added to ``params``."""
    having = []
    if lang:
        having.append(f"SUM(CASE WHEN {table}lang = ? THEN 1 ELSE 0 END) > 0")
        params.append(lang)
    if since:
        having.append(f"MAX(substr({table}published, 1, 10)) >= ?")
        params.append(since)
    if until:
        having.append(f"MIN(substr({table}published, 1, 10)) <= ?")
        params.append(until)
    return having


def paged(db, grouped: str, params: list, order: str, limit: int, offset: int) -> tuple[int, list[dict]]:
    """``(total, rows)`` of one page of a grouped query (every row when ``limit`` < 0);
    the window count gives the total in the same pass."""
    rows = [dict(r) for r in db.execute(
        f"SELECT *, COUNT(*) OVER () AS total FROM ({grouped}) AS page ORDER BY {order} LIMIT ? OFFSET ?",
        [*params, limit if limit >= 0 else NO_LIMIT, offset])]
    total = rows[0]["total"] if rows else (
        db.execute(f"SELECT COUNT(*) FROM ({grouped}) AS page", params).fetchone()[0] if offset else 0)
    return total, rows


def latest_groups(db, group: str, wanted: int) -> list[int] | None:
    """The ``wanted`` groups (``group``: ``a.story_id`` or ``s.storyline_id``) with the latest
    articles by date, and every group tied with the last of them, read newest article first
    through the index on ``published``: the first page of a "recent" list costs the same
    however much is stored. None when the dated articles run out first (the undated
    groups that follow need the full query)."""
    seen: dict[int, None] = {}
    last_day = None
    rows = db.execute(f"SELECT a.published, {group} FROM articles a JOIN stories s ON s.id = a.story_id "
                      "WHERE a.published IS NOT NULL ORDER BY a.published DESC")
    for published, key in rows:
        if len(seen) >= wanted and published != last_day:
            return list(seen)
        if key not in seen:
            seen[key] = None
            last_day = published
    return None


def _day(value: str | None) -> str | None:
    return value[:10] if value else None


class StoryListing:
    """The story list of the command line, the report, the web app and the API:
    filtered, paged, newest activity first or biggest first.

    Aggregates run in SQL so that a page costs the same with 100 or 100,000
    stored articles.
    """

    def __init__(self, store: SQLStore):
        self.store = store
        self.db = store.db

    def all(self, lang: str | None = None, reader_lang: str = "en", order: str = "size",
            limit: int | None = None) -> list[StoryRow]:
        """Every story (or the first ``limit``), biggest first: the command line's and the report's list."""
        return self.page(lang=lang, limit=limit or -1, reader_lang=reader_lang, order=order)[1]

    def all_of(self, story_ids: list[int], reader_lang: str = "en") -> list[StoryRow]:
        """The rows of these stories (those that have articles), biggest first."""
        return self.page(story_ids=list(story_ids), limit=-1, reader_lang=reader_lang, order="size")[1]

    def revision(self) -> int:
        """Grows whenever an article is stored; clients compare it to see change."""
        return self.db.execute("SELECT COALESCE(MAX(seq), 0) FROM articles").fetchone()[0]

    def story_count(self) -> int:
        """Stories with articles: every stored event has some (an emptied one is deleted)."""
        return self.db.execute("SELECT COUNT(*) FROM stories").fetchone()[0]

    def changed_stories(self, since_revision: int) -> list[int]:
        """Stories that gained articles after ``since_revision``."""
        return [r[0] for r in self.db.execute(
            "SELECT DISTINCT story_id FROM articles WHERE seq > ? ORDER BY story_id", (since_revision,))]

    def languages(self) -> list[tuple[str, int]]:
        """Each language with its number of articles, most first (from the stored sums when kept)."""
        sums = self.store.language_sums() if hasattr(self.store, "language_sums") else None
        if sums is not None:
            return sorted(((lang, int(n)) for lang, (n, _) in sums.items() if n), key=lambda kv: (-kv[1], kv[0]))
        return [(r[0], r[1]) for r in self.db.execute(
            "SELECT lang, COUNT(*) FROM articles GROUP BY lang ORDER BY COUNT(*) DESC, lang")]

    def page(self, lang: str | None = None, since: str | None = None, until: str | None = None,
             story_ids: list[int] | None = None, limit: int = 50, offset: int = 0,
             reader_lang: str = "en", order: str = "recent") -> tuple[int, list[StoryRow]]:
        """``(total matching, stories of this page)``, newest activity first, or
        biggest first when ``order`` is "size".

        A story matches ``since``/``until`` (``YYYY-MM-DD``) when its coverage
        overlaps the range, and ``lang`` when one of its articles is in it.
        Each story's headline follows :func:`newsweave.page.headline.story_headline`
        for ``reader_lang``, as in every other view.
        """
        if story_ids is None and not (lang or since or until) and order == "recent" and 0 <= limit <= 1000:
            latest = latest_groups(self.db, "a.story_id", offset + limit)
            if latest is not None:
                _, rows = self.page(story_ids=latest, limit=limit, offset=offset, reader_lang=reader_lang)
                return self.story_count(), rows
        where, params = ["story_id IS NOT NULL"], []
        if story_ids is not None:
            if not story_ids:
                return 0, []
            where.append(f"story_id IN ({','.join('?' * len(story_ids))})")
            params += list(story_ids)
        having = coverage_filters(lang, since, until, params)
        grouped = ("SELECT story_id, COUNT(*) AS size, MIN(published) AS first_seen, MAX(published) AS last_seen, "
                   "MAX(seq) AS last_seq, MAX(ingested_at) AS last_ingested FROM articles WHERE "
                   + " AND ".join(where) + " GROUP BY story_id" + (" HAVING " + " AND ".join(having) if having else ""))
        total, rows = paged(self.db, grouped, params, ORDERS[order], limit, offset)
        return total, self._details(rows, reader_lang)

    def _details(self, rows: list[dict], reader_lang: str) -> list[dict]:
        if not rows:
            return []
        ids = [r["story_id"] for r in rows]
        marks = ",".join("?" * len(ids))
        articles: dict[int, list[dict]] = {i: [] for i in ids}
        for a in self.db.execute(
                "SELECT story_id, id, lang, title, source, outlet, path, origin, published FROM articles "
                f"WHERE story_id IN ({marks}) ORDER BY published NULLS FIRST, seq", ids):
            articles[a["story_id"]].append(dict(a))
        storyline = dict(self.db.execute(f"SELECT id, COALESCE(storyline_id, id) FROM stories WHERE id IN ({marks})", ids))
        out = []
        for row in rows:
            members = articles[row["story_id"]]
            languages = Counter(a["lang"] for a in members)
            sources = Counter(source_name(a) for a in members)
            by_day = Counter(_day(a["published"]) for a in members if a["published"])
            headline = story_headline(members, reader_lang)
            out.append({
                "id": row["story_id"],
                "storyline_id": storyline.get(row["story_id"], row["story_id"]),
                "headline": {"text": headline["text"], "lang": headline["lang"]},
                "size": row["size"],
                "languages": dict(sorted(languages.items(), key=lambda kv: (-kv[1], kv[0]))),
                "sources": [name for name, _ in sources.most_common()],
                "first_seen": row["first_seen"],
                "last_seen": row["last_seen"],
                "last_ingested": row["last_ingested"],
                "by_day": dict(sorted(by_day.items())),
            })
        return out

    def article(self, article_id: str) -> dict | None:
        row = self.db.execute(
            "SELECT id, title, text, lang, lang_confidence, declared_lang, published, date_method, source, url, "
            "path, origin, story_id, score, duplicate_of, near_duplicate_jaccard, ingested_at, repairs, outlet, domain, "
            "country FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            return None
        article = dict(row)
        article["source"] = source_name(article)
        article["date_label"] = article_date_label(article)
        return article

    def keyword_hits(self, query: str, limit: int = 50) -> list[dict]:
        """Articles matching every word of ``query``, best first (the store's full-text index).

        When no article has every word, articles with at least half of the
        informative words match instead. A word found in more than a tenth of
        the articles ("de", "the") is not informative; one shared word in
        the query's language ("death", "rate") is too weak a sign that an
        article is about the same thing. Each word is a phrase to the index,
        so nothing a user types is read as query syntax.
        """
        words = list(dict.fromkeys(w for w in query.split() if any(ch.isalnum() for ch in w)))[:32]
        if not words:
            return []
        hits = self.store.keyword_match(words, any_word=False, limit=limit)
        if hits or len(words) == 1:
            return hits
        common = max(2, COMMON_WORD_SHARE * self.store.article_count())
        matched: dict[str, set[int]] = {w: self.store.keyword_rows(w) for w in words}
        informative = [w for w in words if len(matched[w]) <= common]
        if not informative:
            return []
        counts = Counter(row for w in informative for row in matched[w])
        need = (len(informative) + 1) // 2
        rows = sorted(row for row, n in counts.items() if n >= need)
        return self.store.keyword_match(informative, any_word=True, limit=limit, among=rows) if rows else []
