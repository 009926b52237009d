"""What every store backend must do, written once and run against each backend.

Every backend in ``BACKENDS`` passes the same suite: SQLite, and PostgreSQL on a real
server started for the session (skipped, with the reason, where none can be).
"""
from __future__ import annotations

import dataclasses
from collections import Counter

import numpy as np
import pytest

from newsweave.records import Article, EventState, Rejection
from newsweave.store import StoreError, open_store
from newsweave.store.base import StoreReader, StoreWriter


BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(params=BACKENDS)
def open_backend(request, tmp_path):
    """Opens one store of the backend under test, as often as a test asks (writer and readers)."""
    location = tmp_path / "contract.db" if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    return lambda readonly=False: open_store(location, readonly=readonly)


def article(n: int, **changes) -> Article:
    fields = dict(id=f"a{n:03d}", origin=f"/corpus/file{n}.txt", title=f"Title {n}", text=f"Body of article {n}.",
                  lang="en", lang_confidence=0.99, published=f"2024-03-{n % 28 + 1:02d}", date_method="text",
                  content_hash=f"hash{n}", path=f"/corpus/file{n}.txt", label=f"L{n % 2}")
    fields.update(changes)
    return Article(**fields)


def story(story_id: int, size: float = 1.0) -> EventState:
    return EventState(story_id, np.ones(4, dtype=np.float32), {"en": size}, size, None, None, {})


def store_article(store, n: int, story_id: int, **changes) -> Article:
    """One article in its story, stored as the pipeline stores a chunk: story, vector and article together."""
    item = article(n, **changes)
    with store.transaction():
        store.save_story(story(story_id))
        store.put_embedding(f"k{n}", np.full(4, n, dtype=np.float32))
        store.add_article(item, story_id, 0.5, f"k{n}", np.arange(8, dtype=np.uint64) + n, None)
    return item


def test_the_backend_speaks_the_protocols(open_backend):
    with open_backend() as store:
        assert isinstance(store, StoreWriter) and store.readonly is False
        store.set_meta("probe", "1")
    with open_backend(readonly=True) as reader:
        assert isinstance(reader, StoreReader) and reader.readonly is True
        assert reader.get_meta("probe") == "1"
        with pytest.raises(Exception) as refused:
            with reader.transaction():
                reader.set_meta("probe", "2")
        assert "readonly" in str(refused.value).lower() or "read-only" in str(refused.value).lower()
    with open_backend(readonly=True) as reader:
        assert reader.get_meta("probe") == "1"


def test_articles_read_back_in_every_shape(open_backend):
    with open_backend() as store:
        first = store_article(store, 1, story_id=7)
        store_article(store, 2, story_id=7, published=None, date_method="undated")
        store_article(store, 3, story_id=9, lang="bn")
        assert store.article_count() == 3 and store.last_seq() >= 3
        assert store.has_content(first.content_hash) and not store.has_content("nope")
        assert store.article_stories() == {"a001": 7, "a002": 7, "a003": 9}
        rows = store.story_articles(7)
        assert [r["id"] for r in rows] == ["a001", "a002"] and rows[1]["published"] is None
        assert rows[0]["title"] == "Title 1" and rows[0]["embedding_key"] == "k1" and rows[0]["ingested_at"]
        titles = store.story_titles([7, 9, 11])
        assert [t["id"] for t in titles[9]] == ["a003"] and titles[11] == []
        assert [(r["story_id"], r["label"]) for r in store.labelled_articles()] == [(7, "L1"), (7, "L0"), (9, "L1")]
        assert [t["id"] for t in store.article_texts()] == ["a001", "a002", "a003"]
        vectors = list(store.article_vectors())
        assert [(v[1], v[2], v[3]) for v in vectors] == [("a001", 7, "en"), ("a002", 7, "en"), ("a003", 9, "bn")]
        assert np.array_equal(vectors[2][4], np.full(4, 3, dtype=np.float32))
        since = store.stored_since(vectors[0][0])
        assert [r["id"] for r in since] == ["a002", "a003"] and since[0]["vector"].dtype == np.float32
        assert [a for a, _ in store.signatures()] == ["a001", "a002", "a003"]
        assert set(store.get_embeddings(["k1", "k3", "missing"])) == {"k1", "k3"}


