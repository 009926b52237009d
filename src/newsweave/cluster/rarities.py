"""How many articles carry each evidence feature: the document frequencies behind its rarity.

A store's table of counts grows with its vocabulary, which keeps growing
with everything ever stored (names, numbers, words of every language), so
start-up does not read it whole. A count is read from the store the first
time scoring needs it, a batch of keys in one query, and then kept and
counted on in memory.

What a count must equal is what it would be had the whole table been read
at start-up and every article counted since: the stored count, plus the
articles this process has counted but not stored yet. So the articles are
counted by where they stand:

- ``pending``: counted here before they are placed; the store does not
  have them until ``stored``.
- ``stored``: those pending articles written to the store.
- ``arrived``: another writer's articles, already in the store, taken in
  when the writer catches up.
- ``taken``: pending articles of ours that another writer stored first.

A count read from the store then adds the pending articles it lacks. Reads
must come after the writer has caught up, inside its write transaction, so
that nothing another writer stored is both in the store's count and still to
arrive; scoring runs there.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

KEPT_MAX = 2_000_000  # counts kept in memory before they are let go (and read again when needed)


class Rarities:
    """Feature -> how many articles carry it; reads the store's counts on demand with ``read``.

    Without ``read`` it is a plain counter of what was counted here.

    >>> table = {"k:ntn": 5}
    >>> r = Rarities(lambda keys: {k: table[k] for k in keys if k in table})
    >>> r.pending(["k:ntn", "n:40"])
    >>> r["k:ntn"], r["n:40"], r["k:other"]
    (6, 1, 0)
    >>> table.update({"k:ntn": 6, "n:40": 1}); r.stored(Counter({"k:ntn": 1, "n:40": 1}))
    >>> r["k:ntn"], r["n:40"]
    (6, 1)
    """

    def __init__(self, read: Callable[[list[str]], dict[str, int]] | None = None,
                 counts: Counter | None = None):
        self._read = read
        self._known: dict[str, int] = dict(counts or {})
        self._unstored: Counter = Counter()

    def __getitem__(self, key: str) -> int:
        if key not in self._known:
            self.need([key])
        return self._known.get(key, 0)

    def need(self, keys: Iterable[str]) -> None:
        """Read from the store, in one query, the counts of ``keys`` not known yet."""
        if self._read is None:
            return
        missing = [k for k in keys if k not in self._known]
        if not missing:
            return
        found = self._read(missing)
        for key in missing:
            self._known[key] = found.get(key, 0) + self._unstored.get(key, 0)

    def _count(self, keys: Iterable[str]) -> None:
        if self._read is None:
            for key in keys:
                self._known[key] = self._known.get(key, 0) + 1
            return
        for key in keys:
            if key in self._known:
                self._known[key] += 1

    def pending(self, keys: Iterable[str]) -> None:
        """An article counted here that the store does not hold yet."""
        keys = list(keys)
        self._count(keys)
        if self._read is not None:
            self._unstored.update(keys)

    def arrived(self, keys: Iterable[str]) -> None:
        """An article another writer stored, counted here now."""
        self._count(keys)

    def stored(self, counts: Counter) -> None:
        """Pending articles written to the store (``counts``: how many carry each feature)."""
        if self._read is None:
            return
        self._unstored.subtract(counts)
        self._unstored = +self._unstored
        if len(self._known) > KEPT_MAX:
            self._known.clear()

    def taken(self, keys: Iterable[str]) -> None:
        """A pending article of ours that another writer stored first."""
        if self._read is not None:
            self.stored(Counter(keys))
