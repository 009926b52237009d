"""HTML pieces shared by the static report and the web app.

Every text that came from an article goes through :func:`html.escape`, and
every link from an article through :func:`safe_href`: article text is
hostile input.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from html import escape
from urllib.parse import urlsplit

from ..claims.numbers import format_value
from ..model import StoryView

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


def sparkline_svg(by_day: dict[str, int], width: int = 120, height: int = 24, max_days: int = 60) -> str:
    """Articles per day over a story's span (gaps included) as a small line.

    >>> sparkline_svg({"2024-01-01": 1, "2024-01-03": 3}).count("<polyline")
    1
    """
    if not by_day:
        return ""
    first = date.fromisoformat(min(by_day))
    last = date.fromisoformat(max(by_day))
    span = min((last - first).days, max_days - 1)
    start = date.fromordinal(last.toordinal() - span)
    counts = [by_day.get(date.fromordinal(start.toordinal() + i).isoformat(), 0) for i in range(span + 1)]
    peak = max(counts) or 1
    step = width / max(1, len(counts) - 1)
    points = " ".join(f"{i * step:.1f},{height - 2 - c / peak * (height - 4):.1f}" for i, c in enumerate(counts))
    if len(counts) == 1:
        points = f"0,{height / 2:.1f} {width},{height / 2:.1f}"
    label = f"{sum(counts)} articles over {len(counts)} days"
    return (f"<svg class='sparkline' role='img' aria-label='{label}' width='{width}' height='{height}' "
            f"viewBox='0 0 {width} {height}'><title>{label}</title>"
            f"<polyline fill='none' stroke='#4e79a7' stroke-width='1.5' points='{points}'/></svg>")


@dataclass
class Links:
    """Where a story page's links go: files of a report, or routes of the web app."""

    story: Callable[[int], str]
    source: Callable[[dict], str | None]  # an article's original page, when it has one
    full_text: Callable[[dict], str | None] = lambda article: None  # a page of the article's own


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
