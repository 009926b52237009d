"""A dependency-free embedder: hashed character n-grams.

It has no notion of meaning across languages, so it is not the default; it
exists so that tests and quick experiments run without loading a model.
"""
from __future__ import annotations

import hashlib

import numpy as np

from newsweave.embed.base import lead_text, unit_rows


class HashingEmbedder:
    """Hashed character 3-grams of the lead, L2-normalised.

    >>> e = HashingEmbedder(dim=64)
    >>> v = e.embed(["Gaza talks resume", "Gaza talks resume"])
    >>> v.shape, round(float(v[0] @ v[1]), 4)
    ((2, 64), 1.0)
    """

    name = "hashing-char3"
    version = "1"

    def __init__(self, dim: int = 256, lead_chars: int = 600):
        if dim < 8:
            raise ValueError(f"dim must be at least 8, got {dim}")
        self.dim = dim
        self.lead_chars = lead_chars
        self.version = f"1-d{dim}"

    def fit_lead(self, title: str, text: str) -> str:
        return lead_text(title, text, self.lead_chars)

    def embed(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            folded = f" {text.casefold()} "
            for i in range(len(folded) - 2):
                digest = hashlib.blake2b(folded[i:i + 3].encode("utf-8"), digest_size=4).digest()
                out[row, int.from_bytes(digest, "little") % self.dim] += 1.0
        return unit_rows(out)

    def embed_query(self, texts: list[str]) -> np.ndarray:
        return self.embed(texts)
