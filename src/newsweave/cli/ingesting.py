"""The commands that write: ingest, watch, regroup, reindex."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from newsweave.cli.options import (allow_private_option, db_option, db_path, fetch_policy, follow_links_option,
                                   open_write, pipeline_for, print_summary)
from newsweave.store import StoreError


def _sources(args, max_file_bytes: int | None, fetch_policy=None):
    """Split ``ingest`` arguments into local paths and the documents of ``-`` and URLs (read lazily)."""
    from newsweave.ingest import DEFAULT_POLICY
    from newsweave.ingest import MAX_FILE_BYTES
    from newsweave.ingest import is_url, read_url
    from newsweave.ingest import read_stdin_jsonl

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
    from newsweave.pipeline import Pipeline

    files, documents = _sources(paths, max_file_bytes, fetch_policy)
    with open_write(db) as store:
        try:
            # The model the store was built with, so its vectors stay comparable.
            embedder = embedder or embedder_for_store(store)
        except (StoreError, UnknownEmbedder) as exc:
            raise click.ClickException(str(exc)) from None
        pool = preparer = None
        if workers:
            from newsweave.pipeline import RayMissing, RayWorkers

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


@click.command()
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
    summary = run_ingest(paths, db_path(db), max_file_bytes=int(max_file_mb * 1024 * 1024) if max_file_mb else None,
                         workers=workers, ray_address=ray_address, fetch_policy=fetch_policy(allow_private),
                         follow_links=follow_links)
    print_summary(summary)


@click.command()
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
    from newsweave.ingest import is_url
    from newsweave.pipeline import Watcher

    if not folders and not feeds:
        raise click.UsageError("give a folder to watch or a --feed URL")
    for url in feeds:
        if not is_url(url):
            raise click.BadParameter(f"{url!r} is not an http:// or https:// address", param_hint="--feed")
    with open_write(db_path(db)) as store:
        pipeline = pipeline_for(store)
        watcher = Watcher(pipeline, folders, feeds, interval, report=print_summary,
                          policy=fetch_policy(allow_private), follow_links=follow_links)
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


@click.command()
@db_option
@click.option("--since", metavar="YYYY-MM-DD", help="only events covered on or after this day (default: every event)")
def regroup(db, since):
    """Run the repair pass over stored events: split those that hold two happenings, merge those
    that are one, relink storylines. Every ingest runs it over the events it touched."""
    from datetime import date


    if since:
        try:
            date.fromisoformat(since)
        except ValueError:
            raise click.BadParameter(f"{since!r} is not a date (YYYY-MM-DD)", param_hint="--since") from None
    with open_write(db_path(db)) as store:
        pipeline = pipeline_for(store)
        summary = pipeline.regroup(since)
    click.echo(f"repair pass: {summary.events_split} events split, {summary.events_merged} merged")


@click.command()
@db_option
def reindex(db):
    """Rebuild the vector indexes beside the store (events for assignment, articles for meaning
    search) from what it holds. They rebuild themselves when missing or unreadable; this starts
    afresh on purpose."""
    from newsweave.vector_index import index_folder

    with open_write(db_path(db)) as store:
        if index_folder(store) is None:
            click.echo("this store keeps no index files: each process builds its indexes in memory")
            return
        pipeline = pipeline_for(store)
        built = pipeline.rebuild_indexes()
    click.echo(f"removed {built['removed']} saved index files; indexed {built['events']} events and "
               f"{built['articles']} articles in {index_folder(store)}")
