"""Apps over small stores for the API, property and browser tests."""
from __future__ import annotations

from pathlib import Path

from newsweave.embed import HashingEmbedder
from newsweave.pipeline import Pipeline
from newsweave.sample import sample_dir
from newsweave.store import SQLiteStore
from newsweave.web import ServerConfig, create_app

from .conftest import NOW

TOKEN = "test-token-0123456789abcdef"


def sample_store(db: Path) -> Path:
    """The bundled sample in a store built with the hashing embedder (no model load)."""
    with SQLiteStore(db) as store:
        Pipeline(store, embedder=HashingEmbedder(dim=128), now=NOW, progress=False).ingest([sample_dir()])
    return db


def make_app(db: Path, **config):
    return create_app(ServerConfig(db=str(db), token=TOKEN, **config))


def auth() -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKEN}"}
