"""Raw documents -> clean title and body text.

HTML goes through trafilatura (main text and metadata); every kind then has
page clutter removed line by line (:mod:`newsweave.page.clutter`) and its Unicode
normalised (:mod:`newsweave.page.mending`). A document with no article text
left is rejected with a reason.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
import re
import unicodedata

from newsweave.page.body import body_lines, choose_title, lead_title
from newsweave.page.clutter import classify_lines, is_stamp
from newsweave.page.mending import normalize
from newsweave.records import RawDocument, Rejection


MIN_BODY_CHARS = 40
# Words are letters (and the vowel signs of Indic scripts): a body of markup
# debris, punctuation or digits alone ("<<<>>> <<<>>>", "#### !!!!") is no article.
MIN_BODY_LETTERS = 20
MIN_LETTER_SHARE = 0.4
# htmldate, through trafilatura: the publication date the page declares, not
# its last change, and no guessing from loose text ("© 2024" would become
# 1 January 2024, the page header's date would become the publication date).
HTML_DATE_PARAMS = {"extensive_search": False, "original_date": True}
MAX_TITLE_CHARS = 200
HEADLINE_MIN_WORDS = 3
DATE_LINE_MAX_CHARS = 90
DATE_LINE_MAX_WORDS = 14  # "Publié le 03/06/2024 à 11h20 | Mis à jour le 03/06/2024 à 16h05"

_digit = re.compile(r"\d")


@dataclass(frozen=True)
class CleanText:
    """What cleaning found: the article's words and the metadata on the page."""

    title: str
    text: str
    date: str | None
    date_text: str | None         # a byline or dateline
    url: str | None
    source: str | None
    header_date: str | None = None  # a date printed above the headline
    site: str | None = None         # the outlet's name as the page or feed declares it
    seen: str | None = None         # when the page was fetched, if the source says
    from_markup: bool = False       # a record's text came as HTML and was read as a page


def _looks_like_date_line(line: str) -> bool:
    # Cheap filter before dateparser: short, has a digit, few words.
    return len(line) <= DATE_LINE_MAX_CHARS and bool(_digit.search(line)) and len(line.split()) <= DATE_LINE_MAX_WORDS


def _is_date_line(line: str) -> bool:
    return _date_in_line(line) is not None


@lru_cache(maxsize=4096)
def _date_in_line(line: str) -> str | None:
    """The full date a short line (a byline, a stamp, a page header) gives, as written."""
    from newsweave.text import date_part

    return date_part(line) if _looks_like_date_line(line) else None


def _strip_clutter(lines: list[str], flags: list[bool]) -> tuple[list[str], str | None]:
    """Body lines without clutter, and a date line found above the body."""
    kept: list[str] = []
    date_line = None
    for line, is_clutter in zip(lines, flags):
        # Date lines are metadata, not body: take the first one above the body
        # (a publication stamp counts, though it is clutter in the body).
        if (len([k for k in kept if k]) <= 2 and date_line is None and (not is_clutter or is_stamp(line))
                and _is_date_line(line)):
            date_line = _date_in_line(line)
            continue
        if is_clutter:
            continue
        kept.append(line)
    return kept, date_line


def _text_page(lines: list[str], flags: list[bool], given_title: str) -> tuple[str, str, str | None, str | None] | None:
    """(title, body, byline date, page-header date) of a plain-text page found as
    a block (:mod:`newsweave.page.body`); None when the page has no paragraph lines,
    for the line-by-line rules to handle."""
    body = body_lines(lines, flags)
    if not body:
        return None
    title = given_title or choose_title(lines, flags, body[0], _is_date_line) or lead_title(lines[body[0]])
    byline, header = _page_dates(lines, body[0], title)
    return title, "\n".join(lines[i] for i in body), byline, header


