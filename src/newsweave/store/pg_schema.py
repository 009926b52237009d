"""The PostgreSQL schema: the SQLite migrations (``schema.py``) one for one, in
PostgreSQL's words, so that a store of either engine at version N holds the same.

Text that is sorted or compared (ids, dates, languages) is ``COLLATE "C"``:
byte order, as in SQLite, whatever locale the server was created with.
Numbers are ``DOUBLE PRECISION``, SQLite's REAL; vectors are ``bytea``.
Keyword search is PostgreSQL's own full text, a ``tsvector`` column the
server computes from title and text, under a GIN index, in a search
configuration (``newsweave_search``) that folds accents when the server has
the ``unaccent`` extension.
"""
from __future__ import annotations

from newsweave.store.schema import SCHEMA_VERSION

MIGRATIONS: list[str] = [
    # 1: the first schema
    """
    CREATE TABLE meta (key TEXT COLLATE "C" PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE files (
        path TEXT COLLATE "C" PRIMARY KEY,
        sha256 TEXT NOT NULL,
        documents INTEGER NOT NULL,
        ingested_at TEXT COLLATE "C" NOT NULL
    );
    CREATE TABLE stories (
        id BIGINT PRIMARY KEY,
        vector_sum BYTEA NOT NULL,
        lang_counts TEXT NOT NULL,
        size DOUBLE PRECISION NOT NULL,
        first_day DOUBLE PRECISION,
        last_day DOUBLE PRECISION,
        bag TEXT NOT NULL,
        created_at TEXT COLLATE "C" NOT NULL,
        updated_at TEXT COLLATE "C" NOT NULL
    );
    CREATE TABLE articles (
        seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id TEXT COLLATE "C" NOT NULL UNIQUE,
        content_hash TEXT COLLATE "C" NOT NULL UNIQUE,
        origin TEXT COLLATE "C" NOT NULL,
        path TEXT COLLATE "C",
        url TEXT COLLATE "C",
        source TEXT COLLATE "C",
        external_id TEXT COLLATE "C",
        label TEXT COLLATE "C",
        title TEXT NOT NULL,
        text TEXT NOT NULL,
        lang TEXT COLLATE "C" NOT NULL,
        lang_confidence DOUBLE PRECISION NOT NULL,
        declared_lang TEXT COLLATE "C",
        published TEXT COLLATE "C",
        date_method TEXT COLLATE "C" NOT NULL,
        story_id BIGINT REFERENCES stories(id),
        score DOUBLE PRECISION,
        duplicate_of TEXT COLLATE "C",
        near_duplicate_jaccard DOUBLE PRECISION,
        embedding_key TEXT COLLATE "C" NOT NULL,
        minhash BYTEA NOT NULL,
        ingested_at TEXT COLLATE "C" NOT NULL
    );
    CREATE INDEX articles_story ON articles(story_id);
    CREATE INDEX articles_published ON articles(published);
    CREATE TABLE embeddings (key TEXT COLLATE "C" PRIMARY KEY, vector BYTEA NOT NULL);
    CREATE TABLE feature_df (key TEXT COLLATE "C" PRIMARY KEY, df BIGINT NOT NULL);
    CREATE TABLE rejections (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        origin TEXT COLLATE "C" NOT NULL,
        reason TEXT NOT NULL,
        rejected_at TEXT COLLATE "C" NOT NULL,
        UNIQUE (origin, reason)
    );
    """,
    # 2: what the story view computes, kept until the story changes
    """
    CREATE TABLE sentence_vectors (key TEXT COLLATE "C" PRIMARY KEY, vector BYTEA NOT NULL);
    CREATE TABLE story_views (
        story_id BIGINT NOT NULL,
        lang TEXT COLLATE "C" NOT NULL,
        signature TEXT NOT NULL,
        view TEXT NOT NULL,
        PRIMARY KEY (story_id, lang)
    );
    """,
    # 3: keyword search over titles and texts; a covering index for the story list
    """
    CREATE INDEX articles_story_activity ON articles(story_id, published, seq, lang, ingested_at);
    ALTER TABLE articles ADD COLUMN search tsvector
        GENERATED ALWAYS AS (to_tsvector('simple', title || ' ' || text)) STORED;
    CREATE INDEX articles_search ON articles USING GIN (search);
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
    ALTER TABLE stories ADD COLUMN storyline_id BIGINT;
    UPDATE stories SET storyline_id = id;
    CREATE INDEX stories_storyline ON stories(storyline_id);
    DELETE FROM story_views;
    """,
    # 7: keyword search folds accents (café finds cafe), as SQLite's does: a search configuration
    # of its own, "simple" behind the unaccent dictionary where the server has that extension
    # (a trusted one, in PostgreSQL's contrib), plain "simple" where it has not
    """
    DO $$
    DECLARE
        dictionary text;
    BEGIN
        BEGIN
            CREATE EXTENSION IF NOT EXISTS unaccent;
        EXCEPTION WHEN OTHERS THEN
            RAISE NOTICE 'no unaccent extension (%): keyword search will not fold accents', SQLERRM;
        END;
        CREATE TEXT SEARCH CONFIGURATION newsweave_search (COPY = pg_catalog.simple);
        -- Named with its schema: the extension may have been installed elsewhere, off the search path.
        SELECT format('%I.%I', n.nspname, d.dictname) INTO dictionary
            FROM pg_ts_dict d JOIN pg_namespace n ON n.oid = d.dictnamespace
            JOIN pg_depend dep ON dep.objid = d.oid AND dep.deptype = 'e'
            JOIN pg_extension e ON e.oid = dep.refobjid AND e.extname = 'unaccent'
            LIMIT 1;
        IF dictionary IS NOT NULL THEN
            EXECUTE format('ALTER TEXT SEARCH CONFIGURATION newsweave_search '
                           'ALTER MAPPING FOR word, hword, hword_part WITH %s, simple', dictionary);
        END IF;
    END $$;
    ALTER TABLE articles DROP COLUMN search;
    ALTER TABLE articles ADD COLUMN search tsvector
        GENERATED ALWAYS AS (to_tsvector('newsweave_search'::regconfig, title || ' ' || text)) STORED;
    CREATE INDEX articles_search ON articles USING GIN (search);
    """,
    # 8: events stored but not yet through the repair pass and storyline linking
    """
    CREATE TABLE unrepaired_events (story_id BIGINT PRIMARY KEY);
    """,
    # 9: the near-duplicate index: each article's MinHash band buckets
    """
    CREATE TABLE minhash_bands (bucket BIGINT NOT NULL, article_id TEXT COLLATE "C" NOT NULL,
                                PRIMARY KEY (bucket, article_id));
    """,
    # 10: the changed-event log, each language's vector sum, events by their last day
    """
    CREATE TABLE story_log (rev BIGSERIAL PRIMARY KEY, story_id BIGINT NOT NULL);
    CREATE TABLE language_sums (lang TEXT COLLATE "C" PRIMARY KEY, n DOUBLE PRECISION NOT NULL,
                                vector_sum BYTEA NOT NULL);
    CREATE INDEX stories_last_day ON stories(last_day);
    """,
    # 11: an event's days read from an index alone
    """
    CREATE INDEX stories_days ON stories(id, first_day, last_day);
    """,
    # 12: an event's storyline read from an index alone
    """
    CREATE INDEX stories_lines ON stories(id, storyline_id);
    """,
    # 13: who published each article
    """
    ALTER TABLE articles ADD COLUMN outlet TEXT;
    ALTER TABLE articles ADD COLUMN domain TEXT;
    ALTER TABLE articles ADD COLUMN country TEXT;
    CREATE INDEX articles_outlet ON articles(outlet);
    """,
]

assert len(MIGRATIONS) == SCHEMA_VERSION, "every SQLite migration needs its PostgreSQL twin"
