"""Read-side queries: stories and their articles as plain JSON-ready data."""
from __future__ import annotations

from collections import Counter

from .sqlite import SQLiteStore

ARTICLE_FIELDS = ("id", "path", "url", "lang", "title", "published")


class StoryQueries:
    """What the CLI and reports show, computed from the store."""

    def __init__(self, store: SQLiteStore):
        self.store = store

    def _articles(self, story_id: int) -> list[dict]:
        rows = self.store.db.execute(
            "SELECT id, path, url, lang, title, published, date_method, origin, source, duplicate_of, label "
            "FROM articles WHERE story_id = ? ORDER BY published, seq", (story_id,))
        return [dict(row) for row in rows]

    def _story(self, story_id: int, articles: list[dict]) -> dict:
        languages = Counter(a["lang"] for a in articles)
        dates = [a["published"] for a in articles if a["published"]]
        # The title of the earliest article in the story's most common language
        # reads most naturally as its headline for now.
        main_lang = languages.most_common(1)[0][0]
        title = next((a["title"] for a in articles if a["lang"] == main_lang and a["title"]), articles[0]["title"])
        return {
            "id": story_id,
            "title": title,
            "size": len(articles),
            "languages": dict(sorted(languages.items(), key=lambda kv: (-kv[1], kv[0]))),
            "first_seen": min(dates) if dates else None,
            "last_seen": max(dates) if dates else None,
            "articles": [{k: a[k] for k in ARTICLE_FIELDS} for a in articles],
        }

    def stories(self, limit: int | None = None, lang: str | None = None) -> list[dict]:
        """Stories, biggest and most recent first."""
        ids = [row[0] for row in self.store.db.execute("SELECT id FROM stories ORDER BY id")]
        out = []
        for story_id in ids:
            articles = self._articles(story_id)
            if not articles or (lang and not any(a["lang"] == lang for a in articles)):
                continue
            out.append(self._story(story_id, articles))
        out.sort(key=lambda s: (s["last_seen"] or "", -s["id"]), reverse=True)
        out.sort(key=lambda s: -s["size"])
        return out[:limit] if limit else out

    def story(self, story_id: int) -> dict | None:
        articles = self._articles(story_id)
        if not articles:
            return None
        story = self._story(story_id, articles)
        story["articles"] = [
            {**{k: a[k] for k in ARTICLE_FIELDS}, "date_method": a["date_method"], "source": a["source"],
             "duplicate_of": a["duplicate_of"]} for a in articles]
        return story
