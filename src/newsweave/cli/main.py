"""The ``newsweave`` command line: parse options, call the library, print."""
from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

import click

from newsweave.records import IngestSummary
from newsweave.render.text import render_storyline_text, render_view_text
from newsweave.store import (StoreError, StorylineListing, StoryListing, database_errors, is_url, open_store,
                    shown_location)
from newsweave.store.base import StoreReader, StoreWriter

DEFAULT_DB = "newsweave.db"


def _db_path(db: str | None) -> str:
    return db or os.environ.get("NEWSWEAVE_DB") or DEFAULT_DB


def _open_read(db: str | None) -> StoreReader:
    try:
        return open_store(_db_path(db), readonly=True)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None


db_option = click.option("--db", metavar="FILE|URL",
                         help=f"store: a SQLite file or a postgresql://user@host/db URL "
                              f"(default: $NEWSWEAVE_DB or ./{DEFAULT_DB})")


@click.group()
@click.version_option(package_name="newsweave")
def main() -> None:
    """newsweave: multilingual news stories, offline."""


def _print_summary(summary: IngestSummary) -> None:
    click.echo(f"read {summary.read} documents: stored {summary.stored}, "
               f"exact duplicates {summary.duplicates}, near-duplicates linked {summary.near_duplicates}, "
               f"rejected {len(summary.rejected)}, unchanged files skipped {summary.already_stored}")
    click.echo(f"events: {summary.stories_new} new, {summary.stories_updated} updated"
               + (f"; repair pass: {summary.events_split} split, {summary.events_merged} merged"
                  if summary.events_split or summary.events_merged else ""))
    for rejection in summary.rejected[:20]:
        click.echo(f"  rejected {rejection.origin}: {rejection.reason}")
    if len(summary.rejected) > 20:
        click.echo(f"  ... and {len(summary.rejected) - 20} more (see 'newsweave rejected')")


def _open_write(db: str) -> StoreWriter:
    try:
        return open_store(db)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None


def _sources(args, max_file_bytes: int | None, fetch_policy=None):
    """Split ``ingest`` arguments into local paths and the documents of ``-`` and URLs (read lazily)."""
    from newsweave.ingest.address_guard import DEFAULT_POLICY
    from newsweave.ingest.files import MAX_FILE_BYTES
    from newsweave.ingest.remote import is_url, read_url
    from newsweave.ingest.stdin import read_stdin_jsonl

    limit, policy = max_file_bytes or MAX_FILE_BYTES, fetch_policy or DEFAULT_POLICY
    args = [os.fspath(arg) for arg in args]
    if args.count("-") > 1:
        raise click.BadParameter("'-' (standard input) can be given once", param_hint="PATHS")
    paths, streams = [], []
    for arg in args:
        if arg == "-":
            streams.append(lambda: read_stdin_jsonl(sys.stdin.buffer, max_line_bytes=limit))
        elif is_url(arg):
            streams.append(lambda url=arg: read_url(url, max_bytes=limit, policy=policy))
        elif "://" in arg and not Path(arg).exists():
            raise click.BadParameter(f"{arg!r}: only http:// and https:// addresses can be read", param_hint="PATHS")
        elif not Path(arg).exists():
            raise click.BadParameter(f"{arg!r} does not exist", param_hint="PATHS")
        else:
            paths.append(arg)
    return paths, (item for stream in streams for item in stream())


def run_ingest(paths, db: str, embedder=None, max_file_bytes: int | None = None, workers: int | None = None,
               ray_address: str | None = None, fetch_policy=None, follow_links: bool = False):
    from newsweave.embed import UnknownEmbedder, embedder_for_store
    from newsweave.pipeline.run import Pipeline

    files, documents = _sources(paths, max_file_bytes, fetch_policy)
    with _open_write(db) as store:
        try:
            # The model the store was built with, so its vectors stay comparable.
            embedder = embedder or embedder_for_store(store)
        except (StoreError, UnknownEmbedder) as exc:
            raise click.ClickException(str(exc)) from None
        pool = preparer = None
        if workers:
            from newsweave.pipeline.ray_workers import RayMissing, RayWorkers

            try:
                pool = RayWorkers(embedder, workers, ray_address)
            except RayMissing as exc:
                raise click.ClickException(str(exc)) from None
            embedder, preparer = pool.embedder, pool.preparer
        try:
            try:
                pipeline = Pipeline(store, embedder=embedder, max_file_bytes=max_file_bytes, preparer=preparer)
            except StoreError as exc:
                raise click.ClickException(str(exc)) from None
            return pipeline.ingest(files, documents, follow_links=follow_links)
        finally:
            if pool is not None:
                pool.close()


