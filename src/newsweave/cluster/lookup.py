"""Which event an article is in: the ones placed this run held in memory, the rest read from the store when asked."""
from __future__ import annotations

from newsweave.store import StoreReader


class StoryLookup:
    """Article id -> its story: the ones placed in this run, then the store's."""

    def __init__(self, store: StoreReader):
        self.store = store
        self.recent: dict[str, int] = {}

    def get(self, article_id: str, default: int | None = None) -> int | None:
        if article_id in self.recent:
            return self.recent[article_id]
        return self.store.stories_of([article_id]).get(article_id, default)

    def __contains__(self, article_id: str) -> bool:
        return self.get(article_id) is not None

    def __getitem__(self, article_id: str) -> int:
        story = self.get(article_id)
        if story is None:
            raise KeyError(article_id)
        return story

    def __setitem__(self, article_id: str, story_id: int) -> None:
        self.recent[article_id] = story_id

    def update(self, moves: dict[str, int]) -> None:
        self.recent.update(moves)

    def forget_stored(self) -> None:
        """What was placed is stored now: the store answers for it."""
        self.recent.clear()
