"""Storage: the embedded SQLite store (default) or PostgreSQL, behind one interface."""
from __future__ import annotations

from pathlib import Path

from newsweave.store.base import StoreReader, StoreWriter
from newsweave.store.errors import StoreError, database_errors, is_busy
from newsweave.store.sources import EXPORT_KEYS, export_rows, iter_export, outlets
from newsweave.store.rows import sum_by_language
from newsweave.store.sql_store import SQLStore
from newsweave.store.sqlite import URL_SCHEME, SQLiteStore
from newsweave.store.storylines import StorylineListing
from newsweave.store.views import StoryListing, source_name

# The stage's public names: code outside the store imports these and nothing else (docs/architecture.md).
__all__ = ["EXPORT_KEYS", "SQLStore", "SQLiteStore", "StoreError", "StoreReader", "StoreWriter", "StoryListing", "StorylineListing",
           "database_errors", "export_rows", "is_busy", "is_url", "iter_export", "open_store", "outlets", "shown_location", "source_name", "sum_by_language"]


def is_url(location: str | Path) -> bool:
    """Whether a store location is a database URL rather than a file path."""
    return bool(URL_SCHEME.match(str(location)))


def shown_location(location: str | Path) -> str:
    """A store's location as messages may show it: a URL loses its password."""
    if is_url(location):
        from newsweave.store.postgres import shown_url
        return shown_url(str(location))
    return str(location)


def open_store(location: str | Path, readonly: bool = False, any_thread: bool = False) -> SQLStore:
    """The store at ``location``: the path of a SQLite file (created on first write), or a
    ``postgresql://user@host/db`` URL. Use it in a ``with`` block.
    ``any_thread``: the connection may pass between threads (never used by two at once)."""
    text = str(location)
    if is_url(text):
        from newsweave.store.postgres import PostgresStore, is_postgres_url
        if not is_postgres_url(text):
            raise StoreError(f"{text.split('://')[0]}:// stores are not supported: --db takes the path of a "
                             "SQLite file (newsweave.db) or a postgresql://user@host/db URL")
        return PostgresStore(text, readonly=readonly, any_thread=any_thread)
    return SQLiteStore(text, readonly=readonly, any_thread=any_thread)
