"""What the commands share: where the store is, opening it, the common options, the ingest summary."""
from __future__ import annotations

import json
import os
from pathlib import Path

import click

from newsweave.records import IngestSummary
from newsweave.store import StoreError, StoreReader, StoreWriter, database_errors, is_url, open_store

DEFAULT_DB = "newsweave.db"


def db_path(db: str | None) -> str:
    return db or os.environ.get("NEWSWEAVE_DB") or DEFAULT_DB


def open_read(db: str | None) -> StoreReader:
    try:
        return open_store(db_path(db), readonly=True)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None


db_option = click.option("--db", metavar="FILE|URL",
                         help=f"store: a SQLite file or a postgresql://user@host/db URL "
                              f"(default: $NEWSWEAVE_DB or ./{DEFAULT_DB})")


def open_write(db: str) -> StoreWriter:
    try:
        return open_store(db)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None


def open_for_views(db: str | None) -> StoreWriter:
    """The store, writable when it can be so that story views are cached."""
    path = db_path(db)
    if not is_url(path) and not Path(path).exists():
        raise click.ClickException(f"no store at {path}: run 'newsweave ingest' first")
    try:
        return open_store(path)
    except (StoreError, *database_errors()):
        return open_read(db)


def pipeline_for(store: StoreWriter):
    """The engine over an open store, with the model the store's vectors were made with."""
    from newsweave.embed import UnknownEmbedder, embedder_for_store
    from newsweave.pipeline import Pipeline

    try:
        return Pipeline(store, embedder=embedder_for_store(store))
    except (StoreError, UnknownEmbedder) as exc:
        raise click.ClickException(str(exc)) from None


def print_summary(summary: IngestSummary) -> None:
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


# Off by default: a feed or a redirect could otherwise point newsweave at this machine or the intranet.
allow_private_option = click.option(
    "--allow-private-network", "allow_private", is_flag=True, envvar="NEWSWEAVE_ALLOW_PRIVATE_NETWORK",
    help="also fetch from loopback and private addresses (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7), "
         "for intranet sources; cloud metadata and link-local addresses stay refused")


# Off by default: a link in a shared inbox folder could otherwise read /etc/passwd into the store.
follow_links_option = click.option(
    "--follow-links", is_flag=True,
    help="also read files that links inside the folders point to outside them (rejected by default)")


def fetch_policy(allow_private: bool):
    from newsweave.ingest import FetchPolicy

    return FetchPolicy(allow_private=allow_private)


def print_rows(rows: list, as_json: bool, empty: str, line) -> None:
    """Rows as indented JSON, or one ``line(row)`` each (``empty`` when there are none)."""
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo(empty)
    for row in rows:
        click.echo(line(row))
