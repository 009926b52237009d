"""Numbers aligned across articles and languages by what they count.

Each number is tied to a *concept* (deaths, injured, hostages, prisoners,
trucks, displaced, children, days, money, percent) by the words around it,
from a small hand-written multilingual list of word beginnings. Articles that
give different values for one concept are flagged, so a reader sees
"deaths: 10,000 (A, en) vs 20,000 (B, bn)" instead of reading both.

Words are matched by their beginning (``kill`` matches "killed"); in Arabic
script, where prepositions and the article attach to the front of a word, a
stem may also sit inside the word (``قتل`` in ``وقتل``).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import regex

from .numbers import Quantity, extract_numbers

CONCEPT_STEMS: dict[str, tuple[str, ...]] = {
    "deaths": ("dead", "death", "died", "die", "kill", "fatalit", "toll", "bodies", "নিহত", "মৃত্যু", "মারা",
               "প্রাণহানি", "মৃত", "قتل", "قتيل", "قتلى", "شهيد", "شهداء", "وفاة", "مصرع", "muert", "fallecid", "mort",
               "décès", "tué", "tote", "toten", "getötet", "gestorben", "погиб", "убит", "смерт", "मारे", "मौत",
               "मृत"),
    "injured": ("injur", "wound", "hurt", "আহত", "جريح", "جرحى", "مصاب", "إصاب", "herid", "bless",
                "verletz", "ранен", "пострадав", "घायल"),
    "hostages": ("hostage", "জিম্মি", "رهين", "رهائن", "محتجز", "rehén", "rehenes", "otage", "geisel",
                 "заложник", "बंधक"),
    "prisoners": ("prisoner", "detainee", "বন্দি", "أسير", "أسرى", "سجين", "معتقل", "prisionero", "preso",
                  "prisonnier", "détenu", "gefangen", "häftling", "заключенн", "пленн", "कैदी"),
    "trucks": ("truck", "lorr", "ট্রাক", "شاحن", "camion", "lastwagen", "lkw", "грузовик", "ट्रक"),
    "displaced": ("displac", "fled", "homeless", "evacuat", "বাস্তুচ্যুত", "ঘরছাড়া", "نازح", "نزح", "مشرد",
                  "desplazad", "evacuad", "déplacé", "évacu", "vertrieb", "evakuiert", "obdachlos", "эвакуир",
                  "беженц", "बेघर", "विस्थापित"),
    "children": ("child", "শিশু", "طفل", "أطفال", "niño", "menor", "enfant", "kind", "дет", "ребен", "बच्च"),
    "days": ("day", "দিন", "يوم", "أيام", "día", "jour", "tag", "дн", "день", "दिन"),
    "money": ("dollar", "usd", "euro", "pound", "rupee", "taka", "ডলার", "টাকা", "দিরহাম", "دولار", "يورو",
              "جنيه", "dólar", "доллар", "евро", "рубл", "डॉलर", "रुपय", "रुपये"),
}
WORDS_BEFORE = 4
WORDS_AFTER = 3
DISAGREE_RATIO = 1.05  # values further apart than 5% disagree
_word = regex.compile(r"[\p{L}\p{M}$€£]+")
_arabic = regex.compile(r"\p{Arabic}")
_digit = regex.compile(r"\p{Nd}")
# Concepts that count whole things (people, trucks, days).
FLAGGED = frozenset({"deaths", "injured", "hostages", "prisoners", "trucks", "displaced", "children"})
WHOLE_COUNTS = frozenset({"deaths", "injured", "hostages", "prisoners", "trucks", "displaced", "children", "days"})


@dataclass(frozen=True)
class Mention:
    """One number in one article, tied to what it counts."""

    article_id: str
    lang: str
    concept: str
    value: float
    text: str


@dataclass
class ClaimComparison:
    """All mentions of one concept in a story, and whether they agree."""

    concept: str
    mentions: list[Mention] = field(default_factory=list)

    @property
    def values(self) -> list[float]:
        return sorted({m.value for m in self.mentions})

    @property
    def disagree(self) -> bool:
        """Different figures for one count. Sums of money and percentages in one story
        usually measure different things, so they are listed but never flagged."""
        values = self.values
        return self.concept in FLAGGED and len(values) > 1 and values[-1] > values[0] * DISAGREE_RATIO


def _stem_matches(word: str, stem: str) -> bool:
    word = word.casefold().replace("ё", "е")
    if word.startswith(stem):
        return True
    return bool(_arabic.match(stem)) and stem in word


def concept_of(words_after: list[str], words_before: list[str]) -> str | None:
    """The concept named nearest the number: first the words after it, then before.

    >>> concept_of(["people", "killed"], ["at", "least"]), concept_of([], ["death", "toll", "rose", "to"])
    ('deaths', 'deaths')
    >>> concept_of(["شاحنة"], ["عبرت"]), concept_of(["জন", "নিহত"], [])
    ('trucks', 'deaths')
    """
    for word in list(words_after) + list(reversed(words_before)):
        for concept, stems in CONCEPT_STEMS.items():
            if any(_stem_matches(word, stem) for stem in stems):
                return concept
    return None


def mentions_in(article_id: str, lang: str, text: str) -> list[Mention]:
    """The numbers of one article that count something known (years are skipped)."""
    out = []
    for quantity in extract_numbers(text):
        if quantity.is_year:
            continue
        concept = "percent" if quantity.is_percent else _concept_around(text, quantity)
        if concept in WHOLE_COUNTS and not float(quantity.value).is_integer():
            continue  # "magnitude 6.8" near "death toll" counts no one
        if concept:
            out.append(Mention(article_id, lang, concept, quantity.value, _context(text, quantity)))
    return out


def _concept_around(text: str, quantity: Quantity) -> str | None:
    # The words that name what a number counts lie between it and the
    # neighbouring numbers: in "2,012, with 2,059 injured" the injured are 2,059.
    before_text = _digit.split(text[max(0, quantity.start - 80):quantity.start])[-1]
    after_text = _digit.split(text[quantity.end:quantity.end + 80])[0]
    return concept_of(_word.findall(after_text)[:WORDS_AFTER], _word.findall(before_text)[-WORDS_BEFORE:])


def _context(text: str, quantity: Quantity, width: int = 60) -> str:
    start = max(0, quantity.start - width)
    end = min(len(text), quantity.end + width)
    return text[start:end].replace("\n", " ").strip()


def compare_claims(articles: list[tuple[str, str, str]]) -> list[ClaimComparison]:
    """``(article id, language, text)`` triples -> one comparison per concept.

    Concepts where articles disagree come first, then by how many articles
    mention them.

    >>> found = compare_claims([("a", "en", "At least 10,000 people were killed."),
    ...                         ("b", "bn", "২০ হাজার মানুষ নিহত হয়েছেন।"),
    ...                         ("c", "ar", "قتل ١٠ آلاف شخص.")])
    >>> found[0].concept, found[0].values, found[0].disagree
    ('deaths', [10000.0, 20000.0], True)
    """
    by_concept: dict[str, ClaimComparison] = {}
    for article_id, lang, text in articles:
        for mention in mentions_in(article_id, lang, text):
            by_concept.setdefault(mention.concept, ClaimComparison(mention.concept)).mentions.append(mention)
    return sorted(by_concept.values(),
                  key=lambda c: (not c.disagree, -len({m.article_id for m in c.mentions}), c.concept))
