"""A self-contained HTML report: an index of stories and a page per story.

Everything is inline (CSS and SVG); there are no scripts, fonts or links to
any network, so the report opens from disk on an air-gapped machine. All
article text is escaped.
"""
from __future__ import annotations

from html import escape
from pathlib import Path

from .claims.numbers import format_value

RTL = {"ar", "fa", "he", "ur", "ps", "yi", "ckb", "sd", "ug"}
PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f",
           "#bab0ac"]

STYLE = """
body{font-family:system-ui,'Noto Sans','Noto Sans Bengali','Noto Naskh Arabic',sans-serif;margin:2rem auto;max-width:62rem;color:#1d1d1f;padding:0 1rem}
h1{font-size:1.6rem} h2{font-size:1.15rem;margin:1.6rem 0 .4rem} .meta{color:#555;font-size:.9rem}
.lang{display:inline-block;border:1px solid #aaa;border-radius:.6rem;padding:0 .45rem;margin-right:.25rem;font-size:.8rem}
li{margin:.25rem 0} [dir=rtl]{text-align:right} a{color:#0645ad}
table{border-collapse:collapse;width:100%;font-size:.92rem} td,th{border-bottom:1px solid #ddd;padding:.3rem .4rem;text-align:start;vertical-align:top}
.disagree{background:#fff3e0} .first{font-weight:600} details{margin:.2rem 0} .cite{color:#555;font-size:.8rem}
"""


def _dir(lang: str) -> str:
    return "rtl" if lang in RTL else "ltr"


def _text(text: str, lang: str, tag: str = "span") -> str:
    return f"<{tag} lang='{escape(lang)}' dir='{_dir(lang)}'>{escape(text)}</{tag}>"


def _page(title: str, body: list[str]) -> str:
    return "\n".join([f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{escape(title)}</title>",
                      "<meta name='viewport' content='width=device-width, initial-scale=1'>",
                      f"<style>{STYLE}</style></head><body>", *body, "</body></html>"])


def _badges(languages: dict[str, int]) -> str:
    return "".join(f"<span class='lang'>{escape(lang)} {n}</span>" for lang, n in languages.items())


def render_index(stories: list[dict], headlines: dict[int, dict] | None = None,
                 title: str = "newsweave stories") -> str:
    """The story list (``StoryQueries.stories`` rows), linking each story's page.

    ``headlines`` (story id -> view headline) puts each story under its
    headline in the reader's language.
    """
    headlines = headlines or {}
    body = [f"<h1>{escape(title)}</h1>",
            f"<p class='meta'>{len(stories)} stories, {sum(s['size'] for s in stories)} articles</p><ul id='stories'>"]
    for story in stories:
        span = " – ".join(x for x in (story["first_seen"], story["last_seen"]) if x)
        head = headlines.get(story["id"]) or {
            "text": story["title"] or "(untitled)",
            "lang": story["articles"][0]["lang"] if story["articles"] else "und"}
        body.append(f"<li id='story-{story['id']}'><a href='story-{story['id']}.html'>"
                    f"{_text(head['text'], head['lang'])}</a> "
                    f"<span class='meta'>{story['size']} articles · {escape(span)}</span> {_badges(story['languages'])}</li>")
    body.append("</ul>")
    return _page(title, body)


