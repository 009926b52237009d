"""The commands that read: stories, story, report, rejected."""
from __future__ import annotations

import json
from pathlib import Path

import click

from newsweave.cli.options import db_option, db_path, open_for_views, open_read, print_rows
from newsweave.render import render_storyline_text, render_view_text
from newsweave.store import StorylineListing, StoryListing


def _story_line(story: dict) -> str:
    langs = " ".join(f"{lang}:{n}" for lang, n in story["languages"].items())
    span = f"{story['first_seen'] or '?'}..{story['last_seen'] or '?'}"
    return f"#{story['id']:<4} {story['size']:>3} articles  [{langs}]  {span}  {story['headline']['text']}"


def storyline_lines(line: dict) -> list[str]:
    """A storyline of several events as a heading with its events below; a lone event as one line."""
    if line["n_events"] == 1:
        return [_story_line(line["events"][0])]
    span = f"{line['first_seen'] or '?'}..{line['last_seen'] or '?'}"
    head = f"L{line['id']:<4} {line['size']:>3} articles, {line['n_events']} events  {span}  {line['headline']['text']}"
    return [head] + ["    " + _story_line(event) for event in line["events"]]


@click.command()
@click.option("--json", "as_json", is_flag=True, help="print JSON")
@click.option("--limit", type=click.IntRange(min=1), help="at most N storylines (or events with --events)")
@click.option("--lang", metavar="CODE", help="only those with an article in this language")
@click.option("--events", "flat", is_flag=True, help="list events alone, not grouped into storylines")
@db_option
def stories(as_json, limit, lang, flat, db):
    """List the storylines with their events, biggest first (events alone with --events)."""
    with open_read(db) as store:
        found = (StoryListing(store) if flat else StorylineListing(store)).all(lang=lang, limit=limit)
    if as_json:
        click.echo(json.dumps(found, ensure_ascii=False, indent=2))
        return
    for item in found:
        for line in [_story_line(item)] if flat else storyline_lines(item):
            click.echo(line)


def _story_ref(value: str) -> tuple[str, int]:
    """``12`` is event 12; ``L12`` is storyline 12."""
    text = value.strip()
    kind = "storyline" if text[:1] in ("L", "l") else "event"
    digits = text[1:] if kind == "storyline" else text
    if not digits.isdigit() or int(digits) < 1:
        raise click.BadParameter(f"{value!r}: give an event id (12) or a storyline id (L12)")
    return kind, int(digits)


@click.command()
@click.argument("story_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="print JSON (every field, article ids as citations)")
@click.option("--lang", default="en", show_default=True, metavar="CODE", help="reader's language for the headline")
@db_option
def story(story_id, as_json, lang, db):
    """Show one event (ID) or storyline (L<ID>): headline, summary, entities, timeline, claims, statements."""
    from newsweave.view import StoryViews
    from newsweave.view import StorylineViews

    kind, number = _story_ref(story_id)
    with open_for_views(db) as store:
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


@click.command()
@click.option("--out", metavar="DIR", default="newsweave-report", show_default=True, help="folder to write")
@click.option("--lang", default="en", show_default=True, metavar="CODE", help="reader's language for headlines")
@db_option
def report(out, lang, db):
    """Write a static HTML report (index + a page per story) that opens with no server or network."""
    page = write_html_report(db_path(db), out, lang)
    click.echo(f"HTML report: {page}")


def write_html_report(db: str, out: str, lang: str) -> Path:
    from newsweave.pipeline import progress_bar
    from newsweave.render import write_report
    from newsweave.view import StoryViews
    from newsweave.view import StorylineViews

    with open_for_views(db) as store:
        lines = StorylineListing(store).all(reader_lang=lang)
        views_of = StoryViews(store)
        events = [e["id"] for line in lines for e in line["events"]]
        views = [views_of.view(event, lang) for event in progress_bar(events, len(events), "story views", unit="story")]
        # Built on the event views just made (cached in the store), so a storyline costs little more.
        lines_of = StorylineViews(store, events=views_of)
        storylines = [lines_of.view(line["id"], lang) for line in lines if line["n_events"] > 1]
    return write_report(lines, [v for v in views if v], [v for v in storylines if v], out)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="print JSON")
@db_option
def rejected(as_json, db):
    """What was not stored, and why."""
    with open_read(db) as store:
        rows = store.rejections()
    print_rows(rows, as_json, "nothing was rejected", lambda row: f"{row['origin']}: {row['reason']}")
