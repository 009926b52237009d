"""A small HTTP server on 127.0.0.1 for tests that fetch pages and feeds."""
from __future__ import annotations

import hashlib
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@contextmanager
def serving(routes: dict[str, tuple[int, str, bytes] | tuple[int, str, bytes, dict[str, str]]]):
    """Serve ``routes`` (path -> status, content type, body, and optionally a dict of further
    headers, such as a redirect's ``Location``; the dict may change while serving).

    A 200 answer carries an ``ETag`` of its body and a matching ``If-None-Match``
    gets 304, as a real feed server does. Yields the base URL and the requests
    made, each ``(path, If-None-Match or None)``.
    """
    requested: list[tuple[str, str | None]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the name http.server calls
            condition = self.headers.get("If-None-Match")
            requested.append((self.path, condition))
            status, ctype, body, *more = routes.get(self.path, (404, "text/plain", b"not found"))
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            if status == 200 and condition == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (more[0] if more else {}).items():
                self.send_header(name, value)
            if status == 200:
                self.send_header("ETag", etag)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):  # keep test output clean
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", requested
    finally:
        server.shutdown()
        server.server_close()
