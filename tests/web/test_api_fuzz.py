"""A fuzz run of the whole HTTP surface: every parameter of every route, API and pages,
with the values careless clients and attackers send, on SQLite and PostgreSQL.

Two kinds of request:

- **hostile values**, put one at a time into each query and path parameter and each
  field of a posted article: control characters, lone surrogates and invalid UTF-8,
  10,000-character values, negative, huge and non-finite numbers, SQL and full-text
  query syntax, path tricks;
- **generated requests**, from the app's own OpenAPI schema by Schemathesis, valid
  and schema-breaking.

Every answer must be under 500, and every error from ``/api`` must carry the
documented schema. The figures are printed (run with ``-s``).
"""
from __future__ import annotations

import json
import shutil
from collections import Counter
from urllib.parse import quote

import pytest
from starlette.testclient import TestClient

from newsweave.embed import HashingEmbedder
from newsweave.web import ServerConfig, create_app

from tests.reliability import hashing_store
from tests.web_support import TEST_HOSTS, TOKEN, assert_error_schema, auth, make_app, sample_store

pytestmark = pytest.mark.slow
schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is part of the test extras")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis.errors import Unsatisfiable  # noqa: E402
from schemathesis import GenerationMode  # noqa: E402

LOCAL = ("127.0.0.1", 50000)
GENERATED_PER_OPERATION = 150

# As raw bytes, so they reach the server exactly: a lone surrogate is the bytes UTF-8 would give it.
HOSTILE_BYTES = [bytes([c]) for c in (*range(0x00, 0x20), 0x7F)] + [
    "\u0085".encode(), "\u009b".encode(), b"a\x00b", b"\xed\xa0\x80", b"\xed\xbf\xbf", b"\xff\xfe", b"\xc0\xaf",
    b"\xe2\x80\xae", "\U0001F4F0".encode(), "\ufeff".encode(), b"x" * 10_000, "ব".encode() * 3_000,
    b"-1", b"0", b"-0", b"-9223372036854775809", b"9223372036854775808", b"9" * 400, b"1e309", b"-1e309",
    b"NaN", b"inf", b"-inf", b"0x10", b"1_000", b"\xd9\xa4\xd9\xa0", b"",  b" ", b"%", b"%00", b"%zz",
    b"' OR 1=1 --", b"\" OR \"\"=\"", b"NEAR(a b)", b"a* OR b*", b"AND OR NOT", b"\"unbalanced", b"*", b"-",
    b"../../etc/passwd", b"..%2f..%2f", b"<script>alert(1)</script>", b"${7*7}", b"2024-02-30", b"10000-01-01",
    b"0000-00-00", b"true", b"null", b"[]", b"{}",
]
HOSTILE_JSON = ["\u0000", "a\u0000b", "\ud800", "\udfffx", "\u202e\u0085", "x" * 10_000, -1, 2 ** 70, -2 ** 70,
                1e308, float("inf"), None, True, [], {}, "", "  ", "2024-02-30", "0", "<script>x</script>",
                "\ufeff" * 50, "' OR 1=1 --"]
ARTICLE = {"id": "fuzz-1", "title": "Dock workers end strike", "source": "example.org",
           "published": "2024-03-31", "lang": "en",
           "text": "Dock workers in Rotterdam ended a three-day strike on Friday after a pay deal. "
                   "The union said 4,000 members had voted for it and work resumed at once."}

# Page routes are outside the schema; the same parameters reach them.
PAGES = {"/": ["q", "lang", "since", "until", "page", "hl"], "/stories/{id}": ["hl"],
         "/storylines/{id}": ["hl"], "/articles/{id}": [], "/login": ["next"]}


class Tally:
    """What came back: statuses, and the requests that broke the rules."""

    def __init__(self):
        self.statuses = Counter()
        self.failures: list[str] = []

    def check(self, where: str, response, api: bool) -> None:
        self.statuses[response.status_code] += 1
        if response.status_code >= 500:
            self.failures.append(f"{where} -> {response.status_code}: {response.text[:200]}")
        elif api and response.status_code >= 400:
            try:
                assert_error_schema(response)
            except (AssertionError, KeyError, TypeError, ValueError) as exc:
                self.failures.append(f"{where} -> {response.status_code} outside the error schema: "
                                     f"{response.text[:200]} ({exc!r})")

    @property
    def requests(self) -> int:
        return sum(self.statuses.values())

    def report(self, title: str) -> str:
        by_status = ", ".join(f"{s}: {n}" for s, n in sorted(self.statuses.items()))
        return f"{title}: {self.requests:,} requests; {by_status}; problems: {len(self.failures)}"


