"""Storage: the embedded SQLite store (default) behind a small interface."""
from .sqlite import SQLiteStore, StoreError
from .views import StoryQueries

__all__ = ["SQLiteStore", "StoreError", "StoryQueries"]
