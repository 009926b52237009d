"""Errors of the stores, whichever engine is behind them."""
from __future__ import annotations

import sqlite3
import sys


class StoreError(Exception):
    """The store cannot be used as asked (wrong model, newer schema, unknown URL scheme...)."""


def database_errors() -> tuple[type[BaseException], ...]:
    """The engines' own error classes: a store error that stops a batch and rolls back.
    psycopg's join only once it is loaded, so SQLite users never import it."""
    errors: list[type[BaseException]] = [sqlite3.Error]
    psycopg = sys.modules.get("psycopg")
    if psycopg is not None:
        errors.append(psycopg.Error)
    return tuple(errors)


def is_busy(exc: BaseException) -> bool:
    """Whether ``exc`` says another writer held the store too long (worth a retry, not a crash)."""
    if isinstance(exc, sqlite3.OperationalError):
        return "locked" in str(exc) or "busy" in str(exc)
    psycopg = sys.modules.get("psycopg")
    return psycopg is not None and isinstance(exc, (psycopg.errors.LockNotAvailable,
                                                    psycopg.errors.QueryCanceled))