# Off by default: a feed or a redirect could otherwise point newsweave at this machine or the intranet.
allow_private_option = click.option(
    "--allow-private-network", "allow_private", is_flag=True, envvar="NEWSWEAVE_ALLOW_PRIVATE_NETWORK",
    help="also fetch from loopback and private addresses (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7), "
         "for intranet sources; cloud metadata and link-local addresses stay refused")


# Off by default: a link in a shared inbox folder could otherwise read /etc/passwd into the store.
follow_links_option = click.option(
    "--follow-links", is_flag=True,
    help="also read files that links inside the folders point to outside them (rejected by default)")


def _fetch_policy(allow_private: bool):
    from newsweave.ingest.address_guard import FetchPolicy

    return FetchPolicy(allow_private=allow_private)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--max-file-mb", type=click.FloatRange(min=0, min_open=True), envvar="NEWSWEAVE_MAX_FILE_MB",
              help="skip (and record) files larger than this; default 20")
@click.option("--workers", type=click.IntRange(min=1), help="clean, date and embed on this many Ray workers (pip install 'newsweave[ray]')")
@click.option("--ray-address", metavar="ADDR", help="join this Ray cluster (default: start a local one); needs --workers")
@allow_private_option
@follow_links_option
def ingest(paths, db, max_file_mb, workers, ray_address, allow_private, follow_links):
    """Read articles into the store from files and folders (recursively), from http(s) URLs
    (a page or an RSS/Atom feed), and from '-': JSON Lines on standard input."""
    if ray_address and not workers:
        raise click.BadParameter("--ray-address needs --workers", param_hint="--ray-address")
    summary = run_ingest(paths, _db_path(db), max_file_bytes=int(max_file_mb * 1024 * 1024) if max_file_mb else None,
                         workers=workers, ray_address=ray_address, fetch_policy=_fetch_policy(allow_private),
                         follow_links=follow_links)
    _print_summary(summary)


@main.command()
@click.argument("folders", nargs=-1, type=click.Path(exists=True, file_okay=False))
@click.option("--feed", "feeds", multiple=True, metavar="URL", help="an RSS/Atom feed to poll (repeat for more)")
@click.option("--interval", type=click.FloatRange(min=1), default=300, show_default=True,
              help="seconds between looks at the folders and polls of each feed")
@click.option("--once", is_flag=True, help="one look at everything, then exit (for cron and tests)")
@allow_private_option
@follow_links_option
@db_option
def watch(folders, feeds, interval, once, allow_private, follow_links, db):
    """Ingest new and changed files in FOLDERS, and new items of feeds, until stopped (Ctrl-C)."""
    from newsweave.embed import UnknownEmbedder, embedder_for_store
    from newsweave.ingest.remote import is_url
    from newsweave.pipeline.run import Pipeline
    from newsweave.pipeline.watch import Watcher

    if not folders and not feeds:
        raise click.UsageError("give a folder to watch or a --feed URL")
    for url in feeds:
        if not is_url(url):
            raise click.BadParameter(f"{url!r} is not an http:// or https:// address", param_hint="--feed")
    with _open_write(_db_path(db)) as store:
        try:
            pipeline = Pipeline(store, embedder=embedder_for_store(store))
        except (StoreError, UnknownEmbedder) as exc:
            raise click.ClickException(str(exc)) from None
        watcher = Watcher(pipeline, folders, feeds, interval, report=_print_summary,
                          policy=_fetch_policy(allow_private), follow_links=follow_links)
        if once:
            watcher.run(cycles=1)
            return
        click.echo(f"watching {len(folders)} folders and {len(feeds)} feeds every {interval:g} s; Ctrl-C stops")
        with watcher.stopping_on_signals():
            try:
                cycles = watcher.run()
            except KeyboardInterrupt:  # a second signal: the cycle under way is cut short
                click.echo("stopped during a cycle; what it had stored is kept")
                return
    click.echo(f"stopped after {cycles} cycles")


