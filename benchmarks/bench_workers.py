"""Ingest throughput serially and on 1 and 2 Ray workers, in one run, with the stories compared.

Ingests the first N articles of ../shared/datasets/ecbplus-dev.jsonl (or the
bundled sample when absent) into three fresh stores: serial, ``--workers 1``
and ``--workers 2`` (a local Ray cluster each, its start-up included), and
prints articles/s for each and whether each gives the serial run's stories.

    python benchmarks/bench_workers.py [N]
"""
from __future__ import annotations

import json
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from click.testing import CliRunner

from newsweave.cli import main as cli
from newsweave.ingest.sample import sample_dir

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "ecbplus-dev.jsonl"


def corpus(folder: Path, n: int) -> tuple[Path, int]:
    if not CORPUS.exists():
        return sample_dir(), len(list(sample_dir().glob("*.txt")))
    lines = CORPUS.read_text(encoding="utf-8").splitlines()[:n]
    path = folder / "corpus.jsonl"
    path.write_text("\n".join(json.dumps({k: v for k, v in json.loads(line).items() if k != "label"})
                              for line in lines) + "\n", encoding="utf-8")
    return path, len(lines)


def partition(db: Path) -> set[frozenset[str]]:
    groups: dict[int, set[str]] = {}
    with sqlite3.connect(db) as con:
        for article, story in con.execute("SELECT id, story_id FROM articles"):
            groups.setdefault(story, set()).add(article)
    return {frozenset(g) for g in groups.values()}


def main(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source, count = corpus(folder, n)
        print(f"{count} articles from {source.name}")
        print(f"{'run':<14} {'seconds':>8} {'articles/s':>11}  same stories as serial")
        serial = None
        for label, extra in (("serial", []), ("--workers 1", ["--workers", "1"]), ("--workers 2", ["--workers", "2"])):
            db = folder / f"{label.strip('-').replace(' ', '')}.db"
            start = time.perf_counter()
            result = CliRunner().invoke(cli, ["ingest", str(source), "--db", str(db), *extra])
            seconds = time.perf_counter() - start
            assert result.exit_code == 0, result.output
            groups = partition(db)
            serial = serial or groups
            print(f"{label:<14} {seconds:8.1f} {count / seconds:11.2f}  {'yes' if groups == serial else 'NO'}"
                  f" ({len(groups)} stories)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
