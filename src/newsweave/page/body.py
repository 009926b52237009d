"""The article's own paragraphs in a scraped text page, and its headline.

Line rules (:mod:`newsweave.page.clutter`) remove what is clutter by itself. A
saved page still holds other text that reads like an article: a cookie
notice, the headlines of a "read also" list, a whole later article under
them. So the body is found as a block:

1. Paragraph lines (long, ending a sentence) form runs; inline clutter (an
   advertisement line, a photo credit) does not break a run, any other line
   does (a heading, a headline, a byline).
2. The run with the most text is the article.
3. A neighbouring run joins it unless it speaks of other things. Content
   words (function words of every language left out, from ``stopwordsiso``)
   are compared: across a "read also" heading or a separator a run joins
   only when COHESION of its words occur in the article (an inline link
   inside an article does not cut it, an unrelated article after the list
   does not join); across a subheading, a caption or a byline it joins
   unless it shares almost none (LOOSE_COHESION). The two levels were set
   on the development set and on real pages saved as text (the Zyte pages
   dumped to plain text), where articles break into many runs.
4. An author's bio at the end is dropped, and readers' comments never
   count: runs after a "Comments" heading or a comment's header are left
   out when the page has text before them.

The headline is then looked for above the body: a line the page repeats, or
else the fullest headline-like line just above the body; a breadcrumb glued
to it ("HomeWorldMiddle EastUS will …") is cut off where the words run
together.
"""
from __future__ import annotations

import re
from collections import Counter

import regex

from newsweave.page.clutter import is_bio, is_clutter_line, is_comment_start, is_section_heading
from newsweave.text import all_function_words

PARAGRAPH_MIN_CHARS = 40
PARAGRAPH_MIN_WORDS = 6
# Share of a run's content words that must also occur in the article for the
# run to be part of it, across a "read also" heading or separator, and across
# anything else. Continuations of one article share names and topic words;
# an unrelated article shares few once function words are out.
COHESION = 0.4
LOOSE_COHESION = 0.05
TITLE_MIN_CHARS = 12
TITLE_MAX_CHARS = 200
TITLE_LOOKBACK = 6        # headline candidates: this many non-clutter lines above the body
TITLE_MAX_WORDS = 30
MENU_MIN_WORDS = 18
LEAD_TITLE_CHARS = 120

# A closing quote or bracket ends a sentence only after a full stop inside it:
# a headline may end with «СКИФ» or "Urals-Stage", a paragraph ends with .” or .»
_sentence_end = re.compile(r"[.!?।؟。！？…:][\"'”»)\]]*\s*$")
# Letters with their combining marks: Python's \w stops at a Bengali or
# Devanagari vowel sign, and the fragments it leaves match across any texts.
_word = regex.compile(r"[\p{L}\p{M}\p{N}]{3,}")
_first_sentence = re.compile(r"(?<=[.!?।؟。！？])\s+")
# A dateline opening the lead: "OSLO, March 13 (Agency) -", "NAIROBI, May 17 -", "PARIS (AFP) —".
_dateline = re.compile(r"^[A-ZÀ-ÞА-ЯЁ][A-ZÀ-ÞА-ЯЁ .'-]{2,30}(,[^-–—:(]{1,30})?(\s*\([^)]{1,30}\))?\s*[-–—:]\s+")
_separator = re.compile(r"^\s*[\W_]{3,}\s*$")
_separated = re.compile(r"\s[|｜]\s")
_punctuation = re.compile(r"[,.:;!?«»\"'“”‘’()،؛।—–-]")
_glue = re.compile(r"(?<=[a-zà-ÿа-яё])(?=[A-ZÀ-ÞА-ЯЁ«„\"“])")
_crumb_separators = re.compile(r"\s+(?:>|»|›|\||→)\s+")
# Where a glued breadcrumb trail starts: the link to the front page.
HOME_WORDS = ["home page", "home", "accueil", "inicio", "portada", "startseite", "главная", "головна", "início",
              "الصفحة الرئيسية", "الرئيسية", "প্রচ্ছদ", "হোম", "मुख्य पृष्ठ", "होम"]
