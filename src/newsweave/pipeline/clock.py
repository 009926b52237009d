"""Each stage's time, and each document's failure inside a stage made a rejection rather than an abort."""
from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager

from newsweave.pipeline.prepare import StageFailure
from newsweave.store import database_errors


class StageClock:
    """Seconds spent in each stage of one run."""

    def __init__(self) -> None:
        self.seconds: Counter = Counter()

    def reset(self) -> None:
        self.seconds = Counter()

    def rounded(self) -> dict[str, float]:
        return {stage: round(seconds, 3) for stage, seconds in self.seconds.items()}

    @contextmanager
    def stage(self, stage: str):
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[stage] += time.perf_counter() - start

    def timed(self, stage: str, func: Callable, *args):
        """Run one stage on one document; an unexpected error becomes a :class:`StageFailure`.

        Store errors pass through: they stop the batch, and the open
        transaction rolls back so the store stays consistent.
        """
        with self.stage(stage):
            try:
                return func(*args)
            except (StageFailure, *database_errors()):
                raise
            except Exception as exc:
                raise StageFailure(stage, exc) from exc