def test_a_failed_transaction_leaves_nothing(open_backend):
    with open_backend() as store:
        store_article(store, 1, story_id=1)
        with pytest.raises(RuntimeError), store.transaction():
            store.save_story(story(2))
            store.put_embedding("k2", np.zeros(4, dtype=np.float32))
            store.add_article(article(2), 2, 0.5, "k2", np.zeros(8, dtype=np.uint64), None)
            raise RuntimeError("crash in the middle of a chunk")
        assert store.article_count() == 1 and not store.get_embeddings(["k2"]) and store.max_story_id() == 1


def test_the_same_article_is_refused_twice(open_backend):
    with open_backend() as store:
        store_article(store, 1, story_id=1)
        with pytest.raises(Exception):
            store_article(store, 1, story_id=2)
        assert store.article_stories() == {"a001": 1}


def test_stories_and_word_counts_round_trip(open_backend):
    summary = EventState(4, np.arange(4, dtype=np.float32), {"en": 2.0, "bn": 1.0}, 3.0, 738000.0, None,
                         {"k:ntn": 2.5})
    with open_backend() as store:
        with store.transaction():
            store.save_story(summary)
            store.save_story(dataclasses.replace(summary, id=12, size=1.0))
            store.add_feature_counts(Counter({"k:ntn": 2, "n:40": 1}))
            store.add_feature_counts(Counter({"k:ntn": 1}))
        assert store.max_story_id() == 12
        loaded = {s.id: s for s in store.load_stories()}
        assert set(loaded) == {4, 12} and loaded[4].lang_counts == {"en": 2.0, "bn": 1.0} and loaded[12].size == 1.0
        assert np.array_equal(loaded[4].vector_sum, summary.vector_sum) and loaded[4].last_day is None
        assert loaded[4].first_day == 738000.0 and loaded[4].bag == {"k:ntn": 2.5}
        assert [s.id for s in store.load_stories([12])] == [12]
        assert store.feature_counts() == Counter({"k:ntn": 3, "n:40": 1})
        assert store.feature_counts_of(["n:40", "k:ntn", "k:never"]) == {"k:ntn": 3, "n:40": 1}
        assert store.feature_counts_of([]) == {}


def test_meta_files_and_the_embedding_model(open_backend):
    with open_backend() as store:
        store.check_embedder("model", "1", 4)
        store.check_embedder("model", "1", 4)
        with pytest.raises(StoreError, match="vectors of two models"):
            store.check_embedder("other", "1", 4)
        with store.transaction():
            store.mark_file("/corpus/a.txt", "sha-1", 2)
        assert store.file_done("/corpus/a.txt", "sha-1") and not store.file_done("/corpus/a.txt", "sha-2")
        with store.transaction():
            store.set_meta("x", "1")
            store.set_meta("x", "2")
        assert store.get_meta("x") == "2" and store.get_meta("absent") is None


def test_caches_are_kept_and_a_reader_writes_nothing(open_backend):
    view = {"id": 3, "headline": {"text": "Dönüş", "lang": "tr"}}
    with open_backend() as store:
        store_article(store, 1, story_id=3)
        store.save_view(3, "en", "sig-1", view)
        store.put_sentence_vectors({"s1": np.ones(4, dtype=np.float32)})
        assert store.cached_view(3, "en", "sig-1") == view and store.cached_view(3, "en", "sig-2") is None
        assert set(store.sentence_vectors(["s1", "s2"])) == {"s1"}
    with open_backend(readonly=True) as reader:
        reader.save_view(3, "bn", "sig-1", view)  # a cache write on a reader is skipped, not an error
        reader.put_sentence_vectors({"s2": np.ones(4, dtype=np.float32)})
        assert reader.cached_view(3, "bn", "sig-1") is None and not reader.sentence_vectors(["s2"])
        with pytest.raises(Exception):
            with reader.transaction():
                reader.add_article(article(2), 3, 0.5, "k1", np.zeros(8, dtype=np.uint64), None)
        assert reader.article_count() == 1


