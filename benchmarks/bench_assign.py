"""Story assignment time per article with a large store behind it.

Fills a :class:`StoryAssigner` with N stored articles (default 100,000)
grouped into stories of about 3, in 10 languages, with evidence bags of
names and numbers, then times ``assign`` for 1,000 new articles, and the
repair pass with storyline linking over the events they touched. Vectors
are random unit vectors: the cost of scoring does not depend on what they
mean.

    python benchmarks/bench_assign.py [N]
"""
from __future__ import annotations

import sys
import time
from collections import Counter

import numpy as np

from newsweave.cluster.assign import StoryAssigner
from newsweave.cluster.repair.records import Member
from newsweave.cluster.repair.regroup import Regrouper
from newsweave.evaluate.corpus import peak_rss_mb

DIM = 384
LANGS = ["en", "ar", "bn", "ru", "es", "fr", "de", "zh", "hi", "tr"]
PROBES = int(__import__("os").environ.get("PROBES", 1000))


def bag(rng: np.random.Generator) -> Counter:
    names = rng.integers(0, 50_000, size=12)
    numbers = rng.integers(10, 5_000, size=4)
    return Counter([f"k:{n}" for n in names] + [f"n:{n}" for n in numbers])


def unit(rng: np.random.Generator) -> np.ndarray:
    v = rng.standard_normal(DIM).astype(np.float32)
    return v / np.linalg.norm(v)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    rng = np.random.default_rng(7)
    assigner = StoryAssigner(DIM)
    start = time.perf_counter()
    # Restore stories the way the pipeline does after a restart: summaries, then the means.
    n_stories = n // 3
    days = rng.integers(738_000, 738_000 + 365, size=n_stories).astype(float)
    for story in range(1, n_stories + 1):
        lang = LANGS[story % len(LANGS)]
        vectors = np.stack([unit(rng) for _ in range(3)])
        assigner.add_story(story, vectors.sum(axis=0), {lang: 3.0}, 3.0, days[story - 1], days[story - 1] + 2,
                           bag(rng) + bag(rng))
        assigner.restore(((v, lang) for v in vectors), Counter(), assigner.n_docs + len(vectors))
    fill = time.perf_counter() - start
    print(f"stored articles: {n:,} in {n_stories:,} stories over a year (filled in {fill:.1f} s)")
    # Dated articles only meet the stories active within cold_days; undated
    # ones are scored against every story, the worst case.
    members: dict[int, list[Member]] = {}
    for label, dated in (("dated", True), ("undated", False)):
        timings = []
        for i in range(PROBES):
            day = float(738_000 + 300 + i % 60) if dated else None
            vector, lang, evidence = unit(rng), LANGS[i % len(LANGS)], bag(rng)
            t = time.perf_counter()
            decision = assigner.assign(vector, lang, evidence, day)
            timings.append(time.perf_counter() - t)
            members.setdefault(decision.story_id, []).append(Member(f"{label}{i}", vector, lang, evidence, day))
        ms = np.array(timings) * 1000
        print(f"assign, {label}: mean {ms.mean():.2f} ms, median {np.median(ms):.2f} ms, "
              f"p95 {np.percentile(ms, 95):.2f} ms per article")
    # The pass after an ingest: every touched event checked for a split and a
    # merge, then linked into storylines against the live events.
    touched = sorted(members)
    storylines = {int(i): int(i) for i in assigner.ids}
    t = time.perf_counter()
    Regrouper(assigner).run(touched, lambda e: members.get(e, []), storylines, assigner.next_id)
    pass_ms = (time.perf_counter() - t) * 1000
    print(f"repair pass and storyline linking: {pass_ms / len(touched):.2f} ms per touched event "
          f"({len(touched)} events, {pass_ms / 1000:.1f} s)")
    print(f"peak RSS: {peak_rss_mb():.0f} MiB")


if __name__ == "__main__":
    main()
