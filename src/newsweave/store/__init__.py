"""Storage: the embedded SQLite store (default) behind a small interface."""
from .sqlite import SQLiteStore, StoreError
from .views import StoryListing

__all__ = ["SQLiteStore", "StoreError", "StoryListing"]
