"""The PostgreSQL store end to end, on a real server: the sample gives the stories
of the SQLite store, and several processes (CLI ingests, a server) share one store.
The behaviour every backend shares is in ``test_store_contract.py``."""
from __future__ import annotations

import json
import threading

import httpx
import pytest
from click.testing import CliRunner

from newsweave.cli import main
from newsweave.ingest.sample import sample_dir
from newsweave.store import StoreError, open_store

from tests.reliability import (TOKEN, check_store, finish, gold_partition, hashing_store, newsweave, start_server, stop,
                          synthetic_corpus, write_files)


def stories_json(db) -> list[dict]:
    """``stories --json``, less the times of ingest (two runs ingest at different times)."""
    result = CliRunner().invoke(main, ["stories", "--json", "--db", str(db)])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)

    def timeless(row: dict) -> dict:
        return {k: [timeless(e) for e in v] if k == "events" else v for k, v in row.items() if k != "last_ingested"}

    return [timeless(row) for row in rows]


def test_the_sample_gives_the_same_stories_as_sqlite(demo_db, postgres_url):
    sqlite_db, _, _ = demo_db
    result = CliRunner().invoke(main, ["ingest", str(sample_dir()), "--db", postgres_url])
    assert result.exit_code == 0, result.output
    assert "stored 44" in result.output
    with open_store(sqlite_db, readonly=True) as lite, open_store(postgres_url, readonly=True) as pg:
        # The same events under the same ids, the same storylines, the same vectors.
        assert pg.article_stories() == lite.article_stories()
        assert pg.storylines() == lite.storylines()
        keys = [row.id for row in lite.article_vectors()]
        assert [row.id for row in pg.article_vectors()] == keys
        assert {s.id: s.size for s in pg.load_stories()} == {s.id: s.size for s in lite.load_stories()}
    # Listings read the same through either engine's SQL: order, headlines, languages, days.
    assert stories_json(postgres_url) == stories_json(sqlite_db)


def test_keyword_search_runs_on_postgres_full_text(demo_db, postgres_url):
    from newsweave.store import StoryListing

    sqlite_db, _, _ = demo_db
    assert CliRunner().invoke(main, ["ingest", str(sample_dir()), "--db", postgres_url]).exit_code == 0
    with open_store(sqlite_db, readonly=True) as lite, open_store(postgres_url, readonly=True) as pg:
        for query in ("Doha", "হামাস", "ceasefire Netanyahu", "no-such-word-anywhere"):
            found = {hit["id"] for hit in StoryListing(pg).keyword_hits(query)}
            expected = {hit["id"] for hit in StoryListing(lite).keyword_hits(query)}
            assert found == expected, query
        assert StoryListing(pg).keyword_hits("Doha")  # the query that must find something does


def test_two_cli_ingests_share_one_store(postgres_url, tmp_path):
    records = synthetic_corpus(n_events=16, per_event=6, seed=5)
    first = write_files(tmp_path / "first", [r for r in records if int(r["id"][-2:]) % 2 == 0])
    second = write_files(tmp_path / "second", [r for r in records if int(r["id"][-2:]) % 2 == 1])
    hashing_store(postgres_url)
    # Each writer takes turns on the advisory lock and assigns after taking in the other's
    # articles, so the events come out as one serial run would make them.
    writers = [newsweave("ingest", str(first), "--db", postgres_url),
               newsweave("ingest", str(second), "--db", postgres_url)]
    for writer in writers:
        finish(writer)
    assert check_store(postgres_url, {r["id"] for r in records}) == gold_partition(records)


def test_two_servers_and_a_cli_ingest_share_one_store(postgres_url, tmp_path):
    records = synthetic_corpus(n_events=12, per_event=6, seed=9)
    by_file = [r for r in records if int(r["id"][-2:]) < 2]
    by_post = [[r for r in records if int(r["id"][-2:]) in (2, 3)], [r for r in records if int(r["id"][-2:]) >= 4]]
    folder = write_files(tmp_path / "files", by_file)
    hashing_store(postgres_url)
    servers = [start_server(postgres_url), start_server(postgres_url)]
    statuses = []
    try:
        def post_all(base, batch):
            with httpx.Client(base_url=base, timeout=60, headers={"Authorization": f"Bearer {TOKEN}"}) as client:
                for start in range(0, len(batch), 6):
                    statuses.append(client.post("/api/articles", json=batch[start:start + 6]).status_code)

        posters = [threading.Thread(target=post_all, args=(base, batch)) for (_, base), batch in zip(servers, by_post)]
        for poster in posters:
            poster.start()
        finish(newsweave("ingest", str(folder), "--db", postgres_url))
        for poster in posters:
            poster.join(timeout=120)
        # Each server sees what the other server and the CLI stored.
        seen = [httpx.get(f"{base}/api/health", timeout=10).json() for _, base in servers]
    finally:
        for server, _ in servers:
            stop(server)
    assert statuses and set(statuses) == {201}, statuses
    assert [health["revision"] >= len(records) for health in seen] == [True, True]
    assert check_store(postgres_url, {r["id"] for r in records}) == gold_partition(records)


