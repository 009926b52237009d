"""How well cleaning keeps an article's body and finds its headline.

Two measures:

- **the development set** (``data/extract-dev``): scraped pages written for
  this project in several languages and scripts, each as ``.txt`` and
  ``.html`` with its gold title and body paragraphs. Each page goes through
  the same readers and cleaning as ``newsweave ingest``; a kept line is right
  when it is one of the gold paragraphs. Line precision and recall, and the
  share of exact titles, are reported per format and per language.
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

from .clean import clean, normalize
from .ingest import read_file
from .ingest.files import decode_text
from .model import RawDocument, Rejection

_word = re.compile(r"\w+")
SHINGLE = 4


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


def _comparable(line: str) -> str:
    return " ".join(normalize(line).split())


def score_page(name: str, fmt: str, gold: dict, title: str, text: str) -> PageResult:
    gold_lines = Counter(_comparable(line) for line in gold["body"] if line.strip())
    kept = Counter(_comparable(line) for line in text.split("\n") if line.strip())
    right = kept & gold_lines
    return PageResult(
        name=name, fmt=fmt, lang=gold["lang"], gold_lines=sum(gold_lines.values()), kept_lines=sum(kept.values()),
        right_lines=sum(right.values()), title_right=_comparable(title) == _comparable(gold["title"]),
        title=title, gold_title=gold["title"], wrong=sorted((kept - gold_lines).elements()),
        missed=sorted((gold_lines - kept).elements()), patterns=tuple(gold.get("patterns", ())))


def extract(path: Path) -> tuple[str, str]:
    """(title, body text) of one page as ``newsweave ingest`` would store it; empty when rejected."""
    for item in read_file(path):
        if isinstance(item, Rejection):
            return "", ""
        cleaned = clean(item)
        if isinstance(cleaned, Rejection):
            return "", ""
        return cleaned.title, cleaned.text
    return "", ""


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
                pages.append(score_page(name, fmt, gold, *extract(page)))
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
            "errors": [_error(p) for p in pages if p.wrong or p.missed or not p.title_right]}


def _figures(pages: list[PageResult]) -> dict:
    kept = sum(p.kept_lines for p in pages)
    gold = sum(p.gold_lines for p in pages)
    right = sum(p.right_lines for p in pages)
    return {"line_precision": round(right / kept, 4) if kept else 0.0,
            "line_recall": round(right / gold, 4) if gold else 0.0,
            "title_accuracy": round(sum(p.title_right for p in pages) / len(pages), 4), "documents": len(pages)}


def _error(page: PageResult) -> dict:
    return {"page": f"{page.name}.{page.fmt}", "title": None if page.title_right else page.title,
            "gold_title": None if page.title_right else page.gold_title,
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


_BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "section", "article", "header",
           "footer", "nav", "aside", "blockquote", "figcaption", "ul", "ol", "table", "main", "form", "title"}


def page_as_text(html: str) -> str:
    """A page as a naive "save as text" gives it: each block on a line, scripts and styles left out.

    >>> page_as_text("<nav><a>Home</a> <a>World</a></nav><h1>Title</h1><p>One <b>two</b>.</p>")
    'Home World\\nTitle\\nOne two.'
    """
    import lxml.html

    try:
        root = lxml.html.fromstring(html)
    except Exception:  # lxml raises several types on broken markup
        return ""
    for dropped in root.xpath("//script|//style|//noscript|//template|//svg"):
        dropped.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag in _BLOCKS:
            element.tail = "\n" + (element.tail or "")
            element.text = "\n" + (element.text or "")
    return "\n".join(" ".join(line.split()) for line in root.text_content().split("\n") if line.strip())
