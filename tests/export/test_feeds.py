"""Atom feeds out: valid for a feed reader, with stable entry ids, update times and links to the pages."""
from __future__ import annotations

import json

import feedparser
import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from newsweave.cli import main
from newsweave.embed import HashingEmbedder
from newsweave.web import ServerConfig, create_app


@pytest.fixture()
def client(demo_db):
    db, _, _ = demo_db
    app = create_app(ServerConfig(db=str(db), token="feeds-token-0123456789", reads="open",
                                  allowed_hosts=("testserver",)), embedder=HashingEmbedder(dim=384))
    with TestClient(app) as c:
        yield c


def parsed(client, path):
    response = client.get(path)
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.text)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    return feed


def test_the_events_feed_has_every_event_with_its_time_and_page(client, demo_db):
    db, _, _ = demo_db
    events = json.loads(CliRunner().invoke(main, ["stories", "--db", str(db), "--json", "--events"]).output)
    feed = parsed(client, "/feeds/events.atom")
    assert len(feed.entries) == len(events)
    by_link = {entry.link: entry for entry in feed.entries}
    for event in events:
        entry = by_link[f"http://testserver/stories/{event['id']}"]
        assert entry.title == event["headline"]["text"]
        assert entry.id.endswith(f":event:{event['id']}") and entry.updated_parsed is not None
        assert f"{event['size']} articles" in entry.summary
        assert client.get(f"/stories/{event['id']}").status_code == 200  # the link leads to the event's page
    updated = [entry.updated for entry in feed.entries]
    assert updated == sorted(updated, reverse=True)  # newest activity first
    assert [e.id for e in parsed(client, "/feeds/events.atom").entries] == [e.id for e in feed.entries]  # stable


def test_a_storyline_feed_has_its_events_and_an_unknown_one_is_404(client, demo_db):
    db, _, _ = demo_db
    lines = json.loads(CliRunner().invoke(main, ["stories", "--db", str(db), "--json"]).output)
    line = next(l for l in lines if l["n_events"] >= 3)
    feed = parsed(client, f"/feeds/storylines/{line['id']}.atom")
    assert {entry.link.rsplit("/", 1)[1] for entry in feed.entries} == {str(e["id"]) for e in line["events"]}
    assert feed.feed.link == f"http://testserver/storylines/{line['id']}"
    assert client.get("/feeds/storylines/987654.atom").status_code == 404
    paths = client.get("/openapi.json").json()["paths"]
    assert "/feeds/events.atom" in paths and "/feeds/storylines/{storyline_id}.atom" in paths
