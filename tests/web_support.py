"""Apps over small stores for the API, property and browser tests."""
from __future__ import annotations

from pathlib import Path

from newsweave.embed import HashingEmbedder
from newsweave.pipeline.run import Pipeline
from newsweave.ingest.sample import sample_dir
from newsweave.store import SQLiteStore
from newsweave.web import ServerConfig, create_app
from newsweave.web.config import LOCAL_HOSTS

from tests.conftest import NOW

TOKEN = "test-token-0123456789abcdef"
# Starlette's TestClient sends "Host: testserver"; live servers in the tests are reached as 127.0.0.1.
TEST_HOSTS = (*LOCAL_HOSTS, "testserver")


def sample_store(db: Path) -> Path:
    """The bundled sample in a store built with the hashing embedder (no model load)."""
    with SQLiteStore(db) as store:
        Pipeline(store, embedder=HashingEmbedder(dim=128), now=NOW, progress=False).ingest([sample_dir()])
    return db


def make_app(db: Path, **config):
    config.setdefault("allowed_hosts", TEST_HOSTS)
    return create_app(ServerConfig(db=str(db), token=TOKEN, **config))


def auth() -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKEN}"}


def assert_error_schema(response) -> None:
    """``{"detail": "a sentence"}``, or for 422 ``{"detail": [{loc, msg, type}, ...]}``."""
    body = response.json()
    detail = body["detail"]
    if response.status_code == 422:
        assert isinstance(detail, list) and detail, body
        for problem in detail:
            assert isinstance(problem["loc"], list) and isinstance(problem["msg"], str), problem
            assert isinstance(problem["type"], str), problem
    else:
        assert isinstance(detail, str) and detail, body
