"""A throwaway PostgreSQL server for tests and benchmarks: Debian's ``initdb`` and
``pg_ctl`` in a temporary folder, listening on 127.0.0.1 at a free port.

PostgreSQL refuses to run as root, so when the tests run as root the server
runs as ``nobody``. :func:`server_binaries` says why a server cannot be
started, so the tests that need one skip with that reason.
"""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

UNPRIVILEGED_USER = "nobody"


def server_binaries() -> tuple[Path | None, str]:
    """``(folder of initdb and pg_ctl, "")``, or ``(None, why not)``."""
    candidates = [Path(p).parent for p in [shutil.which("initdb") or ""] if p]
    candidates += [Path(p) for p in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)]
    for folder in candidates:
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            try:
                import psycopg  # noqa: F401
            except ImportError:
                return None, "psycopg is not installed (pip install 'psycopg[binary]')"
            return folder, ""
    return None, "PostgreSQL server binaries (initdb, pg_ctl) not found: apt-get install postgresql"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LocalPostgres:
    """``with LocalPostgres() as pg: pg.url("dbname")``; the folder is removed on exit.

    Tests run it without flushing to disk (a crash of a throwaway server loses nothing of
    worth); ``durable=True`` keeps PostgreSQL's defaults, for benchmarks."""

    def __init__(self, durable: bool = False):
        self.durable = durable
        self.bin, why = server_binaries()
        if self.bin is None:
            raise RuntimeError(why)
        self.dir = Path(tempfile.mkdtemp(prefix="newsweave-pg-"))
        self.data = self.dir / "data"
        self.port = _free_port()
        self._as_user: list[str] = []
        if os.geteuid() == 0:
            import pwd
            user = pwd.getpwnam(UNPRIVILEGED_USER)
            os.chown(self.dir, user.pw_uid, user.pw_gid)
            self._as_user = ["setpriv", f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}", "--clear-groups"]

    def _run(self, *args: str) -> None:
        done = subprocess.run([*self._as_user, *args], capture_output=True, text=True, cwd=self.dir)
        if done.returncode:
            raise RuntimeError(f"{Path(args[0]).name} failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}")

    def start(self) -> "LocalPostgres":
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust",
                  "-E", "UTF8", "--locale=C.UTF-8")
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.dir}"
        if not self.durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.dir / "log"),
                  "-w", "-t", "60", "start")
        return self

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.dir, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """A new empty database; returns its URL."""
        import psycopg
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def __enter__(self) -> "LocalPostgres":
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc) -> None:
        self.stop()
