"""The HTTP API through an in-process client: reads, filters, search, writes, access and errors."""
from __future__ import annotations

import json
import shutil

import pytest
from starlette.testclient import TestClient

from .web_support import TOKEN, auth, make_app, sample_store

LOCAL = ("127.0.0.1", 50000)
REMOTE = ("203.0.113.7", 50000)
HOSTILE_TITLE = "<script>window.pwned=1</script>Port <b>strike</b> ends"
HOSTILE_TEXT = ("Dock workers in Rotterdam ended a three-day strike on Friday after a pay deal. "
                "<img src=x onerror=\"window.pwned=2\"> The union said 4,000 members voted. "
                "<a href=\"javascript:window.pwned=3\">details</a>")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return sample_store(tmp_path_factory.mktemp("api") / "sample.db")


@pytest.fixture
def db(built, tmp_path):
    """A private copy of the sample store: writes in one test do not leak into another."""
    copy = tmp_path / "api.db"
    shutil.copy(built, copy)
    return copy


@pytest.fixture
def client(db):
    with TestClient(make_app(db), client=LOCAL) as opened:
        yield opened


def test_health_counts_the_store(client):
    body = client.get("/api/health").json()
    assert body["status"] == "ok" and body["articles"] == 44 and body["stories"] >= 8 and body["revision"] == 44


def test_story_list_is_newest_activity_first_and_pages(client):
    body = client.get("/api/stories", params={"limit": 4}).json()
    assert body["total"] >= 8 and len(body["stories"]) == 4
    last = [s["last_seen"] for s in body["stories"]]
    assert last == sorted(last, reverse=True)
    rest = client.get("/api/stories", params={"limit": 4, "offset": 4}).json()["stories"]
    assert not {s["id"] for s in rest} & {s["id"] for s in body["stories"]}
    assert rest[0]["last_seen"] <= last[-1]
    story = body["stories"][0]
    assert {"headline", "languages", "sources", "size", "by_day"} <= set(story)


def test_story_list_filters_by_language_and_dates(client):
    russian = client.get("/api/stories", params={"lang": "ru"}).json()["stories"]
    assert russian and all("ru" in s["languages"] for s in russian)
    window = client.get("/api/stories", params={"since": "2024-01-01", "until": "2024-03-31"}).json()["stories"]
    assert window
    for story in window:
        assert story["last_seen"][:10] >= "2024-01-01" and story["first_seen"][:10] <= "2024-03-31"
    assert client.get("/api/stories", params={"since": "2031-01-01"}).json()["total"] == 0


def test_story_list_keeps_only_what_the_query_finds(client):
    everything = client.get("/api/stories").json()["total"]
    found = client.get("/api/stories", params={"q": "Valencia"}).json()
    assert 0 < found["total"] < everything
    by_words = [s for s in found["stories"] if s["search"]["keyword"]]
    assert by_words and all("valencia" in client.get(f"/api/articles/{s['search']['matches'][0]}").text.lower()
                            or s["search"]["meaning"] > 0 for s in by_words)
    assert any("Valencia" in s["headline"]["text"] for s in by_words)


def test_story_view_and_article(client):
    first = client.get("/api/stories").json()["stories"][0]
    view = client.get(f"/api/stories/{first['id']}").json()
    assert view["id"] == first["id"] and view["size"] == first["size"]
    assert {"summary", "entities", "timeline", "claims", "articles"} <= set(view)
    article_id = next(iter(view["articles"].values()))[0]["id"]
    article = client.get(f"/api/articles/{article_id}").json()
    assert article["text"] and article["story"]["id"] == first["id"]


def test_search_finds_articles_by_their_words(client):
    body = client.get("/api/search", params={"q": "Chattogram"}).json()
    assert body["stories"] and body["stories"][0]["keyword"]
    assert any("Chattogram" in a["title"] for a in body["articles"] if a["keyword"])


@pytest.mark.parametrize("url,status", [
    ("/api/stories/999999", 404), ("/api/stories/abc", 422), ("/api/stories/0", 422),
    ("/api/articles/0123456789abcdef", 404), ("/api/articles/..%2F..%2Fetc", 404),
    ("/api/stories?lang=english", 422), ("/api/stories?since=yesterday", 422), ("/api/stories?limit=0", 422),
    ("/api/search?q=", 422), ("/api/nothing-here", 404)])
