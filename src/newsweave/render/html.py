"""HTML pieces shared by the static report and the web app.

Every text that came from an article goes through :func:`html.escape`, and
every link from an article through :func:`safe_href`: article text is
hostile input.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from urllib.parse import urlsplit

from newsweave.claims import format_value
from newsweave.records import StorylineRow, StorylineView, StoryView
from newsweave.render.charts import figure_svg, timeline_svg


RTL = {"ar", "fa", "he", "ur", "ps", "yi", "ckb", "sd", "ug"}

STYLE = """
body{font-family:system-ui,'Noto Sans','Noto Sans Bengali','Noto Naskh Arabic',sans-serif;margin:2rem auto;max-width:62rem;color:#1d1d1f;padding:0 1rem}
h1{font-size:1.6rem} h2{font-size:1.15rem;margin:1.6rem 0 .4rem} .meta{color:#555;font-size:.9rem}
.lang{display:inline-block;border:1px solid #aaa;border-radius:.6rem;padding:0 .45rem;margin-right:.25rem;font-size:.8rem}
li{margin:.25rem 0} [dir=rtl]{text-align:right} a{color:#0645ad}
table{border-collapse:collapse;width:100%;font-size:.92rem} td,th{border-bottom:1px solid #ddd;padding:.3rem .4rem;text-align:start;vertical-align:top}
.disagree{background:#fff3e0} .first{font-weight:600} details{margin:.2rem 0} .cite{color:#555;font-size:.8rem}
.storyline{border-left:3px solid #4e79a7;padding-left:.7rem;list-style:none} .kind{color:#4e79a7;font-size:.8rem;font-weight:600;text-transform:uppercase;letter-spacing:.03em}
.storyline-headline{font-size:1.1rem;font-weight:600} ol.events{padding-left:1.2rem;margin:.4rem 0 .2rem} .date{color:#555;font-variant-numeric:tabular-nums}
#storyline-context{background:#f4f7fb;border:1px solid #d5e0ee;border-radius:.3rem;padding:.3rem .8rem;margin:.6rem 0}
#storyline-context ol{margin:.2rem 0} .current{font-weight:600} .lead{margin:.2rem 0 .6rem} .wide{overflow-x:auto}
.changed td.moved{color:#8a4b00;font-weight:600}
/* A phone is narrower than the 640-wide timeline chart and than a table of long names in several scripts:
   the chart scales, and long words and links break rather than widen the page. */
svg{max-width:100%;height:auto} body{overflow-wrap:break-word} td,th{overflow-wrap:anywhere}
"""


def text_dir(lang: str) -> str:
    return "rtl" if lang in RTL else "ltr"


def text_html(text: str, lang: str, tag: str = "span", css_class: str | None = None) -> str:
    """Escaped text marked with its language and direction, so Arabic lays out right to left."""
    cls = f" class='{escape(css_class)}'" if css_class else ""
    return f"<{tag}{cls} lang='{escape(lang)}' dir='{text_dir(lang)}'>{escape(text)}</{tag}>"


def safe_href(url: str | None, schemes: tuple[str, ...] = ("http", "https")) -> str | None:
    """``url`` when its scheme is allowed, else None: a ``javascript:`` link in an
    article must not become clickable.

    >>> safe_href("https://example.org/a?b=1"), safe_href("javascript:alert(1)"), safe_href(" JavaScript:x")
    ('https://example.org/a?b=1', None, None)
    """
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in schemes else None


def badges(languages: dict[str, int]) -> str:
    return "".join(f"<span class='lang' data-lang='{escape(lang)}'>{escape(lang)} {n}</span>"
                   for lang, n in languages.items())


@dataclass
class Links:
    """Where a story page's links go: files of a report, or routes of the web app."""

    story: Callable[[int], str]
    storyline: Callable[[int], str]
    source: Callable[[dict], str | None]  # an article's original page, when it has one
    full_text: Callable[[dict], str | None] = lambda article: None  # a page of the article's own


def span_label(first: str | None, last: str | None) -> str:
    """The days a story or storyline covers, one day when it is one.

    >>> span_label("2023-11-21T08:00", "2024-01-26"), span_label("2024-03-06", "2024-03-06"), span_label(None, None)
    ('2023-11-21 – 2024-01-26', '2024-03-06', 'undated')
    """
    days = sorted({d[:10] for d in (first, last) if d})
    return " – ".join(days) if days else "undated"


def view_heading(view: StoryView | StorylineView, lead: str = "") -> list[str]:
    """The ``<h1>`` headline of an event or storyline view and the line of counts under it."""
    head = view["headline"]
    return [f"<h1 id='headline'>{text_html(head['text'], head['lang'])}</h1>",
            f"<p class='meta'>{lead}{view['size']} articles {badges(view['languages'])}"
            + ("" if head["in_reader_language"] else f" · headline in {escape(head['lang'])}") + "</p>"]


def storyline_block(line: StorylineRow, href: str, meta: str, events: list[str]) -> str:
    """A storyline of several events as one list item: its headline linking its page, ``meta``
    (counts and span), and its events' items in time order."""
    head = line["headline"]
    return (f"<li id='storyline-{line['id']}' class='storyline' data-languages='{escape(' '.join(line['languages']))}'>"
            f"<span class='kind'>storyline · {line['n_events']} events</span><br>"
            f"<a class='storyline-headline' href='{escape(href)}'>{text_html(head['text'], head['lang'])}</a><br>"
            f"{meta}<ol class='events'>{''.join(events)}</ol></li>")


def storyline_context(view: StoryView, links: Links, headline: dict | None = None) -> str:
    """On an event's page, where it stands in its storyline: its siblings linked, in time order.
    Nothing for an event that is a storyline of its own."""
    line = view.get("storyline")
    if not line or line["n_events"] < 2:
        return ""
    ids = [e["id"] for e in line["events"]]
    position = ids.index(view["id"]) + 1 if view["id"] in ids else "?"
    name = text_html(headline["text"], headline["lang"]) if headline else f"storyline L{line['id']}"
    items = []
    for event in line["events"]:
        day = f"<span class='date'>{escape((event['first_seen'] or 'undated')[:10])}</span>"
        title = text_html(event["headline"]["text"], event["headline"]["lang"])
        if event["id"] == view["id"]:
            items.append(f"<li class='current' aria-current='page'>{day} {title} <span class='meta'>(this event)</span></li>")
        else:
            items.append(f"<li>{day} <a href='{escape(links.story(event['id']))}'>{title}</a> "
                         f"<span class='meta'>{event['size']} articles</span></li>")
    return (f"<nav id='storyline-context' aria-label='storyline'><p>Event {position} of {line['n_events']} in the "
            f"storyline <a id='storyline-link' href='{escape(links.storyline(line['id']))}'>{name}</a></p>"
            f"<ol>{''.join(items)}</ol></nav>")


def storyline_sections(view: StorylineView, links: Links) -> list[str]:
    """Everything of a storyline view (``StorylineViews.view``) below the headline, as HTML parts."""
    volume = ["<h2>Articles per day</h2><div id='volume'>" + timeline_svg(view.get("by_day") or {}) + "</div>"]
    return [*_storyline_events(view, links), *volume, *_figure_trails(view, links), *_shared_entities(view, links)]


def _storyline_events(view: StorylineView, links: Links) -> list[str]:
    body = ["<h2>Events</h2><ol id='events' class='events'>"]
    for e in view["events"]:
        head = e["headline"]
        n = e["disagreements"]
        inside = (f"<a href='{escape(links.story(e['id']))}#claims'>{n} disagreement{'s' if n != 1 else ''} "
                  "between sources</a>" if n else "no disagreement between sources")
        lead = e["summary"]
        body.append(f"<li id='event-{e['id']}'><span class='date'>{escape(span_label(e['first_seen'], e['last_seen']))}"
                    f"</span> <a class='headline' href='{escape(links.story(e['id']))}'>"
                    f"{text_html(head['text'], head['lang'])}</a><br>{badges(e['languages'])} "
                    f"<span class='meta'>{e['size']} articles · {inside}</span>"
                    + (f"<p class='lead'>{text_html(lead['text'], lead['lang'])} "
                       f"<span class='cite'>[{escape(lead['lang'])}]</span></p>" if lead else "") + "</li>")
    body.append("</ol>")
    return body


def _figure_trails(view: StorylineView, links: Links) -> list[str]:
    """One row per figure, one column per event that reports one: how the figure moved over time.
    Sources disagreeing within one event are flagged on that event's page, not here."""
    body = ["<h2>Figures over time</h2>"]
    if not view["figures"]:
        return body + ["<p class='meta' id='figures'>No figure is reported by more than one event.</p>"]
    reported = {p["event_id"] for f in view["figures"] for p in f["points"]}
    events = [e for e in view["events"] if e["id"] in reported]
    body.append("<p class='meta'>As each event reported them, oldest first. A figure that moves between events is "
                "how the story went on, not a disagreement between sources.</p><div class='wide'><table id='figures'>"
                "<tr><th>figure</th>" + "".join(
                    f"<th><a href='{escape(links.story(e['id']))}'>{escape((e['first_seen'] or 'undated')[:10])}</a></th>"
                    for e in events) + "<th>over time</th></tr>")
    for f in view["figures"]:
        values = {p["event_id"]: " / ".join(format_value(v) for v in p["values"]) for p in f["points"]}
        name = f["concept"] + (f" ({f['group']})" if f["group"] else "")
        row = "<tr class='changed'>" if f["changed"] else "<tr>"
        body.append(f"{row}<td>{escape(name)}</td>"
                    + "".join(f"<td>{escape(values.get(e['id'], '—'))}</td>" for e in events)
                    + f"<td class='moved'>{'changed' if f['changed'] else 'unchanged'}{_trail(f)}</td></tr>")
    body.append("</table></div>")
    return body


def _trail(figure: dict) -> str:
    """A moving figure as a small line chart: the first value each event reported, oldest first."""
    points = [(p["date"] or "undated", float(p["values"][0])) for p in figure["points"]
              if p["values"] and isinstance(p["values"][0], (int, float))]
    return "<br>" + figure_svg(points) if figure["changed"] and len(points) >= 2 else ""


def _shared_entities(view: StorylineView, links: Links) -> list[str]:
    body = ["<h2>Named in several events</h2>"]
    if not view["entities"]:
        return body + ["<p class='meta' id='shared-entities'>No name recurs across its events.</p>"]
    day = {e["id"]: (e["first_seen"] or "undated")[:10] for e in view["events"]}
    body.append("<table id='shared-entities'><tr><th>name</th><th>kind</th><th>events</th><th>languages</th></tr>")
    for e in view["entities"]:
        events = ", ".join(f"<a href='{escape(links.story(i))}'>{escape(day.get(i, f'event {i}'))}</a>"
                           for i in e["events"])
        body.append(f"<tr><td>{escape(e['name'])}</td><td>{escape(e['kind'])}</td><td>{events}</td>"
                    f"<td>{escape(' '.join(e['languages']))}</td></tr>")
    body.append("</table>")
    return body


def _coverage(coverage: dict | None) -> list[str]:
    """Outlets by language, and the storyline's languages and countries this event missed."""
    if not coverage:
        return []
    langs = sorted({lang for o in coverage["outlets"] for lang in o["languages"]})
    out = ["<h2>Coverage</h2><table id='coverage'><tr><th>outlet</th><th>country</th>"
           + "".join(f"<th>{escape(lang)}</th>" for lang in langs) + "</tr>"]
    for o in coverage["outlets"]:
        cells = "".join(f"<td>{o['languages'].get(lang, '')}</td>" for lang in langs)
        out.append(f"<tr><td>{escape(o['outlet'])}</td><td>{escape(o['country'] or '')}</td>{cells}</tr>")
    out.append("</table>")
    missed = coverage["blindspot"]
    if missed["languages"] or missed["countries"]:
        parts = [f"languages {escape(', '.join(missed['languages']))}" if missed["languages"] else "",
                 f"countries {escape(', '.join(missed['countries']))}" if missed["countries"] else ""]
        out.append("<p id='blindspot'>Blindspot: the rest of this storyline reached "
                   + " and ".join(p for p in parts if p) + "; this event did not.</p>")
    return out


def story_sections(view: StoryView, links: Links) -> list[str]:
    """Everything of a story view (``StoryViews.view``) below the headline, as HTML parts."""
    body = ["<h2>Summary</h2><ol id='summary'>"]
    for s in view["summary"]:
        body.append(f"<li>{text_html(s['text'], s['lang'])} <span class='cite'>[{escape(s['lang'])}, "
                    f"<a href='#article-{escape(s['article_id'])}'>{escape(s['article_id'][:8])}</a>]</span></li>")
    body.append("</ol>")

    body.append("<h2>Entities</h2><table id='entities'><tr><th>name</th><th>kind</th><th>articles</th>"
                "<th>languages</th><th>variants</th></tr>")
    for e in view["entities"]:
        variants = ", ".join(text_html(v["text"], v["languages"][0]) for v in e["variants"])
        body.append(f"<tr><td>{escape(e['name'])}</td><td>{escape(e['kind'])}</td><td>{e['n_articles']}</td>"
                    f"<td>{escape(' '.join(e['languages']))}</td><td>{variants}</td></tr>")
    body.append("</table>")

    timeline = view["timeline"]
    body.append("<h2>Timeline</h2><div id='timeline'>" + timeline_svg(timeline["by_day"]) + "<ul>")
    for t in timeline["entries"]:
        cls = " class='first'" if t["first_report"] else ""
        mark = " (first report)" if t["first_report"] else ""
        body.append(f"<li{cls}>{escape(t['date_label'])} <span class='lang'>{escape(t['lang'])}</span> "
                    f"{text_html(t['title'], t['lang'])} <span class='meta'>{escape(t['source'])}{mark}</span></li>")
    body.append("</ul></div>")

    body.extend(_coverage(view.get("coverage")))

    body.append("<h2>Claims compared</h2><table id='claims'><tr><th>what</th><th>values</th><th>sources</th></tr>")
    for c in view["claims"]:
        cls = " class='disagree'" if c["disagree"] else ""
        values = " / ".join(format_value(v) for v in c["values"])
        sources = "<br>".join(f"{escape(format_value(m['value']))}: {escape(m['source'])} ({escape(m['lang'])})"
                              for m in c["mentions"])
        note = f"<br><strong>{escape(c['difference'])}</strong>" if c["difference"] else ""
        body.append(f"<tr{cls}><td>{escape(c['concept'])}</td><td>{escape(values)}{note}</td><td>{sources}</td></tr>")
    body.append("</table>")

    if view["statements"]:
        body.append("<h2>Statements</h2><ul id='statements'>")
        for s in view["statements"]:
            who = escape(s["speaker"] or "unattributed")
            body.append(f"<li><strong>{who}</strong>: {text_html(s['text'], s['lang'])} "
                        f"<span class='cite'>[{escape(s['lang'])}, {escape(s['source'])}]</span></li>")
        body.append("</ul>")

    if view["related"]:
        body.append("<h2>Related stories</h2><ul id='related'>")
        for r in view["related"]:
            text = r["headline"]["text"] if r["headline"] else f"story {r['id']}"
            lang = r["headline"]["lang"] if r["headline"] else "und"
            body.append(f"<li>{escape(r['when'])}: <a href='{escape(links.story(r['id']))}'>"
                        f"{text_html(text, lang)}</a></li>")
        body.append("</ul>")

    body.append("<h2>Articles by language</h2><div id='articles'>")
    for lang, articles in view["articles"].items():
        body.append(f"<h3>{escape(lang)} ({len(articles)})</h3>")
        for a in articles:
            link = links.source(a)
            source = (f"<a href='{escape(link)}' rel='noopener noreferrer'>{escape(a['source'])}</a>" if link
                      else escape(a["source"]))
            own = links.full_text(a)
            page = f" · <a href='{escape(own)}'>full text</a>" if own else ""
            body.append(f"<details id='article-{escape(a['id'])}'><summary>{text_html(a['title'], lang)} "
                        f"<span class='meta'>{escape(a['date_label'])} · {source}{page}</span></summary>"
                        f"{text_html(a['text'], lang, 'p')}</details>")
    body.append("</div>")
    return body