# Section names that breadcrumbs carry, for scripts without capitals, where
# a glued trail shows no seam ("الرئيسيةمحلياتاقتصادوزارة …"); the page's own
# menu lines add to these.
SECTION_NAMES = [
    "محليات", "اقتصاد", "طاقة", "سياسة", "رياضة", "عربي ودولي", "دولي", "عربي", "أخبار", "منوعات", "ثقافة", "صحة",
    "تكنولوجيا", "مجتمع", "بلادي", "الوطن", "العالم",
    "বাংলাদেশ", "জাতীয়", "রাজনীতি", "অর্থনীতি", "বাণিজ্য", "আন্তর্জাতিক", "খেলা", "বিনোদন", "সারাদেশ", "যোগাযোগ",
    "শিক্ষা", "স্বাস্থ্য", "প্রযুক্তি", "বিশ্ব", "দেশ", "মধ্যপ্রাচ্য", "فلسطين",
]
# Section names that end a trail in cased scripts, where the headline after
# them starts with a capital just as the name does ("Middle East Hamas rejects …").
LATIN_SECTION_NAMES = ["Middle East", "World", "Politics", "Business", "Economy", "Sport", "Sports", "News",
                       "International", "National", "Europe", "Asia", "Africa", "Americas", "Monde", "Politique",
                       "Mundo", "Internacional", "Política", "Welt", "Politik", "Мир", "Политика"]


def is_paragraph(line: str) -> bool:
    """A line of body text: long enough, several words, ending a sentence."""
    line = line.strip()
    return (len(line) >= PARAGRAPH_MIN_CHARS and len(line.split()) >= PARAGRAPH_MIN_WORDS
            and bool(_sentence_end.search(line)))


def content_words(lines: list[str]) -> set[str]:
    stop = all_function_words()
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
    # Readers' comments can outweigh a short article; they never are it.
    comments = next((i for i, line in enumerate(lines) if is_comment_start(line)), len(lines))
    if runs and runs[0][0] < comments:
        runs = [run for run in runs if run[0] < comments]
    if not runs:
        return []
    main = max(range(len(runs)), key=lambda r: sum(len(lines[i]) for i in runs[r]))
    first = last = main
    words = content_words([lines[i] for i in runs[main]])
    changed = True
    while changed:
        changed = False
        for neighbour in (first - 1, last + 1):
            if not 0 <= neighbour < len(runs):
                continue
            gap = range(runs[neighbour][-1] + 1, runs[first][0]) if neighbour < first else \
                range(runs[last][-1] + 1, runs[neighbour][0])
            if _joins([lines[i] for i in runs[neighbour]], [lines[i] for i in gap], words):
                first, last = min(first, neighbour), max(last, neighbour)
                words |= content_words([lines[i] for i in runs[neighbour]])
                changed = True
    # Between the first and the last joined paragraph, every line that is not
    # clutter belongs to the article: subheadings, short paragraphs, list items.
    start, end = runs[first][0], runs[last][-1]
    body = [i for i in range(start, end + 1) if lines[i].strip() and not flags[i]]
    while len(body) > 1 and is_bio(lines[body[-1]]):
        body.pop()  # the author's bio closes many pages
    return body


def _joins(run: list[str], gap: list[str], words: set[str]) -> bool:
    """Whether a run belongs to the article it neighbours.

    Across a "read also" heading or a separator the run must speak of the
    same things; across anything else (a subheading, a caption, a byline) it
    joins unless it shares almost nothing.
    """
    own = content_words(run)
    if not own:
        return False
    shared = len(own & words) / len(own)
    boundary = any(is_section_heading(line) or _separator.match(line) for line in gap)
    return shared >= (COHESION if boundary else LOOSE_COHESION)


def choose_title(lines: list[str], flags: list[bool], body_start: int, is_date_line) -> str:
    """The headline above the body: a line the page repeats, else the nearest headline-like line."""
    candidates = []
    vocabulary = menu_words(lines[:body_start])
    for i in range(body_start - 1, -1, -1):
        line = lines[i].strip()
        if not line or is_date_line(line):
            continue
        headline = unglue(line, vocabulary)
        # A trail line is clutter until the headline glued to its end is taken off.
        if (flags[i] or is_clutter_line(line)) and (headline == line or is_clutter_line(headline)):
            continue
        candidates.append(headline)
        if len(candidates) >= TITLE_LOOKBACK:
            break
    candidates = [c for c in candidates if _headline_like(c)]
    if not candidates:
        return ""
    seen = [unglue(line.strip(), vocabulary) for line in lines[:body_start]]
    repeated = [c for c in candidates if seen.count(c) >= 2]
    if repeated:
        return repeated[0]
    # A headline says the most of the short lines above a body: bylines,
    # dates, sections, site names and share buttons say less. Ties go to the
    # line nearest the body.
    return max(candidates, key=lambda c: (len(c.split()), -candidates.index(c)))


