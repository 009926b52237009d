"""One corpus through SQLite, PostgreSQL and Ray workers, in one run, with the stories compared.

Ingests the first N articles of ../shared/datasets/ecbplus-dev.jsonl (or the
bundled sample when absent) four times: into SQLite serially, into PostgreSQL
serially (a real server started for the run, with PostgreSQL's default durability), into SQLite
with ``--workers 2`` and into PostgreSQL with ``--workers 2``. Prints
articles/s for each and whether each gives the stories of the SQLite serial
run: the same articles in the same events under the same ids, and the same
storylines.

    python benchmarks/bench_backends.py [N]
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bench_workers import corpus  # noqa: E402
from newsweave.cli import main as cli  # noqa: E402
from newsweave.store import open_store  # noqa: E402
from tests.postgres_server import LocalPostgres  # noqa: E402


def stories(location) -> tuple[dict[str, int], dict[int, int]]:
    """Article -> event, and event -> storyline."""
    with open_store(location, readonly=True) as store:
        return store.article_stories(), store.storylines()


def main(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp, LocalPostgres(durable=True) as postgres:
        folder = Path(tmp)
        source, count = corpus(folder, n)
        print(f"{count} articles from {source.name}; PostgreSQL on 127.0.0.1:{postgres.port}")
        print(f"{'store':<11} {'run':<12} {'seconds':>8} {'articles/s':>11}  same stories as SQLite serial")
        runs = (("SQLite", "serial", folder / "serial.db", []),
                ("PostgreSQL", "serial", postgres.create_database("serial"), []),
                ("SQLite", "--workers 2", folder / "workers.db", ["--workers", "2"]),
                ("PostgreSQL", "--workers 2", postgres.create_database("workers"), ["--workers", "2"]))
        reference = None
        for engine, label, location, extra in runs:
            start = time.perf_counter()
            result = CliRunner().invoke(cli, ["ingest", str(source), "--db", str(location), *extra])
            seconds = time.perf_counter() - start
            assert result.exit_code == 0, result.output
            found = stories(location)
            reference = reference or found
            print(f"{engine:<11} {label:<12} {seconds:8.1f} {count / seconds:11.2f}  "
                  f"{'yes' if found == reference else 'NO'} ({len(set(found[0].values()))} events, "
                  f"{len(set(found[1].values()))} storylines)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
