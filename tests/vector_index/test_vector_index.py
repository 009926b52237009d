"""The vector indexes and the window they serve: events beyond memory are found, stories
come out as with every event held, and a saved index survives a crash or is rebuilt."""
from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from newsweave.cluster.state import AssignState
from newsweave.cluster import AssignerSettings, StoryAssigner
from newsweave.embed import HashingEmbedder
from newsweave.records import Article
from newsweave.pipeline.run import Pipeline
from newsweave.ingest.sample import sample_dir
from newsweave.store import SQLiteStore, open_store
from newsweave.vector_index import AnnIndex, EventIndex
from newsweave.vector_index import files

from tests.conftest import NOW

DIM = 16
SETTINGS = AssignerSettings(cold_days=21)


def unit(*hot: int) -> np.ndarray:
    v = np.full(DIM, 0.01, dtype=np.float32)
    v[list(hot)] = 1.0
    return v / np.linalg.norm(v)


def test_an_ann_index_replaces_removes_and_finds_the_nearest(tmp_path):
    index = AnnIndex(DIM)
    index.upsert([1, 2, 3], np.vstack([unit(0), unit(5), unit(9)]))
    assert index.nearest(unit(5), 1) == [2]
    index.upsert([2], unit(9)[None])  # event 2 moved: its old vector is gone
    assert index.nearest(unit(5), 3)[-1] != 2 and len(index) == 3
    index.remove([3, 99])
    assert 3 not in index and len(index) == 2
    index.save(tmp_path / "i.usearch")
    loaded = AnnIndex.load(tmp_path / "i.usearch", DIM, view=True)
    assert loaded.nearest(unit(9), 1) == [2]
    (tmp_path / "torn.usearch").write_bytes((tmp_path / "i.usearch").read_bytes()[:100])
    assert AnnIndex.load(tmp_path / "torn.usearch", DIM) is None
    assert AnnIndex.load(tmp_path / "i.usearch", DIM + 1) is None


