"""Splitting one event's articles in two: average-link agglomeration over their pair scores."""
from __future__ import annotations

import numpy as np


def two_way_average_link(scores: np.ndarray) -> list[int]:
    """Labels 0/1: average-link agglomeration of a score matrix until two groups remain."""
    n = len(scores)
    s = scores.astype(np.float64).copy()
    np.fill_diagonal(s, -np.inf)
    size = np.ones(n)
    label = np.arange(n)
    for _ in range(n - 2):
        i, j = divmod(int(np.argmax(s)), n)
        s[i, :] = (s[i, :] * size[i] + s[j, :] * size[j]) / (size[i] + size[j])
        s[:, i] = s[i, :]
        s[i, i] = -np.inf
        s[j, :] = -np.inf
        s[:, j] = -np.inf
        size[i] += size[j]
        label[label == j] = i
    first = label[0]
    return [0 if lab == first else 1 for lab in label]
