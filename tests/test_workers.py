"""`ingest --workers N`: embedding on Ray workers gives the stories of a serial run."""
from __future__ import annotations

import sqlite3
import sys

import pytest
from click.testing import CliRunner

from newsweave.cli import main
from newsweave.sample import sample_dir


def partition(db) -> set[frozenset[str]]:
    groups: dict[int, set[str]] = {}
    with sqlite3.connect(db) as con:
        for article, story in con.execute("SELECT id, story_id FROM articles"):
            groups.setdefault(story, set()).add(article)
    return {frozenset(g) for g in groups.values()}


def test_two_workers_give_the_stories_of_the_serial_run(demo_db, tmp_path):
    pytest.importorskip("ray", reason="Ray is the optional extra newsweave[ray]")
    serial_db, _, _ = demo_db
    db = tmp_path / "workers.db"
    result = CliRunner().invoke(main, ["ingest", str(sample_dir()), "--workers", "2", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "stored 44" in result.output
    assert partition(db) == partition(serial_db)
    with sqlite3.connect(db) as con, sqlite3.connect(serial_db) as serial:
        # The same vectors, byte for byte: the workers run the same model on the same leads.
        assert dict(con.execute("SELECT key, vector FROM embeddings")) == dict(
            serial.execute("SELECT key, vector FROM embeddings"))


def test_workers_without_ray_say_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray now fails
    result = CliRunner().invoke(main, ["ingest", str(sample_dir()), "--workers", "2", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 1 and "pip install 'newsweave[ray]'" in result.output


def test_a_ray_address_needs_workers(tmp_path):
    result = CliRunner().invoke(main, ["ingest", str(sample_dir()), "--ray-address", "10.0.0.1:6379",
                                       "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2 and "--ray-address needs --workers" in result.output