def timeline_svg(by_day: dict[str, dict[str, int]], width: int = 640, height: int = 140) -> str:
    """Articles per day as stacked bars, one colour per language."""
    if not by_day:
        return "<p class='meta'>No dated articles.</p>"
    langs = sorted({lang for counts in by_day.values() for lang in counts})
    colour = {lang: PALETTE[i % len(PALETTE)] for i, lang in enumerate(langs)}
    days = list(by_day)
    peak = max(sum(c.values()) for c in by_day.values())
    bar = max(4, min(60, (width - 20) // len(days) - 4))
    parts = [f"<svg id='timeline-chart' role='img' aria-label='articles per day by language' width='{width}' "
             f"height='{height + 40}' viewBox='0 0 {width} {height + 40}'>"]
    for i, day in enumerate(days):
        x = 10 + i * (bar + 4)
        y = height
        for lang in langs:
            n = by_day[day].get(lang, 0)
            if not n:
                continue
            h = n / peak * (height - 10)
            y -= h
            parts.append(f"<rect x='{x}' y='{y:.1f}' width='{bar}' height='{h:.1f}' fill='{colour[lang]}'>"
                         f"<title>{escape(day)}: {n} {escape(lang)}</title></rect>")
        if len(days) <= 12 or i % max(1, len(days) // 12) == 0:
            parts.append(f"<text x='{x}' y='{height + 14}' font-size='10'>{escape(day[5:])}</text>")
    for j, lang in enumerate(langs):
        parts.append(f"<rect x='{10 + j * 60}' y='{height + 24}' width='10' height='10' fill='{colour[lang]}'/>"
                     f"<text x='{24 + j * 60}' y='{height + 33}' font-size='11'>{escape(lang)}</text>")
    parts.append("</svg>")
    return "".join(parts)


def render_story(view: dict) -> str:
    """One story's page from its view (``StoryViews.view``)."""
    head = view["headline"]
    body = ["<p><a href='index.html'>← all stories</a></p>",
            f"<h1 id='headline'>{_text(head['text'], head['lang'])}</h1>",
            f"<p class='meta'>{view['size']} articles {_badges(view['languages'])}"
            + ("" if head["in_reader_language"] else f" · headline in {escape(head['lang'])}") + "</p>"]

    body.append("<h2>Summary</h2><ol id='summary'>")
    for s in view["summary"]:
        body.append(f"<li>{_text(s['text'], s['lang'])} <span class='cite'>[{escape(s['lang'])}, "
                    f"<a href='#article-{escape(s['article_id'])}'>{escape(s['article_id'][:8])}</a>]</span></li>")
    body.append("</ol>")

    body.append("<h2>Entities</h2><table id='entities'><tr><th>name</th><th>kind</th><th>articles</th>"
                "<th>languages</th><th>variants</th></tr>")
    for e in view["entities"]:
        variants = ", ".join(_text(v["text"], v["languages"][0]) for v in e["variants"])
        body.append(f"<tr><td>{escape(e['name'])}</td><td>{escape(e['kind'])}</td><td>{e['n_articles']}</td>"
                    f"<td>{escape(' '.join(e['languages']))}</td><td>{variants}</td></tr>")
    body.append("</table>")

    timeline = view["timeline"]
    body.append("<h2>Timeline</h2><div id='timeline'>" + timeline_svg(timeline["by_day"]) + "<ul>")
    for t in timeline["entries"]:
        cls = " class='first'" if t["first_report"] else ""
        mark = " (first report)" if t["first_report"] else ""
        body.append(f"<li{cls}>{escape(t['date'] or 'undated')} <span class='lang'>{escape(t['lang'])}</span> "
                    f"{_text(t['title'], t['lang'])} <span class='meta'>{escape(t['source'])}{mark}</span></li>")
    body.append("</ul></div>")

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
            body.append(f"<li><strong>{who}</strong>: {_text(s['text'], s['lang'])} "
                        f"<span class='cite'>[{escape(s['lang'])}, {escape(s['source'])}]</span></li>")
        body.append("</ul>")

    if view["related"]:
        body.append("<h2>Related stories</h2><ul id='related'>")
        for r in view["related"]:
            text = r["headline"]["text"] if r["headline"] else f"story {r['id']}"
            lang = r["headline"]["lang"] if r["headline"] else "und"
            body.append(f"<li>{escape(r['when'])}: <a href='story-{r['id']}.html'>{_text(text, lang)}</a></li>")
        body.append("</ul>")

    body.append("<h2>Articles by language</h2><div id='articles'>")
    for lang, articles in view["articles"].items():
        body.append(f"<h3>{escape(lang)} ({len(articles)})</h3>")
        for a in articles:
            link = a["url"] or (Path(a["path"]).as_uri() if a["path"] else "")
            source = f"<a href='{escape(link)}'>{escape(a['source'])}</a>" if link else escape(a["source"])
            body.append(f"<details id='article-{escape(a['id'])}'><summary>{_text(a['title'], lang)} "
                        f"<span class='meta'>{escape(a['published'] or 'undated')} · {source}</span></summary>"
                        f"{_text(a['text'], lang, 'p')}</details>")
    body.append("</div>")
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
