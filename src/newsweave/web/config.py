"""Server settings, and the write token: given, remembered, or made at first start."""
from __future__ import annotations

import os
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

READ_POLICIES = ("local", "open", "token")
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_BATCH = 1000
HEAD_TIMEOUT_S = 10.0
BODY_TIMEOUT_S = 30.0
# The names this machine goes by. A page on another site that rebinds its own name to
# 127.0.0.1 still sends that name as Host, so only the names listed here reach the store.
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
EVERY_INTERFACE = ("0.0.0.0", "::", "")


@dataclass
class ServerConfig:
    """What ``newsweave serve`` runs with.

    ``reads``: ``local`` (default) lets clients on this machine read without
    the token and asks everyone else for it; ``open`` lets anyone read;
    ``token`` asks everyone. Writes always need the token.
    """

    db: str
    token: str
    reads: str = "local"
    max_upload_bytes: int = MAX_UPLOAD_BYTES
    max_batch: int = MAX_BATCH
    head_timeout: float = HEAD_TIMEOUT_S   # seconds a client has to send a request's line and headers
    body_timeout: float = BODY_TIMEOUT_S   # seconds a client has to send a request's whole body
    allowed_hosts: tuple[str, ...] = LOCAL_HOSTS  # what the Host header may name; others get 400

    def __post_init__(self):
        self.allowed_hosts = tuple(dict.fromkeys(normal_host(name) for name in self.allowed_hosts))
        if not all(self.allowed_hosts):
            raise ValueError("an allowed host cannot be empty")
        if self.reads not in READ_POLICIES:
            raise ValueError(f"reads must be one of {', '.join(READ_POLICIES)}, got {self.reads!r}")
        if self.head_timeout <= 0 or self.body_timeout <= 0:
            raise ValueError("timeouts must be positive")
        if len(self.token) < 16:
            raise ValueError("the API token must be at least 16 characters")


def normal_host(name: str) -> str:
    """A host name as Host headers are compared: lower case, no brackets, no trailing dot.

    >>> normal_host("[::1]"), normal_host("News.Example.ORG."), normal_host(" localhost ")
    ('::1', 'news.example.org', 'localhost')
    """
    name = name.strip().lower()
    if name.startswith("[") and name.endswith("]"):
        name = name[1:-1]
    return name.rstrip(".")


def allowed_hosts_for(bind: str, named: Iterable[str] = ()) -> tuple[str, ...]:
    """This machine's names, the address the server listens on, and the names the operator gave.

    Listening on every interface (0.0.0.0) adds no name: which names reach the server is
    the operator's to say.

    >>> allowed_hosts_for("192.168.1.5", ["news.lan"])
    ('localhost', '127.0.0.1', '::1', '192.168.1.5', 'news.lan')
    >>> allowed_hosts_for("0.0.0.0")
    ('localhost', '127.0.0.1', '::1')
    """
    bound = () if normal_host(bind) in EVERY_INTERFACE else (bind,)
    names = [normal_host(n) for n in (*LOCAL_HOSTS, *bound, *named)]
    return tuple(dict.fromkeys(n for n in names if n))


def token_file(db: str) -> Path:
    """Beside a SQLite store; for a database URL, in the user's configuration folder, one file
    per server and database (every server of that store on this machine shares it)."""
    from newsweave.store import is_url, shown_location

    if not is_url(db):
        return Path(f"{db}.token")
    config = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    name = re.sub(r"[^A-Za-z0-9._@-]+", "_", shown_location(db).split("://", 1)[1]).strip("_")
    return config / "newsweave" / f"{name}.token"


def resolve_token(db: str, given: str | None = None) -> tuple[str, str]:
    """``(token, where it came from)``: ``given``, else ``$NEWSWEAVE_TOKEN``, else the
    token file beside the store, else a new token written there (owner-only)."""
    if given:
        return given, "given"
    env = os.environ.get("NEWSWEAVE_TOKEN")
    if env:
        return env, "NEWSWEAVE_TOKEN"
    path = token_file(db)
    if path.exists():
        return path.read_text(encoding="utf-8").strip(), str(path)
    token = secrets.token_urlsafe(24)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(token + "\n")
    return token, "new"
