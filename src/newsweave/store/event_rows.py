"""The store's queries on events: their state, the change log the vector index follows, the repair
pass's work list, storylines, word counts and each language's vector sum."""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator

import numpy as np

from newsweave.records import EventState
from newsweave.store.errors import StoreError
from newsweave.store.rows import STORY_ROW, chunks, now_text, sum_by_language


class EventRows:
    """Events as the store keeps them (a part of :class:`SQLStore`)."""

    # -- stories and assigner state ------------------------------------------
    def save_story(self, summary: EventState) -> None:
        now, story_id = now_text(), summary.id
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
        if ids is None:
            return dict(self.db.execute("SELECT id, COALESCE(storyline_id, id) FROM stories ORDER BY id"))
        query = f"SELECT id, COALESCE(storyline_id, id) FROM {self.STORY_LINES_FROM}"
        return dict(row for chunk in chunks(ids)
                    for row in self.db.execute(f"{query} WHERE id IN ({','.join('?' * len(chunk))})", chunk))

    def storyline_members(self, lines: Iterable[int]) -> dict[int, list[int]]:
        """Storyline -> its stored events, for each of ``lines`` (by the index on the storyline;
        a storyline's own event may not be linked yet: its storyline is then its id)."""
        out: dict[int, list[int]] = {}
        for chunk in chunks(int(line) for line in lines):
            marks = ",".join("?" * len(chunk))
            for event, line in self.db.execute(f"SELECT id, storyline_id FROM stories WHERE storyline_id IN ({marks})",
                                               chunk):
                out.setdefault(line, []).append(event)
            for (event,) in self.db.execute(f"SELECT id FROM stories WHERE id IN ({marks}) AND storyline_id IS NULL",
                                            chunk):
                out.setdefault(event, []).append(event)
        return out

    def relabel_storylines(self, joined: dict[int, int]) -> None:
        """Storylines that joined: every event of storyline ``old`` now belongs to ``joined[old]``,
        held in memory or not."""
        self.db.executemany("UPDATE stories SET storyline_id = ? WHERE storyline_id = ?",
                            [(new, old) for old, new in sorted(joined.items())])


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
                       for chunk in chunks(int(i) for i in ids))
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
        return {row[0]: (row[1], row[2]) for chunk in chunks(int(i) for i in ids)
                for row in self.db.execute(
                    f"SELECT id, first_day, last_day FROM {self.STORY_DAYS_FROM} WHERE id IN ({','.join('?' * len(chunk))})",
                    chunk)}

    def stories_of(self, article_ids: Iterable[str]) -> dict[str, int]:
        """Article id -> its story, for the stored ones among ``article_ids``."""
        return dict(row for chunk in chunks(article_ids)
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

    def feature_counts_of(self, keys: Iterable[str]) -> dict[str, int]:
        """The stored counts of ``keys`` (those never counted are left out), by the key's index."""
        return {row[0]: row[1] for chunk in chunks(keys)
                for row in self.db.execute(f"SELECT key, df FROM feature_df WHERE key IN ({','.join('?' * len(chunk))})",
                                           chunk)}

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