def test_rejections_are_recorded_and_forgotten_by_file(open_backend):
    with open_backend() as store:
        with store.transaction():
            for origin in ("/c/feed_1%.json", "/c/feed_1%.json#0", "/c/feed_1%.json#3", "/c/feed_1Xx.json#0",
                           "/c/other.txt"):
                store.add_rejection(Rejection(origin, "no article text"))
            store.add_rejection(Rejection("/c/other.txt", "no article text"))  # the same rejection once
        assert len(store.rejections()) == 5
        with store.transaction():
            store.forget_rejections("/c/feed_1%.json")
        # "%" and "_" in a file name are characters, not wildcards.
        assert [r["origin"] for r in store.rejections()] == ["/c/feed_1Xx.json#0", "/c/other.txt"]


def test_a_snapshot_reads_one_state(open_backend):
    with open_backend() as writer, open_backend() as reader:
        store_article(writer, 1, story_id=1)
        with reader.snapshot():
            before = reader.article_count()
            store_article(writer, 2, story_id=1)
            assert reader.article_count() == before == 1
        assert reader.article_count() == 2


def test_events_move_merge_and_link_into_storylines(open_backend):
    with open_backend() as store:
        for n, story_id in ((1, 1), (2, 1), (3, 2), (4, 3)):
            store_article(store, n, story_id)
        # A new event stands alone until linked.
        assert store.storylines() == {1: 1, 2: 2, 3: 3} and store.storyline_of(3) == 3
        with store.transaction():
            store.move_articles({"a004": 2})
            store.delete_story(3)
            store.set_storylines({2: 1})
        assert store.article_stories() == {"a001": 1, "a002": 1, "a003": 2, "a004": 2}
        assert store.storylines() == {1: 1, 2: 1}
        assert store.storyline_events(1) == [1, 2] and store.storyline_events(3) == []
        assert store.storyline_of(2) == 1 and store.storyline_of(99) is None
        # An event that still holds articles cannot be deleted: nothing is lost.
        with pytest.raises(StoreError, match="still has articles"):
            with store.transaction():
                store.delete_story(2)
        assert store.storylines() == {1: 1, 2: 1}
        # Saving an event again keeps its storyline.
        with store.transaction():
            store.save_story(story(2, 2.0))
        assert store.storyline_of(2) == 1


def test_events_waiting_for_the_repair_pass_are_kept_until_cleared(open_backend):
    with open_backend() as store:
        for n, story_id in ((1, 4), (2, 5), (3, 6)):
            store_article(store, n, story_id)
        with store.transaction():
            store.mark_unrepaired([6, 4, 5, 4])
        assert store.unrepaired_events() == [4, 5, 6]
        with store.transaction():
            store.clear_unrepaired([5])
            # A merged event leaves the list with the event itself.
            store.move_articles({"a003": 4})
            store.delete_story(6)
        assert store.unrepaired_events() == [4]
        # A rolled-back mark is no mark.
        with pytest.raises(RuntimeError), store.transaction():
            store.mark_unrepaired([5])
            raise RuntimeError("the writer died")
    with open_backend(readonly=True) as reader:
        assert reader.unrepaired_events() == [4]


