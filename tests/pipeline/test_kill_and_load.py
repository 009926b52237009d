"""Writers killed mid-ingest lose nothing; searches during ingests never fail."""
from __future__ import annotations

import random
import signal
import sqlite3
import threading
import time

import httpx

from tests.reliability import (TOKEN, check_store, finish, gold_partition, hashing_store, newsweave, start_server, stop,
                          storyline_corpus, storyline_partition, synthetic_corpus, write_files)

KILLS = 6


def _stored(db) -> int:
    with sqlite3.connect(db) as con:
        return con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]


def test_kill_9_during_ingest_loses_and_duplicates_nothing(tmp_path):
    records = synthetic_corpus(n_events=80, per_event=10, seed=3)
    folder = write_files(tmp_path / "in", records)
    began = time.monotonic()
    finish(newsweave("ingest", str(folder), "--db", str(hashing_store(tmp_path / "whole.db"))))
    whole_run = time.monotonic() - began

    db = hashing_store(tmp_path / "killed.db")
    rng = random.Random(5)
    stored_before_kill = []
    for kill in range(KILLS):
        before = _stored(db)
        writer = newsweave("ingest", str(folder), "--db", str(db))
        if kill % 2 == 0:
            # While reading and embedding (vectors are cached as they are made).
            time.sleep(whole_run * rng.uniform(0.2, 0.6))
        else:
            # Just after a chunk of articles was committed: mid-assignment.
            deadline = time.monotonic() + 60
            while _stored(db) == before and writer.poll() is None and time.monotonic() < deadline:
                time.sleep(0.005)
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        stored_before_kill.append(_stored(db))
    out = finish(newsweave("ingest", str(folder), "--db", str(db)))
    assert "rejected 0" in out, out
    # The kills landed mid-run: some work was stored before them, not all of it.
    assert any(0 < n < len(records) for n in stored_before_kill), stored_before_kill
    assert check_store(db, {r["id"] for r in records}) == gold_partition(records)


def test_a_resumed_ingest_links_the_storylines_its_killed_run_left_unlinked(tmp_path):
    records = storyline_corpus(n_lines=10, events_per_line=3, per_event=6, seed=3)
    folder = write_files(tmp_path / "in", records)
    clean = hashing_store(tmp_path / "clean.db")
    finish(newsweave("ingest", str(folder), "--db", str(clean)))
    clean_events, clean_lines = check_store(clean, {r["id"] for r in records}), storyline_partition(clean)
    # The corpus is one where linking has work to do: some events join storylines.
    assert len(clean_lines) < len(clean_events), "no storyline links two events"

    db = hashing_store(tmp_path / "killed.db")
    for _ in range(3):
        before = _stored(db)
        writer = newsweave("ingest", str(folder), "--db", str(db))
        # Killed just after a chunk of articles was committed, before the run's repair pass.
        deadline = time.monotonic() + 60
        while _stored(db) == before and writer.poll() is None and time.monotonic() < deadline:
            time.sleep(0.002)
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        if 0 < _stored(db) < len(records):
            break
    assert 0 < _stored(db) < len(records), "no kill landed between two committed chunks"
    finish(newsweave("ingest", str(folder), "--db", str(db)))
    assert check_store(db, {r["id"] for r in records}) == clean_events
    assert storyline_partition(db) == clean_lines


def test_search_never_fails_while_articles_arrive(tmp_path):
    records = synthetic_corpus(n_events=30, per_event=6, seed=9)
    first, later = records[::2], records[1::2]
    db = hashing_store(tmp_path / "search.db")
    finish(newsweave("ingest", str(write_files(tmp_path / "first", first)), "--db", str(db)))
    server, base = start_server(db)
    queries = [r["title"].split(":")[1].strip() for r in records[::17]]
    statuses: list[int] = []
    posting = threading.Event()
    posting.set()

    def post_later():
        try:
            with httpx.Client(base_url=base, timeout=60, headers={"Authorization": f"Bearer {TOKEN}"}) as client:
                for start in range(0, len(later), 5):
                    statuses.append(client.post("/api/articles", json=later[start:start + 5]).status_code)
        finally:
            posting.clear()

    def search_loop(path: str):
        with httpx.Client(base_url=base, timeout=60) as client:
            i = 0
            while posting.is_set():
                response = client.get(path, params={"q": queries[i % len(queries)]})
                statuses.append(response.status_code)
                i += 1

    threads = [threading.Thread(target=post_later), threading.Thread(target=search_loop, args=("/api/search",)),
               threading.Thread(target=search_loop, args=("/api/stories",))]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=180)
    finally:
        stop(server)
    print(f"{len(statuses)} requests beside {len(later) // 5} POSTs, {sum(s >= 500 for s in statuses)} with 5xx")
    assert len(statuses) > len(later) // 5 + 20, "too few searches ran beside the posts"
    assert not [s for s in statuses if s >= 500], sorted(set(statuses))
    assert set(statuses) <= {200, 201}, sorted(set(statuses))
    assert check_store(db, {r["id"] for r in records}) == gold_partition(records)


SERVER_KILLS = 3


def test_kill_9_of_the_server_during_posts_loses_and_duplicates_nothing(tmp_path):
    records = synthetic_corpus(n_events=24, per_event=6, seed=13)
    db = hashing_store(tmp_path / "served.db")
    rng = random.Random(8)

    def post_all(base: str, statuses: list[int]) -> None:
        with httpx.Client(base_url=base, timeout=30, headers={"Authorization": f"Bearer {TOKEN}"}) as client:
            for start in range(0, len(records), 6):
                try:
                    statuses.append(client.post("/api/articles", json=records[start:start + 6]).status_code)
                except httpx.HTTPError:
                    return  # the server is gone; a client would resend later

    for _ in range(SERVER_KILLS):
        server, base = start_server(db)
        statuses: list[int] = []
        poster = threading.Thread(target=post_all, args=(base, statuses))
        poster.start()
        time.sleep(rng.uniform(0.2, 1.0))
        server.kill()
        server.wait()
        poster.join(timeout=60)
        assert not [s for s in statuses if s >= 500], statuses
    # The clients resend everything: what was stored is known (200), the rest is stored (201).
    server, base = start_server(db)
    statuses = []
    try:
        post_all(base, statuses)
    finally:
        stop(server)
    assert len(statuses) == len(range(0, len(records), 6)) and set(statuses) <= {200, 201}, statuses
    assert check_store(db, {r["id"] for r in records}) == gold_partition(records)
