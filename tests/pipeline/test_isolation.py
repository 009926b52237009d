"""An unexpected error for one document costs that document only; a store
failure stops the batch and leaves the store as it was after the last step."""
from __future__ import annotations

import sqlite3

import pytest

from newsweave.pipeline import placing, reading
from newsweave.cluster.assign import StoryAssigner
from newsweave.embed import HashingEmbedder
from newsweave.pipeline.run import Pipeline

from tests.conftest import NOW
from tests.reliability import check_store, gold_partition, synthetic_corpus, write_files


def _fresh(store):
    return Pipeline(store, embedder=HashingEmbedder(dim=128), now=NOW, progress=False)


def _reasons(store):
    return {row["origin"].rsplit("/", 1)[-1]: row["reason"] for row in store.rejections()}


@pytest.fixture
def corpus(tmp_path):
    records = synthetic_corpus(n_events=3, per_event=3, seed=2)
    return records, write_files(tmp_path / "in", records)


def test_a_crash_in_language_identification_rejects_one_document(corpus, store, monkeypatch):
    records, folder = corpus
    pipeline = _fresh(store)
    real = pipeline.intake.preparer.language.detect

    def detect(text):
        if "Report 1-2." in text:
            raise RuntimeError("model exploded")
        return real(text)

    monkeypatch.setattr(pipeline.intake.preparer.language, "detect", detect)
    summary = pipeline.ingest([folder])
    assert summary.stored == len(records) - 1
    assert _reasons(store) == {"e001-02.json": "internal error in language: RuntimeError: model exploded"}
    # The file is not marked done: once the fault is gone, the next run stores it.
    monkeypatch.setattr(pipeline.intake.preparer.language, "detect", real)
    again = pipeline.ingest([folder])
    assert (again.stored, again.already_stored) == (1, len(records) - 1)
    assert _reasons(store) == {}


def test_a_crash_in_the_embedder_rejects_only_the_text_it_failed_on(corpus, store):
    records, folder = corpus

    class Fragile(HashingEmbedder):
        def embed(self, texts):
            if any("Report 2-0." in t for t in texts):
                raise UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed")
            return super().embed(texts)

    fragile = Fragile(dim=128)
    fragile.lead_chars = 10_000
    summary = Pipeline(store, embedder=fragile, now=NOW, progress=False).ingest([folder])
    assert summary.stored == len(records) - 1
    reason = _reasons(store)["e002-00.json"]
    assert reason.startswith("internal error in embed: UnicodeEncodeError:")


def test_a_reader_that_raises_becomes_a_rejection(corpus, store, monkeypatch):
    records, folder = corpus
    real = reading.read_file

    def read_file(path, **kwargs):
        if path.name == "e000-01.json":
            raise ImportError("lxml.html.clean module is now a separate project lxml_html_clean")
        return real(path, **kwargs)

    monkeypatch.setattr(reading, "read_file", read_file)
    summary = _fresh(store).ingest([folder])
    assert summary.stored == len(records) - 1
    assert _reasons(store)["e000-01.json"].startswith("internal error in read: ImportError: lxml.html.clean")


def test_a_store_failure_stops_the_batch_and_keeps_the_store_consistent(tmp_path, store, monkeypatch):
    records = synthetic_corpus(n_events=30, per_event=5, seed=4)  # 150 articles: three chunks
    folder = write_files(tmp_path / "many", records)
    calls = {"n": 0}
    real = store.add_article

    def add_article(*args):
        calls["n"] += 1
        if calls["n"] == placing.STORE_CHUNK + 10:  # inside the second chunk
            raise sqlite3.OperationalError("disk I/O error")
        return real(*args)

    monkeypatch.setattr(store, "add_article", add_article)
    with pytest.raises(sqlite3.OperationalError):
        _fresh(store).ingest([folder])
    assert store.article_count() == placing.STORE_CHUNK  # the first chunk, whole; nothing of the second
    stored_ids = {row[0] for row in store.db.execute("SELECT external_id FROM articles")}
    check_store(store.path, stored_ids)
    monkeypatch.setattr(store, "add_article", real)
    _fresh(store).ingest([folder])
    assert check_store(store.path, {r["id"] for r in records}) == gold_partition(records)


def test_a_single_document_that_the_embedder_fails_on_is_rejected(tmp_path, store):
    records = synthetic_corpus(n_events=1, per_event=1, seed=6)
    folder = write_files(tmp_path / "one", records)

    class Broken(HashingEmbedder):
        def embed(self, texts):
            raise RuntimeError("no vectors today")

    summary = Pipeline(store, embedder=Broken(dim=128), now=NOW, progress=False).ingest([folder])
    assert summary.stored == 0
    assert _reasons(store) == {"e000-00.json": "internal error in embed: RuntimeError: no vectors today"}


def test_a_crash_in_story_assignment_rejects_one_document(corpus, store, monkeypatch):
    records, folder = corpus
    real = StoryAssigner.assign
    calls = {"n": 0}

    def assign(self, *args):
        calls["n"] += 1
        if calls["n"] == 2:
            raise FloatingPointError("overflow in centroid")
        return real(self, *args)

    monkeypatch.setattr(StoryAssigner, "assign", assign)
    summary = _fresh(store).ingest([folder])
    assert list(_reasons(store).values()) == ["internal error in assign: FloatingPointError: overflow in centroid"]
    assert summary.stored == len(records) - 1
    check_store(store.path, {row[0] for row in store.db.execute("SELECT external_id FROM articles")})
