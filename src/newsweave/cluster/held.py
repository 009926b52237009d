"""The events an assigner holds, as dense arrays: each event's vector sum, articles per language,
size, first and last day, word bag, and the norm of its centred centroid.

Rows are kept dense (a removed event's row takes the last row), and the arrays
grow by doubling, so scoring every held event is one matrix product.
"""
from __future__ import annotations

from collections import Counter

import numpy as np

from newsweave.embed import LanguageMeans
from newsweave.records import EventState

NORM_REFRESH = 0.01


class HeldEvents:
    """Every held event's summary in arrays, by row; ``row_of`` maps an event id to its row."""

    def __init__(self, dim: int, means: LanguageMeans):
        self.dim = dim
        self.means = means
        # Story arrays grow by doubling; the first ``_n`` rows are in use.
        self._n = 0
        self._ids = np.zeros(0, dtype=np.int64)
        self._sums = np.zeros((0, dim), dtype=np.float32)
        self._counts = np.zeros((0, 0), dtype=np.float32)
        self._sizes = np.zeros(0, dtype=np.float32)
        self._first = np.zeros(0, dtype=np.float64)   # NaN: no dated member yet
        self._last = np.zeros(0, dtype=np.float64)
        self._norms = np.zeros(0, dtype=np.float64)    # of each centred centroid
        self._norms_at = -1.0                          # articles observed when all norms were last computed
        self.bags: list[Counter] = []
        self._row: dict[int, int] = {}
        self.id_floor = 0

    ids = property(lambda self: self._ids[:self._n])
    sums = property(lambda self: self._sums[:self._n])
    lang_counts = property(lambda self: self._counts[:self._n])
    sizes = property(lambda self: self._sizes[:self._n])
    first_day = property(lambda self: self._first[:self._n])
    last_day = property(lambda self: self._last[:self._n])

    def __len__(self) -> int:
        return self._n

    def _grow(self) -> None:
        if self._n < len(self._ids):
            return
        capacity = max(64, 2 * len(self._ids))

        def grown(array: np.ndarray, fill: float = 0.0) -> np.ndarray:
            out = np.full((capacity,) + array.shape[1:], fill, dtype=array.dtype)
            out[:len(array)] = array
            return out

        self._ids, self._sums, self._counts = grown(self._ids), grown(self._sums), grown(self._counts)
        self._sizes, self._norms = grown(self._sizes), grown(self._norms)
        self._first, self._last = grown(self._first, np.nan), grown(self._last, np.nan)

    def add_story(self, story_id: int, vector_sum: np.ndarray, lang_counts: dict[str, float],
                  size: float, first_day: float | None, last_day: float | None, bag: Counter) -> None:
        """Restore a stored story, replacing what was held of it (or open a new one)."""
        for lang in lang_counts:
            self._lang_column(lang)
        row = self._row.get(story_id)
        if row is None:
            self._grow()
            row = self._n
            self._n += 1
            self._row[story_id] = row
            self.bags.append(Counter())
        self._ids[row] = story_id
        self._sums[row] = vector_sum
        self._counts[row] = 0.0
        for lang, n in lang_counts.items():
            self._counts[row, self.means.index[lang]] = n
        self._sizes[row] = size
        self._first[row] = np.nan if first_day is None else first_day
        self._last[row] = np.nan if last_day is None else last_day
        self.bags[row] = Counter(bag)
        self._refresh_norm(row)

    def _lang_column(self, lang: str) -> int:
        before = len(self.means.index)
        col = self.means.column(lang)
        if len(self.means.index) > before:
            self._counts = np.hstack([self._counts, np.zeros((len(self._counts), 1), dtype=np.float32)])
        return col

    def row_of(self, story_id: int) -> int:
        return self._row[story_id]

    def row_ids(self) -> set[int]:
        """The ids of the stories held."""
        return set(self._row)

    def holds(self, story_id: int) -> bool:
        return story_id in self._row

    def centred_centroid(self, row: int) -> np.ndarray:
        """A story's centred centroid, unit length."""
        centred = self._sums[row] - self._counts[row] @ self.means.matrix()
        return centred / (np.linalg.norm(centred) or 1.0)

    def merge(self, keep: int, gone: int) -> None:
        """Fold story ``gone`` into story ``keep``: their sums, counts, spans and evidence add up."""
        k, g = self._row[keep], self._row[gone]
        first = np.nanmin([self._first[k], self._first[g]]) if not np.isnan([self._first[k], self._first[g]]).all() else None
        last = np.nanmax([self._last[k], self._last[g]]) if first is not None else None
        langs = {lang: float(self._counts[k, col] + self._counts[g, col]) for lang, col in self.means.index.items()
                 if self._counts[k, col] + self._counts[g, col] > 0}
        self.add_story(keep, self._sums[k] + self._sums[g], langs, float(self._sizes[k] + self._sizes[g]),
                       first, last, self.bags[k] + self.bags[g])
        self.remove_story(gone)

    def remove_story(self, story_id: int) -> None:
        """Forget a story; the last row takes its place, so the arrays stay dense."""
        row = self._row.pop(story_id)
        last = self._n - 1
        if row != last:
            moved = int(self._ids[last])
            for array in (self._ids, self._sums, self._counts, self._sizes, self._first, self._last, self._norms):
                array[row] = array[last]
            self.bags[row] = self.bags[last]
            self._row[moved] = row
        self.bags.pop()
        self._n -= 1

    def next_id(self) -> int:
        """A story id no story has: above every held story and above ``id_floor``.

        Other processes may open stories too, so the pipeline sets ``id_floor``
        to the highest stored id inside its write transaction.
        """
        held = int(self.ids.max()) if self._n else 0
        return max(held, self.id_floor) + 1

    def story_summary(self, story_id: int) -> EventState:
        """What the store keeps of a story to restore it later."""
        row = self._row[story_id]
        langs = {lang: float(self.lang_counts[row, col]) for lang, col in self.means.index.items()
                 if self.lang_counts[row, col] > 0}
        day = lambda x: None if np.isnan(x) else float(x)  # noqa: E731
        return EventState(story_id, self.sums[row].copy(), langs, float(self.sizes[row]), day(self.first_day[row]),
                          day(self.last_day[row]), dict(self.bags[row]))

    def _refresh_norm(self, row: int) -> None:
        self._norms[row] = float(np.linalg.norm(self._sums[row] - self._counts[row] @ self.means.matrix()))

    def _centroid_norms(self, means: np.ndarray) -> np.ndarray:
        """Norms of the centred centroids, all recomputed once the means have moved.

        The means shift a little with every article observed; recomputing
        every norm each time would cost a pass over all stories per article.
        Rows that change are refreshed at once, the rest whenever the number
        of observed articles has grown by NORM_REFRESH since the last pass.
        """
        observed = float(self.means.total())
        if observed > self._norms_at * (1 + NORM_REFRESH):
            centred = self.sums - self.lang_counts @ means
            self._norms[:self._n] = np.linalg.norm(centred, axis=1)
            self._norms_at = observed
        return self._norms[:self._n]
