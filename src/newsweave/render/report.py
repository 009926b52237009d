"""A self-contained HTML report: an index of storylines with their events, a
page per event and a page per storyline of several events.

Everything is inline (CSS and SVG); there are no scripts, fonts or links to
any network, so the report opens from disk on an air-gapped machine. All
article text is escaped (see :mod:`newsweave.render.html`).
"""
from __future__ import annotations

from html import escape
from pathlib import Path

from newsweave.records import StorylineRow, StorylineView, StoryRow, StoryView
from newsweave.render.html import (STYLE, Links, badges, safe_href, span_label, story_sections, storyline_block, storyline_context,
                   storyline_sections, text_html, view_heading)


def _page(title: str, body: list[str]) -> str:
    return "\n".join([f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{escape(title)}</title>",
                      "<meta name='viewport' content='width=device-width, initial-scale=1'>",
                      f"<style>{STYLE}</style></head><body>", *body, "</body></html>"])


def _source_link(article: dict) -> str | None:
    if article["url"]:
        return safe_href(article["url"])
    return Path(article["path"]).as_uri() if article["path"] and Path(article["path"]).is_absolute() else None


REPORT_LINKS = Links(story=lambda story_id: f"story-{story_id}.html",
                     storyline=lambda storyline_id: f"storyline-{storyline_id}.html", source=_source_link)
BACK = "<p><a href='index.html'>← all stories</a></p>"


def _event_item(story: StoryRow, headline: dict) -> str:
    span = span_label(story["first_seen"], story["last_seen"])
    return (f"<li id='story-{story['id']}'><a class='headline' href='{REPORT_LINKS.story(story['id'])}'>"
            f"{text_html(headline['text'], headline['lang'])}</a> "
            f"<span class='meta'>{story['size']} articles · {escape(span)}</span> {badges(story['languages'])}</li>")


def render_index(storylines: list[StorylineRow], headlines: dict[int, dict] | None = None,
                 storyline_headlines: dict[int, dict] | None = None, title: str = "newsweave stories") -> str:
    """The storyline list (``StorylineListing.all`` rows): a storyline of several events as a
    block with its events under it in time order, one of a single event as that event's row.

    ``headlines`` (event id -> view headline) and ``storyline_headlines``
    (storyline id -> view headline) put each under its headline in the
    reader's language; a storyline's id is its oldest event's, hence two maps.
    """
    headlines, storyline_headlines = headlines or {}, storyline_headlines or {}
    n_events = sum(line["n_events"] for line in storylines)
    body = [f"<h1>{escape(title)}</h1>",
            f"<p class='meta'>{len(storylines)} storylines, {n_events} events, "
            f"{sum(line['size'] for line in storylines)} articles</p><ul id='stories'>"]
    for line in storylines:
        events = [_event_item(e, headlines.get(e["id"]) or e["headline"]) for e in line["events"]]
        if len(events) == 1:
            body.append(events[0])
            continue
        meta = (f"{badges(line['languages'])} <span class='meta'>{line['size']} articles · "
                f"{escape(span_label(line['first_seen'], line['last_seen']))}</span>")
        body.append(storyline_block({**line, "headline": storyline_headlines.get(line["id"], line["headline"])},
                                    REPORT_LINKS.storyline(line["id"]), meta, events))
    body.append("</ul>")
    return _page(title, body)


def render_story(view: StoryView, storyline_headline: dict | None = None) -> str:
    """One event's page from its view (``StoryViews.view``), placed in its storyline when that has others."""
    body = [BACK, *view_heading(view), storyline_context(view, REPORT_LINKS, storyline_headline),
            *story_sections(view, REPORT_LINKS)]
    return _page(view["headline"]["text"], body)


def render_storyline(view: StorylineView) -> str:
    """One storyline's page from its view (``StorylineViews.view``)."""
    lead = (f"storyline of {len(view['events'])} events · "
            f"{escape(span_label(view['first_seen'], view['last_seen']))} · ")
    body = [BACK, *view_heading(view, lead), *storyline_sections(view, REPORT_LINKS)]
    return _page(view["headline"]["text"], body)


def write_report(storylines: list[StorylineRow], views: list[StoryView], storyline_views: list[StorylineView],
                 out_dir: str | Path) -> Path:
    """index.html, story-ID.html for each event view and storyline-ID.html for each
    storyline view (those of several events); returns the index path."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    line_heads = {v["id"]: v["headline"] for v in storyline_views}
    for view in views:
        own = line_heads.get((view.get("storyline") or {}).get("id"))
        (out / f"story-{view['id']}.html").write_text(render_story(view, own), encoding="utf-8")
    for view in storyline_views:
        (out / f"storyline-{view['id']}.html").write_text(render_storyline(view), encoding="utf-8")
    page = out / "index.html"
    page.write_text(render_index(storylines, {v["id"]: v["headline"] for v in views}, line_heads), encoding="utf-8")
    return page