def test_the_near_duplicate_index_finds_articles_by_their_band_buckets(open_backend):
    with open_backend() as store:
        for n in (1, 2, 3):
            store_article(store, n, story_id=1)
        with store.transaction():
            store.add_bands("a001", [11, -12, 2**62])
            store.add_bands("a002", [-12, 99])
            store.add_bands("a002", [99])  # indexing twice changes nothing
        found = dict(store.near_copy_candidates([-12, 5]))
        assert sorted(found) == ["a001", "a002"]
        assert found["a001"].tolist() == (np.arange(8, dtype=np.uint64) + 1).tolist()
        assert [i for i, _ in store.near_copy_candidates([2**62])] == ["a001"]
        assert store.near_copy_candidates([7]) == []
        # Rebuilt from every signature when its scheme is not the stored one, and only then.
        assert store.index_bands("bands-2", lambda values: [int(values[0])]) == 3
        assert store.index_bands("bands-2", lambda values: [0]) == 0
        assert [i for i, _ in store.near_copy_candidates([2])] == ["a002"]
        assert store.near_copy_candidates([-12]) == []


def test_keyword_search_folds_accents_and_case(open_backend):
    with open_backend() as store:
        store_article(store, 1, story_id=7, title="Le café de la gare", text="Réunion à Doha lundi.")
        store_article(store, 2, story_id=8, title="Cafe talks", text="Talks in Doha resume.")
        store_article(store, 3, story_id=9, title="Other news", text="Nothing about it.")
    with open_backend(readonly=True) as reader:
        for word in ("cafe", "café", "CAFÉ"):
            assert {r["id"] for r in reader.keyword_match([word], any_word=False, limit=10)} == {"a001", "a002"}, word
        assert {r["id"] for r in reader.keyword_match(["reunion", "doha"], any_word=False, limit=10)} == {"a001"}
        assert len(reader.keyword_rows("réunion")) == 1 and reader.keyword_rows("gare") != reader.keyword_rows("talks")


def dated(story_id: int, first: float, last: float, size: float = 1.0) -> EventState:
    return dataclasses.replace(story(story_id, size), first_day=first, last_day=last)


def test_the_story_log_names_each_changed_event_once_in_the_order_of_its_last_change(open_backend):
    with open_backend() as store:
        assert store.story_changes(0) == (0, [])
        with store.transaction():
            store.save_story(story(1))
            store.save_story(story(2))
            store.save_story(story(1, 2.0))
        rev, changed = store.story_changes(0)
        assert changed == [2, 1] and rev == store.last_story_rev() > 0
        with store.transaction():
            store.delete_story(2)
        later, changed = store.story_changes(rev)
        assert changed == [2] and later > rev
        assert store.story_changes(later) == (later, [])


def test_events_are_found_by_the_days_they_cover(open_backend):
    with open_backend() as store:
        with store.transaction():
            store.save_story(dated(1, 100, 110))
            store.save_story(dated(2, 130, 131))
            store.save_story(story(3))  # undated
        assert store.newest_day() == 131
        assert [s.id for s in store.stories_between(111)] == [2]
        assert [s.id for s in store.stories_between(105, 120)] == [1]
        assert [s.id for s in store.stories_between(0, 200, skip=lambda i: i == 1)] == [2]
        assert store.story_days([1, 3, 9]) == {1: (100, 110), 3: (None, None)}
        assert store.event_ids(120) == [2, 3] and store.event_ids() == [1, 2, 3]
        assert store.story_count() == 3


def test_storylines_are_read_for_some_events_and_relabelled_whole(open_backend):
    with open_backend() as store:
        with store.transaction():
            for i in (1, 2, 3, 4):
                store.save_story(story(i))
            store.set_storylines({2: 1, 4: 3})
        assert store.storylines([2, 4]) == {2: 1, 4: 3}
        with store.transaction():
            store.relabel_storylines({3: 1})  # storyline 3 joined storyline 1: event 4 goes along, unread
        assert store.storylines() == {1: 1, 2: 1, 3: 1, 4: 1}


