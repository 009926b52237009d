"""What the repair pass takes and gives: its settings, an event's members, and what it decided."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np


MIN_HALF = 2              # a split never leaves a lone article: that is an outlier, not a happening


@dataclass(frozen=True)
class RegroupSettings:
    """The thresholds of the repair pass and of storyline linking."""

    merge_threshold: float = 0.8
    storyline_threshold: float = 0.55
    storyline_days: float = 60.0
    split: bool = True
    min_split_size: int = 4

    def __post_init__(self):
        if self.storyline_days <= 0:
            raise ValueError(f"storyline_days must be > 0, got {self.storyline_days}")
        if self.min_split_size < 2 * MIN_HALF:
            raise ValueError(f"min_split_size must be >= {2 * MIN_HALF}, got {self.min_split_size}")


@dataclass(frozen=True)
class Member:
    """One article of an event, as the repair pass needs it."""

    article_id: str
    vector: np.ndarray
    lang: str
    bag: Counter
    day: float | None


@dataclass
class RegroupResult:
    """What a pass decided: article moves, events gone, storylines."""

    moves: dict[str, int] = field(default_factory=dict)         # article id -> its new event
    merged: list[tuple[int, int]] = field(default_factory=list)  # (absorbed event, event it joined)
    split: list[tuple[int, int]] = field(default_factory=list)   # (event, new event cut from it)
    storylines: dict[int, int] = field(default_factory=dict)     # event id -> storyline id, changed ones

    @property
    def changed_events(self) -> set[int]:
        return {e for pair in self.merged + self.split for e in pair}
