"""The ordered stages an article passes through: read, prepare (clean, language, date,
embed), place in an event, store, and the repair pass that ends each run.

``Pipeline`` is the way in; the stage modules behind it are its own.
"""
from __future__ import annotations

from importlib import import_module

__all__ = ["Pipeline", "STORE_CHUNK"]

# Imported when first asked for: the engine loads numpy and the model.
_LAZY = {"Pipeline": "newsweave.pipeline.run", "STORE_CHUNK": "newsweave.pipeline.run"}


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'newsweave.pipeline' has no attribute {name!r}")