@main.command()
@db_option
@click.option("--since", metavar="YYYY-MM-DD", help="only events covered on or after this day (default: every event)")
def regroup(db, since):
    """Run the repair pass over stored events: split those that hold two happenings, merge those
    that are one, relink storylines. Every ingest runs it over the events it touched."""
    from datetime import date

    from newsweave.embed import UnknownEmbedder, embedder_for_store
    from newsweave.pipeline.run import Pipeline

    if since:
        try:
            date.fromisoformat(since)
        except ValueError:
            raise click.BadParameter(f"{since!r} is not a date (YYYY-MM-DD)", param_hint="--since") from None
    with _open_write(_db_path(db)) as store:
        try:
            pipeline = Pipeline(store, embedder=embedder_for_store(store))
        except (StoreError, UnknownEmbedder) as exc:
            raise click.ClickException(str(exc)) from None
        summary = pipeline.regroup(since)
    click.echo(f"repair pass: {summary.events_split} events split, {summary.events_merged} merged")


@main.command()
@db_option
def reindex(db):
    """Rebuild the vector indexes beside the store (events for assignment, articles for meaning
    search) from what it holds. They rebuild themselves when missing or unreadable; this starts
    afresh on purpose."""
    from newsweave.embed import UnknownEmbedder, embedder_for_store
    from newsweave.pipeline.run import Pipeline
    from newsweave.vector_index.files import index_folder

    with _open_write(_db_path(db)) as store:
        if index_folder(store) is None:
            click.echo("this store keeps no index files: each process builds its indexes in memory")
            return
        try:
            pipeline = Pipeline(store, embedder=embedder_for_store(store))
        except (StoreError, UnknownEmbedder) as exc:
            raise click.ClickException(str(exc)) from None
        built = pipeline.rebuild_indexes()
    click.echo(f"removed {built['removed']} saved index files; indexed {built['events']} events and "
               f"{built['articles']} articles in {index_folder(store)}")


def _story_line(story: dict) -> str:
    langs = " ".join(f"{lang}:{n}" for lang, n in story["languages"].items())
    span = f"{story['first_seen'] or '?'}..{story['last_seen'] or '?'}"
    return f"#{story['id']:<4} {story['size']:>3} articles  [{langs}]  {span}  {story['headline']['text']}"


def _storyline_lines(line: dict) -> list[str]:
    """A storyline of several events as a heading with its events below; a lone event as one line."""
    if line["n_events"] == 1:
        return [_story_line(line["events"][0])]
    span = f"{line['first_seen'] or '?'}..{line['last_seen'] or '?'}"
    head = f"L{line['id']:<4} {line['size']:>3} articles, {line['n_events']} events  {span}  {line['headline']['text']}"
    return [head] + ["    " + _story_line(event) for event in line["events"]]


@main.command()
@click.option("--json", "as_json", is_flag=True, help="print JSON")
@click.option("--limit", type=click.IntRange(min=1), help="at most N storylines (or events with --events)")
@click.option("--lang", metavar="CODE", help="only those with an article in this language")
@click.option("--events", "flat", is_flag=True, help="list events alone, not grouped into storylines")
@db_option
def stories(as_json, limit, lang, flat, db):
    """List the storylines with their events, biggest first (events alone with --events)."""
    with _open_read(db) as store:
        found = (StoryListing(store) if flat else StorylineListing(store)).all(lang=lang, limit=limit)
    if as_json:
        click.echo(json.dumps(found, ensure_ascii=False, indent=2))
        return
    for item in found:
        for line in [_story_line(item)] if flat else _storyline_lines(item):
            click.echo(line)


def _story_ref(value: str) -> tuple[str, int]:
    """``12`` is event 12; ``L12`` is storyline 12."""
    text = value.strip()
    kind = "storyline" if text[:1] in ("L", "l") else "event"
    digits = text[1:] if kind == "storyline" else text
    if not digits.isdigit() or int(digits) < 1:
        raise click.BadParameter(f"{value!r}: give an event id (12) or a storyline id (L12)")
    return kind, int(digits)


