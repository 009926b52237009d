"""Several writers on one store: separate CLI ingests, and a CLI ingest beside
the server taking POSTs. Whatever the interleaving, the store ends as one
serial run would leave it: every article once, in the story of its event."""
from __future__ import annotations

import subprocess
import sys
import threading
import time

import httpx
import pytest

from newsweave.embed import HashingEmbedder
from newsweave.pipeline.run import Pipeline
from newsweave.store import SQLiteStore

from tests.conftest import NOW
from tests.reliability import (TOKEN, check_store, finish, gold_partition, hashing_store, newsweave, start_server, stop,
                          synthetic_corpus, write_files)


TRIALS = 3


def serial_partition(db, *folders):
    with SQLiteStore(db) as store:
        pipeline = Pipeline(store, embedder=HashingEmbedder(dim=128), now=NOW, progress=False)
        for folder in folders:
            pipeline.ingest([folder])


def test_a_new_store_opened_by_six_processes_at_once(tmp_path):
    start = time.time() + 1.5
    code = ("import sys, time; from newsweave.store import SQLiteStore\n"
            f"time.sleep(max(0, {start} - time.time()))\n"
            "SQLiteStore(sys.argv[1]).close()")
    processes = [subprocess.Popen([sys.executable, "-c", code, str(tmp_path / "new.db")],
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) for _ in range(6)]
    outputs = [p.communicate(timeout=60)[0] for p in processes]
    assert [p.returncode for p in processes] == [0] * 6, outputs
    with SQLiteStore(tmp_path / "new.db", readonly=True) as store:
        assert store.article_count() == 0


def test_two_cli_ingests_give_the_partition_of_one_serial_run(tmp_path):
    records = synthetic_corpus(n_events=24, per_event=8)
    # Both writers bring articles of every event, so they keep adding to the same stories.
    first = write_files(tmp_path / "first", [r for r in records if int(r["id"][-2:]) % 2 == 0])
    second = write_files(tmp_path / "second", [r for r in records if int(r["id"][-2:]) % 2 == 1])
    serial_partition(tmp_path / "serial.db", first, second)
    gold = gold_partition(records)
    assert check_store(tmp_path / "serial.db", {r["id"] for r in records}) == gold

    for trial in range(TRIALS):
        db = hashing_store(tmp_path / f"concurrent-{trial}.db")
        writers = [newsweave("ingest", str(first), "--db", str(db)), newsweave("ingest", str(second), "--db", str(db))]
        for writer in writers:
            finish(writer)
        assert check_store(db, {r["id"] for r in records}) == gold


@pytest.mark.parametrize("trial", range(2))
def test_cli_ingest_beside_the_server_taking_posts(tmp_path, trial):
    records = synthetic_corpus(n_events=20, per_event=8, seed=11 + trial)
    by_file = [r for r in records if int(r["id"][-2:]) < 4]
    by_post = [r for r in records if int(r["id"][-2:]) >= 4]
    folder = write_files(tmp_path / "files", by_file)
    db = hashing_store(tmp_path / "live.db")
    server, base = start_server(db)
    statuses = []

    def post_all():
        with httpx.Client(base_url=base, timeout=60, headers={"Authorization": f"Bearer {TOKEN}"}) as client:
            for start in range(0, len(by_post), 8):
                statuses.append(client.post("/api/articles", json=by_post[start:start + 8]).status_code)

    try:
        poster = threading.Thread(target=post_all)
        poster.start()
        finish(newsweave("ingest", str(folder), "--db", str(db)))
        poster.join(timeout=120)
    finally:
        stop(server)
    assert statuses and set(statuses) == {201}, statuses
    assert check_store(db, {r["id"] for r in records}) == gold_partition(records)


def test_another_writer_between_two_chunks_is_taken_in(tmp_path, monkeypatch):
    """Writer A stores one chunk; writer B (another connection) then stores all of
    its articles, into the same stories; A goes on from a state that includes them."""
    from newsweave.pipeline import placing as pipeline_module
    records = synthetic_corpus(n_events=12, per_event=6, seed=21)
    first = write_files(tmp_path / "first", [r for r in records if int(r["id"][-2:]) % 2 == 0])
    second = write_files(tmp_path / "second", [r for r in records if int(r["id"][-2:]) % 2 == 1])
    db = tmp_path / "turns.db"
    monkeypatch.setattr(pipeline_module, "STORE_CHUNK", 8)
    real_bar = pipeline_module.progress_bar
    interrupted = []

    def bar(items, total, label, enabled, **kwargs):
        for index, item in enumerate(real_bar(items, total, label, enabled, **kwargs)):
            if label == "assigning" and index == 1 and not interrupted:
                interrupted.append(True)  # between A's first and second chunk, B runs whole
                with SQLiteStore(db) as other:
                    Pipeline(other, embedder=HashingEmbedder(dim=128), now=NOW, progress=False).ingest([second])
            yield item

    monkeypatch.setattr(pipeline_module, "progress_bar", bar)
    with SQLiteStore(db) as store:
        summary = Pipeline(store, embedder=HashingEmbedder(dim=128), now=NOW, progress=False).ingest([first])
    assert interrupted and summary.stored == len(records) // 2
    assert check_store(db, {r["id"] for r in records}) == gold_partition(records)
