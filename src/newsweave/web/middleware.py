"""Host names, write tokens, request size limits and security headers, as plain ASGI middleware."""
from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import Collection

from newsweave.web.access import token_in_headers, write_refusal
from newsweave.web.config import ServerConfig, normal_host

# Scripts only from this server: an article's <script> could not run even if
# escaping ever failed. No frames, no plugins, no outside fetches.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
           (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY")]
BODY_METHODS = {"POST", "PUT", "PATCH"}


async def _json_error(send, status: int, message: str, headers: list[tuple[bytes, bytes]] = ()) -> None:
    """An error sent before the request body was read: the connection closes after
    it, or a client could go on trickling the unread body into it."""
    body = json.dumps({"detail": message}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close"), *headers] + HEADERS})
    await send({"type": "http.response.body", "body": body})


def host_name(header: str) -> str:
    """The name in a Host header, without its port.

    >>> host_name("LocalHost:8000"), host_name("[::1]:8000"), host_name("127.0.0.1"), host_name("")
    ('localhost', '::1', '127.0.0.1', '')
    """
    if header.startswith("["):
        return normal_host(header.split("]", 1)[0] + "]")
    return normal_host(header.rsplit(":", 1)[0] if header.count(":") == 1 else header)


def _headers(scope) -> dict[str, str]:
    return {name.decode("latin-1").lower(): value.decode("latin-1") for name, value in scope["headers"]}


class Guard:
    """In this order, before the app reads anything: refuses a Host header that names
    no host of ``config.allowed_hosts`` (a DNS-rebinding page sends its own name);
    refuses a write to ``write_routes`` without the right token; refuses bodies over
    ``max_bytes`` (a length must be declared). Then answers 408 when a body is not
    all sent within ``body_timeout`` seconds, and adds the security headers to every response.

    ``write_routes`` holds ``(methods, path pattern)`` of the routes that need the token."""

    def __init__(self, app, config: ServerConfig, max_bytes: int, body_timeout: float = 30.0,
                 write_routes: Collection[tuple[Collection[str], re.Pattern]] = ()):
        self.app = app
        self.config = config
        self.max_bytes = max_bytes
        self.body_timeout = body_timeout
        self.write_routes = write_routes

    def _needs_token(self, scope) -> bool:
        return any(scope["method"] in methods and pattern.match(scope["path"])
                   for methods, pattern in self.write_routes)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = _headers(scope)
        host = host_name(headers.get("host", ""))
        if host not in self.config.allowed_hosts:
            shown = host[:100] or "(none)"
            return await _json_error(send, 400, f"this server does not answer to the host name {shown!r}; "
                                                f"start it with --allowed-host NAME to serve that name")
        if self._needs_token(scope):
            # Before the body: an unauthenticated client cannot make the server take in megabytes.
            refusal = write_refusal(self.config, token_in_headers(headers))
            if refusal is not None:
                status, why = refusal
                challenge = [(b"www-authenticate", b"Bearer")] if status == 401 else []
                return await _json_error(send, status, why, challenge)
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
