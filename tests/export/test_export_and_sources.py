"""export and sources on the sample: one row per article with its event, storyline and outlet."""
from __future__ import annotations

import csv
import io
import json

import numpy as np
from click.testing import CliRunner

from newsweave.cli import main
from newsweave.store import EXPORT_KEYS, SQLiteStore, outlets

from tests.store.test_store_contract import article, story


def run(*args):
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_export_writes_every_article_with_its_event_storyline_and_outlet(demo_db, tmp_path):
    db, _, _ = demo_db
    rows = [json.loads(line) for line in run("export", "--db", str(db)).splitlines()]
    with SQLiteStore(db, readonly=True) as store:
        stored = store.article_stories()
        lines = store.storylines()
    assert len(rows) == len(stored) and all(list(row) == list(EXPORT_KEYS) for row in rows)
    assert {row["article_id"]: row["event_id"] for row in rows} == stored
    assert all(row["storyline_id"] == lines[row["event_id"]] for row in rows)
    by_title = {row["title"]: row for row in rows}
    ecb = by_title["EZB senkt erstmals seit 2019 die Leitzinsen"]
    assert (ecb["outlet"], ecb["url"], ecb["source"]) == (
        "rhein-kurier.de", "https://www.rhein-kurier.de/wirtschaft/ezb-senkt-leitzinsen-2024-06-06", "e10-ecb-rate-cut.json")
    # A page that names nobody is shown by its file, and only then.
    plain = [row for row in rows if row["source"] == "e01-doha-pause-bn.txt"]
    assert plain and plain[0]["outlet"] == "e01-doha-pause-bn.txt"

    out = tmp_path / "export.csv"
    message = run("export", "--db", str(db), "--format", "csv", "--out", str(out), "--since", "2024-06-01")
    with open(out, encoding="utf-8", newline="") as handle:
        table = list(csv.DictReader(handle))
    assert list(table[0]) == list(EXPORT_KEYS)
    assert table and all(row["published"] >= "2024-06-01" for row in table)
    assert len(table) == sum(1 for row in rows if (row["published"] or "") >= "2024-06-01")
    assert f"{len(table):,} articles written" in message


def test_export_reads_the_store_a_page_at_a_time(demo_db, monkeypatch):
    from newsweave.store import sources as listing
    db, _, _ = demo_db
    whole = run("export", "--db", str(db))
    pages = []
    real = listing.export_rows
    monkeypatch.setattr(listing, "export_rows", lambda store, since=None, after_seq=0, limit=5:
                        pages.append(after_seq) or real(store, since, after_seq, 5))
    assert run("export", "--db", str(db)) == whole
    assert len(pages) >= 8 and pages == sorted(pages)  # many small pages, each after the last


def test_sources_lists_outlets_with_domains_countries_and_languages(demo_db):
    db, _, _ = demo_db
    found = {row["outlet"]: row for row in json.loads(run("sources", "--db", str(db), "--json"))}
    assert found["rhein-kurier.de"] == {"outlet": "rhein-kurier.de", "domain": "rhein-kurier.de", "country": "DE",
                                        "articles": 1, "languages": {"de": 1}}
    # The URL's domain comes before the source a record names; a ccTLD gives the country.
    assert found["city-ledger.co.uk"]["country"] == "GB" and "City Ledger Markets" not in found
    assert found["Port City Times"]["articles"] == 1  # og:site_name of the one HTML page
    assert found["Nile Business Wire"]["articles"] == 4 and sum(found["Nile Business Wire"]["languages"].values()) == 4
    assert found["Eurasia Wire"]["languages"] == {"en": 1}  # a JSON record's source, with no URL
    with SQLiteStore(db, readonly=True) as store:
        assert sum(row["articles"] for row in outlets(store)) == store.article_count()
    text = run("sources", "--db", str(db))
    assert "rhein-kurier.de  (rhein-kurier.de, DE)  [de:1]" in text


def test_an_older_store_gets_its_outlets_on_the_first_write(tmp_path):
    from newsweave.ingest import outlet_of
    with SQLiteStore(tmp_path / "old.db") as store:
        with store.transaction():
            store.save_story(story(1))
            for n, (url, source) in enumerate([("https://www.example-news.fr/a", None), (None, "Harbour Post"),
                                                (None, None)]):
                store.add_article(article(n, url=url, source=source), 1, 0.9, f"k{n}", np.zeros(4), None)
        assert store.fill_outlets(outlet_of) == 2 and store.fill_outlets(outlet_of) == 0
        assert {r["outlet"]: r["country"] for r in outlets(store)} == {
            "example-news.fr": "FR", "Harbour Post": None, "file2.txt": None}


def test_the_api_streams_the_export_and_lists_the_sources(demo_db):
    from starlette.testclient import TestClient

    from newsweave.embed import HashingEmbedder
    from newsweave.web import ServerConfig, create_app
    db, _, _ = demo_db
    app = create_app(ServerConfig(db=str(db), token="export-token-0123456789", reads="open",
                                  allowed_hosts=("testserver",)), embedder=HashingEmbedder(dim=384))
    whole = run("export", "--db", str(db))
    with TestClient(app) as client:
        response = client.get("/api/export")
        assert response.status_code == 200 and response.headers["content-type"] == "application/x-ndjson"
        assert response.text == whole
        table = list(csv.DictReader(io.StringIO(client.get("/api/export", params={"format": "csv",
                                                                                  "since": "2024-06-01"}).text)))
        assert table and all(row["published"] >= "2024-06-01" for row in table)
        assert client.get("/api/export", params={"format": "xml"}).status_code == 422
        assert client.get("/api/export", params={"since": "June"}).status_code == 422
        sources = client.get("/api/sources").json()["sources"]
        assert sources == json.loads(run("sources", "--db", str(db), "--json"))
        paths = client.get("/openapi.json").json()["paths"]
        assert "/api/export" in paths and "/api/sources" in paths