def test_errors_are_json_with_the_right_status(client, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/json") and response.json()["detail"]


def test_writes_need_the_token(client):
    article = {"title": "Test", "text": "Something happened somewhere today."}
    assert client.post("/api/articles", json=article).status_code == 401
    assert client.post("/api/articles", json=article, headers={"Authorization": "Bearer wrong"}).status_code == 403
    assert client.post("/api/articles", json=article, headers={"X-Newsweave-Token": "nope"}).status_code == 403
    assert client.get("/api/health").json()["articles"] == 44


def test_posted_article_joins_the_list(client):
    before = client.get("/api/health").json()
    article = {"title": "Dock strike ends in Rotterdam after pay deal", "source": "Harbour Post", "date": "2025-03-07",
               "text": "Dock workers in Rotterdam ended a three-day strike on Friday after a pay deal, the union said. "
                       "About 4,000 members voted on the offer, which raises wages by 6 percent."}
    response = client.post("/api/articles", json=article, headers=auth())
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["stored"] == 1 and body["stories_new"] == 1
    (stored,) = body["articles"]
    after = client.get("/api/health").json()
    assert after["articles"] == before["articles"] + 1 and after["revision"] > before["revision"]
    top = client.get("/api/stories").json()["stories"][0]
    assert top["id"] == stored["story_id"] and top["headline"]["text"] == article["title"]
    again = client.post("/api/articles", json=article, headers=auth())
    assert again.status_code == 200 and again.json()["duplicates"] == 1


def test_batch_keeps_good_articles_and_reports_bad_ones(client):
    batch = {"articles": [
        {"title": "Ferry capsizes on Meghna river", "date": "2025-04-02",
         "text": "A ferry carrying 80 passengers capsized on the Meghna river on Wednesday; 12 people are missing."},
        {"title": "Too short", "text": "Hi."}]}
    response = client.post("/api/articles", json=batch, headers=auth())
    assert response.status_code == 201
    body = response.json()
    assert body["stored"] == 1 and len(body["rejected"]) == 1 and body["rejected"][0]["origin"] == "api#1"
    everything_bad = client.post("/api/articles", json=[{"text": "Hi."}], headers=auth())
    assert everything_bad.status_code == 422 and everything_bad.json()["rejected"]


@pytest.mark.parametrize("body", ['{"text": ', '[]', '{"title": "no text"}', '{"text": ""}', '"just a string"'])
def test_malformed_bodies_are_422(client, body):
    response = client.post("/api/articles", content=body, headers={**auth(), "content-type": "application/json"})
    assert response.status_code == 422 and response.json()["detail"]


def test_upload_reads_files_and_names_them_safely(client, tmp_path):
    text = ("Ferry service resumes on the Padma\n2 April 2025\n"
            "Ferry services on the Padma resumed on Wednesday after fog lifted, officials said. "
            "Around 30 vessels crossed by noon.")
    files = [("files", ("../../escape.txt", text.encode(), "text/plain")),
             ("files", ("notes.pdf", b"%PDF-1.4", "application/pdf"))]
    response = client.post("/api/ingest", files=files, headers=auth())
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["stored"] == 1
    assert body["rejected"] == [{"origin": "upload:notes.pdf", "reason": "unsupported file type: .pdf"}]
    article = client.get(f"/api/articles/{body['articles'][0]['id']}").json()
    assert article["origin"] == "upload:escape.txt" and article["path"] is None
    assert not (tmp_path.parent / "escape.txt").exists()


def test_upload_of_only_unsupported_files_is_415(client):
    response = client.post("/api/ingest", files=[("files", ("x.exe", b"MZ", "application/octet-stream"))],
                           headers=auth())
    assert response.status_code == 415 and "unsupported" in response.json()["detail"]


def test_oversized_bodies_are_refused_before_reading(db):
    with TestClient(make_app(db, max_upload_bytes=1024), client=LOCAL) as small:
        big = {"title": "Big", "text": "word " * 400_000}
        response = small.post("/api/articles", json=big, headers=auth())
        assert response.status_code == 413 and "limit" in response.json()["detail"]
        assert small.get("/api/health").json()["articles"] == 44


def test_reads_are_open_locally_and_need_the_token_elsewhere(db):
    with TestClient(make_app(db), client=REMOTE) as remote:
        assert remote.get("/api/stories").status_code == 401
        assert remote.get("/api/stories", headers=auth()).status_code == 200
        assert remote.get("/").status_code == 401
        assert remote.post("/login", data={"token": "wrong"}).status_code == 403
        signed_in = remote.post("/login", data={"token": TOKEN}, follow_redirects=False)
        assert signed_in.status_code == 303 and "httponly" in signed_in.headers["set-cookie"].lower()
        assert remote.get("/").status_code == 200
    with TestClient(make_app(db, reads="token"), client=LOCAL) as strict:
        assert strict.get("/api/stories").status_code == 401
    with TestClient(make_app(db, reads="open"), client=REMOTE) as open_:
        assert open_.get("/api/stories").status_code == 200
        assert open_.post("/api/articles", json={"text": "x"}).status_code == 401


def test_hostile_article_is_escaped_on_every_page(client):
    response = client.post("/api/articles", headers=auth(), json={
        "title": HOSTILE_TITLE, "text": HOSTILE_TEXT, "url": "javascript:window.pwned=4", "date": "2025-03-07"})
    assert response.status_code == 201, response.text
    stored = response.json()["articles"][0]
    for url in ("/", f"/stories/{stored['story_id']}", f"/articles/{stored['id']}", "/?q=strike"):
        page = client.get(url)
        assert page.status_code == 200
        html = page.text
        assert "<script>window.pwned" not in html and "<img src=x" not in html
        assert "href='javascript:" not in html and 'href="javascript:' not in html
        assert "default-src 'self'" in page.headers["content-security-policy"]
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in client.get(f"/stories/{stored['story_id']}").text


def test_events_announce_new_articles(client):
    revision = client.get("/api/health").json()["revision"]
    client.post("/api/articles", headers=auth(), json={
        "title": "Metro line opens in Dhaka", "date": "2025-05-01",
        "text": "A new metro line opened in Dhaka on Thursday, carrying 60,000 passengers on its first day."})
    with client.stream("GET", "/api/events", params={"since": revision, "wait": 1.5}) as stream:
        assert stream.headers["content-type"].startswith("text/event-stream")
        text = "".join(stream.iter_text())
    event = next(block for block in text.split("\n\n") if "event: change" in block)
    data = json.loads(event.split("data: ", 1)[1])
    assert data["revision"] == revision + 1 and len(data["stories"]) == 1
    assert f"id: {revision + 1}" in event


def test_pages_render_and_errors_are_html(client):
    page = client.get("/", params={"lang": "bn"})
    assert page.status_code == 200 and "<ul id='stories'>" in page.text
    assert "data-languages='" in page.text
    missing = client.get("/stories/999999")
    assert missing.status_code == 404 and missing.headers["content-type"].startswith("text/html")
    assert client.get("/static/../pyproject.toml").status_code == 404
    assert client.get("/assets/style.css").headers["content-type"].startswith("text/css")


def test_openapi_schema_lists_the_api(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/stories", "/api/stories/{story_id}", "/api/articles/{article_id}", "/api/search",
            "/api/articles", "/api/ingest", "/api/health", "/api/events"} <= set(paths)
    assert "/" not in paths


def test_what_reading_mended_is_shown_with_the_article(client):
    text = ("Les nÃ©gociations reprennent Ã  Doha aprÃ¨s une semaine de pause, selon les mÃ©diateurs. "
            "Les dÃ©lÃ©gations se retrouvent lundi pour discuter dâ€™une trÃªve.")
    response = client.post("/api/articles", json={"title": "Reprise des nÃ©gociations Ã  Doha", "text": text},
                           headers=auth())
    assert response.status_code == 201, response.text
    article_id = response.json()["articles"][0]["id"]
    article = client.get(f"/api/articles/{article_id}").json()
    assert "négociations reprennent à Doha" in article["text"] and "Ã" not in article["text"]
    assert article["title"] == "Reprise des négociations à Doha"
    assert "mojibake" in article["repairs"]
    page = client.get(f"/articles/{article_id}").text
    assert "Mended when read" in page and "mojibake" in page


def test_a_store_busy_past_the_timeout_answers_503_to_retry(client, monkeypatch):
    import sqlite3

    def busy(documents):
        raise sqlite3.OperationalError("database is locked: another writer held the store for over 30 s")

    monkeypatch.setattr(client.app.state.engine, "ingest", busy)
    response = client.post("/api/articles", json={"title": "T", "text": "Some article text " * 5}, headers=auth())
    assert response.status_code == 503 and response.headers["retry-after"] == "5"
    assert "busy" in response.json()["detail"]


def test_reads_do_not_write_the_store(client, db, monkeypatch):
    import sqlite3

    from newsweave.store import sqlite as store_module

    opened = []
    real_init = store_module.SQLiteStore.__init__

    def recording_init(self, path, readonly=False):
        opened.append(readonly)
        real_init(self, path, readonly)

    monkeypatch.setattr(store_module.SQLiteStore, "__init__", recording_init)
    story_id = client.get("/api/stories", params={"limit": 1}).json()["stories"][0]["id"]
    first = client.get(f"/api/stories/{story_id}").json()
    again = client.get(f"/api/stories/{story_id}").json()
    client.get("/api/search", params={"q": "Gaza"})
    client.get(f"/stories/{story_id}")
    assert opened and all(opened)  # every GET read on a read-only connection
    assert first == again  # the second answer comes from the server's memory
    con = sqlite3.connect(db)
    assert con.execute("SELECT COUNT(*) FROM story_views").fetchone()[0] == 0
    assert con.execute("SELECT COUNT(*) FROM sentence_vectors").fetchone()[0] == 0