def _page_dates(lines: list[str], body_start: int, title: str) -> tuple[str | None, str | None]:
    """The byline date and the page-header date above the body.

    A date between the headline and the body, or a publication stamp or
    byline ("Published: ...", "By X | ..."), dates the article. A date above
    the headline is printed by the page header: the day the page was
    rendered, not when the article was written. On a page with no headline
    line, of two date lines the first is the header's and the last the
    article's; a lone one could be either, and counts as the header's.
    """
    above = lines[:body_start]
    # The headline's line, glued to a breadcrumb or not ("HomeWorldNorway presses...").
    title_at = max((i for i, line in enumerate(above) if title and line.endswith(title)), default=-1)
    dated = [i for i, line in enumerate(above) if line and _is_date_line(line)]
    byline = header = None
    for i in dated:
        line = above[i]
        if is_stamp(line) or i > title_at >= 0 or (title_at < 0 and len(dated) > 1 and i == dated[-1]):
            byline = byline or _date_in_line(line)
        else:
            header = header or _date_in_line(line)
    return byline, header


def _same_day(iso: str, written: str) -> bool:
    from newsweave.text import parse_date

    day = parse_date(written, require_year=True)
    return day is not None and iso[:10] == day.isoformat()


def _split_title(lines: list[str]) -> tuple[str, str]:
    """A short first line followed by more text is the title."""
    content = [line for line in lines if line]
    if len(content) >= 2 and len(content[0]) <= MAX_TITLE_CHARS:
        first = lines.index(content[0])
        return content[0], "\n".join(lines[first + 1:]).strip()
    return "", "\n".join(lines).strip()


def _page_headline(html: str) -> str | None:
    """The page's one ``<h1>``, when it has exactly one that reads as a headline.

    Metadata titles (``og:title``, ``<title>``) are often a shorter social
    version or carry the site's name; the ``<h1>`` is what the page shows.
    """
    import lxml.html

    try:
        root = lxml.html.fromstring(html)
    except Exception:  # lxml raises several types on broken markup
        return None
    found = [" ".join(h.text_content().split()) for h in root.iter("h1")]
    found = [h for h in found if len(h.split()) >= HEADLINE_MIN_WORDS and len(h) <= MAX_TITLE_CHARS]
    return found[0] if len(found) == 1 else None


def _html_page_dates(html: str, headline: str | None) -> tuple[str | None, str | None]:
    """The byline date and the page-header date an HTML page prints, read from its lines
    (``headline``: the page's ``<h1>``, when it has one)."""
    from newsweave.page.plain_lines import page_as_text

    lines = normalize(page_as_text(html)).split("\n")
    flags = classify_lines(lines)
    body = body_lines(lines, flags)
    if not body:
        return None, None
    title = headline or choose_title(lines, flags, body[0], _is_date_line)
    return _page_dates(lines, body[0], title)


def _extract_html(doc: RawDocument, headline: str | None) -> RawDocument | Rejection:
    import trafilatura

    try:
        found = trafilatura.bare_extraction(
            doc.content, url=doc.url, with_metadata=True, include_comments=False,
            include_tables=False, favor_precision=False, date_extraction_params=HTML_DATE_PARAMS)
    except Exception as exc:  # trafilatura raises many types on broken markup
        return Rejection(doc.origin, f"HTML could not be parsed: {type(exc).__name__}: {exc}")
    if found is None or not (found.text or "").strip():
        return Rejection(doc.origin, "HTML page has no article text (navigation or empty page)")
    return RawDocument(
        origin=doc.origin, kind="record", content=found.text, path=doc.path,
        title=doc.title or headline or found.title, date=doc.date or found.date, date_text=doc.date_text,
        url=doc.url or found.url, source=doc.source or found.sitename, site=doc.site or found.sitename,
        lang=doc.lang, seen=doc.seen, external_id=doc.external_id, label=doc.label)


_tag = re.compile(r"</?(?:html|head|body|div|p|br|span|a|b|i|em|strong|h[1-6]|ul|ol|li|table|tr|td|img|script|"
                  r"style|article|section|header|footer|nav|figure|iframe|meta|link)\b[^<>]*>", re.IGNORECASE)
MIN_MARKUP_TAGS = 2


