"""Request size limits and security headers, as plain ASGI middleware."""
from __future__ import annotations

import json

# Scripts only from this server: an article's <script> could not run even if
# escaping ever failed. No frames, no plugins, no outside fetches.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
           (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY")]
BODY_METHODS = {"POST", "PUT", "PATCH"}


async def _json_error(send, status: int, message: str) -> None:
    body = json.dumps({"detail": message}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class Guard:
    """Refuses bodies over ``max_bytes`` before reading them (a length must be
    declared) and adds the security headers to every response."""

    def __init__(self, app, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

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
            receive = _capped(receive, int(length))

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + HEADERS
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _capped(receive, declared: int):
    """A body longer than its declared length is cut off there, not read on."""
    seen = 0

    async def wrapped():
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > declared:
                return {"type": "http.disconnect"}
        return message

    return wrapped
