"""What newsweave costs with a large store behind it, through the real code paths.

Fills a real SQLite store (a file) with N synthetic articles over a year, in
10 languages, in events of about 3, then measures in one run:

- start-up: opening the engine as ``newsweave ingest`` does (the assigner's state);
- assigning 1,000 new articles, half dated near the newest day, half undated
  (near-duplicate lookup and placement, per article);
- the repair pass with storyline linking over the events they touched;
- a meaning search and a keyword search (p50 over several queries, after the first);
- the web app's story list and story pages;
- peak RSS.

Synthetic vectors stand in for embeddings, and random signatures for
MinHash: an event's articles lie near its centre, and events gather around
2,000 topics, as embeddings of news do. Cost depends on that shape (an
approximate index searches structureless random vectors almost
exhaustively), not on what the vectors mean. The fill writes rows directly; everything timed is the
pipeline's, store's and searcher's own code.

    python benchmarks/bench_scale.py N [--json] [--db FILE]

With ``--json`` the last line is one object: ``stored``, ``startup_s``,
``assign_ms_p50``, ``assign_ms_p95``, ``repair_ms_per_event``,
``search_ms_p50``, ``peak_rss_mb``.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
import tempfile
import time
from collections import Counter
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import numpy as np

from newsweave.cluster.evidence import features
from newsweave.cluster.dedup import BANDS_VERSION, NUM_PERM, SIGNATURE_VERSION, band_buckets
from newsweave.embed import HashingEmbedder
from newsweave.evaluate.corpus import peak_rss_mb
from newsweave.records import Article
from newsweave.pipeline.batch import Pending, Run
from newsweave.pipeline.embedding import embedding_key
from newsweave.pipeline.placing import STORE_CHUNK
from newsweave.pipeline.run import Pipeline
from newsweave.records import IngestSummary
from newsweave.search.searcher import Searcher, fold_article_index
from newsweave.store import SQLiteStore
from newsweave.store.views import StoryListing

DIM = 384
LANGS = ["en", "ar", "bn", "ru", "es", "fr", "de", "zh", "hi", "tr"]
FIRST_DAY = date(2025, 1, 1)
DAYS = 365
PER_EVENT = 3
PROBES = 1000
QUERIES = 12
FILL_BATCH = 20_000
TOPICS = 2_000       # events gather around topics, articles around their event: as embeddings of news do
EVENT_SPREAD = 1.0   # an event's centre from its topic's (cosine about 0.7)
ARTICLE_SPREAD = 0.5  # an article from its event's centre (cosine about 0.9)
_SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]


def _word(rng: np.random.Generator) -> str:
    return "".join(rng.choice(_SYLLABLES, size=int(rng.integers(2, 4))))


def _unit(rng: np.random.Generator, n: int) -> np.ndarray:
    v = rng.standard_normal((n, DIM)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def _normed(v: np.ndarray) -> np.ndarray:
    return (v / np.linalg.norm(v, axis=-1, keepdims=True)).astype(np.float32)


def _topics() -> np.ndarray:
    """The topics events gather around, the same in the fill and the probes."""
    return _unit(np.random.default_rng(1234), TOPICS)


def _near(rng: np.random.Generator, centres: np.ndarray, spread: float) -> np.ndarray:
    """One unit vector near each of ``centres`` (a noise of norm about ``spread``)."""
    noise = rng.standard_normal(centres.shape).astype(np.float32) / np.sqrt(DIM)
    return _normed(centres + spread * noise)


def _event_text(rng: np.random.Generator) -> tuple[list[str], list[str]]:
    """An event's vocabulary: a place and people (evidence keys), and words for its texts."""
    names = [_word(rng).title() for _ in range(4)]
    return names, [_word(rng) for _ in range(30)]


def _article_text(rng: np.random.Generator, names: list[str], words: list[str], figure: int) -> tuple[str, str]:
    title = f"{names[0]}: {' '.join(rng.choice(words, 5))}"
    sentences = [f"{names[1]} {names[2]} said in {names[0]} that {' '.join(rng.choice(words, 8))} reached {figure}."
                 for _ in range(3)]
    return title, " ".join(sentences)


