"""Storage: the embedded SQLite store (default) behind a small interface."""
from __future__ import annotations

from pathlib import Path

from .sqlite import SQLiteStore, StoreError
from .storylines import StorylineListing
from .views import StoryListing

__all__ = ["SQLiteStore", "StoreError", "StoryListing", "StorylineListing", "open_store"]


def open_store(path: str | Path, readonly: bool = False, any_thread: bool = False) -> SQLiteStore:
    """The store at ``path`` (a SQLite file, created on first write); use it in a ``with`` block.
    ``any_thread``: the connection may pass between threads (never used by two at once)."""
    return SQLiteStore(path, readonly=readonly, any_thread=any_thread)