@pytest.mark.parametrize("n", [300, 25_000])  # an exact search, and an approximate one
def test_queries_searched_together_find_what_each_finds_alone(n):
    rng = np.random.default_rng(3)
    vectors = rng.standard_normal((n, 32)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    index = AnnIndex(32)
    index.upsert(range(1, n + 1), vectors)
    queries = vectors[rng.integers(0, n, 40)] + 0.1 * rng.standard_normal((40, 32)).astype(np.float32)
    together = index.nearest_scored_many(queries, 12)
    assert [[k for k, _ in found] for found in together] == [index.nearest(q, 12) for q in queries]
    assert index.nearest_scored_many(queries[:1], 12) == together[:1]
    assert index.nearest_scored_many(queries[:0], 12) == [] and AnnIndex(32).nearest_scored_many(queries, 5)[0] == []


def test_a_saved_index_belongs_to_its_store_and_to_no_later_state_of_it(tmp_path):
    index = AnnIndex(DIM)
    index.upsert([1], unit(0)[None])
    files.save(tmp_path, "events", "storeA", index, 5)
    files.save(tmp_path, "events", "storeA", index, 9)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events-storeA-9.usearch"]  # the older one went
    assert files.load_latest(tmp_path, "events", "storeA", DIM, 10)[1] == 9
    assert files.load_latest(tmp_path, "events", "storeA", DIM, 8) is None  # ahead of the store: a restored backup
    assert files.load_latest(tmp_path, "events", "storeB", DIM, 10) is None  # another store at this path


def _article(name: str, published: str | None) -> Article:
    return Article(id=name, origin=f"/c/{name}.txt", title=f"{name} title", text=f"{name} report.", lang="en",
                   lang_confidence=0.99, published=published, date_method="text" if published else "undated",
                   content_hash=f"h-{name}")


def _store_events(store, events: dict[int, tuple[np.ndarray, float | None]]) -> None:
    """One article per event, stored as the pipeline stores a chunk."""
    with store.transaction():
        for story_id, (vector, day) in events.items():
            probe = StoryAssigner(DIM, SETTINGS)
            probe.add_story(story_id, vector, {"en": 1.0}, 1.0, day, day, Counter({f"k:e{story_id}": 1}))
            store.save_story(probe.story_summary(story_id))
            published = None if day is None else _iso(day)
            store.put_embedding(f"k{story_id}", vector)
            store.add_article(_article(f"a{story_id}", published), story_id, 0.9, f"k{story_id}",
                              np.arange(128, dtype=np.uint64) * story_id, None)
            store.add_language_sums({"en": (1.0, vector.astype(np.float64))})
        store.set_meta("language_sums", "1")


def _iso(day: float) -> str:
    from datetime import date
    return date.fromordinal(int(day)).isoformat()


OLD, NEW = 738_000.0, 738_200.0  # 200 days apart: the old event is far outside the window


@pytest.fixture(params=["sqlite", "postgresql"])
def engine_store(request, tmp_path):
    location = tmp_path / "w.db" if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    with open_store(location) as store:
        yield store


def test_start_up_holds_the_window_and_the_index_finds_the_rest(engine_store):
    store = engine_store
    _store_events(store, {1: (unit(0), OLD), 2: (unit(5), NEW), 3: (unit(9), None)})
    state = AssignState.load(store, DIM, SETTINGS, {})
    assert len(state.assigner) == 0  # start-up reads no event: the window comes with the articles
    with store.transaction():
        state.catch_up(store)
        # An undated report of the old event: found through the index, whatever its age.
        undated = state.place(_article("u", None), unit(0), Counter({"k:e1": 1}), np.zeros(128, np.uint64), None, store)
        # A backfilled report of the old event: the events around its own day come into memory.
        backfill = state.place(_article("b", _iso(OLD + 2)), unit(0), Counter({"k:e1": 1}),
                               np.ones(128, np.uint64), None, store)
        # A dated report like the undated event: time cannot rule that one out either.
        joined_undated = state.place(_article("d", _iso(NEW)), unit(9), Counter({"k:e3": 1}),
                                     np.full(128, 2, np.uint64), None, store)
        held_now = state.assigner.row_ids()
    assert undated[0] == 1 and backfill[0] == 1 and joined_undated[0] == 3
    assert held_now == {1, 2, 3}


def test_a_writer_index_takes_in_what_another_writer_stored(engine_store):
    store = engine_store
    _store_events(store, {1: (unit(0), NEW)})
    state = AssignState.load(store, DIM, SETTINGS, {})
    _store_events(store, {7: (unit(3), OLD)})  # as another process would, outside this one's window
    with store.transaction():
        state.catch_up(store)
    assert state.index.nearest(unit(3), 1) == [7]


def test_a_saved_index_is_caught_up_from_the_log_and_rebuilt_when_missing_or_torn(tmp_path):
    db = tmp_path / "s.db"
    with SQLiteStore(db) as store:
        _store_events(store, {1: (unit(0), NEW), 2: (unit(5), NEW)})
        state = AssignState.load(store, DIM, SETTINGS, {})
        state.index.save()
        _store_events(store, {3: (unit(9), OLD)})  # stored after the save, as by a run killed before its own
    folder = files.index_folder(SQLiteStore(db, readonly=True))
    saved = list(folder.glob("events-*.usearch"))
    assert len(saved) == 1
    (folder / (saved[0].name + ".tmp")).write_bytes(b"half of a save")  # a save killed midway
    with SQLiteStore(db) as store:
        index = EventIndex.open(store, DIM, StoryAssigner(DIM).centred_summary)
        assert index.nearest(unit(9), 1) == [3] and len(index) == 3
    saved[0].write_bytes(saved[0].read_bytes()[:64])  # torn: unreadable, so rebuilt from the store
    with SQLiteStore(db) as store:
        index = EventIndex.open(store, DIM, StoryAssigner(DIM).centred_summary)
        assert index.nearest(unit(5), 1) == [2] and len(index) == 3


def _ingest_in_runs(db, runs: list[list], hold_all: bool) -> dict[str, int]:
    for paths in runs:
        with SQLiteStore(db) as store:
            pipeline = Pipeline(store, embedder=HashingEmbedder(dim=128), now=NOW, progress=False)
            pipeline.hold_all_events = hold_all
            pipeline.ingest(paths)
    with SQLiteStore(db, readonly=True) as store:
        return store.article_stories()


def test_the_sample_corpus_gives_the_same_stories_with_the_window_as_with_every_event_held(tmp_path):
    paths = sorted(sample_dir().iterdir())
    runs = [paths[i::3] for i in range(3)]  # three runs: each starts from what the last stored
    windowed = _ingest_in_runs(tmp_path / "window.db", runs, hold_all=False)
    held = _ingest_in_runs(tmp_path / "all.db", runs, hold_all=True)
    assert windowed == held and len(windowed) >= 30
    with SQLiteStore(tmp_path / "window.db", readonly=True) as a, SQLiteStore(tmp_path / "all.db", readonly=True) as b:
        assert a.storylines() == b.storylines()


def test_the_index_shortlists_give_the_stories_and_storylines_of_comparing_with_every_event(tmp_path, monkeypatch):
    """With more events held than a scan covers, assignment and the repair pass compare each
    article and event with the index's nearest only, and linking reads only their storylines:
    on the sample (all of whose events are among any event's nearest) that is the full scan."""
    from newsweave.cluster import state as state_module
    paths = sorted(sample_dir().iterdir())
    runs = [paths[i::3] for i in range(3)]
    scanned = _ingest_in_runs(tmp_path / "scan.db", runs, hold_all=False)
    monkeypatch.setattr(state_module, "SCAN_MAX", 0)
    listed = _ingest_in_runs(tmp_path / "listed.db", runs, hold_all=False)
    assert listed == scanned and len(set(listed.values())) >= 20
    with SQLiteStore(tmp_path / "scan.db", readonly=True) as a, SQLiteStore(tmp_path / "listed.db", readonly=True) as b:
        assert a.storylines() == b.storylines()
        assert len(set(a.storylines().values())) < len(a.storylines())  # some events were linked


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory):
    db = tmp_path_factory.mktemp("sample") / "s.db"
    with SQLiteStore(db) as store:
        Pipeline(store, embedder=HashingEmbedder(dim=128), now=NOW, progress=False).ingest(
            sorted(sample_dir().iterdir()))
    return db


