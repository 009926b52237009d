"""The pipeline end to end with fast stand-in embeddings: storage, resume, duplicates."""
from __future__ import annotations

import gzip
import io

import numpy as np
import pytest

from newsweave.embed import HashingEmbedder
from newsweave.pipeline.placing import Placer
from newsweave.pipeline.run import Pipeline
from newsweave.store import SQLiteStore, StoreError

from tests.conftest import NOW

BODY = ("Negotiators from Qatar and Egypt met in Doha on Monday to discuss a four-day pause in the fighting. "
        "Officials said 50 hostages would be freed and 300 aid trucks a day would enter through Rafah. ")


def write_articles(folder, count=5):
    folder.mkdir(exist_ok=True)
    for i in range(count):
        (folder / f"a{i}.txt").write_text(f"Headline number {i}\n21 November 2023\n{BODY * (i + 1)} Item {i}.")
    return folder


def test_reingest_is_a_no_op(tmp_path, fast_pipeline):
    folder = write_articles(tmp_path / "in")
    first = fast_pipeline.ingest([folder])
    second = fast_pipeline.ingest([folder])
    assert first.stored == 5
    assert second.stored == 0 and second.read == 0 and second.already_stored == 5
    assert fast_pipeline.store.article_count() == 5


def test_exact_copy_in_another_file_is_not_stored_twice(tmp_path, fast_pipeline):
    folder = write_articles(tmp_path / "in", 1)
    (folder / "copy.txt").write_text((folder / "a0.txt").read_text())
    summary = fast_pipeline.ingest([folder])
    assert (summary.stored, summary.duplicates) == (1, 1)


def test_near_duplicate_is_stored_and_linked(tmp_path, fast_pipeline):
    folder = tmp_path / "in"
    folder.mkdir()
    text = "\n".join(f"Paragraph {i}: {BODY}" for i in range(6))
    (folder / "original.txt").write_text(f"Truce agreed in Doha\n21 November 2023\n{text}")
    # A wire copy: another byline (clutter, removed) and a headline of its own.
    (folder / "copy.txt").write_text(f"Truce agreed in Doha talks\n21 November 2023\nBy Wire Desk\n{text}")
    summary = fast_pipeline.ingest([folder])
    assert summary.stored == 2 and summary.near_duplicates == 1
    rows = fast_pipeline.store.db.execute("SELECT id, duplicate_of, story_id FROM articles ORDER BY seq").fetchall()
    assert rows[1]["duplicate_of"] == rows[0]["id"]
    assert rows[1]["story_id"] == rows[0]["story_id"]


def test_articles_sharing_stock_phrases_are_not_near_duplicates(tmp_path, fast_pipeline):
    folder = tmp_path / "in"
    folder.mkdir()
    common = "The minister said on Monday that the government would publish the figures later this week. "
    (folder / "a.txt").write_text(f"Truce agreed in Doha\n{common}{BODY}")
    (folder / "b.txt").write_text(f"Harvest record in the north\n{common}Farmers in the north brought in the "
                                  "largest wheat harvest in a decade, helped by late rains and new seed.")
    summary = fast_pipeline.ingest([folder])
    assert summary.stored == 2 and summary.near_duplicates == 0


def test_signatures_of_an_older_scheme_are_recomputed(tmp_path, fast_pipeline):
    from newsweave.cluster.dedup import SIGNATURE_VERSION, signature

    store = fast_pipeline.store
    fast_pipeline.ingest([write_articles(tmp_path / "in", 2)])
    # As a store written by the older scheme holds them.
    assert store.resign_articles("minhash-1", lambda title, text: np.zeros(64, dtype=np.uint64)) == 2
    fast_pipeline.ingest([write_articles(tmp_path / "more", 3)])
    assert store.get_meta("signature_version") == SIGNATURE_VERSION
    stored = dict(store.signatures())
    for row in store.article_texts():
        assert np.array_equal(stored[row["id"]], signature(f"{row['title']}\n{row['text']}"))


