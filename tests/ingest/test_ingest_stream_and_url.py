"""`ingest -` (JSON Lines on standard input) and `ingest URL` (one page or feed over HTTP)."""
from __future__ import annotations

import io
import json

from click.testing import CliRunner

from newsweave.cli import main
from newsweave.ingest.address_guard import FetchPolicy
from newsweave.ingest.remote import read_url
from newsweave.ingest.stdin import read_stdin_jsonl
from newsweave.records import RawDocument, Rejection
from tests.local_http import serving

LINE = {"title": "Ferry capsizes on the Meghna, 14 missing",
        "text": "A passenger ferry capsized on the Meghna river near Chandpur on Sunday evening. "
                "Rescuers pulled 31 people from the water and 14 are still missing, the coast guard said.",
        "date": "2024-03-10", "source": "River Desk"}

PAGE = ("<html><head><title>Dhaka 31°C | Home › Bangladesh › Ferry capsizes on the Meghna</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/bd'>Bangladesh</a> <a href='/w'>World</a></nav>"
        "<div class='weather'>Dhaka 31°C Haze</div><article><h1>Ferry capsizes on the Meghna, 14 missing</h1>"
        "<p class='byline'>Staff correspondent · Chandpur</p>"
        "<p>A crowded passenger ferry capsized on the Meghna river near Chandpur on Sunday evening after "
        "it was hit by a sand-laden bulk carrier in fog.</p>"
        "<p>Coast guard divers had pulled 31 people from the water by midnight; 14 passengers were still "
        "missing, the district administrator told reporters at the ghat.</p>"
        "<p>Survivors said the ferry, licensed for 60, carried more than a hundred people.</p></article>"
        "<aside><h3>Read also</h3><ul><li>Gold price rises again</li><li>Metro rail hours extended</li></ul></aside>"
        "<form class='comments'>Leave a comment <textarea></textarea></form></body></html>").encode("utf-8")

FEED = ("<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>River Desk</title>"
        "<item><title>Ferry capsizes on the Meghna, 14 missing</title><link>http://example.invalid/ferry</link>"
        "<pubDate>Sun, 10 Mar 2024 18:00:00 +0000</pubDate><description>A passenger ferry capsized on the "
        "Meghna river near Chandpur on Sunday evening; 14 people are missing.</description></item>"
        "<item><title>Search for ferry missing resumes at dawn</title><link>http://example.invalid/search</link>"
        "<pubDate>Mon, 11 Mar 2024 06:00:00 +0000</pubDate><description>Divers resumed the search on Monday "
        "at dawn for the 14 passengers still missing.</description></item></channel></rss>").encode("utf-8")

LOCAL = FetchPolicy(allow_private=True)  # the test server is on 127.0.0.1


def test_stdin_lines_are_read_one_by_one_with_bad_lines_named():
    latin1 = json.dumps({**LINE, "title": "Fähre gekentert"}, ensure_ascii=False).encode("latin-1")
    stream = io.BytesIO(b"\n".join([json.dumps(LINE).encode(), b"", b"{not json", latin1,
                                    b'{"title": "' + b"x" * 500 + b'"}', b'["a list"]']) + b"\n")
    items = list(read_stdin_jsonl(stream, max_line_bytes=400))
    kinds = [(type(i).__name__, i.origin) for i in items]
    assert kinds == [("RawDocument", "stdin#L1"), ("Rejection", "stdin#L3"), ("RawDocument", "stdin#L4"),
                     ("Rejection", "stdin#L5"), ("Rejection", "stdin#L6")]
    assert items[0].title == LINE["title"] and items[0].date == "2024-03-10"
    assert items[2].title == "Fähre gekentert"  # a legacy-encoded line is decoded, not garbled
    assert "longer than 400 bytes" in items[3].reason and "expected a JSON object" in items[4].reason


def test_empty_stdin_is_one_clear_rejection():
    (item,) = read_stdin_jsonl(io.BytesIO(b"\n\n"))
    assert isinstance(item, Rejection) and item.reason == "no JSON Lines on standard input"


def test_a_page_and_a_feed_are_read_by_their_content_type():
    routes = {"/news/ferry": (200, "text/html; charset=utf-8", PAGE),
              "/rss": (200, "application/rss+xml", FEED)}
    with serving(routes) as (base, requested):
        (page,) = read_url(f"{base}/news/ferry", policy=LOCAL)
        entries = read_url(f"{base}/rss", policy=LOCAL)
    assert isinstance(page, RawDocument) and page.kind == "html" and page.url == f"{base}/news/ferry"
    assert page.origin == f"{base}/news/ferry"
    assert [e.url for e in entries] == ["http://example.invalid/ferry", "http://example.invalid/search"]
    assert [path for path, _ in requested] == ["/news/ferry", "/rss"]


def test_fetch_failures_are_rejections_with_reasons():
    routes = {"/blob": (200, "application/octet-stream", b"\x00\x01"), "/big": (200, "text/html", b"x" * 5000),
              "/gone": (410, "text/plain", b"gone")}
    with serving(routes) as (base, _):
        reasons = {path: read_url(base + path, max_bytes=1000, policy=LOCAL)[0].reason
                   for path in ("/blob", "/big", "/gone", "/nope")}
    assert reasons == {"/blob": "unsupported content type: application/octet-stream",
                       "/big": "answer larger than 1,000 bytes", "/gone": "HTTP 410 Gone", "/nope": "HTTP 404 Not Found"}
    (refused,) = read_url("http://127.0.0.1:9/closed", timeout=5, policy=LOCAL)  # nothing listens on the discard port
    assert refused.reason.startswith("cannot fetch:")


def test_cli_ingests_files_stdin_and_a_url_in_one_run(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "ferry.txt").write_text("Chandpur ferry toll rises to 9 as divers find bodies\n\n"
                                     "Divers found nine bodies on Monday near the site where the ferry capsized "
                                     "on the Meghna river on Sunday evening; five passengers are still missing.",
                                     encoding="utf-8")
    db = tmp_path / "news.db"
    with serving({"/news/ferry": (200, "text/html; charset=utf-8", PAGE)}) as (base, _):
        result = CliRunner().invoke(main, ["ingest", str(inbox), "-", f"{base}/news/ferry", f"{base}/missing",
                                           "--allow-private-network", "--db", str(db)],
                                    input=json.dumps(LINE) + "\n{broken\n")
    assert result.exit_code == 0, result.output
    assert "read 5 documents: stored 3" in result.output  # file, stdin line, page; a broken line and a 404
    assert f"rejected {base}/missing: HTTP 404 Not Found" in result.output and "rejected stdin#L2" in result.output
    listed = CliRunner().invoke(main, ["stories", "--events", "--json", "--db", str(db)])
    stories = json.loads(listed.output)
    assert sum(s["size"] for s in stories) == 3


def test_cli_refuses_other_schemes_and_missing_paths(tmp_path):
    for arg, message in (("ftp://example.org/feed.xml", "only http:// and https:// addresses"),
                         (str(tmp_path / "nowhere"), "does not exist")):
        result = CliRunner().invoke(main, ["ingest", arg, "--db", str(tmp_path / "x.db")])
        assert result.exit_code == 2 and message in result.output
    assert not (tmp_path / "x.db").exists()
