"""The PostgreSQL store, through psycopg 3: for several ingest processes and
servers sharing one store.

Every query is the shared SQL of :class:`~newsweave.store.sql_store.SQLStore`;
this module adds the connection, the schema's migrations, the writers' lock
and keyword search on PostgreSQL's full text.

Writers take turns on a transaction-scoped advisory lock: assignment reads
what other processes stored and then writes, so only one writer may be
between the two at a time, and the article sequence grows in commit order as
in SQLite. Readers never take it. A writer that waits longer than
``BUSY_TIMEOUT_S`` gets the same "busy" answer as a SQLite writer.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager

from newsweave.store.errors import StoreError, is_busy
from newsweave.store.pg_schema import MIGRATIONS
from newsweave.store.schema import SCHEMA_VERSION
from newsweave.store.sql_store import SQLStore

BUSY_TIMEOUT_S = 30.0
CONNECT_TIMEOUT_S = 10
# One lock per database (advisory locks are scoped to the database they are taken in).
WRITER_LOCK = 0x6E657773_77656176 >> 1  # "newsweav", kept within a signed 64-bit key
SCHEMES = ("postgresql://", "postgres://")


def is_postgres_url(value: str) -> bool:
    return value.startswith(SCHEMES)


def _import_psycopg():
    try:
        import psycopg
    except ImportError:
        raise StoreError("a postgresql:// store needs psycopg 3: pip install 'newsweave[postgres]'") from None
    return psycopg


def shown_url(url: str) -> str:
    """The URL without its password, for messages."""
    psycopg = _import_psycopg()
    try:
        parts = psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return url.split("@")[-1]
    host, port, user = parts.get("host", ""), parts.get("port"), parts.get("user")
    return f"postgresql://{user + '@' if user else ''}{host}{':' + str(port) if port else ''}/{parts.get('dbname', '')}"


class Row(tuple):
    """A result row read by position (``row[0]``) and by name (``row["id"]``, ``dict(row)``),
    as SQLite's rows are, so the shared SQL reads both engines alike."""

    _index: dict[str, int] = {}

    def __getitem__(self, key):
        if isinstance(key, str):
            return tuple.__getitem__(self, self._index[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._index)


def _row_factory(cursor):
    names = [column.name for column in cursor.description or ()]
    row_class = type("Row", (Row,), {"_index": {name: i for i, name in enumerate(names)}})
    return lambda values: row_class(values)


class _Connection:
    """A psycopg connection that takes the ``?`` placeholders of the shared SQL."""

    def __init__(self, conn):
        self.conn = conn
        self._sql: dict[str, str] = {}

    def _translate(self, sql: str) -> str:
        found = self._sql.get(sql)
        if found is None:
            # None of the shared SQL has "?" or "%" inside a literal.
            found = self._sql[sql] = sql.replace("%", "%%").replace("?", "%s")
        return found

    def execute(self, sql: str, params: Sequence = ()):
        return self.conn.execute(self._translate(sql), params)

    def executemany(self, sql: str, rows) -> None:
        with self.conn.cursor() as cursor:
            cursor.executemany(self._translate(sql), list(rows))

    @property
    def in_transaction(self) -> bool:
        import psycopg
        return self.conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE

    def close(self) -> None:
        self.conn.close()


class PostgresStore(SQLStore):
    """Articles, stories, embeddings and rejections in one PostgreSQL database."""

    def __init__(self, url: str, readonly: bool = False, any_thread: bool = False):
        """``any_thread`` is accepted for the same calls as SQLite's: a psycopg connection
        may pass between threads."""
        psycopg = _import_psycopg()
        self.url = url
        self.path = shown_url(url)
        self.readonly = readonly
        try:
            conn = psycopg.connect(url, autocommit=True, row_factory=_row_factory,
                                   connect_timeout=CONNECT_TIMEOUT_S, application_name="newsweave")
        except psycopg.Error as exc:
            raise StoreError(f"cannot open the store at {self.path}: {str(exc).strip()}") from None
        self.db = _Connection(conn)
        try:
            if readonly:
                self.db.execute("SET default_transaction_read_only = on")
            self._migrate()
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        self.db.close()

    # -- schema -------------------------------------------------------------
    def _schema_version(self) -> int | None:
        """The schema's version; None for a database newsweave never wrote to."""
        if self.db.execute("SELECT to_regclass('newsweave_schema')").fetchone()[0] is None:
            return None
        return self.db.execute("SELECT version FROM newsweave_schema").fetchone()[0]

    def _migrate(self) -> None:
        version = self._schema_version()
        if version is not None and version > SCHEMA_VERSION:
            raise StoreError(f"{self.path} has schema {version}; this newsweave knows up to {SCHEMA_VERSION}: "
                             "upgrade newsweave")
        if version == SCHEMA_VERSION:
            return
        if self.readonly:
            if version is None:
                raise StoreError(f"no store at {self.path}: run 'newsweave ingest' first")
            raise StoreError(f"{self.path} needs a schema upgrade: open it once for writing (e.g. 'newsweave ingest')")
        with self.transaction():
            # Under the writers' lock: another process may have migrated meanwhile.
            self.db.execute("CREATE TABLE IF NOT EXISTS newsweave_schema (version INTEGER NOT NULL)")
            version = self.db.execute("SELECT version FROM newsweave_schema").fetchone()
            if version is None:
                self.db.execute("INSERT INTO newsweave_schema(version) VALUES (0)")
                version = 0
            else:
                version = version[0]
            # DDL is transactional here: the schema and its version change together.
            for step in range(version, SCHEMA_VERSION):
                self.db.conn.execute(MIGRATIONS[step])
            self.db.execute("UPDATE newsweave_schema SET version = ?", (SCHEMA_VERSION,))

    # -- transactions -------------------------------------------------------
    SNAPSHOT_BEGIN = "BEGIN ISOLATION LEVEL REPEATABLE READ"

    def transaction(self) -> AbstractContextManager[None]:
        """One write transaction, taken in turn with the store's other writers."""
        return self._atomic("BEGIN", f"SET LOCAL lock_timeout = '{int(BUSY_TIMEOUT_S * 1000)}ms'",
                            f"SELECT pg_advisory_xact_lock({WRITER_LOCK})")

    @contextmanager
    def _best_effort(self) -> Iterator[None]:
        """A write to a cache: its own short transaction, without the writers' lock, since
        every cache write is an upsert that any number of writers may race on."""
        if self.db.in_transaction:
            yield
            return
        try:
            with self._atomic("BEGIN"):
                yield
        except Exception as exc:
            if not is_busy(exc):
                raise

    # -- keyword search: PostgreSQL full text over the generated column -------
    def keyword_match(self, words: list[str], any_word: bool, limit: int,
                      among: list[int] | None = None) -> list[dict]:
        # Each word is a phrase query of its own, so nothing a user types is read as syntax.
        query = (" || " if any_word else " && ").join(["phraseto_tsquery('newsweave_search', ?)"] * len(words))
        rows = " AND a.seq = ANY(?)" if among is not None else ""
        params = [*words, *words, *([list(among)] if among is not None else []), limit]
        return [dict(r) for r in self.db.execute(
            f"SELECT a.id, a.story_id, a.lang, a.title, -ts_rank(a.search, {query}) AS rank FROM articles a "
            f"WHERE a.search @@ ({query}){rows} ORDER BY rank, a.seq LIMIT ?", params)]

    def keyword_rows(self, word: str) -> set[int]:
        return {r[0] for r in self.db.execute(
            "SELECT seq FROM articles WHERE search @@ phraseto_tsquery('newsweave_search', ?)", (word,))}
