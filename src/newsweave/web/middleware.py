"""Request size limits and security headers, as plain ASGI middleware."""
from __future__ import annotations

import asyncio
import json
import time

# Scripts only from this server: an article's <script> could not run even if
# escaping ever failed. No frames, no plugins, no outside fetches.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
           (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY")]
BODY_METHODS = {"POST", "PUT", "PATCH"}


async def _json_error(send, status: int, message: str) -> None:
    """An error sent before the request body was read: the connection closes after
    it, or a client could go on trickling the unread body into it."""
    body = json.dumps({"detail": message}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")] + HEADERS})
    await send({"type": "http.response.body", "body": body})


class Guard:
    """Refuses bodies over ``max_bytes`` before reading them (a length must be
    declared), answers 408 when a body is not all sent within
    ``body_timeout`` seconds, and adds the security headers to every response."""

    def __init__(self, app, max_bytes: int, body_timeout: float = 30.0):
        self.app = app
        self.max_bytes = max_bytes
        self.body_timeout = body_timeout

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if scope["method"] in BODY_METHODS:
            length = dict(scope["headers"]).get(b"content-length")
            if length is None or not length.isdigit():
                return await _json_error(send, 411, "send a Content-Length header with the request body")
            if int(length) > self.max_bytes:
                return await _json_error(send, 413, f"request body is larger than the limit of "
                                                    f"{self.max_bytes // (1024 * 1024)} MiB")
            body = _Body(receive, int(length), time.monotonic() + self.body_timeout)
            receive = body.receive
        else:
            body = None

        async def send_with_headers(message):
            if body is not None and body.timed_out:
                # The app saw a disconnect and answered as it does for a
                # broken body; the client gets the real reason instead.
                if message["type"] == "http.response.start":
                    await _json_error(send, 408, f"the request body did not arrive within {self.body_timeout:g} s")
                return
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + HEADERS
            await send(message)

        await self.app(scope, receive, send_with_headers)


class _Body:
    """The request body as the app reads it: cut at its declared length, and
    given up (as a disconnect) when it has not all arrived by ``deadline``."""

    def __init__(self, receive, declared: int, deadline: float):
        self._receive = receive
        self.declared = declared
        self.deadline = deadline
        self.seen = 0
        self.complete = False
        self.timed_out = False

    async def receive(self):
        if self.complete:
            # Later calls only wait for a disconnect (streaming responses do this).
            return await self._receive()
        try:
            message = await asyncio.wait_for(self._receive(), max(0.0, self.deadline - time.monotonic()))
        except asyncio.TimeoutError:
            self.timed_out = True
            return {"type": "http.disconnect"}
        if message["type"] == "http.request":
            self.seen += len(message.get("body", b""))
            if self.seen > self.declared:
                return {"type": "http.disconnect"}
            self.complete = not message.get("more_body", False)
        return message