def fill(db: Path, n: int, seed: int = 7) -> None:
    """N articles in events of about three, written straight into the store's tables."""
    rng = np.random.default_rng(seed)
    topics = _topics()
    embedder = HashingEmbedder(dim=DIM)
    with SQLiteStore(db) as store:
        store.check_embedder(embedder.name, embedder.version, embedder.dim)
        store.set_meta("signature_version", SIGNATURE_VERSION)
        store.set_meta("minhash_bands", BANDS_VERSION)
        con = store.db
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        df: Counter = Counter()
        sums: dict[str, tuple[float, np.ndarray]] = {}
        n_events = -(-n // PER_EVENT)
        start = time.perf_counter()
        done = 0
        for first in range(0, n_events, FILL_BATCH // PER_EVENT):
            events = range(first + 1, min(n_events, first + FILL_BATCH // PER_EVENT) + 1)
            stories, articles, vectors, bands = [], [], [], []
            for event in events:
                lang = LANGS[event % len(LANGS)]
                day = FIRST_DAY + timedelta(days=int(DAYS * event / n_events))
                names, words = _event_text(rng)
                figure = int(rng.integers(10, 100_000))
                size = min(PER_EVENT, n - done)
                if size <= 0:
                    break
                centre = _near(rng, topics[int(rng.integers(TOPICS))][None], EVENT_SPREAD)[0]
                vecs = _near(rng, np.repeat(centre[None], size, axis=0), ARTICLE_SPREAD)
                n_lang, total = sums.get(lang, (0.0, 0.0))
                sums[lang] = (n_lang + size, total + vecs.astype(np.float64).sum(axis=0))
                bag: Counter = Counter()
                for k in range(size):
                    title, text = _article_text(rng, names, words, figure)
                    features_k = features(f"{title}\n{text}")
                    bag.update(features_k)
                    df.update(features_k.keys())
                    done += 1
                    key, article_id = f"bench-{done:09d}", f"{done:016x}"
                    minhash = rng.integers(0, 1 << 32, NUM_PERM, dtype=np.uint64)
                    articles.append((article_id, f"h{done:015x}", f"bench/{done}.json", title, text, lang, 0.99,
                                     (day + timedelta(days=k)).isoformat(), "text", event, 0.8, key,
                                     minhash.tobytes(), now))
                    bands += [(bucket, article_id) for bucket in band_buckets(minhash)]
                    vectors.append((key, vecs[k].tobytes()))
                first_day = float(day.toordinal())
                stories.append((event, vecs.sum(axis=0).tobytes(), json.dumps({lang: float(size)}), float(size),
                                first_day, first_day + size - 1, json.dumps(dict(bag.most_common(400))), now, now,
                                event))
            with store.transaction():
                con.executemany("INSERT INTO stories(id, vector_sum, lang_counts, size, first_day, last_day, bag, "
                                "created_at, updated_at, storyline_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", stories)
                con.executemany("INSERT INTO articles(id, content_hash, origin, title, text, lang, lang_confidence, "
                                "published, date_method, story_id, score, embedding_key, minhash, ingested_at) "
                                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", articles)
                con.executemany("INSERT INTO embeddings(key, vector) VALUES (?, ?)", vectors)
                con.executemany("INSERT INTO minhash_bands(bucket, article_id) VALUES (?, ?)", bands)
            print(f"  filled {done:,} of {n:,} ({time.perf_counter() - start:.0f} s)", file=sys.stderr)
        with store.transaction():
            con.executemany("INSERT INTO feature_df(key, df) VALUES (?, ?)", sorted(df.items()))
            store.add_language_sums(sums)
            store.set_meta("language_sums", "1")
    index_store(db)


def index_store(db: Path) -> None:
    """The language sums and indexes a store written by ingest would have built as it grew
    (for a store filled before they existed, too)."""
    embedder = HashingEmbedder(dim=DIM)
    with SQLiteStore(db) as store:
        store.build_language_sums()
        t = time.perf_counter()
        pipeline = Pipeline(store, embedder=embedder, progress=False)
        pipeline.assign_state().index.save()
        events_s = time.perf_counter() - t
        t = time.perf_counter()
        fold_article_index(store, embedder)
        print(f"  indexed {store.story_count():,} events in {events_s:.0f} s and {store.article_count():,} "
              f"articles in {time.perf_counter() - t:.0f} s", file=sys.stderr)


def _probes(rng: np.random.Generator, n: int, offset: int, embedder) -> list[Pending]:
    """New articles: the first half dated in the last month of the store, the rest undated."""
    out = []
    topics = _topics()
    vectors = _near(rng, _near(rng, topics[rng.integers(0, TOPICS, n)], EVENT_SPREAD), ARTICLE_SPREAD)
    for i in range(n):
        names, words = _event_text(rng)
        title, text = _article_text(rng, names, words, int(rng.integers(10, 100_000)))
        dated = i < n // 2
        published = (FIRST_DAY + timedelta(days=DAYS - 30 + i % 30)).isoformat() if dated else None
        digest = f"f{offset + i:015x}"  # above every filled id, and every earlier run's probes
        article = Article(id=digest[:16], origin=f"probe/{i}.json", title=title, text=text, lang=LANGS[i % len(LANGS)],
                          lang_confidence=0.99, published=published, date_method="text" if dated else "undated",
                          content_hash=digest)
        lead = f"{title}\n{text}"
        out.append(Pending(article, features(lead), None, lead=lead, vector=vectors[i],
                           embedding_key=embedding_key(embedder, lead)))
    return out


def measure(db: Path, seed: int = 11) -> dict:
    embedder = HashingEmbedder(dim=DIM)
    with SQLiteStore(db) as store:
        stored = store.article_count()
        # New texts each run on a reused store: the last run's probes would come back as near-copies.
        rng = np.random.default_rng([seed, stored])
        pipeline = Pipeline(store, embedder=embedder, progress=False)
        t = time.perf_counter()
        state = pipeline.assign_state()
        startup = time.perf_counter() - t
        rss_startup = _rss_mb()

        probes = _probes(rng, PROBES, stored, embedder)
        run = Run(IngestSummary())
        timings, touched = [], set()
        for item in probes:  # counted in the means before any is placed, as the pipeline does
            state.observe_pending(item.article.id, item.vector, item.article.lang, item.bag)
        for start in range(0, len(probes), STORE_CHUNK):  # in the pipeline's chunks, one transaction each
            placed = []
            with store.transaction():
                state.catch_up(store)
                for item in probes[start:start + STORE_CHUNK]:
                    t = time.perf_counter()
                    placement = pipeline.placer.assign_one(item, state, run)
                    timings.append(time.perf_counter() - t)
                    placed.append((item, placement))
                chunk = {p.story_id for _, p in placed}
                for item, _ in placed:  # what the embedding stage stores before assignment
                    store.put_embedding(item.embedding_key, item.vector)
                pipeline.placer.store_chunk(placed, chunk, state, run, [])
            touched |= chunk
        rss_assigned = _rss_mb()
        t = time.perf_counter()
        pipeline.placer.repair(set(touched), state, run)
        repair_ms = (time.perf_counter() - t) * 1000 / len(touched)
        rss_repaired = _rss_mb()
        live_events = sorted(store.story_days(touched))[:QUERIES]  # the pass may have merged some away
        t = time.perf_counter()
        state.index.save()  # as an ingest ends: the next start-up reads the saved index
        index_save = time.perf_counter() - t

        searcher = Searcher(embedder)
        # Queries that find something: a place name and a word of stored events.
        seqs = [int(x) for x in rng.integers(1, stored + 1, QUERIES)]
        titles = [store.db.execute("SELECT title FROM articles WHERE seq = ?", (s,)).fetchone()[0] for s in seqs]
        words = [f"{t.split(':')[0]} {t.split(':')[1].split()[0]}" for t in titles]
        t = time.perf_counter()
        searcher.search(store, words[0])  # the first search reads what the index needs
        first_search = time.perf_counter() - t
        search_ms, keyword_ms = [], []
        for query in words[1:]:
            t = time.perf_counter()
            searcher.search(store, query)
            search_ms.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            StoryListing(store).keyword_hits(query)
            keyword_ms.append((time.perf_counter() - t) * 1000)
    # The web app is a process of its own (``newsweave serve``), measured as one.
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        list_ms, story_ms, web_rss = pool.apply(_web_pages, (db, live_events))
    ms = np.array(timings) * 1000
    half = PROBES // 2
    return {
        "stored": stored, "startup_s": round(startup, 3),
        "assign_ms_p50": round(float(np.median(ms)), 2), "assign_ms_p95": round(float(np.percentile(ms, 95)), 2),
        "repair_ms_per_event": round(repair_ms, 2), "search_ms_p50": round(float(np.median(search_ms)), 1),
        "peak_rss_mb": peak_rss_mb(),
        "_detail": {"assign_dated_p50": round(float(np.median(ms[:half])), 2),
                    "assign_undated_p50": round(float(np.median(ms[half:])), 2),
                    "touched_events": len(touched), "first_search_s": round(first_search, 2),
                    "keyword_ms_p50": round(float(np.median(keyword_ms)), 1),
                    "web_list_ms_p50": round(float(np.median(list_ms)), 1),
                    "web_story_ms_p50": round(float(np.median(story_ms)), 1),
                    "web_peak_rss_mb": web_rss, "rss_after_startup_mb": rss_startup,
                    "rss_after_assign_mb": rss_assigned, "rss_after_repair_mb": rss_repaired,
                    "held_events": len(state.assigner), "index_save_s": round(index_save, 2), "near_copies": run.summary.near_duplicates,
                    "first_dated_ms": round(float(ms[0]), 1)},
    }


def warm_page_cache(db: Path) -> None:
    """Read the store's files once, as a server that has been running has them in the OS page
    cache: the figures are then the engine's, not those of whatever the machine's cache
    let go of since the fill (on a virtual machine it may let go of most)."""
    t = time.perf_counter()
    files = [p for p in [db, *db.parent.glob(db.name + "-wal"), *db.parent.glob(db.name + ".index/*")] if p.is_file()]
    size = 0
    for path in files:
        with open(path, "rb") as handle:
            while chunk := handle.read(1 << 24):
                size += len(chunk)
    print(f"  read {size / 2**20:,.0f} MiB of store files into the page cache in {time.perf_counter() - t:.0f} s",
          file=sys.stderr)


def _rss_mb(field: str = "VmRSS") -> float:
    """This process's resident memory now (``VmRSS``) or at its peak (``VmHWM``), in MiB. Unlike
    getrusage's maximum, ``VmHWM`` starts afresh in a process spawned from another."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def _high_water_mb() -> float:
    return _rss_mb("VmHWM")


def _web_pages(db: Path, story_ids: list[int]) -> tuple[list[float], list[float], float]:
    """Milliseconds to serve the story list and story pages through the real web app, and
    the app's peak memory."""
    from starlette.testclient import TestClient

    from newsweave.web import ServerConfig, create_app
    app = create_app(ServerConfig(db=str(db), token="bench-token-0123456789", reads="open",
                                  allowed_hosts=("testserver",)), embedder=HashingEmbedder(dim=DIM))
    list_ms, story_ms = [], []
    with TestClient(app) as client:
        for path, out in [("/", list_ms)] * QUERIES + [(f"/stories/{i}", story_ms) for i in story_ids]:
            t = time.perf_counter()
            response = client.get(path)
            out.append((time.perf_counter() - t) * 1000)
            if response.status_code != 200:
                sys.exit(f"GET {path}: {response.status_code}")
    return list_ms[1:], story_ms, _high_water_mb()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, nargs="?", default=100_000, help="articles to store first")
    parser.add_argument("--json", action="store_true", help="end with one JSON line of the figures")
    parser.add_argument("--db", type=Path, help="the store to fill (default: a temporary file); reused when it "
                                               "already holds N articles")
    args = parser.parse_args()
    folder = None
    if args.db is None:
        folder = tempfile.TemporaryDirectory(prefix="bench-scale-")
        args.db = Path(folder.name) / "scale.db"
    with SQLiteStore(args.db) as store:
        have = store.article_count()
    if have == 0:
        t = time.perf_counter()
        # In a process of its own, so the peak memory measured is the engine's, not the fill's.
        filler = multiprocessing.get_context("spawn").Process(target=fill, args=(args.db, args.n))
        filler.start()
        filler.join()
        if filler.exitcode:
            sys.exit(f"filling the store failed (exit {filler.exitcode})")
        print(f"filled {args.n:,} articles in {time.perf_counter() - t:.0f} s "
              f"({os.path.getsize(args.db) / 2**20:,.0f} MiB)", file=sys.stderr)
    elif have < args.n:
        sys.exit(f"{args.db} holds {have:,} articles, fewer than {args.n:,}: give a new --db")
    else:
        indexer = multiprocessing.get_context("spawn").Process(target=index_store, args=(args.db,))
        indexer.start()
        indexer.join()
    warm_page_cache(args.db)
    figures = measure(args.db)
    detail = figures.pop("_detail")
    for key, value in {**figures, **detail}.items():
        print(f"{key:>22}: {value}")
    if args.json:
        print(json.dumps(figures))
    if folder is not None:
        folder.cleanup()


if __name__ == "__main__":
    main()
