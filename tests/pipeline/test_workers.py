"""`ingest --workers N`: preparing and embedding on Ray workers gives the stories of a serial run."""
from __future__ import annotations

import pickle
import sqlite3
import sys

import pytest
from click.testing import CliRunner

from newsweave.cli import main
from newsweave.pipeline.prepare import Preparer, StageFailure
from newsweave.ingest.sample import sample_dir

ARTICLE_COLUMNS = "id, story_id, title, text, lang, published, date_method, content_hash, url, source, repairs"


def partition(db) -> set[frozenset[str]]:
    groups: dict[int, set[str]] = {}
    with sqlite3.connect(db) as con:
        for article, story in con.execute("SELECT id, story_id FROM articles"):
            groups.setdefault(story, set()).add(article)
    return {frozenset(g) for g in groups.values()}


def test_two_workers_give_the_stories_of_the_serial_run(demo_db, tmp_path, monkeypatch):
    pytest.importorskip("ray", reason="Ray is the optional extra newsweave[ray]")
    serial_db, _, _ = demo_db

    def not_here(*args):
        raise AssertionError("with --workers, the ingest process prepares no document itself")

    # The actors are processes of their own, which this patch does not reach.
    monkeypatch.setattr(Preparer, "prepare_all", not_here)
    db = tmp_path / "workers.db"
    result = CliRunner().invoke(main, ["ingest", str(sample_dir()), "--workers", "2", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "stored 44" in result.output
    assert partition(db) == partition(serial_db)
    with sqlite3.connect(db) as con, sqlite3.connect(serial_db) as serial:
        # The same vectors, byte for byte: the workers run the same model on the same leads.
        assert dict(con.execute("SELECT key, vector FROM embeddings")) == dict(
            serial.execute("SELECT key, vector FROM embeddings"))
        # Cleaned, identified and dated on the workers exactly as in the ingest process.
        query = f"SELECT {ARTICLE_COLUMNS} FROM articles ORDER BY id"
        assert con.execute(query).fetchall() == serial.execute(query).fetchall()
        query = "SELECT origin, reason FROM rejections ORDER BY origin"
        assert con.execute(query).fetchall() == serial.execute(query).fetchall()


def test_a_stage_failure_crosses_to_the_ingest_process_with_its_reason():
    class Unpicklable(Exception):
        def __reduce__(self):
            raise TypeError("cannot pickle this error")

    failure = StageFailure("clean", Unpicklable("lxml choked on <\x00>"))
    copy = pickle.loads(pickle.dumps(failure))
    assert (copy.stage, copy.reason) == ("clean", "internal error in clean: Unpicklable: lxml choked on <\x00>")


def test_workers_without_ray_say_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray now fails
    result = CliRunner().invoke(main, ["ingest", str(sample_dir()), "--workers", "2", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 1 and "pip install 'newsweave[ray]'" in result.output


def test_a_ray_address_needs_workers(tmp_path):
    result = CliRunner().invoke(main, ["ingest", str(sample_dir()), "--ray-address", "10.0.0.1:6379",
                                       "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2 and "--ray-address needs --workers" in result.output
