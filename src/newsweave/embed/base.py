"""The embedder contract and what text identifies an article's event."""
from __future__ import annotations

from typing import Protocol, runtime_checkable

import numpy as np

LEAD_CHARS = 1200


@runtime_checkable
class Embedder(Protocol):
    """Anything that turns texts into unit vectors.

    ``name``/``version``/``dim`` are recorded by the store, which refuses to mix
    vectors of two different models.
    """

    name: str
    version: str
    dim: int

    def embed(self, texts: list[str]) -> np.ndarray:  # (n, dim) float32, unit rows
        ...

    def embed_query(self, texts: list[str]) -> np.ndarray:
        """Search queries, in the same space as ``embed`` (models with a query side use it)."""
        ...

    def fit_lead(self, title: str, text: str) -> str:
        """The part of an article this embedder should see."""
        ...


def lead_text(title: str, text: str, max_chars: int = LEAD_CHARS) -> str:
    """Title plus the opening of the body: who, what, where and when.

    >>> lead_text("Talks resume", "Negotiators met.\\nMore later.", 20)
    'Talks resume\\nNegotia'
    """
    joined = f"{title}\n{text}" if title else text
    return joined[:max_chars]


def unit_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (matrix / norms).astype(np.float32)