def has_markup(text: str) -> bool:
    """Whether ``text`` holds HTML elements, not just a stray angle bracket.

    >>> has_markup("<p>Talks resumed.</p><p>They ended.</p>"), has_markup("Prices rose 3% (<5% expected)")
    (True, False)
    """
    return sum(1 for _ in zip(range(MIN_MARKUP_TAGS), _tag.finditer(text))) >= MIN_MARKUP_TAGS


def _unreadable(text: str) -> str | None:
    """Why ``text`` is not words, or None.

    >>> _unreadable("<<<>>> <<<>>> <<<>>> <<<>>> <<<>>> <<<>>> <<<>>>")
    'no letters in 48 characters'
    >>> _unreadable("দাম বেড়েছে চালের, বাজারে ক্রেতারা হতাশ।") is None
    True
    """
    visible = [ch for ch in text if not ch.isspace()]
    letters = sum(1 for ch in visible if unicodedata.category(ch)[0] in "LM")
    if letters < MIN_BODY_LETTERS or letters < MIN_LETTER_SHARE * len(visible):
        what = f"only {letters} letters" if letters else "no letters"
        return f"{what} in {len(text):,} characters"
    return None


def clean(doc: RawDocument) -> CleanText | Rejection:
    """Clean one document.

    >>> raw = RawDocument(origin="x.txt", kind="text", content=(
    ...     "Cairo 24°C Sunny\\nHome | World | Middle East\\nTalks resume in Doha\\n"
    ...     "Monday, 23 October 2023\\n"
    ...     "Negotiators from both sides met in Doha on Monday to discuss a pause in the fighting.\\n"
    ...     "Read also\\nFloods in the north\\nTags: Gaza, Qatar"))
    >>> c = clean(raw)
    >>> c.title, c.text, c.date_text
    ('Talks resume in Doha', 'Negotiators from both sides met in Doha on Monday to discuss a pause in the fighting.', 'Monday, 23 October 2023')
    >>> clean(RawDocument(origin="r", kind="record", title="9 September 2013, 14: 08",
    ...       content="Jewels stolen in Paris\\nFour men rammed their car into a jewellery shop.")).title
    'Jewels stolen in Paris'
    """
    from_markup = doc.kind == "record" and has_markup(doc.content)
    if from_markup:
        # HTML sent as a record's text (an API client posting a page) is read as the page it is.
        doc = replace(doc, kind="html")
    what = "HTML page" if doc.kind == "html" else "document"
    header_date = page_byline = None
    if doc.kind == "html":
        headline = _page_headline(doc.content)
        extracted = _extract_html(doc, headline)
        if isinstance(extracted, Rejection):
            return extracted
        page_byline, header_date = _html_page_dates(doc.content, headline)
        if (not doc.date and extracted.date and header_date and not page_byline
                and _same_day(extracted.date, header_date)):
            # htmldate read the page header's date, which is the day the page was rendered.
            extracted = replace(extracted, date=None)
        doc = extracted
    all_lines = normalize(doc.content).split("\n")
    flags = classify_lines(all_lines)
    lines, date_line = _strip_clutter(all_lines, flags)
    given_title = normalize(doc.title or "").replace("\n", " ")
    if given_title and _is_date_line(given_title):
        # Scrapers often take the dateline for the headline.
        date_line = date_line or given_title
        given_title = ""
    page = _text_page(all_lines, flags, given_title) if doc.kind == "text" else None
    if page:
        title, text, byline, header_date = page
        date_line = byline
    elif given_title:
        title, text = given_title, "\n".join(lines).strip()
        if text.startswith(given_title):
            text = text[len(given_title):].strip()
    else:
        title, text = _split_title(lines)
    text = normalize(text)
    if len(text) < MIN_BODY_CHARS:
        return Rejection(doc.origin, f"{what} has no article text: {len(text)} characters left after "
                                     f"removing page clutter (minimum {MIN_BODY_CHARS})")
    unreadable = _unreadable(text)
    if unreadable:
        return Rejection(doc.origin, f"{what} has no readable text: {unreadable}")
    return CleanText(title=title, text=text, date=doc.date, date_text=doc.date_text or date_line or page_byline,
                     url=doc.url, source=doc.source, header_date=header_date, seen=doc.seen, from_markup=from_markup,
                     site=doc.site)
