"""The API against careless and hostile requests: control characters in parameters,
Host headers of other sites, unauthenticated bodies, dates that are not dates, and
every error answered in the schema the OpenAPI document gives."""
from __future__ import annotations

import asyncio
import json

import pytest
from starlette.testclient import TestClient

from newsweave.embed import HashingEmbedder
from newsweave.web import ServerConfig, create_app
from newsweave.web.config import allowed_hosts_for

from tests.reliability import hashing_store
from tests.web.test_api import LOCAL, built, client, db  # noqa: F401  (the sample store's fixtures)
from tests.web_support import TOKEN, assert_error_schema, auth, make_app

READ_ROUTES = ["/", "/api/stories", "/api/storylines", "/api/search"]


def _control_character_refused(client, route: str, value: str) -> None:
    headers = {"Accept": "application/json"}
    response = client.get(route, params={"q": value}, headers=headers)
    assert response.status_code == 422, (route, response.status_code, response.text[:200])
    if route.startswith("/api"):
        assert_error_schema(response)
        assert response.json()["detail"][0]["loc"] == ["query", "q"]
        assert response.json()["detail"][0]["type"] == "control_character"


@pytest.mark.parametrize("route", READ_ROUTES)
@pytest.mark.parametrize("value", ["a\x00b", "\x1b[31mred", "x\x7f"], ids=["nul", "escape", "del"])
def test_a_control_character_in_a_query_is_a_422_naming_it(client, route, value):
    _control_character_refused(client, route, value)


def test_a_control_character_is_refused_on_postgres_too(postgres_url):
    hashing_store(postgres_url)
    app = create_app(ServerConfig(db=postgres_url, token=TOKEN, allowed_hosts=("testserver",)),
                     embedder=HashingEmbedder(dim=128))
    with TestClient(app, client=LOCAL) as client:
        for route in READ_ROUTES:
            _control_character_refused(client, route, "a\x00b")
        assert client.get("/api/search", params={"q": "a\tb"}).status_code == 200  # a tab is text


def test_tabs_and_line_breaks_are_ordinary_text(client):
    spaced = client.get("/api/search", params={"q": "port strike"})
    tabbed = client.get("/api/search", params={"q": "port\tstrike\n"})
    assert tabbed.status_code == 200 and spaced.json()["stories"]
    assert [s["id"] for s in tabbed.json()["stories"]] == [s["id"] for s in spaced.json()["stories"]]


@pytest.mark.parametrize("params", [{"until": "0"}, {"since": "20240331"}, {"until": "2024-02-30"},
                                    {"since": "2024-03-31T10:00:00"}])
def test_a_date_that_is_not_a_calendar_day_is_422(client, params):
    for route in ("/api/stories", "/api/storylines"):
        response = client.get(route, params=params)
        assert response.status_code == 422, (route, params, response.text[:200])
        assert_error_schema(response)
        assert response.json()["detail"][0]["loc"] == ["query", *params]


def test_a_real_day_still_filters(client):
    every = client.get("/api/stories").json()
    early = client.get("/api/stories", params={"until": "2024-03-31"}).json()
    assert 0 < early["total"] < every["total"]
    assert all(s["first_seen"] and s["first_seen"][:10] <= "2024-03-31" for s in early["stories"])


def test_an_empty_batch_is_422_with_a_list_of_problems(client):
    response = client.post("/api/articles", json=[], headers=auth())
    assert response.status_code == 422
    assert_error_schema(response)


def test_a_batch_rejected_whole_is_422_with_a_problem_per_article_and_the_summary(client):
    response = client.post("/api/articles", json=[{"text": "too short"}, {"text": "?!" * 40}], headers=auth())
    assert response.status_code == 422
    assert_error_schema(response)
    body = response.json()
    assert len(body["detail"]) == 2 and body["rejected"] and all(p["type"] == "rejected" for p in body["detail"])


def test_a_host_header_of_another_site_is_refused(db):
    """A DNS-rebinding page reaches 127.0.0.1 under its own name, which is not one of ours."""
    app = create_app(ServerConfig(db=str(db), token=TOKEN, allowed_hosts=allowed_hosts_for("127.0.0.1")))
    for base, status in (("http://attacker.example", 400), ("http://localhost:8000", 200),
                         ("http://127.0.0.1:8000", 200), ("http://[::1]:8000", 200), ("http://LOCALHOST.", 200)):
        with TestClient(app, base_url=base, client=LOCAL) as client:
            response = client.get("/api/stories", params={"limit": 1})
            assert response.status_code == status, (base, response.text[:200])
            if status == 400:
                assert_error_schema(response)
                assert "--allowed-host" in response.json()["detail"]
                assert client.get("/").status_code == 400  # pages too, not only the API


def test_a_named_host_is_served_beside_the_local_names(db):
    app = create_app(ServerConfig(db=str(db), token=TOKEN,
                                  allowed_hosts=allowed_hosts_for("0.0.0.0", ["news.desk.lan"])))
    with TestClient(app, base_url="http://news.desk.lan:8000", client=LOCAL) as client:
        assert client.get("/api/health").status_code == 200
    with TestClient(app, base_url="http://192.168.1.9:8000", client=LOCAL) as client:
        assert client.get("/api/health").status_code == 400  # 0.0.0.0 names no address of its own


def _post_without_reading(app, headers: list[tuple[bytes, bytes]]) -> tuple[int, dict, bool]:
    """POST /api/articles declaring a 20 MB body: ``(status, body, whether the app asked for the body)``."""
    asked, sent = [], []

    async def receive():
        asked.append(True)
        return {"type": "http.request", "body": b"{" + b" " * 1000, "more_body": True}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
             "scheme": "http", "path": "/api/articles", "raw_path": b"/api/articles", "query_string": b"",
             "root_path": "", "client": LOCAL, "server": ("127.0.0.1", 8000),
             "headers": [(b"host", b"localhost"), (b"content-type", b"application/json"),
                         (b"content-length", str(20 * 1024 * 1024).encode()), *headers]}

    async def run():
        await asyncio.wait_for(app(scope, receive, send), timeout=5)

    asyncio.run(run())
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], json.loads(body), bool(asked)


def test_a_write_without_the_right_token_is_refused_before_its_body_is_read(db):
    app = make_app(db, allowed_hosts=("localhost",))
    status, body, read = _post_without_reading(app, [])
    assert (status, read) == (401, False), body
    status, body, read = _post_without_reading(app, [(b"authorization", b"Bearer " + b"w" * 30)])
    assert (status, read) == (403, False), body
    assert isinstance(body["detail"], str)


def test_a_token_mode_refusal_says_what_token_mode_means(db):
    app = make_app(db, reads="token")
    with TestClient(app, client=LOCAL) as client:
        detail = client.get("/api/stories").json()["detail"]
    assert "only to this machine" not in detail and "API token" in detail
    app = make_app(db, reads="local")
    with TestClient(app, client=("203.0.113.7", 1)) as client:
        assert "only to this machine" in client.get("/api/stories").json()["detail"]


def test_the_schema_documents_every_error_the_routes_give(client):
    paths = client.get("/openapi.json").json()["paths"]
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    assert {"Error", "Invalid", "Problem"} <= set(schemas)
    for path, operations in paths.items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert {"400", "422"} <= codes, (method, path, codes)
            if path != "/api/health":
                assert "401" in codes, (method, path)
            if "{" in path:
                assert "404" in codes, (method, path)
            if method == "post":
                assert {"403", "413"} <= codes, (method, path)
    assert "415" in paths["/api/ingest"]["post"]["responses"]


def test_the_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response.content.lstrip().startswith(b"<svg")
