"""The HTTP API through an in-process client: reads, filters, search, writes, access and errors."""
from __future__ import annotations

import json
import re
import shutil

import pytest
from starlette.testclient import TestClient

from tests.web_support import TOKEN, auth, make_app, sample_store

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
    assert 8 <= body["storylines"] <= body["stories"]


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
    line = client.get(f"/api/stories/{stored['story_id']}").json()["storyline"]["id"]
    for url in ("/", f"/stories/{stored['story_id']}", f"/storylines/{line}", f"/articles/{stored['id']}",
                "/?q=strike"):
        page = client.get(url)
        assert page.status_code == 200
        html = page.text
        assert "<script>window.pwned" not in html and "<img src=x" not in html
        assert "href='javascript:" not in html and 'href="javascript:' not in html
        assert "default-src 'self'" in page.headers["content-security-policy"]
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in client.get(f"/stories/{stored['story_id']}").text
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in client.get(f"/storylines/{line}").text


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
    assert {"/api/stories", "/api/stories/{story_id}", "/api/storylines", "/api/storylines/{storyline_id}",
            "/api/articles/{article_id}", "/api/search",
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

    def recording_init(self, path, readonly=False, **options):
        opened.append(readonly)
        real_init(self, path, readonly, **options)

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


GAZA = "Qatar brokers four-day humanitarian pause in Gaza"
GAZA_DAYS = ["2023-11-21", "2024-01-10", "2024-01-26"]


def _several(client) -> dict:
    """A storyline of two or more events in the sample store."""
    lines = client.get("/api/storylines", params={"limit": 200}).json()["storylines"]
    several = [line for line in lines if line["n_events"] >= 2]
    assert several, "the sample store should hold a storyline of several events"
    return several[0]


def test_storyline_list_holds_every_event_once_newest_first(client):
    body = client.get("/api/storylines", params={"limit": 200}).json()
    assert set(body) == {"total", "limit", "offset", "storylines"} and body["total"] == len(body["storylines"])
    lines = body["storylines"]
    assert [x["last_seen"] for x in lines] == sorted((x["last_seen"] for x in lines), reverse=True)
    events = client.get("/api/stories", params={"limit": 200}).json()["stories"]
    listed = [e["id"] for line in lines for e in line["events"]]
    assert sorted(listed) == sorted(e["id"] for e in events)  # each event in exactly one storyline
    assert sum(line["size"] for line in lines) == 44
    for line in lines:
        assert line["n_events"] == len(line["events"]) and line["size"] == sum(e["size"] for e in line["events"])
        assert {e["storyline_id"] for e in line["events"]} == {line["id"]} == {min(e["id"] for e in line["events"])}
        firsts = [e["first_seen"] for e in line["events"]]
        assert firsts == sorted(firsts)
    by_event = {e["id"]: e["storyline_id"] for e in events}
    assert all(by_event[e] == line["id"] for line in lines for e in (x["id"] for x in line["events"]))


def test_storyline_list_pages_and_filters(client):
    first = client.get("/api/storylines", params={"limit": 3}).json()
    rest = client.get("/api/storylines", params={"limit": 3, "offset": 3}).json()
    assert len(first["storylines"]) == 3 and rest["total"] == first["total"] > 6
    assert not {x["id"] for x in first["storylines"]} & {x["id"] for x in rest["storylines"]}
    assert rest["storylines"][0]["last_seen"] <= first["storylines"][-1]["last_seen"]
    russian = client.get("/api/storylines", params={"lang": "ru"}).json()
    assert 0 < russian["total"] < first["total"] and all("ru" in x["languages"] for x in russian["storylines"])
    window = client.get("/api/storylines", params={"since": "2024-01-01", "until": "2024-03-31"}).json()["storylines"]
    assert window and all(x["last_seen"][:10] >= "2024-01-01" and x["first_seen"][:10] <= "2024-03-31"
                          for x in window)
    assert client.get("/api/storylines", params={"since": "2031-01-01"}).json() == {
        "total": 0, "limit": 50, "offset": 0, "storylines": []}
    for bad in ({"lang": "english"}, {"since": "yesterday"}, {"limit": 0}, {"limit": 201}):
        assert client.get("/api/storylines", params=bad).status_code == 422


def test_storyline_search_lists_the_storylines_of_found_events(client):
    found = client.get("/api/storylines", params={"q": "Valencia"}).json()
    events = client.get("/api/stories", params={"q": "Valencia"}).json()["stories"]
    assert 0 < found["total"] < client.get("/api/storylines").json()["total"]
    assert {e["storyline_id"] for e in events} == {x["id"] for x in found["storylines"]}
    for line in found["storylines"]:
        marked = [e for e in line["events"] if "search" in e]
        assert marked and line["search"] in [e["search"] for e in marked]
        assert {e["id"] for e in marked} <= {e["id"] for e in events}
    assert any("Valencia" in x["headline"]["text"] for x in found["storylines"])


def test_storyline_view_puts_its_events_in_time_order(client):
    line = _several(client)
    view = client.get(f"/api/storylines/{line['id']}").json()
    assert view["kind"] == "storyline" and view["id"] == line["id"] and view["size"] == line["size"]
    assert [e["id"] for e in view["events"]] == [e["id"] for e in line["events"]]
    assert [e["first_seen"] for e in view["events"]] == sorted(e["first_seen"] for e in view["events"])
    assert {"headline", "languages", "first_seen", "last_seen", "figures", "entities"} <= set(view)
    ids = {e["id"] for e in view["events"]}
    assert all(len({p["event_id"] for p in f["points"]}) >= 2 and {p["event_id"] for p in f["points"]} <= ids
               for f in view["figures"])
    assert all(e["n_events"] >= 2 and set(e["events"]) <= ids for e in view["entities"])
    event = client.get(f"/api/stories/{line['events'][-1]['id']}").json()
    assert event["storyline"]["id"] == line["id"] and event["storyline"]["n_events"] == line["n_events"]


def test_a_missing_storyline_is_404_and_says_why(client):
    line = _several(client)
    later = line["events"][-1]["id"]
    response = client.get(f"/api/storylines/{later}")
    assert response.status_code == 404 and response.json()["detail"] == (
        f"no storyline {later}: event {later} is part of storyline {line['id']}")
    assert client.get("/api/storylines/999999").json()["detail"] == "no storyline 999999"
    assert client.get("/api/storylines/0").status_code == 422 and client.get("/api/storylines/x").status_code == 422
    page = client.get("/storylines/999999")
    assert page.status_code == 404 and "no storyline 999999" in page.text
    assert page.headers["content-type"].startswith("text/html")


def test_list_page_groups_events_under_their_storyline(client):
    line = _several(client)
    html = client.get("/").text
    block = html.split(f"<li id='storyline-{line['id']}'", 1)[1].split("</ol></li>", 1)[0]
    assert f"href='/storylines/{line['id']}?hl=en'" in block and f"{line['n_events']} events" in block
    assert [int(i) for i in re.findall(r"<li id='story-(\d+)'", block)] == [e["id"] for e in line["events"]]
    single = next(x for x in client.get("/api/storylines", params={"limit": 200}).json()["storylines"]
                  if x["n_events"] == 1)
    assert f"<li id='story-{single['events'][0]['id']}'" in html and f"id='storyline-{single['id']}'" not in html


def test_storyline_and_event_pages_link_each_other(client):
    line = _several(client)
    html = client.get(f"/storylines/{line['id']}").text
    assert re.findall(r"<li id='event-(\d+)'", html) == [str(e["id"]) for e in line["events"]]
    assert all(f"href='/stories/{e['id']}?hl=en'" in html for e in line["events"])
    assert "id='figures'" in html and "id='shared-entities'" in html and f"data-storyline='{line['id']}'" in html
    later = line["events"][-1]["id"]
    event = client.get(f"/stories/{later}").text
    assert "id='storyline-context'" in event and f"href='/storylines/{line['id']}?hl=en'" in event
    assert f"Event {line['n_events']} of {line['n_events']} in the storyline" in event
    single = next(x for x in client.get("/api/storylines", params={"limit": 200}).json()["storylines"]
                  if x["n_events"] == 1)
    assert "storyline-context" not in client.get(f"/stories/{single['id']}").text


def test_every_page_names_its_json_twin(client):
    line = _several(client)
    article = client.get(f"/api/stories/{line['id']}").json()["articles"]
    article_id = next(iter(article.values()))[0]["id"]
    for url, key in (("/?lang=bn", "storylines"), (f"/storylines/{line['id']}", "events"),
                     (f"/stories/{line['id']}", "summary"), (f"/articles/{article_id}", "text")):
        twin = re.search(r"<link rel='alternate' type='application/json' href='([^']+)'>", client.get(url).text)
        assert twin, url
        body = client.get(twin.group(1).replace("&amp;", "&"))
        assert body.status_code == 200 and key in body.json(), url
    assert all("bn" in x["languages"] for x in client.get("/api/storylines?lang=bn&hl=en").json()["storylines"])


def test_events_name_the_storylines_that_changed(client):
    revision = client.get("/api/health").json()["revision"]
    response = client.post("/api/articles", headers=auth(), json={
        "title": "Metro line opens in Dhaka", "date": "2025-05-01",
        "text": "A new metro line opened in Dhaka on Thursday, carrying 60,000 passengers on its first day."})
    (stored,) = response.json()["articles"]
    with client.stream("GET", "/api/events", params={"since": revision, "wait": 1.5}) as stream:
        text = "".join(stream.iter_text())
    data = json.loads(next(b for b in text.split("\n\n") if "event: change" in b).split("data: ", 1)[1])
    assert data["stories"] == [stored["story_id"]]
    assert data["storylines"] == [client.get(f"/api/stories/{stored['story_id']}").json()["storyline"]["id"]]


@pytest.fixture(scope="module")
def demo_client(demo_db, tmp_path_factory):
    """The demo store, built with the real model, where the Gaza storyline holds three events."""
    copy = tmp_path_factory.mktemp("demo-api") / "demo.db"
    shutil.copy(demo_db[0], copy)
    with TestClient(make_app(copy), client=LOCAL) as opened:
        yield opened


def _gaza(client) -> dict:
    lines = client.get("/api/storylines", params={"limit": 200}).json()["storylines"]
    return next(x for x in lines if x["headline"]["text"] == GAZA)


def test_the_gaza_storyline_holds_its_three_events(demo_client):
    gaza = _gaza(demo_client)
    assert gaza["n_events"] == 3 and [e["first_seen"][:10] for e in gaza["events"]] == GAZA_DAYS
    assert gaza["events"][1]["headline"]["text"] == "Egypt presents three-stage ceasefire plan at Cairo talks"
    view = demo_client.get(f"/api/storylines/{gaza['id']}").json()
    hostages = next(f for f in view["figures"] if f["concept"] == "hostages")
    assert [p["values"] for p in hostages["points"]] == [[50], [40], [35]] and hostages["changed"]
    assert {"Gaza", "Israel"} <= {e["name"] for e in view["entities"] if e["n_events"] == 3}


def test_the_gaza_storyline_on_the_list_its_page_and_its_events(demo_client):
    gaza = _gaza(demo_client)
    html = demo_client.get("/").text
    block = html.split(f"<li id='storyline-{gaza['id']}'", 1)[1].split("</ol></li>", 1)[0]
    assert re.findall(r"<span class='date'>([\d-]+)</span>", block) == GAZA_DAYS
    assert html.count("class='storyline'") == 1  # the sample's other storylines are of one event
    page = demo_client.get(f"/storylines/{gaza['id']}").text
    figures = page.split("<table id='figures'>", 1)[1].split("</table>", 1)[0]
    assert "<tr class='changed'><td>hostages</td><td>50</td><td>40</td><td>35</td><td class='moved'>changed" in figures
    middle = demo_client.get(f"/stories/{gaza['events'][1]['id']}").text
    assert "Event 2 of 3 in the storyline" in middle and f"{GAZA}</span></a></p>" in middle
    assert f"href='/stories/{gaza['events'][0]['id']}?hl=en'" in middle.split("storyline-context", 1)[1]


def test_a_storyline_page_counts_the_disagreements_inside_each_event(demo_client):
    lines = demo_client.get("/api/storylines", params={"limit": 200}).json()["storylines"]
    fire = next(x for x in lines if x["headline"]["text"] == "Garment factory fire near Dhaka kills 23 workers")
    view = demo_client.get(f"/api/storylines/{fire['id']}").json()
    assert [e["disagreements"] for e in view["events"]] == [1] and view["figures"] == []
    page = demo_client.get(f"/storylines/{fire['id']}").text
    assert f"<a href='/stories/{fire['id']}?hl=en#claims'>1 disagreement between sources</a>" in page
    assert "No figure is reported by more than one event." in page
