"""Per-language centering of embeddings.

Multilingual embeddings carry a strong language component: two Bengali
articles on different events can score higher than a Bengali and an English
article on the same event. Subtracting each language's mean vector removes
most of that component. Means are estimated online from the stored corpus.

A mean estimated from a handful of articles is mostly those articles' topic,
and subtracting it would erase what they share. So the estimates are shrunk,
by ``shrinkage`` pseudo-articles, toward a prior: each language's mean is
modelled as a shared topic mean plus that language's own offset. Offsets
measured once on a large multilingual text sample (shipped with the
embedder, see :mod:`newsweave.embed.offsets`) let even the first Bengali
article of a store be centred for its language; without them every
language's prior is the shared mean alone. The shared mean is itself shrunk
toward zero (no centering). With many articles the prior fades and
centering is exact.

>>> import numpy as np
>>> means = LanguageMeans(dim=2, shrinkage=0.0)
>>> means.add(np.array([1.0, 0.0], dtype=np.float32), "en")
>>> means.add(np.array([0.0, 1.0], dtype=np.float32), "bn")
>>> means.mean("bn").tolist()
[0.0, 1.0]
>>> shrunk = LanguageMeans(dim=2, shrinkage=2.0)
>>> shrunk.add(np.array([1.0, 0.0], dtype=np.float32), "en")
>>> [round(x, 3) for x in shrunk.mean("en").tolist()]
[0.556, 0.0]

With a known offset, a single article is centred for its language: the
Bengali direction ``[0, 1]`` is removed, its topic ``[1, 0]`` is kept.

>>> prior = LanguageMeans(dim=2, shrinkage=2.0, offsets={"bn": np.array([0.0, 1.0])})
>>> prior.add(np.array([1.0, 1.0], dtype=np.float32), "bn")
>>> v = np.array([1.0, 1.0]) - prior.mean("bn")
>>> [round(x, 3) for x in (v / np.linalg.norm(v)).tolist()]
[1.0, 0.0]
"""
from __future__ import annotations

import numpy as np

DEFAULT_SHRINKAGE = 16.0


class LanguageMeans:
    """Running sums per language; ``matrix()`` gives every mean at once."""

    def __init__(self, dim: int, shrinkage: float = DEFAULT_SHRINKAGE,
                 offsets: dict[str, np.ndarray] | None = None):
        if shrinkage < 0:
            raise ValueError(f"shrinkage must be >= 0, got {shrinkage}")
        self.dim = dim
        self.shrinkage = shrinkage
        self.offsets = {lang: np.asarray(v, dtype=np.float64) for lang, v in (offsets or {}).items()}
        for lang, vector in self.offsets.items():
            if vector.shape != (dim,):
                raise ValueError(f"offset for {lang!r} has shape {vector.shape}, expected ({dim},)")
        self.index: dict[str, int] = {}
        self._sums = np.zeros((0, dim), dtype=np.float64)
        self._counts = np.zeros(0, dtype=np.float64)
        self._offsets: np.ndarray | None = None   # offsets in index order
        self._matrix: np.ndarray | None = None    # means as of the last change

    def column(self, lang: str) -> int:
        """The row of ``lang`` in :meth:`matrix`, adding the language if new."""
        if lang not in self.index:
            self.index[lang] = len(self.index)
            self._sums = np.vstack([self._sums, np.zeros((1, self.dim))])
            self._counts = np.append(self._counts, 0.0)
            self._offsets = self._matrix = None
        return self.index[lang]

    def _offset_matrix(self) -> np.ndarray:
        if self._offsets is None:
            zero = np.zeros(self.dim)
            self._offsets = np.array([self.offsets.get(lang, zero) for lang in self.index]).reshape(-1, self.dim)
        return self._offsets

    def add(self, vector: np.ndarray, lang: str) -> None:
        col = self.column(lang)
        self._sums[col] += vector
        self._counts[col] += 1
        self._matrix = None

    def add_sum(self, lang: str, n: float, total: np.ndarray) -> None:
        """Count ``n`` vectors of ``lang`` whose sum is ``total`` (the store keeps the sums)."""
        col = self.column(lang)
        self._sums[col] += total
        self._counts[col] += n
        self._matrix = None

    def total(self) -> float:
        """How many vectors have been added, over all languages."""
        return float(self._counts.sum())

    def add_many(self, vectors: np.ndarray, langs: list[str]) -> None:
        for vector, lang in zip(vectors, langs):
            self.add(vector, lang)

    def matrix(self) -> np.ndarray:
        """(languages, dim) means, each shrunk toward its prior; read-only, cached until the next add.

        Scoring one article asks for the means several times; they only
        change when an article is added.
        """
        if self._matrix is None:
            self._matrix = self._compute_matrix()
            self._matrix.flags.writeable = False
        return self._matrix

    def _compute_matrix(self) -> np.ndarray:
        total = self._counts.sum()
        if total == 0:
            return np.zeros((len(self.index), self.dim), dtype=np.float32)
        offsets = self._offset_matrix()
        shared = (self._sums.sum(axis=0) - self._counts @ offsets) / (total + self.shrinkage)
        prior = shared[None, :] + offsets
        weights = self._counts + self.shrinkage
        shrunk = (self._sums + self.shrinkage * prior) / weights[:, None]
        return shrunk.astype(np.float32)

    def mean(self, lang: str) -> np.ndarray:
        return self.matrix()[self.column(lang)]

    def state(self) -> dict:
        return {"langs": list(self.index), "sums": self._sums.tolist(), "counts": self._counts.tolist()}

    @classmethod
    def from_state(cls, state: dict, dim: int, shrinkage: float = DEFAULT_SHRINKAGE,
                   offsets: dict[str, np.ndarray] | None = None) -> "LanguageMeans":
        means = cls(dim, shrinkage, offsets)
        means.index = {lang: i for i, lang in enumerate(state.get("langs", []))}
        if means.index:
            means._sums = np.asarray(state["sums"], dtype=np.float64).reshape(len(means.index), dim)
            means._counts = np.asarray(state["counts"], dtype=np.float64)
            means._offsets = means._matrix = None
        return means
