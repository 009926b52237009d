"""`newsweave watch`: folders and feeds followed cycle after cycle, against a local HTTP server."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from newsweave.cli import main
from newsweave.ingest.address_guard import FetchPolicy
from newsweave.pipeline.watch import Watcher
from tests.local_http import serving


def page(title: str, body: str, clutter: str = "Dhaka 29°C | Home › Bangladesh") -> bytes:
    return (f"<html><head><title>{title} | River Desk</title></head><body><div class='top'>{clutter}</div>"
            f"<nav><a href='/'>Home</a> <a href='/bd'>Bangladesh</a></nav><article><h1>{title}</h1>"
            + "".join(f"<p>{p}</p>" for p in body.split("\n"))
            + "</article><aside>Read also: Gold price rises again · Metro hours extended</aside></body></html>"
            ).encode("utf-8")


FERRY = page("Ferry capsizes on the Meghna, 14 missing",
             "A crowded passenger ferry capsized on the Meghna river near Chandpur on Sunday evening after it "
             "was hit by a bulk carrier in fog.\nCoast guard divers pulled 31 people from the water by "
             "midnight; 14 passengers were still missing, the district administrator said.")
SEARCH = page("Divers find nine bodies after Meghna ferry capsize",
              "Divers found nine bodies on Monday near the site where the ferry capsized on the Meghna on Sunday "
              "evening.\nFive passengers are still missing, and the search resumes at dawn, officials said.")
TOLL = page("Meghna ferry toll rises to 12",
            "Three more bodies were recovered on Tuesday from the Meghna near Chandpur, raising the toll of "
            "Sunday's ferry capsize to 12.\nTwo passengers remain missing.")


def rss(base: str, items: list[tuple[str, str, str]]) -> bytes:
    entries = "".join(f"<item><title>{t}</title><link>{base}{path}</link><pubDate>{day}</pubDate>"
                      f"<description>{t}: the river desk's short summary of the report, with the place and the "
                      f"count.</description></item>" for t, path, day in items)
    return (f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>River Desk</title>"
            f"{entries}</channel></rss>").encode("utf-8")


def items(base: str, n: int) -> bytes:
    listed = [("Ferry capsizes on the Meghna, 14 missing", "/ferry", "Sun, 10 Mar 2024 18:00:00 +0000"),
              ("Divers find nine bodies", "/search", "Mon, 11 Mar 2024 07:00:00 +0000"),
              ("Meghna ferry toll rises to 12", "/toll", "Tue, 12 Mar 2024 09:00:00 +0000")]
    return rss(base, listed[:n])


LOCAL = FetchPolicy(allow_private=True)  # the test server is on 127.0.0.1


def due_now(watcher: Watcher) -> None:
    for feed in watcher.feeds.feeds:
        feed.next_poll = 0.0


def test_a_feed_is_polled_conditionally_and_only_new_items_are_fetched(fast_pipeline):
    routes = {"/ferry": (200, "text/html", FERRY), "/search": (200, "text/html", SEARCH),
              "/toll": (200, "text/html", TOLL)}
    with serving(routes) as (base, requested):
        routes["/rss"] = (200, "application/rss+xml", items(base, 2))
        watcher = Watcher(fast_pipeline, [], [f"{base}/rss"], interval=60, policy=LOCAL)
        first = watcher.cycle()
        assert first.stored == 2 and not first.rejected
        assert watcher.feeds.due() == []  # not before the interval
        due_now(watcher)
        second = watcher.cycle()
        assert second.read == 0 and requested[-1][1] is not None  # a 304 to If-None-Match
        routes["/rss"] = (200, "application/rss+xml", items(base, 3))
        due_now(watcher)
        third = watcher.cycle()
    assert third.stored == 1
    assert [path for path, _ in requested] == ["/rss", "/ferry", "/search", "/rss", "/rss", "/toll"]
    stored = {a["title"]: a for a in fast_pipeline.store.article_texts()}
    toll = stored["Meghna ferry toll rises to 12"]
    assert toll["origin"] == f"{base}/toll" and "Read also" not in toll["text"]
    # The page gives no date; the feed's date for the item stands in.
    store = fast_pipeline.store
    dates = {row["title"]: row["published"] for story in set(store.article_stories().values())
             for row in store.story_articles(story)}
    assert dates.get("Meghna ferry toll rises to 12", "")[:10] == "2024-03-12"


def test_a_restarted_watcher_remembers_what_a_feed_gave(fast_pipeline):
    routes = {"/ferry": (200, "text/html", FERRY)}
    with serving(routes) as (base, requested):
        routes["/rss"] = (200, "application/rss+xml", items(base, 1))
        Watcher(fast_pipeline, [], [f"{base}/rss"], interval=60, policy=LOCAL).cycle()
        # The store's validators go with the new watcher's first request: nothing is fetched twice.
        again = Watcher(fast_pipeline, [], [f"{base}/rss"], interval=60, policy=LOCAL).cycle()
    assert again.read == 0 and [path for path, _ in requested] == ["/rss", "/ferry", "/rss"]
    assert requested[-1][1] is not None


def test_a_failing_feed_backs_off_and_each_failure_is_recorded(fast_pipeline):
    routes = {"/rss": (503, "text/plain", b"down for maintenance")}
    with serving(routes) as (base, _):
        watcher = Watcher(fast_pipeline, [], [f"{base}/rss", "http://127.0.0.1:9/closed"], interval=10, policy=LOCAL)
        first = watcher.cycle()
        reasons = sorted(r.reason for r in first.rejected)
        assert reasons[0].startswith("HTTP 503") and "failure 1; next try in 20 s" in reasons[0]
        assert reasons[1].startswith("cannot fetch:")
        assert watcher.feeds.due() == []
        due_now(watcher)
        second = watcher.cycle()
    assert any("failure 2; next try in 40 s" in r.reason for r in second.rejected)
    assert len(fast_pipeline.store.rejections()) == 4


def test_an_item_page_that_cannot_be_read_keeps_the_feeds_summary(fast_pipeline):
    with serving({}) as (base, _):  # every page 404s
        feed = {"/rss": (200, "application/rss+xml", items(base, 1))}
        with serving(feed) as (feed_base, _):
            summary = Watcher(fast_pipeline, [], [f"{feed_base}/rss"], interval=60, policy=LOCAL).cycle()
    assert summary.stored == 1
    (rejection,) = summary.rejected
    assert rejection.reason.startswith("item page not read: HTTP 404") and "summary was kept" in rejection.reason


def test_new_and_changed_files_are_read_and_unchanged_ones_are_not(fast_pipeline, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "ferry.txt").write_text("Ferry capsizes on the Meghna, 14 missing\n\nA passenger ferry capsized on "
                                     "the Meghna near Chandpur on Sunday; 14 people are missing.", encoding="utf-8")
    watcher = Watcher(fast_pipeline, [inbox], [], interval=60)
    assert watcher.cycle().stored == 1
    assert watcher.cycle().read == 0  # nothing changed: not even hashed again
    (inbox / "toll.txt").write_text("Meghna ferry toll rises to 12\n\nThree more bodies were recovered on Tuesday "
                                    "from the Meghna near Chandpur; the toll is now 12.", encoding="utf-8")
    later = (inbox / "ferry.txt")
    later.write_text(later.read_text(encoding="utf-8") + " Divers searched through the night.", encoding="utf-8")
    os.utime(later, ns=(time.time_ns() + 10**9, time.time_ns() + 10**9))
    third = watcher.cycle()
    assert third.read == 2 and third.stored == 2


def test_watch_once_from_the_command_line(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "toll.txt").write_text("Meghna ferry toll rises to 12\n\nThree more bodies were recovered on "
                                    "Tuesday from the Meghna near Chandpur, raising the toll to 12.", encoding="utf-8")
    routes = {"/ferry": (200, "text/html", FERRY)}
    db = tmp_path / "news.db"
    with serving(routes) as (base, _):
        routes["/rss"] = (200, "application/rss+xml", items(base, 1))
        result = CliRunner().invoke(main, ["watch", str(inbox), "--feed", f"{base}/rss", "--once",
                                           "--allow-private-network", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "stored 2" in result.output
    bad = CliRunner().invoke(main, ["watch", "--feed", "ftp://example.org/rss", "--db", str(db)])
    assert bad.exit_code == 2 and "not an http:// or https:// address" in bad.output
    assert CliRunner().invoke(main, ["watch", "--db", str(db)]).exit_code == 2


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "systemctl-stop"])
def test_a_signal_stops_a_running_watch_cleanly_and_keeps_what_it_stored(tmp_path, signum):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "ferry.txt").write_text("Ferry capsizes on the Meghna, 14 missing\n\nA passenger ferry capsized on "
                                     "the Meghna near Chandpur on Sunday; 14 people are missing.", encoding="utf-8")
    db = tmp_path / "news.db"
    proc = subprocess.Popen([sys.executable, "-m", "newsweave.cli", "watch", str(inbox), "--interval", "1",
                             "--db", str(db)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.time() + 120
        while time.time() < deadline and not _stored(db):
            time.sleep(0.5)
        proc.send_signal(signum)
        output, _ = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 0, output
    assert "stopped after" in output and _stored(db) == 1


def _stored(db) -> int:
    import sqlite3

    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db) as con:
            return con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0