def lead_title(paragraph: str) -> str:
    """A headline made from the lead when a page shows none: its first sentence, trimmed.

    >>> lead_title("Port workers in Rotterdam ended their strike on Friday. The union said 4,000 voted.")
    'Port workers in Rotterdam ended their strike on Friday'
    >>> lead_title("OSLO, March 13 (Agency) - Ministers met on Wednesday. They spoke.")
    'Ministers met on Wednesday'
    """
    sentence = _first_sentence.split(_dateline.sub("", paragraph.strip()), maxsplit=1)[0].rstrip(" .!?।؟")
    if len(sentence) <= LEAD_TITLE_CHARS:
        return sentence
    return sentence[:LEAD_TITLE_CHARS].rsplit(" ", 1)[0] + " …"


def _headline_like(line: str) -> bool:
    """Not a paragraph, a menu or a ticker: a headline's length and shape."""
    words = line.split()
    if not TITLE_MIN_CHARS <= len(line) <= TITLE_MAX_CHARS or is_paragraph(line) or len(words) > TITLE_MAX_WORDS:
        return False
    if _separated.search(line):
        return False  # "Site | slogan", "Dow 35,416 | Brent $81"
    # A row of menu items: many words, no punctuation at all.
    return not (len(words) >= MENU_MIN_WORDS and not _punctuation.search(line))


def unglue(line: str, vocabulary: list[str] | None = None) -> str:
    """A headline without the breadcrumb a text scrape glued to it.

    >>> unglue("HomeWorldMiddle EastUS will press Israel to accept pauses")
    'US will press Israel to accept pauses'
    >>> unglue("McDonald's opens in Kyiv")
    "McDonald's opens in Kyiv"
    >>> unglue("الرئيسيةمحلياتاقتصادوزارة المياه توقع اتفاقية")
    'وزارة المياه توقع اتفاقية'
    >>> unglue("Beirut 14°C Cloudy | Home > World > Middle East Hamas rejects Paris framework")
    'Hamas rejects Paris framework'
    >>> unglue("প্রচ্ছদ  আন্তর্জাতিক  মধ্যপ্রাচ্য প্যারিস কাঠামো প্রত্যাখ্যান করল হামাস")
    'প্যারিস কাঠামো প্রত্যাখ্যান করল হামাস'
    """
    trail = _after_trail(line)
    if trail is not None:
        # Known section names only: the page's menu words include this very line's.
        return _without_sections(trail, sorted(SECTION_NAMES + LATIN_SECTION_NAMES, key=len, reverse=True))
    names = sorted(set(SECTION_NAMES) | set(vocabulary or ()), key=len, reverse=True)
    home = next((h for h in HOME_WORDS if line.casefold().startswith(h) and len(line) > len(h)), None)
    if home is None:
        return line
    rest = line[len(home):]
    if rest[:1].isspace():
        # A trail of words with no separators ("প্রচ্ছদ  আন্তর্জাতিক  …"): only known sections are cut.
        cut = _without_sections(rest.lstrip(), names)
        return cut if cut != rest.lstrip() else line
    parts = _glue.split(rest)
    if len(parts) > 1 or rest[:1].isupper():
        return parts[-1].strip()  # a seam shows where the headline starts
    return _without_sections(rest, names)


def _after_trail(line: str) -> str | None:
    """What follows a separated trail that starts at the front page ("Home > World > …"), if any."""
    parts = [p.strip() for p in _crumb_separators.split(line)]
    starts = [i for i, p in enumerate(parts[:-1]) if p.casefold() in HOME_WORDS]
    if not starts or len(parts) - starts[0] < 3:
        return None
    return parts[-1]


def _without_sections(rest: str, names: list[str]) -> str:
    """``rest`` with the section names it starts with taken off."""
    stripped = True
    while stripped:
        stripped = False
        for name in names:
            if rest.startswith(name) and len(rest) > len(name):
                rest, stripped = rest[len(name):].lstrip(), True
                break
    return rest.strip()


def menu_words(lines: list[str]) -> list[str]:
    """Words of the page's navigation rows (single words of 3 letters or more)."""
    return [w for line in lines if is_clutter_line(line) or len(line.split()) >= MENU_MIN_WORDS
            for w in line.split() if len(w) >= 3 and w.isalpha()]
