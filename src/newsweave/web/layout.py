"""The web app's pages as HTML strings (server-rendered; the only script is
``/static/live.js``, which swaps in fresh content when the store changes)."""
from __future__ import annotations

from html import escape
from urllib.parse import urlencode

from newsweave.text import article_date_label
from newsweave.records import StorylineRow, StorylineView, StoryRow, StoryView
from newsweave.render import (Links, badges, safe_href, span_label, sparkline_svg, story_sections, storyline_block,
                           storyline_context, storyline_sections, text_dir, text_html, view_heading)

WEB_STYLE = """
header{display:flex;gap:1rem;align-items:center;flex-wrap:wrap;border-bottom:1px solid #ddd;padding-bottom:.6rem}
header .brand{font-weight:700;font-size:1.2rem;text-decoration:none;color:#1d1d1f}
form.inline{display:flex;gap:.4rem;flex-wrap:wrap;align-items:center} input,select,button{font:inherit;padding:.2rem .4rem}
#stories{list-style:none;padding:0} #stories>li{padding:.55rem 0;border-bottom:1px solid #eee}
#stories>li.storyline{padding-left:.7rem;margin:.3rem 0} #stories .events li{padding:.2rem 0}
#stories .headline{font-size:1.05rem} .sparkline{vertical-align:middle;margin-left:.4rem}
.notice{background:#eef6ff;border:1px solid #b6d4fe;padding:.4rem .6rem;border-radius:.3rem}
.error{background:#fdecea;border-color:#f5c2c7} .pager{display:flex;gap:1rem;margin:.8rem 0}
#live-status{color:#555;font-size:.8rem} .article-text{white-space:pre-wrap;line-height:1.5}
"""


def _query(**params) -> str:
    return urlencode({k: v for k, v in params.items() if v not in (None, "")})


def web_links(reader_lang: str) -> Links:
    return Links(story=lambda story_id: f"/stories/{story_id}?{_query(hl=reader_lang)}",
                 storyline=lambda storyline_id: f"/storylines/{storyline_id}?{_query(hl=reader_lang)}",
                 source=lambda article: safe_href(article.get("url")),
                 full_text=lambda article: f"/articles/{article['id']}")


def page(title: str, body: list[str], revision: int | None = None, story_id: int | None = None,
         q: str = "", reader_lang: str = "en", storyline_id: int | None = None, twin: str | None = None,
         feed: str | None = None) -> str:
    """The frame of every page: header with the search box, then ``body``.

    ``story_id`` and ``storyline_id`` tell live.js which changes concern the
    page (none: every change may); ``twin`` is the API route with the same content,
    ``feed`` the Atom feed that follows it.
    """
    live = ""
    if revision is not None:
        live = (f" data-revision='{revision}'" + (f" data-story='{story_id}'" if story_id is not None else "")
                + (f" data-storyline='{storyline_id}'" if storyline_id is not None else ""))
    alternate = f"<link rel='alternate' type='application/json' href='{escape(twin)}'>" if twin else ""
    if feed:
        alternate += f"<link rel='alternate' type='application/atom+xml' title='Atom feed' href='{escape(feed)}'>"
    return "\n".join([
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{escape(title)}</title><meta name='viewport' content='width=device-width, initial-scale=1'>{alternate}",
        "<link rel='icon' type='image/svg+xml' href='/static/favicon.svg'>",
        "<link rel='stylesheet' href='/assets/style.css'><script src='/static/live.js' defer></script></head>",
        f"<body{live}><header><a class='brand' href='/'>newsweave</a>",
        "<form class='inline' role='search' action='/' method='get'>",
        f"<input type='search' name='q' value='{escape(q)}' placeholder='Search in any language' "
        "aria-label='Search stories in any language' size='32'>",
        f"<input type='hidden' name='hl' value='{escape(reader_lang)}'><button type='submit'>Search</button></form>",
        "<a id='sources-link' href='/sources'>Sources</a>",
        (f"<a id='feed-link' class='feed' href='{escape(feed)}'>Atom feed</a>" if feed else ""),
        "<span id='live-status' aria-live='polite'></span></header><main>", *body, "</main></body></html>"])


def _sources(sources: list[str]) -> str:
    shown = ", ".join(escape(s) for s in sources[:3]) + (f" and {len(sources) - 3} more" if len(sources) > 3 else "")
    return f"{len(sources)} source{'s' if len(sources) != 1 else ''} ({shown})"


def _found(row: dict) -> str:
    """How a search found this event, when it did."""
    if "search" not in row:
        return ""
    kinds = ["meaning"] + (["words"] if row["search"]["keyword"] else [])
    return f" · <span class='cite'>matched by {' and '.join(kinds)}</span>"


