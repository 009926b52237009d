"""A self-contained HTML report of the stories (no scripts, no network)."""
from __future__ import annotations

from html import escape
from pathlib import Path

RTL = {"ar", "fa", "he", "ur", "ps", "yi", "ckb", "sd", "ug"}

STYLE = """
body{font-family:system-ui,'Noto Sans','Noto Sans Bengali','Noto Naskh Arabic',sans-serif;margin:2rem auto;max-width:60rem;color:#1d1d1f}
h1{font-size:1.6rem} h2{font-size:1.15rem;margin:1.6rem 0 .3rem} .meta{color:#555;font-size:.9rem}
.lang{display:inline-block;border:1px solid #aaa;border-radius:.6rem;padding:0 .45rem;margin-right:.25rem;font-size:.8rem}
li{margin:.2rem 0} .rtl{direction:rtl;unicode-bidi:isolate} a{color:#0645ad}
"""


def render(stories: list[dict], title: str = "newsweave stories") -> str:
    """HTML for a list of stories as returned by ``StoryQueries.stories``."""
    parts = [f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{escape(title)}</title>",
             f"<style>{STYLE}</style></head><body><h1>{escape(title)}</h1>",
             f"<p class='meta'>{len(stories)} stories, {sum(s['size'] for s in stories)} articles</p>"]
    for story in stories:
        badges = "".join(f"<span class='lang'>{escape(lang)} {n}</span>" for lang, n in story["languages"].items())
        span = " – ".join(x for x in (story["first_seen"], story["last_seen"]) if x)
        parts.append(f"<section id='story-{story['id']}'><h2>{escape(story['title'] or '(untitled)')}</h2>")
        parts.append(f"<p class='meta'>{story['size']} articles · {escape(span)} · {badges}</p><ul>")
        for article in story["articles"]:
            cls = " class='rtl'" if article["lang"] in RTL else ""
            link = escape(article["url"] or (Path(article["path"]).as_uri() if article["path"] else ""))
            name = escape(article["title"] or article["id"])
            text = f"<a href='{link}'>{name}</a>" if link else name
            parts.append(f"<li><span class='lang'>{escape(article['lang'])}</span> "
                         f"<span{cls} lang='{escape(article['lang'])}'>{text}</span> "
                         f"<span class='meta'>{escape(article['published'] or '')}</span></li>")
        parts.append("</ul></section>")
    parts.append("</body></html>")
    return "\n".join(parts)


def write_report(stories: list[dict], out_dir: str | Path) -> Path:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    page = out / "index.html"
    page.write_text(render(stories), encoding="utf-8")
    return page
