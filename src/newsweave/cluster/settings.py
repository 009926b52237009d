"""Story assignment's settings, in one frozen record that the pipeline and the evaluations pass in."""
from __future__ import annotations

from dataclasses import dataclass

from newsweave.embed import DEFAULT_SHRINKAGE


@dataclass(frozen=True)
class AssignerSettings:
    """The knobs of story assignment, with defaults measured on the shared corpora."""

    threshold: float = 0.65
    evidence_weight: float = 0.6
    candidates: int = 8
    cold_days: float = 21.0
    gap_penalty_per_day: float = 0.01
    shrinkage: float = DEFAULT_SHRINKAGE
    cross_language_bonus: float = 0.2

    def __post_init__(self):
        if not -1.0 <= self.threshold <= 2.0:
            raise ValueError(f"threshold must be in [-1, 2], got {self.threshold}")
        if self.candidates < 1:
            raise ValueError(f"candidates must be >= 1, got {self.candidates}")
        if self.cold_days <= 0:
            raise ValueError(f"cold_days must be > 0, got {self.cold_days}")
