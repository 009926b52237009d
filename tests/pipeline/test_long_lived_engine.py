"""The server's writer pipeline stays open between POSTs: the store is read whole
once, then only what was stored since, by this server or by another writer."""
from __future__ import annotations

from newsweave.pipeline import run as pipeline_module
from newsweave.embed import HashingEmbedder
from newsweave.ingest.records import record_to_document
from newsweave.pipeline.placing import Placer
from newsweave.pipeline.run import Pipeline
from newsweave.store import SQLiteStore
from newsweave.web.engine import Engine

from tests.conftest import NOW
from tests.reliability import check_store, gold_partition, synthetic_corpus


def documents(records):
    return [record_to_document(r, f"post#{r['id']}", None) for r in records]


def test_posts_share_one_state_and_take_in_another_writers_articles(tmp_path, monkeypatch):
    records = synthetic_corpus(n_events=8, per_event=6, seed=5)
    batches = [records[i::4] for i in range(4)]  # every event spread over all four batches
    db = tmp_path / "engine.db"
    engine = Engine(str(db), HashingEmbedder(dim=128))
    loads = []
    real_load = pipeline_module.AssignState.load
    monkeypatch.setattr(pipeline_module.AssignState, "load",
                        classmethod(lambda cls, *a, **k: loads.append(1) or real_load(*a, **k)))
    assert engine.ingest(documents(batches[0])).stored == len(batches[0])
    # Another process's writer stores the second batch between two POSTs.
    with SQLiteStore(db) as other:
        Pipeline(other, embedder=HashingEmbedder(dim=128), now=NOW, progress=False).ingest_documents(
            documents(batches[1]))
    for batch in batches[2:]:
        assert engine.ingest(documents(batch)).stored == len(batch)
    engine.close()
    assert loads == [1, 1]  # the engine's once, the other writer's once: no reload per POST
    assert check_store(db, {r["id"] for r in records}) == gold_partition(records)


def test_the_long_lived_state_gives_the_stories_of_fresh_runs(tmp_path):
    records = synthetic_corpus(n_events=10, per_event=5, seed=9)
    batches = [records[i::5] for i in range(5)]
    engine = Engine(str(tmp_path / "kept.db"), HashingEmbedder(dim=128))
    for batch in batches:
        engine.ingest(documents(batch))
    engine.close()
    for batch in batches:  # a fresh pipeline, reading the store whole, for every batch
        with SQLiteStore(tmp_path / "fresh.db") as store:
            Pipeline(store, embedder=HashingEmbedder(dim=128), progress=False).ingest_documents(documents(batch))
    expected = {r["id"] for r in records}
    assert check_store(tmp_path / "kept.db", expected) == check_store(tmp_path / "fresh.db", expected)


def test_a_failed_write_drops_the_state_and_the_next_post_reads_the_store_again(tmp_path, monkeypatch):
    records = synthetic_corpus(n_events=4, per_event=4, seed=3)
    db = tmp_path / "fail.db"
    engine = Engine(str(db), HashingEmbedder(dim=128))
    engine.ingest(documents(records[:8]))
    real_store_chunk = Placer.store_chunk

    def broken(self, *args):
        real_store_chunk(self, *args)
        raise RuntimeError("disk full")  # after the rows are written: the transaction rolls back

    monkeypatch.setattr(Placer, "store_chunk", broken)
    try:
        engine.ingest(documents(records[8:]))
    except RuntimeError:
        pass
    assert engine._pipeline.placer.held is None
    monkeypatch.setattr(Placer, "store_chunk", real_store_chunk)
    assert engine.ingest(documents(records[8:])).stored == 8
    engine.close()
    assert check_store(db, {r["id"] for r in records}) == gold_partition(records)
