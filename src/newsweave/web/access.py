"""Who may read and who may write.

The token travels in ``Authorization: Bearer``, in ``X-Newsweave-Token``, or
(for reads from a browser) in the cookie set by the login page.
"""
from __future__ import annotations

import secrets

from fastapi import HTTPException, Request

from .config import ServerConfig

COOKIE = "newsweave_token"
LOOPBACK = ("127.", "::1", "localhost")


def presented_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return request.headers.get("x-newsweave-token")


def token_matches(config: ServerConfig, token: str | None) -> bool:
    return bool(token) and secrets.compare_digest(token.encode(), config.token.encode())


def is_local(request: Request) -> bool:
    host = request.client.host if request.client else ""
    return host.startswith(LOOPBACK)


def may_read(config: ServerConfig, request: Request) -> bool:
    if config.reads == "open" or (config.reads == "local" and is_local(request)):
        return True
    return token_matches(config, presented_token(request) or request.cookies.get(COOKIE))


def require_read(request: Request) -> None:
    config: ServerConfig = request.app.state.config
    if not may_read(config, request):
        raise HTTPException(401, "reading needs the API token here (reads are open only to this machine): "
                                 "send 'Authorization: Bearer TOKEN' or sign in at /login",
                            headers={"WWW-Authenticate": "Bearer"})


def check_write_token(config: ServerConfig, token: str | None) -> None:
    """Raises 401 without a token and 403 with a wrong one. Cookies never count:
    a write must carry the token itself, so another site cannot make a browser write."""
    if not token:
        raise HTTPException(401, "writing needs the API token: send 'Authorization: Bearer TOKEN' "
                                 "(printed by 'newsweave serve' at first start, or $NEWSWEAVE_TOKEN)",
                            headers={"WWW-Authenticate": "Bearer"})
    if not token_matches(config, token):
        raise HTTPException(403, "wrong API token")


def require_write(request: Request) -> None:
    check_write_token(request.app.state.config, presented_token(request))
