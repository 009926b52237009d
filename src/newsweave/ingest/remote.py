"""One page or feed fetched over HTTP(S) (``newsweave ingest URL``).

The answer is read as a file of the format its Content-Type names (else its
URL's extension names), so a fetched page goes through the same readers,
limits and rejections as a saved one. Every failure, a refused connection,
an HTTP error, a timeout, an oversized or unsupported answer, comes back as
a rejection with the reason, never as an exception.

Fetches go only to public addresses unless the :class:`FetchPolicy` says
otherwise, on the first hop and every redirect (:mod:`.address_guard`).
"""
from __future__ import annotations

import tempfile
import urllib.error
import urllib.request
from dataclasses import replace
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from newsweave.records import RawDocument, Rejection
from newsweave.ingest.address_guard import DEFAULT_POLICY, FetchPolicy, FetchRefused, check_url
from newsweave.ingest.files import FORMATS, MAX_FILE_BYTES
from newsweave.ingest.guarded_http import guarded_opener

FETCH_TIMEOUT_S = 30
ACCEPT = "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5"

# Content-Type -> the extension whose reader takes it.
CONTENT_TYPES = {
    "text/html": ".html", "application/xhtml+xml": ".html",
    "application/rss+xml": ".xml", "application/atom+xml": ".xml", "application/rdf+xml": ".xml",
    "application/xml": ".xml", "text/xml": ".xml",
    "application/json": ".json", "application/ld+json": ".json",
    "application/x-ndjson": ".jsonl", "application/jsonl": ".jsonl", "application/jsonlines": ".jsonl",
    "text/plain": ".txt",
}


def is_url(arg: str) -> bool:
    return urlsplit(arg).scheme.lower() in ("http", "https") and bool(urlsplit(arg).netloc)


def _suffix(content_type: str | None, url: str) -> str | None:
    media = (content_type or "").split(";")[0].strip().lower()
    if media in CONTENT_TYPES:
        return CONTENT_TYPES[media]
    suffix = PurePosixPath(urlsplit(url).path).suffix.lower()
    return suffix if suffix in FORMATS else None


def fetch(url: str, max_bytes: int = MAX_FILE_BYTES, timeout: float = FETCH_TIMEOUT_S,
          headers: dict[str, str] | None = None, policy: FetchPolicy = DEFAULT_POLICY):
    """The open HTTP response for ``url``; raises urllib's errors and :class:`FetchRefused`
    (the caller words them)."""
    from newsweave import __version__  # here, not at import: the package imports the readers first

    check_url(url, policy)
    request = urllib.request.Request(url, headers={"User-Agent": f"newsweave/{__version__}", "Accept": ACCEPT, **(headers or {})})
    return guarded_opener(policy).open(request, timeout=timeout)


def fetch_failure(exc: Exception) -> str:
    """A fetch error as a reason a user can act on."""
    if isinstance(exc, FetchRefused):
        return str(exc)
    if isinstance(exc, urllib.error.URLError) and isinstance(exc.reason, FetchRefused):
        return str(exc.reason)  # refused while connecting: urllib wraps what connect() raises
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code} {exc.reason}"
    if isinstance(exc, urllib.error.URLError):
        return f"cannot fetch: {exc.reason}"
    if isinstance(exc, TimeoutError):
        return "cannot fetch: timed out"
    return f"cannot fetch: {exc}"


def read_url(url: str, max_bytes: int = MAX_FILE_BYTES, timeout: float = FETCH_TIMEOUT_S,
             policy: FetchPolicy = DEFAULT_POLICY) -> list[RawDocument | Rejection]:
    """The documents of one page or feed at ``url``; each page keeps the URL it was fetched from."""
    from newsweave.ingest import read_file

    try:
        with fetch(url, max_bytes, timeout, policy=policy) as response:
            final_url, content_type = response.geturl(), response.headers.get("Content-Type")
            data = response.read(max_bytes + 1)
    except (OSError, ValueError) as exc:  # URLError and HTTPError are OSErrors; ValueError: a malformed URL
        return [Rejection(url, fetch_failure(exc))]
    if len(data) > max_bytes:
        return [Rejection(url, f"answer larger than {max_bytes:,} bytes")]
    suffix = _suffix(content_type, final_url)
    if suffix is None:
        return [Rejection(url, f"unsupported content type: {content_type or 'none given'}")]
    with tempfile.TemporaryDirectory(prefix="newsweave-fetch-") as folder:
        path = Path(folder) / f"page{suffix}"
        path.write_bytes(data)
        items = read_file(path, origin=url, max_bytes=max_bytes)
    return [replace(item, url=final_url) if isinstance(item, RawDocument) and not item.url else item
            for item in items]
