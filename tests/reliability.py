"""Support for the reliability suite: a synthetic corpus of well-separated
events, stores built with the hashing embedder, subprocess helpers, and the
invariants every store must keep whatever happened to the writers."""
from __future__ import annotations

import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

from newsweave.embed import HashingEmbedder
from newsweave.store import open_store

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "reliability-token-0123456789"


def _word(rng: random.Random) -> str:
    return "".join(rng.choice("bcdfghjklmnprstvz") + rng.choice("aeiou") for _ in range(rng.randint(2, 4)))


def synthetic_corpus(n_events: int, per_event: int, seed: int = 7) -> list[dict]:
    """Corpus records; the articles of one event share a vocabulary no other event uses.

    Each event has its own place, people and figures, so any sound
    clustering recovers the events exactly, in any order of arrival: a test
    can then demand the same partition from concurrent and serial runs.
    """
    rng = random.Random(seed)
    records = []
    for event in range(n_events):
        words = [_word(rng) for _ in range(24)]
        place, person = words[0].title(), f"{words[1].title()} {words[2].title()}"
        figure = rng.randint(100, 9999)
        day = 1 + event % 27
        for k in range(per_event):
            body = []
            for sentence in range(5):
                picked = rng.sample(words[3:], 7)
                body.append(f"{person} said in {place} that {' '.join(picked)} reached {figure + sentence}.")
            rng.shuffle(body)
            records.append({
                "id": f"e{event:03d}-{k:02d}", "label": f"event-{event:03d}",
                "title": f"{place}: {' '.join(rng.sample(words[3:], 4))} {k}",
                "text": " ".join(body) + f" Report {event}-{k}.",
                "date": f"2024-03-{day:02d}", "source": f"Outlet {k}"})
    return records


def storyline_corpus(n_lines: int, events_per_line: int, per_event: int, seed: int = 7) -> list[dict]:
    """Corpus records in storylines: the events of one storyline happen in one place, days
    apart, each with its own people, figures and vocabulary, so they stay apart as events
    while some of them link. ``storyline`` names each record's storyline."""
    rng = random.Random(seed)
    records = []
    for line in range(n_lines):
        common = [_word(rng) for _ in range(12)]
        place = common[0].title()
        for step in range(events_per_line):
            event = line * events_per_line + step
            words = [_word(rng) for _ in range(20)]
            person = f"{_word(rng).title()} {_word(rng).title()}"
            figure = rng.randint(100, 9999)
            day = 1 + (line * 2 + step) % 27  # a storyline's events on following days
            for k in range(per_event):
                body = []
                for sentence in range(5):
                    picked = rng.sample(words[:18], 6) + rng.sample(common[1:], 1)
                    body.append(f"{person} said in {place} that {' '.join(picked)} reached {figure + sentence}.")
                rng.shuffle(body)
                records.append({
                    "id": f"e{event:03d}-{k:02d}", "label": f"event-{event:03d}", "storyline": f"line-{line:02d}",
                    "title": f"{place}: {' '.join(rng.sample(words[:18], 4))} {k}",
                    "text": " ".join(body) + f" Report {event}-{k}.",
                    "date": f"2024-03-{day:02d}", "source": f"Outlet {k}"})
    return records


def storyline_partition(db: Path | str) -> set[frozenset[str]]:
    """The store's storylines, each as the set of its articles' record ids."""
    with open_store(db, readonly=True) as store:
        rows = store.db.execute("SELECT a.external_id, COALESCE(s.storyline_id, s.id) FROM articles a "
                                "JOIN stories s ON s.id = a.story_id").fetchall()
    lines = defaultdict(set)
    for record_id, line in rows:
        lines[line].add(record_id)
    return {frozenset(m) for m in lines.values()}


def write_files(folder: Path, records: list[dict]) -> Path:
    """One JSON file per record."""
    folder.mkdir(parents=True, exist_ok=True)
    for record in records:
        (folder / f"{record['id']}.json").write_text(json.dumps(record), encoding="utf-8")
    return folder


def hashing_store(db: Path | str) -> Path | str:
    """A new store (a SQLite path or a PostgreSQL URL) that records the hashing embedder,
    so every process (CLI, server) uses it."""
    embedder = HashingEmbedder(dim=128)
    with open_store(db) as store:
        store.check_embedder(embedder.name, embedder.version, embedder.dim)
    return db


def newsweave(*args: str, **popen) -> subprocess.Popen:
    """``newsweave ARGS`` in a new process."""
    env = {**os.environ, "NEWSWEAVE_TOKEN": TOKEN, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([sys.executable, "-m", "newsweave.cli", *args], env=env, cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **popen)


def finish(process: subprocess.Popen, timeout: float = 120) -> str:
    out, _ = process.communicate(timeout=timeout)
    assert process.returncode == 0, out
    return out


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(db: Path | str, *extra: str) -> tuple[subprocess.Popen, str]:
    """``newsweave serve`` on a free port; returns the process and its base URL once it answers."""
    import httpx

    port = free_port()
    process = newsweave("serve", "--db", str(db), "--port", str(port), *extra)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"server exited: {process.stdout.read()}")
        try:
            if httpx.get(f"{base}/api/health", timeout=1).status_code == 200:
                return process, base
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise AssertionError("server did not start within 60 s")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def check_store(db: Path | str, expected: set[str]) -> set[frozenset[str]]:
    """Assert the invariants of a store holding the records ``expected`` (by their ids);
    returns its partition into stories, as sets of record ids.

    No article lost, none stored twice, every article in exactly one existing
    story, and every story's stored size equal to its article count.
    """
    with open_store(db, readonly=True) as store:
        rows = store.db.execute("SELECT external_id, story_id FROM articles").fetchall()
        stories = {row["id"]: row["size"] for row in store.db.execute("SELECT id, size FROM stories")}
    ids = Counter(row["external_id"] for row in rows)
    assert set(ids) == expected, f"lost {sorted(expected - set(ids))[:5]}, unexpected {sorted(set(ids) - expected)[:5]}"
    assert max(ids.values()) == 1, f"stored twice: {[i for i, n in ids.items() if n > 1][:5]}"
    members = defaultdict(set)
    for row in rows:
        assert row["story_id"] in stories, f"article {row['external_id']} in missing story {row['story_id']}"
        members[row["story_id"]].add(row["external_id"])
    wrong = {s: (size, len(members[s])) for s, size in stories.items() if size != len(members[s])}
    assert not wrong, f"story sizes differ from their article counts: {wrong}"
    return {frozenset(m) for m in members.values()}


def gold_partition(records: list[dict]) -> set[frozenset[str]]:
    groups = defaultdict(set)
    for record in records:
        groups[record["label"]].add(record["id"])
    return {frozenset(g) for g in groups.values()}


def finishes_within(seconds, func, *args, **kwargs):
    """``func``'s result, or a test failure (not a hung run) when it blocks."""
    result = {}

    def target():
        try:
            result["value"] = func(*args, **kwargs)
        except BaseException as exc:  # handed to the test thread below
            result["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"{func.__name__} still running after {seconds} s: something hangs"
    if "error" in result:
        raise result["error"]
    return result["value"]
