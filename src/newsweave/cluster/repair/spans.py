"""Days between events' spans: what the repair pass's time limits are measured in."""
from __future__ import annotations

import numpy as np


def gap(first_a, last_a, first_b, last_b) -> float:
    """Days between two spans (0 when they overlap or either is undated)."""
    if first_a is None or first_b is None or np.isnan(first_a) or np.isnan(first_b):
        return 0.0
    return float(max(0.0, first_a - last_b, first_b - last_a))


def gaps(first: np.ndarray, last: np.ndarray, day_first: float, day_last: float) -> np.ndarray:
    """Days between each span and one span; 0 for undated ones, which time cannot rule out."""
    if np.isnan(day_first):
        return np.zeros(len(first))
    gap = np.maximum(first - day_last, day_first - last)
    return np.nan_to_num(np.maximum(gap, 0.0), nan=0.0)