def test_an_older_schema_is_migrated(postgres_url):
    """A store made by an older newsweave (schema 5, before storylines) is brought up to date:
    its events each a storyline of their own, its articles found by keyword with accents folded."""
    import psycopg

    from newsweave.store.pg_schema import MIGRATIONS

    with psycopg.connect(postgres_url, autocommit=True) as conn:
        for step in MIGRATIONS[:5]:
            conn.execute(step)
        conn.execute("CREATE TABLE newsweave_schema (version INTEGER NOT NULL)")
        conn.execute("INSERT INTO newsweave_schema VALUES (5)")
        conn.execute("INSERT INTO stories(id, vector_sum, lang_counts, size, bag, created_at, updated_at) "
                     "VALUES (4, '\\x00', '{}', 1, '{}', 'x', 'x')")
        conn.execute("INSERT INTO articles(id, content_hash, origin, title, text, lang, lang_confidence, "
                     "date_method, story_id, embedding_key, minhash, ingested_at) VALUES "
                     "('a1', 'h1', 'o', 'Le café rouvre', 'Texte.', 'fr', 1, 'undated', 4, 'k', '\\x00', 'x')")
    with pytest.raises(StoreError, match="needs a schema upgrade"):
        open_store(postgres_url, readonly=True)
    with open_store(postgres_url) as store:
        assert store.storylines() == {4: 4}
    with open_store(postgres_url, readonly=True) as reader:
        assert reader.storyline_of(4) == 4
        assert [r["id"] for r in reader.keyword_match(["cafe"], any_word=False, limit=5)] == ["a1"]


def test_a_servers_token_for_a_database_url_is_no_file_named_after_it(tmp_path, monkeypatch):
    from newsweave.web.config import resolve_token, token_file

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("NEWSWEAVE_TOKEN", raising=False)
    url = "postgresql://news:s3cret@db.example:5433/desk"
    path = token_file(url)
    assert path.parent == tmp_path / "config" / "newsweave" and "s3cret" not in path.name
    token, origin = resolve_token(url)
    assert origin == "new" and path.read_text().strip() == token and oct(path.stat().st_mode)[-3:] == "600"
    assert resolve_token(url) == (token, str(path))


def test_a_database_never_written_to_is_no_store_yet(postgres_url, monkeypatch):
    with pytest.raises(StoreError, match="no store at postgresql://postgres@127.0.0.1:.*run 'newsweave ingest'"):
        open_store(postgres_url, readonly=True)
    monkeypatch.setenv("NEWSWEAVE_DB", postgres_url)  # the environment names the store as --db does
    result = CliRunner().invoke(main, ["stories"])
    assert result.exit_code == 1 and "no store at postgresql://" in result.output


def test_the_password_stays_out_of_messages(postgres_server):
    url = postgres_server.url("absent").replace("postgres@", "postgres:s3cret@")
    with pytest.raises(StoreError) as raised:
        open_store(url)
    assert "s3cret" not in str(raised.value) and "cannot open the store at postgresql://postgres@" in str(raised.value)


def test_a_user_who_may_not_add_unaccent_still_gets_keyword_search(postgres_url):
    """unaccent is a trusted extension, but only for users who may create in the database; a
    user who may only create tables gets search without accent folding, not a failed migration."""
    import psycopg

    from .test_store_contract import store_article

    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute("DROP ROLE IF EXISTS tables_only")
        conn.execute("CREATE ROLE tables_only LOGIN")
        conn.execute("GRANT USAGE, CREATE ON SCHEMA public TO tables_only")
    url = postgres_url.replace("postgres@", "tables_only@")
    with open_store(url) as store:
        store_article(store, 1, story_id=1, title="Le café rouvre", text="Réunion lundi.")
    with open_store(url, readonly=True) as reader:
        assert [r["id"] for r in reader.keyword_match(["café"], any_word=False, limit=5)] == ["a001"]
        assert reader.keyword_match(["cafe"], any_word=False, limit=5) == []


def test_unaccent_installed_off_the_search_path_is_still_used(postgres_url):
    import psycopg

    from .test_store_contract import store_article

    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute("CREATE SCHEMA extensions")
        conn.execute("CREATE EXTENSION unaccent SCHEMA extensions")
    with open_store(postgres_url) as store:
        store_article(store, 1, story_id=1, title="Le café rouvre", text="Réunion lundi.")
    with open_store(postgres_url, readonly=True) as reader:
        assert [r["id"] for r in reader.keyword_match(["cafe"], any_word=False, limit=5)] == ["a001"]
