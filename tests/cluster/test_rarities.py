"""Word rarities read from the store on demand count what a whole read would have counted."""
from __future__ import annotations

from collections import Counter

from newsweave.cluster.rarities import Rarities
from newsweave.embed import HashingEmbedder
from newsweave.ingest.records import record_to_document
from newsweave.pipeline.run import Pipeline
from newsweave.store import SQLiteStore

from tests.conftest import NOW
from tests.reliability import synthetic_corpus


def documents(records, tag):
    return [record_to_document(r, f"{tag}#{r['id']}", None) for r in records]


def pipeline(store):
    return Pipeline(store, embedder=HashingEmbedder(dim=128), now=NOW, progress=False)


def test_a_long_lived_writer_counts_as_the_store_does_beside_another_writer(tmp_path):
    records = synthetic_corpus(n_events=6, per_event=6, seed=21)
    batches = [records[i::4] for i in range(4)]
    db = tmp_path / "two.db"
    with SQLiteStore(db) as store:
        mine = pipeline(store)
        mine.ingest_documents(documents(batches[0], "a"))
        state = mine.assign_state()
        early = sorted(store.feature_counts())[:20]
        before = {key: state.assigner.df[key] for key in early}  # read now, counted on from here
        with SQLiteStore(db) as other_store:  # another process stores a batch in between
            pipeline(other_store).ingest_documents(documents(batches[1], "b"))
        mine.ingest_documents(documents(batches[2], "a"))
        mine.ingest_documents(documents(batches[3], "a"))
        assert mine.assign_state() is state  # the same state throughout: nothing was read whole again
        stored = store.feature_counts()
        assert any(stored[key] > before[key] for key in early)  # the later batches moved them
        assert {key: state.assigner.df[key] for key in stored} == dict(stored)
        assert state.assigner.df["k:nowhere-stored"] == 0


def test_pending_articles_count_until_stored_and_not_twice():
    table = Counter({"k:ntn": 4})
    rarities = Rarities(lambda keys: {k: table[k] for k in keys if k in table})
    rarities.pending(["k:ntn", "n:40"])           # counted here, not stored yet
    assert rarities["n:40"] == 1                  # first read: the store has none, one is pending
    table.update(["k:ntn", "n:40"])               # now it is stored ...
    rarities.stored(Counter(["k:ntn", "n:40"]))
    assert (rarities["k:ntn"], rarities["n:40"]) == (5, 1)
    rarities.arrived(["n:40"])                    # another writer's article, in the store already
    table.update(["n:40"])
    assert rarities["n:40"] == 2
    fresh = Rarities(rarities._read)
    assert fresh["n:40"] == rarities["n:40"] and fresh["k:ntn"] == rarities["k:ntn"]


def test_one_of_ours_another_writer_stored_first_counts_once():
    table = Counter()
    rarities = Rarities(lambda keys: {k: table[k] for k in keys if k in table})
    rarities.pending(["k:kby"])
    table.update(["k:kby"])   # the other writer stored our article
    rarities.taken(["k:kby"])
    assert rarities["k:kby"] == 1


def test_without_a_store_it_is_a_counter():
    rarities = Rarities(counts=Counter({"a": 2}))
    rarities.pending(["a", "b"])
    rarities.arrived(["b"])
    assert (rarities["a"], rarities["b"], rarities["c"]) == (3, 2, 0)
