"""Shared fixtures: a fresh store, fast stand-in stages, and the shared corpora."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from newsweave.embed import HashingEmbedder
from newsweave.pipeline import Pipeline
from newsweave.store import SQLiteStore

DATASETS = Path(__file__).resolve().parents[1].parent / "shared" / "datasets"
NOW = datetime(2024, 12, 31, tzinfo=timezone.utc)


@pytest.fixture
def store(tmp_path):
    with SQLiteStore(tmp_path / "test.db") as opened:
        yield opened


@pytest.fixture
def fast_pipeline(store):
    """A pipeline with the hashing embedder: real stages, no model load."""
    return Pipeline(store, embedder=HashingEmbedder(dim=128), now=NOW, progress=False)


def dataset(name: str) -> Path:
    path = DATASETS / name
    if not path.exists():
        pytest.skip(f"{path} not present (evaluation data lives in ../shared/datasets)")
    return path
