"""How well cleaning keeps an article's body and finds its headline.

Two measures:

- **the development set** (``data/extract-dev``): scraped pages written for
  this project in several languages and scripts, each as ``.txt`` and
  ``.html`` with its gold title and body paragraphs. Each page goes through
  the same readers and cleaning as ``newsweave ingest``; a kept line is right
  when it is one of the gold paragraphs. Line precision and recall, the
  share of exact titles and the share of right publication dates (an
  undated page must come out undated) are reported per format and language.
- **the Zyte article-extraction benchmark** (181 real pages with their gold
  article bodies), scored as its authors score it: word 4-gram shingles,
  precision and recall per page (normalised so long pages weigh no more),
  averaged; F1 from the averages. trafilatura's own output is scored beside.

>>> shingle_counts("the cat sat on the mat", "the cat sat on a mat")  # 1 shared shingle of 3 each
(0.2, 0.4, 0.4)
"""
from __future__ import annotations

import gzip
import json
import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from datetime import datetime, timezone

from newsweave.page import lead_title
from newsweave.page import clean, normalize
from newsweave.text import resolve_date
from newsweave.ingest import read_file
from newsweave.ingest import decode_text
from newsweave.records import RawDocument, Rejection
from newsweave.page import page_as_text

_word = re.compile(r"\w+")
SHINGLE = 4
STATED_DATES = ("metadata", "url", "text")


def dev_set_dir() -> Path:
    return Path(str(resources.files("newsweave") / "data" / "extract-dev"))


@dataclass
class PageResult:
    name: str
    fmt: str
    lang: str
    gold_lines: int
    kept_lines: int
    right_lines: int
    title_right: bool
    title: str
    gold_title: str
    wrong: list[str]       # kept lines that are not body
    missed: list[str]      # body lines not kept
    patterns: tuple[str, ...] = ()  # the clutter patterns the page has (from its gold)
    published: str | None = None
    gold_published: str | None = None

    @property
    def date_right(self) -> bool:
        return self.published == self.gold_published


def _comparable(line: str) -> str:
    return " ".join(normalize(line).split())


def score_page(name: str, fmt: str, gold: dict, title: str, text: str, published: str | None = None) -> PageResult:
    gold_lines = Counter(_comparable(line) for line in gold["body"] if line.strip())
    kept = Counter(_comparable(line) for line in text.split("\n") if line.strip())
    right = kept & gold_lines
    return PageResult(
        name=name, fmt=fmt, lang=gold["lang"], gold_lines=sum(gold_lines.values()), kept_lines=sum(kept.values()),
        right_lines=sum(right.values()), title_right=_comparable(title) == _comparable(gold["title"]),
        title=title, gold_title=gold["title"], wrong=sorted((kept - gold_lines).elements()),
        missed=sorted((gold_lines - kept).elements()), patterns=tuple(gold.get("patterns", ())),
        published=published, gold_published=gold.get("published"))


def extract(path: Path, lang: str | None = None) -> tuple[str, str, str | None]:
    """(title, body text, publication date) of one page as ``newsweave ingest``
    would store it, in a known language; empty when rejected."""
    for item in read_file(path):
        if isinstance(item, Rejection):
            return "", "", None
        cleaned = clean(item)
        if isinstance(cleaned, Rejection):
            return "", "", None
        published, method = resolve_date(cleaned.date, cleaned.date_text, cleaned.url, cleaned.text, lang,
                                         datetime.now(timezone.utc), header_date=cleaned.header_date,
                                         reference=cleaned.seen)
        # Gold dates are the dates a page states; an estimate from a weekday
        # or a page header is shown as one, so here it counts as no date.
        return cleaned.title, cleaned.text, published if method in STATED_DATES else None
    return "", "", None


def evaluate_dev_set(folder: Path | None = None) -> dict:
    """Line precision/recall and title accuracy over every page and format in ``folder``."""
    folder = folder or dev_set_dir()
    pages = []
    for gold_path in sorted(folder.glob("*.gold.json")):
        name = gold_path.name.removesuffix(".gold.json")
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        for fmt in ("txt", "html"):
            page = folder / f"{name}.{fmt}"
            if page.exists():
                pages.append(score_page(name, fmt, _gold_for(gold, fmt), *extract(page, gold["lang"])))
    if not pages:
        raise ValueError(f"no pages with gold (*.gold.json) in {folder}")
    groups: dict[str, list[PageResult]] = defaultdict(list)
    for page in pages:
        groups["all"].append(page)
        groups[f"format:{page.fmt}"].append(page)
        groups[f"lang:{page.lang}"].append(page)
        for pattern in page.patterns:
            groups[f"pattern:{pattern}"].append(page)
    return {"pages": len({p.name for p in pages}), "documents": len(pages),
            "figures": {key: _figures(group) for key, group in sorted(groups.items())},
            "errors": [_error(p) for p in pages if p.wrong or p.missed or not p.title_right or not p.date_right]}