def _parameters(schema: dict) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """``(method, path, [(where, name)])`` of every operation of the OpenAPI schema."""
    found = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            names = [(p["in"], p["name"]) for p in operation.get("parameters", []) if p["in"] in ("query", "path")]
            found.append((method.upper(), path, names))
    for path, names in PAGES.items():
        found.append(("GET", path, [("path", "id")] * ("{id}" in path) + [("query", n) for n in names]))
    return found


def _url(path: str, where: str, name: str, value: bytes) -> str:
    """``path`` with ``value`` in parameter ``name`` and ordinary values elsewhere."""
    encoded = quote(value, safe="")
    ordinary = {"story_id": "1", "storyline_id": "1", "id": "1", "article_id": "0a"}
    for param, default in ordinary.items():
        path = path.replace("{" + param + "}", encoded if (where, name) == ("path", param) else default)
    query = f"?{name}={encoded}" if where == "query" else ""
    if "/search" in path and name != "q":
        query += ("&" if query else "?") + "q=port"
    if path == "/api/events":
        query += ("&" if query else "?") + "wait=0.1"
    return path + query


def hostile_requests(client: TestClient, tally: Tally) -> None:
    for method, path, params in _parameters(client.get("/openapi.json").json()):
        if method != "GET":
            continue
        for where, name in params:
            for value in HOSTILE_BYTES:
                url = _url(path, where, name, value)
                tally.check(f"GET {url[:120]}", client.get(url, headers={"Accept": "application/json"}),
                            api=path.startswith("/api"))
        # A parameter no route takes, and a header no route reads, carry hostile values too.
        for value in HOSTILE_BYTES[:40]:
            url = _url(path, "query", "unknown", value)
            tally.check(f"GET {url[:120]}", client.get(url), api=path.startswith("/api"))
    for field in ARTICLE:
        for value in HOSTILE_JSON:
            body = json.dumps({**ARTICLE, field: value}, ensure_ascii=True, allow_nan=True)
            for shape in ("{}", "[{}]", '{{"articles": [{}]}}'):
                response = client.post("/api/articles", content=shape.format(body).encode(),
                                       headers={**auth(), "Content-Type": "application/json"})
                tally.check(f"POST /api/articles {field}={str(value)[:30]!r} as {shape}", response, api=True)
    for raw in (b"", b"\x00", b"{", b"[" * 5000, b'{"text": "\\ud800"}', b"\xff\xfe{}", b"null", b"1e999"):
        response = client.post("/api/articles", content=raw, headers={**auth(), "Content-Type": "application/json"})
        tally.check(f"POST /api/articles {raw[:20]!r}", response, api=True)
    for name, data in ((b"\x00.txt", b"text"), ("../../etc/passwd".encode(), b"root:x:0:0"),
                       (b"a.html", b"<<<>>>" * 100), (b"a.json", b"\xed\xa0\x80")):
        files = {"files": (name.decode("latin-1"), data, "application/octet-stream")}
        tally.check(f"POST /api/ingest {name!r}", client.post("/api/ingest", files=files, headers=auth()), api=True)


def generated_requests(app, tally: Tally) -> None:
    api_schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    for result in api_schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(max_examples=GENERATED_PER_OPERATION, deadline=None, database=None,
                      suppress_health_check=list(HealthCheck))
            def check(case):
                if case.path == "/api/events":
                    case.query = {**(case.query or {}), "wait": 0.1}  # a stream stays open this long by design
                # The token on every request: Schemathesis's client is not this machine, so reads need it too.
                response = case.call(headers=auth())
                tally.check(f"{case.method} {case.formatted_path} {case.query or ''}", response, api=True)

            try:
                check()
            except Unsatisfiable:
                pass  # an operation without inputs has no invalid request to make


def _run(app, title: str, generated: bool) -> Tally:
    tally = Tally()
    with TestClient(app, client=LOCAL, raise_server_exceptions=False) as client:
        hostile_requests(client, tally)
        if generated:
            generated_requests(app, tally)
    print("\n" + tally.report(title))
    return tally


def test_the_api_and_pages_on_sqlite_give_no_server_error(tmp_path):
    shutil.copy(sample_store(tmp_path / "built.db"), tmp_path / "fuzz.db")
    tally = _run(make_app(tmp_path / "fuzz.db", max_batch=20), "SQLite", generated=True)
    assert tally.requests >= 5000
    assert not tally.failures, "\n".join(tally.failures[:30])


def test_the_api_and_pages_on_postgres_give_no_server_error(postgres_url):
    hashing_store(postgres_url)
    app = create_app(ServerConfig(db=postgres_url, token=TOKEN, allowed_hosts=TEST_HOSTS),
                     embedder=HashingEmbedder(dim=128))
    with TestClient(app, client=LOCAL) as client:
        assert client.post("/api/articles", json=ARTICLE, headers=auth()).status_code == 201
    tally = _run(app, "PostgreSQL", generated=False)
    assert tally.requests >= 2000
    assert not tally.failures, "\n".join(tally.failures[:30])
