"""The article's own paragraphs in a scraped text page, and its headline.

Line rules (:mod:`newsweave.clutter`) remove what is clutter by itself. A
saved page still holds other text that reads like an article: a cookie
notice, the headlines of a "read also" list, a whole later article under
them. So the body is found as a block:

1. Paragraph lines (long, ending a sentence) form runs; inline clutter (an
   advertisement line, a photo credit) does not break a run, any other line
   does (a heading, a headline, a byline).
2. The run with the most text is the article.
3. A neighbouring run joins it when it speaks of the same things: enough of
   its content words (function words of every language left out, from
   ``stopwordsiso``) also occur in the article. An inline "read also" link
   inside an article therefore does not cut it, and an unrelated article
   after the list does not join.
4. An author's bio at the end is dropped.

The headline is then looked for above the body: a line the page repeats, or
else the fullest headline-like line just above the body; a breadcrumb glued
to it ("HomeWorldMiddle EastUS will …") is cut off where the words run
together.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from .clutter import is_bio, is_clutter_line, is_section_heading

PARAGRAPH_MIN_CHARS = 40
PARAGRAPH_MIN_WORDS = 6
# Share of a run's content words that must also occur in the article for the
# run to be part of it. Continuations of one article share names and topic
# words; an unrelated article shares almost none once function words are out.
COHESION = 0.4
TITLE_MIN_CHARS = 12
TITLE_MAX_CHARS = 200
TITLE_LOOKBACK = 6        # headline candidates: this many non-clutter lines above the body

_sentence_end = re.compile(r"[.!?।؟。！？…:\"'”»)]\s*$")
_word = re.compile(r"\w{3,}")
_glue = re.compile(r"(?<=[a-zà-ÿа-яё])(?=[A-ZÀ-ÞА-ЯЁ])")
# Where a glued breadcrumb trail starts: the link to the front page.
HOME_WORDS = {"home", "accueil", "inicio", "portada", "startseite", "главная", "головна", "início", "home page"}


def is_paragraph(line: str) -> bool:
    """A line of body text: long enough, several words, ending a sentence."""
    line = line.strip()
    return (len(line) >= PARAGRAPH_MIN_CHARS and len(line.split()) >= PARAGRAPH_MIN_WORDS
            and bool(_sentence_end.search(line)))


@lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    import stopwordsiso

    return frozenset(word.casefold() for word in stopwordsiso.stopwords(sorted(stopwordsiso.langs())))


def content_words(lines: list[str]) -> set[str]:
    stop = _function_words()
    return {w for line in lines for w in (m.casefold() for m in _word.findall(line)) if w not in stop}


def _runs(lines: list[str], flags: list[bool]) -> list[list[int]]:
    """Runs of paragraph lines, as line indices; inline clutter does not break a run.

    A line the page repeats is a headline, not a paragraph: no paragraph is
    printed twice, but a headline often is.
    """
    counts = Counter(line.strip() for line in lines)
    runs: list[list[int]] = []
    current: list[int] = []
    for i, (line, flagged) in enumerate(zip(lines, flags)):
        if not line.strip():
            continue
        if not flagged and is_paragraph(line) and unglue(line) == line and counts[line.strip()] == 1:
            current.append(i)
        elif flagged and not is_section_heading(line):
            continue  # an advertisement or a credit between two paragraphs
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def body_lines(lines: list[str], flags: list[bool]) -> list[int]:
    """Indices of the article's paragraphs (empty when the page has none)."""
    runs = _runs(lines, flags)
    if not runs:
        return []
    main = max(range(len(runs)), key=lambda r: sum(len(lines[i]) for i in runs[r]))
    first = last = main
    words = content_words([lines[i] for i in runs[main]])
    changed = True
    while changed:
        changed = False
        for neighbour in (first - 1, last + 1):
            if 0 <= neighbour < len(runs) and _coheres([lines[i] for i in runs[neighbour]], words):
                first, last = min(first, neighbour), max(last, neighbour)
                words |= content_words([lines[i] for i in runs[neighbour]])
                changed = True
    body = [i for run in runs[first:last + 1] for i in run]
    while len(body) > 1 and is_bio(lines[body[-1]]):
        body.pop()  # the author's bio closes many pages
    return body


def _coheres(run: list[str], words: set[str]) -> bool:
    own = content_words(run)
    return bool(own) and len(own & words) / len(own) >= COHESION


def choose_title(lines: list[str], flags: list[bool], body_start: int, is_date_line) -> str:
    """The headline above the body: a repeated line, else the fullest headline-like line near the body."""
    candidates = []
    for i in range(body_start - 1, -1, -1):
        line = lines[i].strip()
        if not line or flags[i] or is_clutter_line(line) or is_date_line(line):
            continue
        candidates.append(unglue(line))
        if len(candidates) >= TITLE_LOOKBACK:
            break
    candidates = [c for c in candidates if TITLE_MIN_CHARS <= len(c) <= TITLE_MAX_CHARS and not is_paragraph(c)]
    if not candidates:
        return ""
    seen = [unglue(line.strip()) for line in lines[:body_start]]
    repeated = [c for c in candidates if seen.count(c) >= 2]
    if repeated:
        return repeated[0]
    # Headlines are the fullest short lines above a body; bylines, sections
    # and site names are shorter. Ties go to the line nearest the body.
    return max(candidates, key=lambda c: (len(c.split()), -candidates.index(c)))


def unglue(line: str) -> str:
    """A headline without the breadcrumb a text scrape glued to it.

    >>> unglue("HomeWorldMiddle EastUS will press Israel to accept pauses")
    'US will press Israel to accept pauses'
    >>> unglue("McDonald's opens in Kyiv")
    "McDonald's opens in Kyiv"
    """
    parts = _glue.split(line)
    if len(parts) < 2 or parts[0].strip().casefold() not in HOME_WORDS:
        return line  # run-together words elsewhere are names (McDonald, iPhone), not a crumb trail
    return parts[-1].strip()