def test_related_stories_through_the_event_index_are_those_of_a_full_scan(sample_store, monkeypatch):
    from newsweave.view import story_view
    with SQLiteStore(sample_store) as store:
        events = store.event_ids()
        scanned = {e: story_view.StoryViews(store, HashingEmbedder(dim=128))._related(e, _centre(store), "en")
                   for e in events}
        monkeypatch.setattr(story_view, "RELATED_SCAN", 0)
        indexed = {e: story_view.StoryViews(store, HashingEmbedder(dim=128))._related(e, _centre(store), "en")
                   for e in events}
    assert indexed == scanned and any(scanned.values())


def _centre(store):
    from newsweave.view.story_view import StoryViews
    return StoryViews(store, HashingEmbedder(dim=128)).centre()


def test_meaning_search_through_the_article_index_ranks_as_the_exact_search(sample_store, monkeypatch):
    from newsweave.search import searcher as search
    queries = ["humanitarian pause Gaza", "factory fire", "earthquake Morocco", "cricket"]
    with SQLiteStore(sample_store, readonly=True) as store:
        exact = [search.Searcher(HashingEmbedder(dim=128)).search(store, q) for q in queries]
        monkeypatch.setattr(search, "FOLD_AT", 0)
        searcher = search.Searcher(HashingEmbedder(dim=128))
        indexed = [searcher.search(store, q) for q in queries]
        assert searcher._articles is not None and len(searcher._articles) == store.article_count()
    assert [r["stories"] for r in indexed] == [r["stories"] for r in exact]
    assert any(r["stories"] for r in exact)


def test_reindex_rebuilds_the_saved_indexes_from_the_store(tmp_path):
    from click.testing import CliRunner

    from newsweave.cli import main
    db = tmp_path / "r.db"
    with SQLiteStore(db) as store:
        Pipeline(store, embedder=HashingEmbedder(dim=128), now=NOW, progress=False).ingest(
            sorted(sample_dir().iterdir())[:8])
        folder = files.index_folder(store)
    before = sorted(p.name for p in folder.iterdir())
    assert [n for n in before if n.startswith("events-")]  # saved at the end of the ingest
    (folder / before[0]).write_bytes(b"garbage")
    result = CliRunner().invoke(main, ["reindex", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "indexed" in result.output
    after = sorted(p.name for p in folder.iterdir())
    assert any(n.startswith("events-") for n in after) and any(n.startswith("articles-") for n in after)
    with SQLiteStore(db, readonly=True) as store:
        loaded = files.load_latest(folder, "articles", store.get_meta("store_id"), 128, store.last_seq(), view=True)
        assert loaded is not None and len(loaded[0]) == store.article_count()