def test_killed_ingest_leaves_store_consistent_and_resumes(tmp_path, monkeypatch):
    folder = write_articles(tmp_path / "in", 6)
    db = tmp_path / "s.db"
    import newsweave.pipeline.placing as pipeline_module

    monkeypatch.setattr(pipeline_module, "STORE_CHUNK", 2)
    calls = {"n": 0}
    original = SQLiteStore.add_article

    def dying_add_article(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 4:  # dies inside the second chunk's transaction
            raise KeyboardInterrupt
        return original(self, *args, **kwargs)

    monkeypatch.setattr(SQLiteStore, "add_article", dying_add_article)
    with SQLiteStore(db) as store, pytest.raises(KeyboardInterrupt):
        Pipeline(store, embedder=HashingEmbedder(dim=64), now=NOW, progress=False).ingest([folder])
    with SQLiteStore(db) as store:
        # Only the first chunk survived, whole: articles, their stories, no orphans.
        assert store.article_count() == 2
        orphans = store.db.execute("SELECT COUNT(*) FROM articles WHERE story_id NOT IN (SELECT id FROM stories)").fetchone()[0]
        assert orphans == 0
    monkeypatch.setattr(SQLiteStore, "add_article", original)
    with SQLiteStore(db) as store:
        summary = Pipeline(store, embedder=HashingEmbedder(dim=64), now=NOW, progress=False).ingest([folder])
        assert summary.stored == 4 and summary.already_stored == 2
        assert store.article_count() == 6
        done = store.db.execute("SELECT COUNT(*) FROM files").fetchone()[0]
        assert done == 6


def test_store_refuses_vectors_of_another_model(tmp_path):
    with SQLiteStore(tmp_path / "s.db") as store:
        Pipeline(store, embedder=HashingEmbedder(dim=64), now=NOW, progress=False)
        with pytest.raises(StoreError, match="vectors of two models"):
            Pipeline(store, embedder=HashingEmbedder(dim=32), now=NOW, progress=False)


def test_every_format_is_read(tmp_path, fast_pipeline):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    folder = tmp_path / "in"
    folder.mkdir()
    page = ("<html><head><title>Floods in Valencia</title><meta property='article:published_time' content='2024-10-30'>"
            "</head><body><nav>Home | News</nav><article><h1>Floods in Valencia</h1>"
            + "".join(f"<p>Paragraph {i}: torrential rain killed at least 95 people in the province of Valencia, "
                      f"emergency services said, as rescuers searched Paiporta and Catarroja.</p>" for i in range(4))
            + "</article><footer>© 2024 Example</footer></body></html>")
    (folder / "page.html").write_text(page)
    (folder / "page2.htm.gz").write_bytes(gzip.compress(page.replace("Valencia", "Murcia").encode()))
    (folder / "items.json").write_text('[{"id": "j1", "title": "Rates cut", "date": "2024-06-06", '
                                       '"text": "The central bank cut its key rate by 0.25 points on Thursday, the first cut in five years."}]')
    (folder / "feed.rss").write_text(
        "<?xml version='1.0'?><rss version='2.0'><channel><title>Wire</title><item><title>Quake hits</title>"
        "<link>http://x.example/q</link><pubDate>Sun, 10 Sep 2023 10:00:00 +0000</pubDate>"
        "<description>&lt;p&gt;A magnitude 6.8 earthquake struck the High Atlas, killing more than 2,000 people.&lt;/p&gt;"
        "</description></item></channel></rss>")
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.0")
    writer.write_record(writer.create_warc_record("http://x.example/floods", "response",
                                                  payload=io.BytesIO(page.replace("Valencia", "Alicante").encode()),
                                                  http_headers=headers))
    (folder / "crawl.warc.gz").write_bytes(buffer.getvalue())
    summary = fast_pipeline.ingest([folder])
    assert summary.rejected == [] and summary.stored == 5
    rows = {r["origin"].rsplit("/", 1)[-1]: r for r in fast_pipeline.store.db.execute(
        "SELECT origin, title, published, date_method, url FROM articles")}
    assert rows["page.html"]["published"] == "2024-10-30" and rows["page.html"]["date_method"] == "metadata"
    assert rows["feed.rss#0"]["published"] == "2023-09-10"
    assert rows["items.json#0"]["title"] == "Rates cut"
    origins = [r[0] for r in fast_pipeline.store.db.execute("SELECT origin FROM articles")]
    assert any(o.endswith("crawl.warc.gz::http://x.example/floods") for o in origins)


def test_a_store_of_an_unknown_model_is_refused_by_name(tmp_path):
    from click.testing import CliRunner

    from newsweave.cli import main

    db = tmp_path / "other.db"
    with SQLiteStore(db) as store:
        store.check_embedder("some-model-not-installed", "7", 512)
    (tmp_path / "a.txt").write_text("Port strike ends\n\nDock workers ended a three-day strike on Friday.")
    result = CliRunner().invoke(main, ["ingest", str(tmp_path / "a.txt"), "--db", str(db)])
    assert result.exit_code != 0 and "'some-model-not-installed'" in result.output


def test_a_run_that_dies_before_its_repair_pass_is_finished_by_the_next(tmp_path, monkeypatch):
    """Articles stored, the run killed before linking: the next run, with nothing new to
    read, repairs and links what the dead run left, as one whole run would have."""
    from newsweave.ingest.sample import sample_dir

    def storylines(db):
        with SQLiteStore(db) as store:
            return store.article_stories(), store.storylines(), store.unrepaired_events()

    def ingest(db):
        with SQLiteStore(db) as store:
            return Pipeline(store, embedder=HashingEmbedder(dim=128), now=NOW, progress=False).ingest([sample_dir()])

    ingest(tmp_path / "whole.db")
    whole = storylines(tmp_path / "whole.db")
    assert len(set(whole[1].values())) < len(whole[1]), "the sample links no events into storylines"

    def killed(self, *args):
        raise KeyboardInterrupt
    with monkeypatch.context() as patch:
        patch.setattr(Placer, "repair", killed)
        with pytest.raises(KeyboardInterrupt):
            ingest(tmp_path / "killed.db")
    assert storylines(tmp_path / "killed.db")[2], "the dead run left no events to repair"
    summary = ingest(tmp_path / "killed.db")
    assert summary.stored == 0 and summary.already_stored > 0
    assert storylines(tmp_path / "killed.db") == whole
    assert whole[2] == []
