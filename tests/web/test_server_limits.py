"""The server frees connections that send their request slowly, and odd
headers or store paths give clear errors, never a 500 or a stray file."""
from __future__ import annotations

import socket
import time

import httpx
from click.testing import CliRunner
from fastapi.testclient import TestClient

from newsweave.cli import main

from tests.reliability import TOKEN, hashing_store, start_server, stop
from tests.web_support import auth, make_app

SLOW_CLIENTS = 100


def _send_slowly(port: int, head: bytes) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.sendall(head)
    return sock


def _closed_by_server(sock: socket.socket) -> tuple[bool, bytes]:
    """(whether the server closed the connection, what it answered before closing)."""
    received = b""
    try:
        while chunk := sock.recv(4096):
            received += chunk
        return True, received
    except (TimeoutError, socket.timeout):
        return False, received
    except ConnectionResetError:
        return True, received
    finally:
        sock.close()


def test_slow_heads_and_bodies_are_cut_off_and_the_server_keeps_answering(tmp_path):
    server, base = start_server(hashing_store(tmp_path / "slow.db"), "--head-timeout", "1", "--body-timeout", "1")
    port = int(base.rsplit(":", 1)[1])
    try:
        heads = [_send_slowly(port, b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
                 for _ in range(SLOW_CLIENTS // 2)]
        bodies = [_send_slowly(port, b"POST /api/articles HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                     b"Content-Type: application/json\r\n"
                                     b"Authorization: Bearer " + TOKEN.encode() + b"\r\nContent-Length: 5000\r\n\r\n"
                                     b'{"text": "only the start') for _ in range(SLOW_CLIENTS // 2)]
        # Others are still served while the slow clients hold their connections.
        assert httpx.get(f"{base}/api/health", timeout=5).status_code == 200
        time.sleep(3)
        began = time.monotonic()
        head_results = [_closed_by_server(sock) for sock in heads]
        body_results = [_closed_by_server(sock) for sock in bodies]
        assert time.monotonic() - began < 5, "closed connections should be noticed at once"
        assert all(closed for closed, _ in head_results), "a slow request head kept its connection"
        assert all(closed for closed, _ in body_results), "a slow request body kept its connection"
        assert all(answer.startswith(b"HTTP/1.1 408") for _, answer in body_results), body_results[0][1][:200]
        assert httpx.get(f"{base}/api/health", timeout=5).status_code == 200
    finally:
        stop(server)


def test_a_body_trickled_byte_by_byte_gets_408_and_the_connection_closes(tmp_path):
    server, base = start_server(hashing_store(tmp_path / "trickle.db"), "--body-timeout", "1")
    port = int(base.rsplit(":", 1)[1])
    try:
        sock = _send_slowly(port, b"POST /api/articles HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                  b"Authorization: Bearer " + TOKEN.encode() + b"\r\nContent-Length: 100000\r\n\r\n{")
        sock.settimeout(0.4)
        answer, began = b"", time.monotonic()
        # One byte every 0.3 s: each arrives well within any per-read timeout, the whole never does.
        while time.monotonic() - began < 6:
            try:
                sock.sendall(b" ")
                chunk = sock.recv(4096)
            except (TimeoutError, socket.timeout):
                continue
            except (BrokenPipeError, ConnectionResetError):
                break
            if not chunk:
                break
            answer += chunk
        assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
        assert b"connection: close" in answer.lower()
        assert time.monotonic() - began < 4, "the connection stayed open after the 408"
    finally:
        stop(server)


def test_an_absurd_last_event_id_is_ignored_not_a_500(tmp_path):
    with TestClient(make_app(hashing_store(tmp_path / "events.db"))) as client:
        for value in ("9" * 4301, "٣", "-1", "1e9", "12345678901234567890123"):
            response = client.get("/api/events?wait=0.1", headers={**auth(), "Last-Event-ID": value.encode("utf-8")})
            assert response.status_code == 200, (value[:20], response.status_code)


def test_a_database_url_is_never_a_file(tmp_path, monkeypatch):
    """An unknown scheme is refused by name; a PostgreSQL server that is not there is a
    clear error; neither leaves a file behind."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("Title\n\nSome article text that is long enough to be an article.")
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    for url, said in (("mysql://user@localhost/news", "mysql:// stores are not supported"),
                      (f"postgresql://user@127.0.0.1:{closed_port}/news", "cannot open the store at postgresql://")):
        for args in (["ingest", "a.txt"], ["stories"], ["serve"]):
            result = CliRunner().invoke(main, [*args, "--db", url])
            assert result.exit_code != 0
            assert said in result.output, result.output
            assert "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]