def test_a_storyline_is_read_with_its_events_whether_its_own_was_linked_or_not(open_backend):
    from newsweave.cluster.repair.lines import StorylineMap
    with open_backend() as store:
        with store.transaction():
            for i in (1, 2, 3, 4, 5, 6):
                store.save_story(story(i))
            store.set_storylines({2: 1, 4: 3, 3: 3})  # 1 is storyline 1 without being linked; 3 is linked to itself
        found = store.storyline_members([1, 3, 5, 99])
        assert {line: sorted(events) for line, events in found.items()} == {1: [1, 2], 3: [3, 4], 5: [5]}
        lines = StorylineMap(store.storylines, store.storyline_members)
        lines.need([2])
        assert lines.members(1) == [1, 2] and lines.get(1) == 1  # the storyline's events came along
        assert lines.get(4) == 3 and lines.members(3) == [3, 4] and lines.get(77, 77) == 77 and 77 not in lines
        lines.pop(2)  # merged away in a pass
        assert 2 not in lines and lines.known() == [1, 3, 4]


def test_language_sums_are_kept_and_built_once_for_an_older_store(open_backend):
    with open_backend() as store:
        store_article(store, 1, story_id=1)
        store_article(store, 2, story_id=1, lang="bn")
        assert store.language_sums() is None  # not built yet: a reader falls back to the vectors
        assert store.build_language_sums() == 2 and store.build_language_sums() == 0
        sums = store.language_sums()
        assert {lang: n for lang, (n, _) in sums.items()} == {"en": 1.0, "bn": 1.0}
        assert np.allclose(sums["bn"][1], np.full(4, 2.0))
        with store.transaction():
            store.add_language_sums({"bn": (2.0, np.full(4, 1.5))})
        n, total = store.language_sums()["bn"]
        assert n == 3.0 and np.allclose(total, np.full(4, 3.5)) and total.dtype == np.float64
    with open_backend(readonly=True) as reader:
        assert reader.language_sums()["en"][0] == 1.0


def test_articles_are_looked_up_by_id_and_by_sequence_number(open_backend):
    with open_backend() as store:
        store_article(store, 1, story_id=5)
        store_article(store, 2, story_id=6)
        assert store.stories_of(["a001", "a002", "nope"]) == {"a001": 5, "a002": 6}
        last = store.last_seq()
        rows = store.vectors_at([last, last - 1])
        assert [r.id for r in rows] == ["a001", "a002"] and np.allclose(rows[1].vector, np.full(4, 2.0))


def test_outlets_are_listed_and_articles_exported_in_pages(open_backend):
    from newsweave.store import export_rows, iter_export, outlets
    with open_backend() as store:
        with store.transaction():
            store.save_story(story(1))
            for n, (outlet, country, lang) in enumerate([("Harbour Post", "GB", "en"), ("Harbour Post", "GB", "ar"),
                                                         ("Harbour Post", "GB", "en"), (None, None, "bn")]):
                store.add_article(article(n, outlet=outlet, domain="harbour.co.uk" if outlet else None, country=country,
                                          lang=lang), 1, 0.9, f"k{n}", np.zeros(4), None)
            for n in (4, 5):  # records sent one by one: no file, no outlet
                store.add_article(article(n, path=None, origin=f"api#{n}", lang="ru"), 1, 0.9, f"k{n}", np.zeros(4),
                                  None)
        assert outlets(store) == [  # an article no outlet names is listed by its file
            {"outlet": "Harbour Post", "domain": "harbour.co.uk", "country": "GB", "articles": 3,
             "languages": {"en": 2, "ar": 1}},
            {"outlet": "(no outlet named)", "domain": None, "country": None, "articles": 2, "languages": {"ru": 2}},
            {"outlet": "file3.txt", "domain": None, "country": None, "articles": 1, "languages": {"bn": 1}}]
        first = export_rows(store, after_seq=0, limit=2)
        assert [row["article_id"] for _, row in first] == ["a000", "a001"]
        assert [row["article_id"] for _, row in export_rows(store, after_seq=first[-1][0], limit=2)] == ["a002", "a003"]
        rows = list(iter_export(store))
        assert [r["outlet"] for r in rows] == ["Harbour Post"] * 3 + ["file3.txt", "api#4", "api#5"]
        assert rows[0]["storyline_id"] == 1 and rows[-1]["source"] == "api#5"
