"""Scoring the engine on a labelled corpus (``eval``) and timing its stages (``bench``)."""
from __future__ import annotations

import json
import resource
import time
from pathlib import Path

from newsweave.store import open_store
from newsweave.evaluate.metrics import adjusted_rand_index, bcubed, pairwise


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MiB (Linux reports KiB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


LEVELS = ("event", "storyline")


def corpus_level(corpus: Path) -> str:
    """The level a corpus's gold labels are at: its records' ``level`` field, else "event".

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "c.jsonl"
    >>> _ = path.write_text('{"id": "1", "label": "a", "level": "storyline"}\\n')
    >>> corpus_level(path)
    'storyline'
    """
    if corpus.is_file() and corpus.suffix == ".jsonl":
        with corpus.open(encoding="utf-8", errors="replace") as lines:
            for line in lines:
                try:
                    record = json.loads(line)
                except ValueError:
                    continue
                level = record.get("level") if isinstance(record, dict) else None
                if level in LEVELS:
                    return level
                if level is not None:
                    raise ValueError(f"{corpus}: level {level!r} is none of {', '.join(LEVELS)}")
                break
    return "event"


def _ingest_fresh(corpus: Path, db: Path, embedder=None):
    """Ingest ``corpus`` into a new store: (summary, wall seconds, (event id, storyline id, label)
    of each labelled article)."""
    from newsweave.pipeline import Pipeline

    start = time.perf_counter()
    with open_store(db) as store:
        summary = Pipeline(store, embedder=embedder, progress=False).ingest([corpus])
        storylines = store.storylines()
        rows = [(a["story_id"], storylines.get(a["story_id"], a["story_id"]), a["label"])
                for a in store.labelled_articles() if a["label"] is not None]
    return summary, time.perf_counter() - start, rows


def evaluate_corpus(corpus: Path, db: Path, embedder=None, level: str | None = None) -> dict:
    """Ingest ``corpus`` into a fresh store at ``db`` and compare events, or storylines, with labels.

    ``level`` says what the gold labels group: single events (scored against
    events) or storylines (scored against storylines); by default the
    corpus says (:func:`corpus_level`). Articles are streamed in
    publication order (file order where undated). Exact duplicates are
    stored once, so only stored articles are scored.
    """
    level = level or corpus_level(corpus)
    if level not in LEVELS:
        raise ValueError(f"level {level!r} is none of {', '.join(LEVELS)}")
    summary, elapsed, rows = _ingest_fresh(corpus, db, embedder)
    if not rows:
        raise ValueError(f"{corpus} has no labelled articles (field 'label')")
    predicted = [r[0] if level == "event" else r[1] for r in rows]
    gold = [r[2] for r in rows]
    p, r, f = bcubed(predicted, gold)
    _, _, pf = pairwise(predicted, gold)
    return {
        "level": level,
        "bcubed_precision": p, "bcubed_recall": r, "bcubed_f1": f, "pairwise_f1": pf,
        "ari": adjusted_rand_index(predicted, gold), "n_articles": len(rows),
        "n_stories": len(set(predicted)), "n_gold": len(set(gold)),
        "n_events": len({r[0] for r in rows}), "n_storylines": len({r[1] for r in rows}),
        "events_split": summary.events_split, "events_merged": summary.events_merged,
        "rejected": len(summary.rejected), "duplicates": summary.duplicates,
        "articles_per_s": round(summary.read / elapsed, 2) if elapsed else None,
        "peak_rss_mb": peak_rss_mb(), "stage_seconds": summary.stage_seconds,
    }


STAGES = ("read", "clean", "language", "date", "dedup", "embed", "assign", "regroup", "store")


def benchmark(corpus: Path, db: Path, embedder=None) -> dict:
    """Ingest ``corpus`` into a fresh store at ``db``; seconds per stage and throughput."""
    summary, wall, _ = _ingest_fresh(corpus, db, embedder)
    stages = {stage: round(summary.stage_seconds.get(stage, 0.0), 3) for stage in STAGES}
    stages["other"] = round(max(wall - sum(stages.values()), 0.0), 3)
    return {"articles": summary.read, "stored": summary.stored, "wall_s": round(wall, 3),
            "articles_per_s": round(summary.read / wall, 2) if wall else None,
            "stage_seconds": stages, "peak_rss_mb": peak_rss_mb()}
