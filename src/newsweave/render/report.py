"""A self-contained HTML report: an index of stories and a page per story.

Everything is inline (CSS and SVG); there are no scripts, fonts or links to
any network, so the report opens from disk on an air-gapped machine. All
article text is escaped (see :mod:`newsweave.render.html`).
"""
from __future__ import annotations

from html import escape
from pathlib import Path

from ..model import StoryRow, StoryView
from .html import STYLE, Links, badges, safe_href, story_sections, text_html


def _page(title: str, body: list[str]) -> str:
    return "\n".join([f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{escape(title)}</title>",
                      "<meta name='viewport' content='width=device-width, initial-scale=1'>",
                      f"<style>{STYLE}</style></head><body>", *body, "</body></html>"])


def _source_link(article: dict) -> str | None:
    if article["url"]:
        return safe_href(article["url"])
    return Path(article["path"]).as_uri() if article["path"] and Path(article["path"]).is_absolute() else None


REPORT_LINKS = Links(story=lambda story_id: f"story-{story_id}.html", source=_source_link)


def render_index(stories: list[StoryRow], headlines: dict[int, dict] | None = None,
                 title: str = "newsweave stories") -> str:
    """The story list (``StoryListing.all`` rows), linking each story's page.

    ``headlines`` (story id -> view headline) puts each story under its
    headline in the reader's language.
    """
    headlines = headlines or {}
    body = [f"<h1>{escape(title)}</h1>",
            f"<p class='meta'>{len(stories)} stories, {sum(s['size'] for s in stories)} articles</p><ul id='stories'>"]
    for story in stories:
        span = " – ".join(x for x in (story["first_seen"], story["last_seen"]) if x)
        head = headlines.get(story["id"]) or story["headline"]
        body.append(f"<li id='story-{story['id']}'><a href='{REPORT_LINKS.story(story['id'])}'>"
                    f"{text_html(head['text'], head['lang'])}</a> "
                    f"<span class='meta'>{story['size']} articles · {escape(span)}</span> {badges(story['languages'])}</li>")
    body.append("</ul>")
    return _page(title, body)


def render_story(view: StoryView) -> str:
    """One story's page from its view (``StoryViews.view``)."""
    head = view["headline"]
    body = ["<p><a href='index.html'>← all stories</a></p>",
            f"<h1 id='headline'>{text_html(head['text'], head['lang'])}</h1>",
            f"<p class='meta'>{view['size']} articles {badges(view['languages'])}"
            + ("" if head["in_reader_language"] else f" · headline in {escape(head['lang'])}") + "</p>",
            *story_sections(view, REPORT_LINKS)]
    return _page(head["text"], body)


def write_report(stories: list[dict], views: list[dict], out_dir: str | Path) -> Path:
    """index.html plus story-ID.html for each view; returns the index path."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for view in views:
        (out / f"story-{view['id']}.html").write_text(render_story(view), encoding="utf-8")
    page = out / "index.html"
    page.write_text(render_index(stories, {v["id"]: v["headline"] for v in views}), encoding="utf-8")
    return page
