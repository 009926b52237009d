"""The commands that take results out: export (every article with its event and storyline) and sources (outlets)."""
from __future__ import annotations

import sys

import click

from newsweave.cli.options import db_option, open_read, print_rows
from newsweave.export import FORMATS, write_export
from newsweave.store import outlets


@click.command()
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="jsonl", show_default=True,
              help="JSON lines, or CSV with a header row")
@click.option("--out", type=click.Path(dir_okay=False, writable=True), help="file to write (default: standard output)")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), metavar="DAY",
              help="only articles published on or after DAY (YYYY-MM-DD)")
@db_option
def export(fmt, out, since, db):
    """One row per stored article: article_id, event_id, storyline_id, lang, published, outlet, url, source, title."""
    day = since.date().isoformat() if since else None
    with open_read(db) as store:
        if out is None:
            write_export(store, sys.stdout, fmt, day)
            return
        with open(out, "w", encoding="utf-8", newline="") as handle:
            count = write_export(store, handle, fmt, day)
    click.echo(f"{count:,} articles written to {out}", err=True)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="print JSON")
@db_option
def sources(as_json, db):
    """The outlets in the store: domain, country, articles and their languages, most articles first."""
    with open_read(db) as store:
        rows = outlets(store)
    print_rows(rows, as_json, "no articles stored", _outlet_line)


def _outlet_line(row: dict) -> str:
    langs = " ".join(f"{lang}:{n}" for lang, n in row["languages"].items())
    where = ", ".join(x for x in (row["domain"], row["country"]) if x)
    return f"{row['articles']:>6}  {row['outlet']}" + (f"  ({where})" if where else "") + f"  [{langs}]"
