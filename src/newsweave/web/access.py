"""Who may read and who may write.

The token travels in ``Authorization: Bearer``, in ``X-Newsweave-Token``, or
(for reads from a browser) in the cookie set by the login page.
"""
from __future__ import annotations

import secrets

from fastapi import HTTPException, Request

from newsweave.web.config import ServerConfig

COOKIE = "newsweave_token"
LOOPBACK = ("127.", "::1", "localhost")


def token_in_headers(headers) -> str | None:
    """The token of ``Authorization: Bearer`` or ``X-Newsweave-Token``; ``headers`` maps lower-case names."""
    header = headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return headers.get("x-newsweave-token")


def presented_token(request: Request) -> str | None:
    return token_in_headers(request.headers)


def token_matches(config: ServerConfig, token: str | None) -> bool:
    return bool(token) and secrets.compare_digest(token.encode(), config.token.encode())


def is_local(request: Request) -> bool:
    host = request.client.host if request.client else ""
    return host.startswith(LOOPBACK)


def may_read(config: ServerConfig, request: Request) -> bool:
    if config.reads == "open" or (config.reads == "local" and is_local(request)):
        return True
    return token_matches(config, presented_token(request) or request.cookies.get(COOKIE))


# Why a read was refused, by --reads ("open" refuses no read).
READ_REFUSALS = {"local": "reading needs the API token here (reads are open only to this machine)",
                 "token": "reading needs the API token"}
SEND_TOKEN = "send 'Authorization: Bearer TOKEN' or sign in at /login"
CHALLENGE = {"WWW-Authenticate": "Bearer"}


def require_read(request: Request) -> None:
    config: ServerConfig = request.app.state.config
    if not may_read(config, request):
        raise HTTPException(401, f"{READ_REFUSALS[config.reads]}: {SEND_TOKEN}", headers=CHALLENGE)


def write_refusal(config: ServerConfig, token: str | None) -> tuple[int, str] | None:
    """``(401, why)`` without a token, ``(403, why)`` with a wrong one, None with the right one."""
    if not token:
        return 401, ("writing needs the API token: send 'Authorization: Bearer TOKEN' "
                     "(printed by 'newsweave serve' at first start, or $NEWSWEAVE_TOKEN)")
    if not token_matches(config, token):
        return 403, "wrong API token"
    return None


def check_write_token(config: ServerConfig, token: str | None) -> None:
    """Raises 401 without a token and 403 with a wrong one. Cookies never count:
    a write must carry the token itself, so another site cannot make a browser write."""
    refusal = write_refusal(config, token)
    if refusal is not None:
        status, why = refusal
        raise HTTPException(status, why, headers=CHALLENGE if status == 401 else None)


def require_write(request: Request) -> None:
    check_write_token(request.app.state.config, presented_token(request))