def _open_for_views(db: str | None) -> StoreWriter:
    """The store, writable when it can be so that story views are cached."""
    path = _db_path(db)
    if not is_url(path) and not Path(path).exists():
        raise click.ClickException(f"no store at {path}: run 'newsweave ingest' first")
    try:
        return open_store(path)
    except (StoreError, *database_errors()):
        return _open_read(db)


@main.command()
@click.argument("story_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="print JSON (every field, article ids as citations)")
@click.option("--lang", default="en", show_default=True, metavar="CODE", help="reader's language for the headline")
@db_option
def story(story_id, as_json, lang, db):
    """Show one event (ID) or storyline (L<ID>): headline, summary, entities, timeline, claims, statements."""
    from newsweave.view.story_view import StoryViews
    from newsweave.view.storyline_view import StorylineViews

    kind, number = _story_ref(story_id)
    with _open_for_views(db) as store:
        if kind == "storyline":
            view = StorylineViews(store).view(number, lang)
        else:
            view = StoryViews(store).view(number, lang)
    if view is None:
        raise click.ClickException(f"no {kind} {story_id} (see 'newsweave stories')")
    if as_json:
        click.echo(json.dumps(view, ensure_ascii=False, indent=2))
        return
    click.echo(render_storyline_text(view) if kind == "storyline" else render_view_text(view))


@main.command()
@click.option("--out", metavar="DIR", default="newsweave-report", show_default=True, help="folder to write")
@click.option("--lang", default="en", show_default=True, metavar="CODE", help="reader's language for headlines")
@db_option
def report(out, lang, db):
    """Write a static HTML report (index + a page per story) that opens with no server or network."""
    page = _write_report(_db_path(db), out, lang)
    click.echo(f"HTML report: {page}")


def _write_report(db: str, out: str, lang: str) -> Path:
    from newsweave.pipeline.progress import progress_bar
    from newsweave.render.report import write_report
    from newsweave.view.story_view import StoryViews
    from newsweave.view.storyline_view import StorylineViews

    with _open_for_views(db) as store:
        lines = StorylineListing(store).all(reader_lang=lang)
        views_of = StoryViews(store)
        events = [e["id"] for line in lines for e in line["events"]]
        views = [views_of.view(event, lang) for event in progress_bar(events, len(events), "story views", unit="story")]
        # Built on the event views just made (cached in the store), so a storyline costs little more.
        lines_of = StorylineViews(store, events=views_of)
        storylines = [lines_of.view(line["id"], lang) for line in lines if line["n_events"] > 1]
    return write_report(lines, [v for v in views if v], [v for v in storylines if v], out)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="print JSON")
@db_option
def rejected(as_json, db):
    """What was not stored, and why."""
    with _open_read(db) as store:
        rows = store.rejections()
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("nothing was rejected")
    for row in rows:
        click.echo(f"{row['origin']}: {row['reason']}")


@main.command()
@click.option("--db", metavar="FILE", default="newsweave-demo.db", show_default=True, help="store to (re)create")
@click.option("--out", metavar="DIR", default="newsweave-report", show_default=True, help="where the HTML report goes")
def demo(db, out):
    """Ingest the bundled sample corpus into a fresh store and show its stories."""
    from newsweave.ingest.sample import sample_dir

    if is_url(db):
        raise click.UsageError("demo deletes and remakes its store, so it takes a SQLite file; put the sample "
                               f"into a PostgreSQL store with: newsweave ingest {sample_dir()} --db URL")

    for suffix in ("", "-wal", "-shm", ".lock", ".lock-wait"):
        Path(db + suffix).unlink(missing_ok=True)
    click.echo(f"ingesting the sample corpus from {sample_dir()} into {db} ...")
    summary = run_ingest([sample_dir()], db)
    _print_summary(summary)
    with _open_read(db) as store:
        found = StorylineListing(store).all()
    events = sum(line["n_events"] for line in found)
    click.echo(f"\n{events} events in {len(found)} storylines:")
    for item in found:
        for line in _storyline_lines(item):
            click.echo(line)
    page = _write_report(db, out, "en")
    click.echo(f"\nHTML report: {page}  (one event: newsweave story ID --db {db}; a storyline: story L<ID>)")
    click.echo(f"web app: newsweave serve --db {db}  (then open http://localhost:8000/)")


