"""Progress bars on a terminal, nothing when output is piped."""
from __future__ import annotations

import sys


def progress_bar(iterable, total: int, desc: str, enabled: bool | None = None, unit: str = "doc"):
    """``iterable`` wrapped in a tqdm bar on stderr; bare when ``enabled`` is false
    (by default: when stderr is not a terminal)."""
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        return iterable
    from tqdm import tqdm

    return tqdm(iterable, total=total, desc=desc, unit=unit, leave=False, file=sys.stderr)