def _story_item(story: StoryRow, reader_lang: str, in_storyline: bool = False) -> str:
    """An event's row; inside a storyline's block it leads with its first day, the block's time axis."""
    head = story["headline"]
    day = f"<span class='date'>{escape((story['first_seen'] or 'undated')[:10])}</span> " if in_storyline else ""
    return (f"<li id='story-{story['id']}' data-languages='{escape(' '.join(story['languages']))}'>{day}"
            f"<a class='headline' href='/stories/{story['id']}?{_query(hl=reader_lang)}'>"
            f"{text_html(head['text'], head['lang'])}</a> {sparkline_svg(story['by_day'])}<br>"
            f"{badges(story['languages'])} <span class='meta'>{story['size']} articles · {_sources(story['sources'])}"
            f" · last update {escape((story['last_seen'] or '')[:10])}</span>{_found(story)}</li>")


# A storyline spans weeks or months; its sparkline shows up to a year so its first event stays in view.
STORYLINE_DAYS = 366


def _storyline_item(line: StorylineRow, reader_lang: str) -> str:
    """A storyline of several events as a block over its events; one of a single event as that event's row."""
    if len(line["events"]) == 1:
        return _story_item(line["events"][0], reader_lang)
    meta = (f"{badges(line['languages'])} <span class='meta'>{line['size']} articles · {_sources(line['sources'])} · "
            f"{escape(span_label(line['first_seen'], line['last_seen']))}</span> "
            f"{sparkline_svg(line['by_day'], max_days=STORYLINE_DAYS)}")
    events = [_story_item(e, reader_lang, in_storyline=True) for e in line["events"]]
    return storyline_block(line, f"/storylines/{line['id']}?{_query(hl=reader_lang)}", meta, events)


def _filters(languages: list[tuple[str, int]], current: dict) -> str:
    options = ["<option value=''>all languages</option>"] + [
        f"<option value='{escape(code)}'{' selected' if code == current.get('lang') else ''}>{escape(code)} ({n})</option>"
        for code, n in languages]
    return ("<form class='inline' id='filters' action='/' method='get'>"
            f"<label>Language <select name='lang'>{''.join(options)}</select></label>"
            f"<label>From <input type='date' name='since' value='{escape(current.get('since') or '')}'></label>"
            f"<label>To <input type='date' name='until' value='{escape(current.get('until') or '')}'></label>"
            f"<input type='hidden' name='q' value='{escape(current.get('q') or '')}'>"
            f"<input type='hidden' name='hl' value='{escape(current['hl'])}'>"
            "<button type='submit'>Filter</button> <a href='/'>clear</a></form>")


def _upload_form() -> str:
    return ("<details id='add-articles'><summary>Add articles</summary>"
            "<form method='post' action='/upload' enctype='multipart/form-data' class='inline'>"
            "<input type='file' name='files' multiple required aria-label='article files'>"
            "<input type='password' name='token' required placeholder='API token' aria-label='API token'>"
            "<button type='submit'>Upload</button></form>"
            "<p class='meta'>Text, HTML, JSON, JSON Lines, RSS/Atom or WARC, optionally gzipped. "
            "The token is printed by <code>newsweave serve</code> at first start.</p></details>")


def story_list_page(result: dict, languages: list[tuple[str, int]], current: dict, revision: int,
                    message: str | None = None) -> str:
    """The storyline list (``find_storylines``) with filters, search results (when ``q``),
    paging and the upload form."""
    q = current.get("q") or ""
    heading = f"Stories matching “{escape(q)}”" if q else "Stories"
    body = [f"<h1>{heading}</h1>"]
    if message:
        body.append(f"<p class='notice' id='message'>{escape(message)}</p>")
    total = result["total"]
    body += [_filters(languages, current), _upload_form(), "<section id='story-list' data-live>",
             f"<p class='meta' id='count'>{total} storyline{'s' if total != 1 else ''}</p><ul id='stories'>"]
    body += [_storyline_item(line, current["hl"]) for line in result["storylines"]]
    body.append("</ul>")
    if not result["storylines"]:
        body.append("<p class='meta'>No story matches." + (" Try other words or another language." if q else "")
                    + "</p>")
    pager = []
    offset, limit = result["offset"], result["limit"]
    base = {k: current.get(k) for k in ("q", "lang", "since", "until", "hl")}
    if offset > 0:
        pager.append(f"<a rel='prev' href='/?{_query(**base, offset=max(0, offset - limit))}'>← newer</a>")
    if offset + limit < result["total"]:
        pager.append(f"<a rel='next' href='/?{_query(**base, offset=offset + limit)}'>older →</a>")
    body.append(f"<nav class='pager'>{''.join(pager)}</nav></section>")
    return page("newsweave: stories", body, revision=revision, q=q, reader_lang=current["hl"],
                twin=f"/api/storylines?{_query(**base, offset=offset or None)}", feed="/feeds/events.atom")