@main.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="address to listen on (0.0.0.0: every interface)")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--reads", type=click.Choice(["local", "open", "token"]), envvar="NEWSWEAVE_READS", default="local",
              show_default=True, help="who may read without the token: this machine only, anyone, or no one")
@click.option("--max-upload-mb", default=20, show_default=True, type=click.IntRange(1, 1024),
              help="largest request body (uploads, batches)")
@click.option("--head-timeout", default=10.0, show_default=True, type=click.FloatRange(min=0.1),
              help="seconds a client has to send a request's line and headers")
@click.option("--body-timeout", default=30.0, show_default=True, type=click.FloatRange(min=0.1),
              help="seconds a client has to send a request's whole body")
@click.option("--allowed-host", "allowed_hosts", multiple=True, metavar="NAME", envvar="NEWSWEAVE_ALLOWED_HOSTS",
              callback=lambda ctx, param, values: tuple(n for v in values for n in v.split(",") if n.strip()),
              help="a host name clients reach the server by, beside localhost, 127.0.0.1, ::1 and --host "
                   "(repeatable; $NEWSWEAVE_ALLOWED_HOSTS: comma-separated); other Host headers get 400")
def serve(db, host, port, reads, max_upload_mb, head_timeout, body_timeout, allowed_hosts):
    """Run the web app and HTTP API (pages at /, API under /api, schema at /openapi.json)."""
    import uvicorn

    from newsweave.web import ServerConfig, create_app
    from newsweave.web.config import allowed_hosts_for, resolve_token, token_file
    from newsweave.web.protocol import deadline_protocol

    path = _db_path(db)
    _open_write(path).close()  # a path that is no store fails here, before a token file is written beside it
    token, origin = resolve_token(path)
    try:
        app = create_app(ServerConfig(db=path, token=token, reads=reads, max_upload_bytes=max_upload_mb * 1024 * 1024,
                                      head_timeout=head_timeout, body_timeout=body_timeout,
                                      allowed_hosts=allowed_hosts_for(host, allowed_hosts)))
    except (StoreError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    app.state.engine.embedder.embed_query(["warm up"])  # load the model now, not on the first search
    shown = "localhost" if host in ("127.0.0.1", "::1") else host
    click.echo(f"newsweave on http://{shown}:{port}/  (store: {shown_location(path)}, reads: {reads})")
    if origin == "new":
        click.echo(f"API token (new; saved to {token_file(path)}, readable by you only): {token}")
    else:
        click.echo(f"API token: from {origin}")
    if reads == "local" and host not in ("127.0.0.1", "::1", "localhost"):
        click.echo("other machines need the token to read (sign in at /login); --reads open lets anyone read")
    click.echo(f"answers to the host names {', '.join(app.state.config.allowed_hosts)} (more: --allowed-host NAME)")
    uvicorn.run(app, host=host, port=port, log_level="info", timeout_graceful_shutdown=3,
                http=deadline_protocol(head_timeout))


@main.command(name="eval")
@click.argument("corpus", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="print one JSON object")
@click.option("--level", type=click.Choice(["event", "storyline"]),
              help="what the gold labels group (default: the records' 'level' field, else event)")
def evaluate(corpus, as_json, level):
    """Cluster a labelled corpus from scratch and score events (or storylines) against its labels."""
    from newsweave.evaluate.corpus import evaluate_corpus

    try:
        with tempfile.TemporaryDirectory() as tmp:
            result = evaluate_corpus(Path(corpus), Path(tmp) / "eval.db", level=level)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps(result))
        return
    for key, value in result.items():
        click.echo(f"{key:>20}: {value}")


