"""Time to compute the story view of one story of N articles (default 200).

Builds N articles in seven languages from the bundled sample (each a base
article with its figures changed and its sentences reordered, so no two are
copies), ingests them with the real model into a fresh store, puts them all
in one story, and times the view: cold (nothing cached but the article
vectors, as right after ingest) and warm (the view cached).

    python benchmarks/bench_view.py [N]
"""
from __future__ import annotations

import json
import random
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

from newsweave.pipeline.run import Pipeline
from newsweave.ingest.sample import sample_dir
from newsweave.store import SQLiteStore
from newsweave.view.story_view import StoryViews


def articles(n: int) -> list[dict]:
    bases = []
    for path in sorted(sample_dir().glob("e0*.txt")):
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if len(line) > 60]
        if lines:
            bases.append(lines)
    rng = random.Random(7)
    out = []
    for i in range(n):
        lines = list(bases[i % len(bases)])
        rng.shuffle(lines)
        text = re.sub(r"\d+", lambda m: str(int(m.group(0)) + rng.randint(0, 3)), "\n".join(lines))
        out.append({"id": f"bench-{i}", "title": f"{lines[0][:80]} ({i})", "text": f"{text}\nItem {i}.",
                    "date": f"2024-03-{1 + i % 28:02d}"})
    return out


def main(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "story.jsonl"
        corpus.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in articles(n)), encoding="utf-8")
        with SQLiteStore(Path(tmp) / "bench.db") as store:
            pipeline = Pipeline(store, progress=False)
            pipeline.ingest([corpus])
            story_id = store.db.execute("SELECT MIN(story_id) FROM articles").fetchone()[0]
            store.db.execute("UPDATE articles SET story_id = ?", (story_id,))
            size = store.db.execute("SELECT COUNT(*) FROM articles WHERE story_id = ?", (story_id,)).fetchone()[0]
            views = StoryViews(store, pipeline.embedder)
            start = time.perf_counter()
            view = views.view(story_id)
            cold = time.perf_counter() - start
            start = time.perf_counter()
            views.view(story_id)
            warm = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"story of {size} articles in {len(view['languages'])} languages: view computed in {cold:.2f} s "
          f"(target < 2 s), cached read {warm * 1000:.1f} ms; {len(view['entities'])} entities, "
          f"{len(view['claims'])} claims, {len(view['summary'])} summary sentences; peak RSS {peak:.0f} MiB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
