"""Following RSS/Atom feeds: conditional polling, new items' pages, back-off.

Each poll sends the feed's last ``ETag`` and ``Last-Modified`` back
(``If-None-Match``, ``If-Modified-Since``), so an unchanged feed costs one
304. For every entry not seen before, the page it links is fetched and read
as a saved page would be; the entry's own date and title stand in where the
page gives none, and when the page cannot be fetched the entry's summary is
kept instead, with the failure recorded. A feed that fails (refused, timed
out, an HTTP error, not a feed) waits twice as long before each next try, up
to ``MAX_BACKOFF_S``; each failure is recorded as a rejection.

What a feed has given is kept in the store's meta table (``feed:URL``), so a
restarted watcher does not fetch every item again.

Every fetch, the feed's and each item page's, is held to the poller's
:class:`FetchPolicy`: an item linking an internal address is refused before
any connection, and its summary is kept as for any page that cannot be read.
"""
from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone

from newsweave.records import RawDocument, Rejection
from newsweave.store import StoreWriter
from newsweave.ingest.address_guard import DEFAULT_POLICY, FetchPolicy
from newsweave.ingest.files import MAX_FILE_BYTES
from newsweave.ingest.finishing import finish_all
from newsweave.ingest.remote import FETCH_TIMEOUT_S, fetch, fetch_failure, read_url
from newsweave.ingest.web import read_feed

MAX_BACKOFF_S = 3600.0
SEEN_KEPT = 5000  # links remembered per feed: far more than any feed lists at once


@dataclass
class FeedState:
    """What one feed has told us, and when to ask it again."""

    url: str
    etag: str | None = None
    modified: str | None = None
    seen: list[str] = field(default_factory=list)
    failures: int = 0
    next_poll: float = 0.0  # monotonic seconds; not stored

    def to_json(self) -> str:
        return json.dumps({"etag": self.etag, "modified": self.modified, "seen": self.seen[-SEEN_KEPT:],
                           "failures": self.failures})

    @classmethod
    def from_json(cls, url: str, text: str | None) -> FeedState:
        data = json.loads(text) if text else {}
        return cls(url, data.get("etag"), data.get("modified"), list(data.get("seen", [])), int(data.get("failures", 0)))


def _meta_key(url: str) -> str:
    return f"feed:{url}"


def _now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class FeedPoller:
    """Polls feeds no more often than ``interval`` seconds each (longer after failures)."""

    def __init__(self, store: StoreWriter, urls: list[str], interval: float, max_bytes: int = MAX_FILE_BYTES,
                 timeout: float = FETCH_TIMEOUT_S, clock: Callable[[], float] = time.monotonic,
                 policy: FetchPolicy = DEFAULT_POLICY):
        self.store, self.interval, self.max_bytes, self.timeout, self.clock = store, interval, max_bytes, timeout, clock
        self.policy = policy
        self.feeds = [FeedState.from_json(url, store.get_meta(_meta_key(url))) for url in urls]

    def due(self) -> list[FeedState]:
        now = self.clock()
        return [feed for feed in self.feeds if feed.next_poll <= now]

    def poll(self) -> list[RawDocument | Rejection]:
        """The new items of every feed that is due, and a rejection for each failure."""
        out: list[RawDocument | Rejection] = []
        for feed in self.due():
            out += self._poll_one(feed)
        return out

    def remember(self) -> None:
        """Keep each feed's validators and seen links; call once the items polled are stored."""
        with self.store.transaction():
            for feed in self.feeds:
                self.store.set_meta(_meta_key(feed.url), feed.to_json())

    def _fail(self, feed: FeedState, reason: str) -> list[Rejection]:
        feed.failures += 1
        delay = min(self.interval * 2 ** feed.failures, MAX_BACKOFF_S)
        feed.next_poll = self.clock() + delay
        return [Rejection(feed.url, f"{reason} (failure {feed.failures}; next try in {delay:.0f} s)")]

    def _poll_one(self, feed: FeedState) -> list[RawDocument | Rejection]:
        headers = {}
        if feed.etag:
            headers["If-None-Match"] = feed.etag
        if feed.modified:
            headers["If-Modified-Since"] = feed.modified
        try:
            with fetch(feed.url, self.max_bytes, self.timeout, headers, self.policy) as response:
                data = response.read(self.max_bytes + 1)
                etag, modified = response.headers.get("ETag"), response.headers.get("Last-Modified")
        except OSError as exc:
            if getattr(exc, "code", None) == 304:  # urllib raises on 304: nothing new
                feed.failures, feed.next_poll = 0, self.clock() + self.interval
                return []
            return self._fail(feed, fetch_failure(exc))
        if len(data) > self.max_bytes:
            return self._fail(feed, f"feed larger than {self.max_bytes:,} bytes")
        entries = list(read_feed(data, feed.url, None))
        if entries and isinstance(entries[0], Rejection) and entries[0].origin == feed.url:
            return self._fail(feed, entries[0].reason)  # not a feed, or a feed with no entries
        feed.etag, feed.modified, feed.failures = etag, modified, 0
        feed.next_poll = self.clock() + self.interval
        seen = set(feed.seen)
        out: list[RawDocument | Rejection] = []
        for entry in entries:
            if isinstance(entry, Rejection):
                continue  # an entry with no text, so nothing to know it by
            key = entry.url or entry.external_id or entry.title or entry.content[:200]
            if key in seen:
                continue
            seen.add(key)
            feed.seen.append(key)
            out += self._item(entry)
        return out

    def _item(self, entry: RawDocument) -> list[RawDocument | Rejection]:
        """The page an entry links, with the entry's date and title where the page has none;
        the entry itself when there is no page to read."""
        fetched = _now_iso()
        if not entry.url or not entry.url.startswith(("http://", "https://")):
            return finish_all([replace(entry, seen=fetched)])
        pages = read_url(entry.url, self.max_bytes, self.timeout, self.policy)
        documents = [p for p in pages if isinstance(p, RawDocument)]
        if not documents:
            # Keep the entry's summary, and say why the page is not there.
            failure = next((p.reason for p in pages if isinstance(p, Rejection)), "no article on the page")
            return [Rejection(entry.url, f"item page not read: {failure}; the feed's summary was kept instead"),
                    *finish_all([replace(entry, seen=fetched)])]
        return [replace(page, date=page.date or entry.date, title=page.title or entry.title,
                        source=page.source or entry.source, seen=fetched) for page in documents]