def _gold_for(gold: dict, fmt: str) -> dict:
    """The page's gold as one format of it can show it.

    A ``.txt`` copy may lack what its HTML declares: a page saved without its
    headline line must be titled by its lead, trimmed; one without its date
    line is undated (``published_txt``).
    """
    out = {**gold, "published": gold.get(f"published_{fmt}", gold.get("published"))}
    if fmt == "txt" and "untitled_txt" in gold.get("patterns", ()):
        out["title"] = lead_title(gold["body"][0])
    return out


def _figures(pages: list[PageResult]) -> dict:
    kept = sum(p.kept_lines for p in pages)
    gold = sum(p.gold_lines for p in pages)
    right = sum(p.right_lines for p in pages)
    return {"line_precision": round(right / kept, 4) if kept else 0.0,
            "line_recall": round(right / gold, 4) if gold else 0.0,
            "title_accuracy": round(sum(p.title_right for p in pages) / len(pages), 4),
            "date_accuracy": round(sum(p.date_right for p in pages) / len(pages), 4), "documents": len(pages)}


def _error(page: PageResult) -> dict:
    return {"page": f"{page.name}.{page.fmt}", "title": None if page.title_right else page.title,
            "gold_title": None if page.title_right else page.gold_title,
            "date": None if page.date_right else f"{page.published or 'undated'} (gold {page.gold_published or 'undated'})",
            "kept_not_body": [line[:120] for line in page.wrong], "body_missed": [line[:120] for line in page.missed]}


# -- the Zyte benchmark ----------------------------------------------------------

def _shingles(text: str) -> Counter:
    tokens = _word.findall(text or "")
    return Counter(tuple(tokens[i:i + SHINGLE]) for i in range(max(1, len(tokens) - SHINGLE + 1))
                   if tokens[i:i + SHINGLE])


def shingle_counts(gold: str, predicted: str) -> tuple[float, float, float]:
    """(true positives, false positives, false negatives) over word 4-gram shingles, summing to 1."""
    truth, guess = _shingles(gold), _shingles(predicted)
    tp = sum((truth & guess).values())
    fp = sum((guess - truth).values())
    fn = sum((truth - guess).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def shingle_figures(counts: list[tuple[float, float, float]]) -> dict:
    def ratio(a: float, b: float, other: float) -> float:
        if b == other == 0:
            return 1.0
        return a / (a + b) if a + b else 0.0

    precision = statistics.mean(ratio(tp, fp, fn) for tp, fp, fn in counts if tp + fp > 0)
    recall = statistics.mean(ratio(tp, fn, fp) for tp, fp, fn in counts if tp + fn > 0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4), "pages": len(counts)}


def evaluate_zyte(folder: Path) -> dict:
    """newsweave's cleaning and plain trafilatura on the benchmark's pages.

    ``newsweave_as_text`` scores the same pages saved as plain text (every
    block of the page on its own line, navigation and all, as a naive
    scraper saves it) and cleaned as a ``.txt``: real pages for the text
    path, which the development set alone would flatter.
    """
    import trafilatura

    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    scores: dict[str, list] = {"newsweave": [], "newsweave_as_text": [], "trafilatura": []}
    for key, item in sorted(truth.items()):
        html, _ = decode_text(gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes()))
        gold = item.get("articleBody", "")
        for name, kind, content in (("newsweave", "html", html), ("newsweave_as_text", "text", page_as_text(html))):
            cleaned = clean(RawDocument(origin=key, kind=kind, content=content, url=item.get("url")))
            scores[name].append(shingle_counts(gold, "" if isinstance(cleaned, Rejection) else cleaned.text))
        scores["trafilatura"].append(shingle_counts(gold, trafilatura.extract(html) or ""))
    return {name: shingle_figures(counts) for name, counts in scores.items()}
