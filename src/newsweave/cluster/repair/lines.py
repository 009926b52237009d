"""Events' storylines as the store has them, read as storyline linking asks for them.

Linking needs the storylines of the events a pass touched, of their
neighbours, and the held members of those storylines: not the storyline of
every held event, which a busy window makes tens of thousands of rows read
on every pass.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable


class StorylineMap:
    """Event -> storyline, and storyline -> its events, read through ``read_lines`` (event ids
    -> their storylines) and ``read_members`` (storylines -> their events) and kept.

    >>> lines = StorylineMap.of({1: 1, 2: 1, 3: 3})
    >>> lines.get(2), lines.get(9, 9), lines.members(1)
    (1, 9, [1, 2])
    """

    def __init__(self, read_lines: Callable[[list[int]], dict[int, int]],
                 read_members: Callable[[list[int]], dict[int, list[int]]]):
        self._read_lines, self._read_members = read_lines, read_members
        self._line: dict[int, int | None] = {}      # None: not stored, or gone in this pass
        self._members: dict[int, list[int]] = {}

    @classmethod
    def of(cls, lines: dict[int, int]) -> StorylineMap:
        """A map of known storylines, read from nowhere."""
        by_line: dict[int, list[int]] = {}
        for event, line in sorted(lines.items()):
            by_line.setdefault(line, []).append(event)
        out = cls(lambda events: {}, lambda wanted: {line: by_line.get(line, []) for line in wanted})
        out._line.update(lines)
        return out

    def need(self, events: Iterable[int]) -> None:
        """Read the storylines of ``events`` not known yet, and the members of those storylines."""
        events = {int(e) for e in events}
        missing = sorted(e for e in events if e not in self._line)  # (a set less a dict's keys copies them all)
        if missing:
            found = self._read_lines(missing)
            for event in missing:
                self._line[event] = found.get(event)
        self._need_members({self._line[e] for e in events} - {None})

    def _need_members(self, lines: set[int]) -> None:
        wanted = sorted(line for line in lines if line not in self._members)
        if not wanted:
            return
        found = self._read_members(wanted)
        for line in wanted:
            self._members[line] = sorted(found.get(line, []))
            for event in self._members[line]:
                self._line.setdefault(event, line)

    def get(self, event: int, default: int | None = None) -> int | None:
        if event not in self._line:
            self.need([event])
        line = self._line[event]
        return default if line is None else line

    def __contains__(self, event: int) -> bool:
        return self.get(event) is not None

    def __getitem__(self, event: int) -> int:
        line = self.get(event)
        if line is None:
            raise KeyError(event)
        return line

    def pop(self, event: int) -> None:
        """``event`` is gone (merged into another) in this pass."""
        self._line[event] = None

    def members(self, line: int) -> list[int]:
        """The events of ``line`` as stored, oldest id first (events gone in this pass included:
        callers keep those they hold)."""
        self._need_members({line})
        return self._members[line]

    def known(self) -> list[int]:
        """Every event whose storyline has been read, oldest id first."""
        return sorted(e for e, line in self._line.items() if line is not None)