@main.command(name="eval-pairs")
@click.argument("pairs", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="print one JSON object")
def evaluate_pairs_cmd(pairs, as_json):
    """Correlate the engine's article similarity with rated pairs (SemEval-2022 Task 8 CSV)."""
    from newsweave.evaluate.pairs import evaluate_pairs

    try:
        result = evaluate_pairs(Path(pairs))
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps(result))
        return
    click.echo(f"Pearson r with -Overall: {result['pearson']} (graded relatedness), "
               f"{result['pearson_event_score']} (event score) over {result['n_pairs']} pairs")
    for key, value in result["by_language_pair"].items():
        click.echo(f"  {key:>7}: {value['pearson']!s:>7}  ({value['n_pairs']} pairs)")


@main.command(name="eval-extract")
@click.argument("folder", required=False, type=click.Path(exists=True, file_okay=False))
@click.option("--zyte", metavar="DIR", type=click.Path(exists=True, file_okay=False),
              help="also score the Zyte article-extraction benchmark in DIR (ground-truth.json, html/)")
@click.option("--errors", "show_errors", is_flag=True, help="list every page with a wrong title, date or line")
@click.option("--json", "as_json", is_flag=True, help="print one JSON object")
def evaluate_extract_cmd(folder, zyte, show_errors, as_json):
    """Score clutter removal and titles on a development set of scraped pages (default: the bundled one)."""
    from newsweave.evaluate.extraction import evaluate_dev_set, evaluate_zyte

    try:
        result = evaluate_dev_set(Path(folder) if folder else None)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    if zyte:
        result["zyte"] = evaluate_zyte(Path(zyte))
    from newsweave.evaluate.entities import evaluate_dev_set_entities

    result["entities"] = evaluate_dev_set_entities(Path(folder) if folder else None)["figures"]
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False))
        return
    click.echo(f"{result['pages']} pages, {result['documents']} documents (.txt and .html)")
    for key, fig in result["figures"].items():
        click.echo(f"  {key:>28}: line precision {fig['line_precision']:.4f}  line recall {fig['line_recall']:.4f}  "
                   f"title accuracy {fig['title_accuracy']:.4f}  date accuracy {fig['date_accuracy']:.4f}  "
                   f"({fig['documents']} documents)")
    for key, fig in result["entities"].items():
        click.echo(f"  entities {key:>19}: group precision {fig['group_precision']:.4f}  "
                   f"group recall {fig['group_recall']:.4f}  ({fig['groups']} groups, {fig['gold_entities']} gold)")
    for name, fig in result.get("zyte", {}).items():
        click.echo(f"  Zyte benchmark, {name:>17}: F1 {fig['f1']:.4f}  precision {fig['precision']:.4f}  "
                   f"recall {fig['recall']:.4f}  ({fig['pages']} pages)")
    if show_errors:
        for error in result["errors"]:
            click.echo(f"\n{error['page']}")
            if error["title"] is not None:
                click.echo(f"  title {error['title']!r}, gold {error['gold_title']!r}")
            if error["date"] is not None:
                click.echo(f"  date {error['date']}")
            click.echo("".join(f"  + {line}\n" for line in error["kept_not_body"]).rstrip("\n"))
            click.echo("".join(f"  - {line}\n" for line in error["body_missed"]).rstrip("\n"))


@main.command()
@click.argument("corpus", required=False, type=click.Path(exists=True))
@click.option("--json", "as_json", is_flag=True, help="print one JSON object")
def bench(corpus, as_json):
    """Time each pipeline stage on CORPUS (default: the bundled sample) in a fresh store."""
    from newsweave.evaluate.corpus import benchmark
    from newsweave.ingest.sample import sample_dir

    with tempfile.TemporaryDirectory() as tmp:
        result = benchmark(Path(corpus) if corpus else sample_dir(), Path(tmp) / "bench.db")
    if as_json:
        click.echo(json.dumps(result))
        return
    click.echo(f"{result['articles']} articles in {result['wall_s']} s: {result['articles_per_s']} articles/s, "
               f"peak memory {result['peak_rss_mb']} MiB")
    for stage, seconds in result["stage_seconds"].items():
        share = 100 * seconds / result["wall_s"] if result["wall_s"] else 0.0
        click.echo(f"  {stage:>9}: {seconds:8.2f} s  {share:5.1f}%")

