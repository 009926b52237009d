"""The SQLite schema as ordered migrations; ``PRAGMA user_version`` says which ran."""
from __future__ import annotations

MIGRATIONS: list[str] = [
    # 1: the first schema
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE files (
        path TEXT PRIMARY KEY,
        sha256 TEXT NOT NULL,
        documents INTEGER NOT NULL,
        ingested_at TEXT NOT NULL
    );
    CREATE TABLE stories (
        id INTEGER PRIMARY KEY,
        vector_sum BLOB NOT NULL,
        lang_counts TEXT NOT NULL,
        size REAL NOT NULL,
        first_day REAL,
        last_day REAL,
        bag TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE articles (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        content_hash TEXT NOT NULL UNIQUE,
        origin TEXT NOT NULL,
        path TEXT,
        url TEXT,
        source TEXT,
        external_id TEXT,
        label TEXT,
        title TEXT NOT NULL,
        text TEXT NOT NULL,
        lang TEXT NOT NULL,
        lang_confidence REAL NOT NULL,
        declared_lang TEXT,
        published TEXT,
        date_method TEXT NOT NULL,
        story_id INTEGER REFERENCES stories(id),
        score REAL,
        duplicate_of TEXT,
        near_duplicate_jaccard REAL,
        embedding_key TEXT NOT NULL,
        minhash BLOB NOT NULL,
        ingested_at TEXT NOT NULL
    );
    CREATE INDEX articles_story ON articles(story_id);
    CREATE INDEX articles_published ON articles(published);
    CREATE TABLE embeddings (key TEXT PRIMARY KEY, vector BLOB NOT NULL);
    CREATE TABLE feature_df (key TEXT PRIMARY KEY, df INTEGER NOT NULL);
    CREATE TABLE rejections (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        origin TEXT NOT NULL,
        reason TEXT NOT NULL,
        rejected_at TEXT NOT NULL,
        UNIQUE (origin, reason)
    );
    """,
    # 2: what the story view computes, kept until the story changes
    """
    CREATE TABLE sentence_vectors (key TEXT PRIMARY KEY, vector BLOB NOT NULL);
    CREATE TABLE story_views (
        story_id INTEGER NOT NULL,
        lang TEXT NOT NULL,
        signature TEXT NOT NULL,
        view TEXT NOT NULL,
        PRIMARY KEY (story_id, lang)
    );
    """,
    # 3: keyword search over titles and texts, kept in step with articles by triggers;
    # a covering index so that the story list aggregates without reading article rows
    """
    CREATE INDEX articles_story_activity ON articles(story_id, published, seq, lang, ingested_at);
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, content='articles', content_rowid='seq', tokenize='unicode61 remove_diacritics 2');
    CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
    END;
    CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
    END;
    CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
    END;
    INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');
    """,
    # 4: what reading had to mend in an article (bytes replaced, mojibake fixed)
    """
    ALTER TABLE articles ADD COLUMN repairs TEXT;
    """,
    # 5: an article whose date is not known is undated, not published on the day it was ingested
    """
    UPDATE articles SET published = NULL, date_method = 'undated' WHERE date_method = 'ingest';
    DELETE FROM story_views;
    """,
    # 6: events link into storylines; an event not linked yet is a storyline of its own
    """
    ALTER TABLE stories ADD COLUMN storyline_id INTEGER;
    UPDATE stories SET storyline_id = id;
    CREATE INDEX stories_storyline ON stories(storyline_id);
    DELETE FROM story_views;
    """,
    # 7: keyword search folds accents (café finds cafe); FTS5's unicode61 tokenizer has done so
    # since migration 3, so only PostgreSQL has work to do here
    """
    SELECT 1;
    """,
    # 8: events stored but not yet through the repair pass and storyline linking; a run that
    # stops before its pass leaves them here for the next writer to finish
    """
    CREATE TABLE unrepaired_events (story_id INTEGER PRIMARY KEY);
    """,
    # 9: the near-duplicate index: each article's MinHash band buckets, so a lookup reads the
    # articles sharing a band and start-up reads no signature (filled for older stores on first write)
    """
    CREATE TABLE minhash_bands (bucket INTEGER NOT NULL, article_id TEXT NOT NULL,
                                PRIMARY KEY (bucket, article_id)) WITHOUT ROWID;
    """,
    # 10: what lets start-up read only the active events: a log of changed events (the vector
    # index follows it from its high-water mark), each language's vector sum (the centring
    # means without reading every vector), and events found by the day they were last covered
    """
    CREATE TABLE story_log (rev INTEGER PRIMARY KEY AUTOINCREMENT, story_id INTEGER NOT NULL);
    CREATE TABLE language_sums (lang TEXT PRIMARY KEY, n REAL NOT NULL, vector_sum BLOB NOT NULL);
    CREATE INDEX stories_last_day ON stories(last_day);
    """,
    # 11: an event's days without reading its row: a story row carries its vector sum and word
    # bag, so on a store larger than the page cache each of those reads was a disk read
    """
    CREATE INDEX stories_days ON stories(id, first_day, last_day);
    """,
    # 12: an event's storyline without reading its row, as for its days
    """
    CREATE INDEX stories_lines ON stories(id, storyline_id);
    """,
    # 13: who published each article (read at ingest; filled for older articles on first write)
    """
    ALTER TABLE articles ADD COLUMN outlet TEXT;
    ALTER TABLE articles ADD COLUMN domain TEXT;
    ALTER TABLE articles ADD COLUMN country TEXT;
    CREATE INDEX articles_outlet ON articles(outlet);
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)