def _back(reader_lang: str) -> str:
    return f"<p><a href='/?{_query(hl=reader_lang)}'>← all stories</a></p>"


def story_page(view: StoryView, revision: int, reader_lang: str, storyline_headline: dict | None = None) -> str:
    """An event's page; when its storyline has other events, where it stands among them."""
    links = web_links(reader_lang)
    body = [_back(reader_lang), "<article id='story' data-live>", *view_heading(view),
            storyline_context(view, links, storyline_headline), *story_sections(view, links), "</article>"]
    # A new sibling event changes the storyline context, so the page follows its storyline too.
    return page(view["headline"]["text"], body, revision=revision, story_id=view["id"],
                storyline_id=(view.get("storyline") or {}).get("id"), reader_lang=reader_lang,
                twin=f"/api/stories/{view['id']}?{_query(hl=reader_lang)}")


def storyline_page(view: StorylineView, revision: int, reader_lang: str) -> str:
    """A storyline: its events in time order, the figures that moved between them, the names they share."""
    lead = (f"storyline of {len(view['events'])} event{'s' if len(view['events']) != 1 else ''} · "
            f"{escape(span_label(view['first_seen'], view['last_seen']))} · ")
    body = [_back(reader_lang), "<article id='storyline' data-live>", *view_heading(view, lead),
            *storyline_sections(view, web_links(reader_lang)), "</article>"]
    return page(view["headline"]["text"], body, revision=revision, storyline_id=view["id"], reader_lang=reader_lang,
                twin=f"/api/storylines/{view['id']}?{_query(hl=reader_lang)}",
                feed=f"/feeds/storylines/{view['id']}.atom")


def sources_page(rows: list[dict]) -> str:
    """The outlets (``newsweave sources``) with their domains, countries and languages, and the export."""
    body = ["<h1>Sources</h1>",
            "<p id='export'>Every article with its event, storyline and outlet: "
            "<a id='export-jsonl' href='/api/export?format=jsonl' download>JSON lines</a> · "
            "<a id='export-csv' href='/api/export?format=csv' download>CSV</a></p>",
            f"<p class='meta' id='count'>{len(rows)} outlet{'s' if len(rows) != 1 else ''}</p>",
            "<div class='wide'><table id='sources'><tr><th>outlet</th><th>domain</th><th>country</th>"
            "<th>articles</th><th>languages</th></tr>"]
    for row in rows:
        body.append(f"<tr><td>{escape(row['outlet'])}</td><td>{escape(row['domain'] or '')}</td>"
                    f"<td>{escape(row['country'] or '')}</td><td>{row['articles']}</td>"
                    f"<td>{badges(row['languages'])}</td></tr>")
    body.append("</table></div>")
    return page("newsweave: sources", body, twin="/api/sources")


def article_page(article: dict, reader_lang: str) -> str:
    lang = article["lang"]
    story = article.get("story")
    link = safe_href(article.get("url"))
    source = (f"<a href='{escape(link)}' rel='noopener noreferrer'>{escape(article['source'])}</a>" if link
              else escape(article["source"]))
    body = [f"<h1 id='article-title' lang='{escape(lang)}' dir='{text_dir(lang)}'>{escape(article['title'] or '(untitled)')}</h1>",
            f"<p class='meta'><span class='lang'>{escape(lang)}</span> {escape(article_date_label(article))} · "
            f"{source}" + (f" · part of <a href='/stories/{story['id']}?{_query(hl=reader_lang)}'>"
                           f"{text_html(story['headline']['text'], story['headline']['lang'])}</a>" if story else "")
            + "</p>",
            *([f"<p class='notice' id='repairs'>Mended when read: {escape(article['repairs'])}</p>"]
              if article.get("repairs") else []),
            text_html(article["text"], lang, "div", "article-text")]
    return page(article["title"] or "article", body, reader_lang=reader_lang, twin=f"/api/articles/{article['id']}")


def message_page(title: str, message: str, status: int) -> str:
    body = [f"<h1>{escape(title)}</h1>", f"<p class='notice error' id='message'>{escape(message)}</p>",
            "<p><a href='/'>← all stories</a></p>"]
    return page(f"{status} {title}", body)


def login_page(message: str | None = None) -> str:
    body = ["<h1>Sign in</h1>"]
    if message:
        body.append(f"<p class='notice error'>{escape(message)}</p>")
    body.append("<form method='post' action='/login' class='inline'><input type='password' name='token' required "
                "placeholder='API token' aria-label='API token'><button type='submit'>Sign in</button></form>")
    return page("Sign in", body)
