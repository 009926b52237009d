"""Shared fixtures: a fresh store, fast stand-in stages, and the shared corpora."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

try:  # Ray's core loads before the vector index's library, as the CLI's order has it (vector_index/ann.py)
    import ray._raylet  # noqa: F401
except ImportError:
    pass

from newsweave.embed import HashingEmbedder
from newsweave.pipeline.run import Pipeline
from newsweave.store import SQLiteStore

DATASETS = Path(__file__).resolve().parents[1].parent / "shared" / "datasets"
NOW = datetime(2024, 12, 31, tzinfo=timezone.utc)


@pytest.fixture
def store(tmp_path):
    with SQLiteStore(tmp_path / "test.db") as opened:
        yield opened


@pytest.fixture(scope="session")
def postgres_server():
    """A real PostgreSQL server for the session (initdb and pg_ctl in a temporary folder)."""
    from tests.postgres_server import LocalPostgres, server_binaries

    folder, why = server_binaries()
    if folder is None:
        pytest.skip(why)
    with LocalPostgres() as server:
        yield server


@pytest.fixture
def postgres_url(postgres_server, request):
    """The URL of a new, empty database on the session's PostgreSQL server."""
    postgres_url.count = getattr(postgres_url, "count", 0) + 1
    return postgres_server.create_database(f"t{postgres_url.count}_{request.node.name[:40].lower()}"
                                           .replace("[", "_").replace("]", "").replace("-", "_"))


@pytest.fixture
def fast_pipeline(store):
    """A pipeline with the hashing embedder: real stages, no model load."""
    return Pipeline(store, embedder=HashingEmbedder(dim=128), now=NOW, progress=False)


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory):
    """The bundled sample ingested by ``newsweave demo`` with the real model (store, folder, output)."""
    from click.testing import CliRunner

    from newsweave.cli import main

    folder = tmp_path_factory.mktemp("demo")
    db = folder / "demo.db"
    result = CliRunner().invoke(main, ["demo", "--db", str(db), "--out", str(folder / "report")])
    assert result.exit_code == 0, result.output
    return db, folder, result.output


def dataset(name: str) -> Path:
    path = DATASETS / name
    if not path.exists():
        pytest.skip(f"{path} not present (evaluation data lives in ../shared/datasets)")
    return path
