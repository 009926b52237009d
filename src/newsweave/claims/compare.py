"""Numbers aligned across articles and languages by what they count and whose they are.

Each number is tied to a *concept* (deaths, injured, hostages, prisoners,
trucks, displaced, children, days, money, percent) by the words around it,
from a small hand-written multilingual list of word beginnings, and to the
*group* it counts when a nationality is named beside it ("Palestinians",
ফিলিস্তিনি, فلسطينيين: one group, by the place index): Palestinian deaths and
Israeli deaths are two claims. Articles that give different values for one
claim on the same days are flagged, so a reader sees "deaths: 10,000 (A, en)
vs 20,000 (B, bn)" instead of reading both. Figures of articles days apart
are not compared (a toll that grows is no disagreement, and a story may hold
a later event), nor figures of an undated article.

Words are matched by their beginning (``kill`` matches "killed"); in Arabic
script, where prepositions and the article attach to the front of a word, a
stem may also sit inside the word (``قتل`` in ``وقتل``).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import regex

from newsweave.text import function_words
from newsweave.claims.numbers import Quantity, extract_numbers

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
    "displaced": ("displac", "fled", "homeless", "evacuat", "বাস্তুচ্যুত", "ঘরছাড়া", "পালিয়", "نازح", "نزح", "مشرد",
                  "desplazad", "evacuad", "déplacé", "évacu", "vertrieb", "evakuiert", "obdachlos", "эвакуир",
                  "беженц", "бежал", "покинул", "बेघर", "विस्थापित"),
    "children": ("child", "শিশু", "طفل", "أطفال", "niño", "menor", "enfant", "kind", "дет", "ребен", "बच्च"),
    "days": ("day", "দিন", "يوم", "أيام", "día", "jour", "tag", "дн", "день", "दिन"),
    # Homes and buildings, counted in disasters ("300 homes were flooded"): not people.
    "homes": ("home", "house", "dwelling", "building", "বাড়ি", "ঘর", "منزل", "منازل", "بيوت", "مبنى",
              "vivienda", "casa", "maison", "logement", "haus", "häuser", "дом", "жилищ", "घर", "मकान"),
    "money": ("$", "€", "£", "dollar", "usd", "euro", "pound", "rupee", "taka", "ডলার", "টাকা", "দিরহাম", "دولار", "يورو",
              "جنيه", "dólar", "доллар", "евро", "рубл", "डॉलर", "रुपय", "रुपये"),
}
# Units of measure: a number followed by one measures, it counts nothing here.
UNIT_STEMS = ("tonne", "ton", "kilo", "kg", "km", "metre", "meter", "mile", "litre", "liter", "hectare", "acre",
              "gram", "টন", "কেজি", "কিলো", "লিটার", "طن", "أطنان", "كيلو", "لتر", "تонн", "кило", "км", "литр",
              "тонн", "гектар")
WORDS_BEFORE = 4
WORDS_AFTER = 3
DISAGREE_RATIO = 1.05  # values further apart than 5% disagree
SAME_TIME_DAYS = 1     # figures of articles further apart in time describe different moments
_word = regex.compile(r"[\p{L}\p{M}$€£]+")
_arabic = regex.compile(r"\p{Arabic}")
_sentence_end = regex.compile(r"[.!?;।؟\n]\s")
_harakat = regex.compile("[\u064b-\u0652\u0670]")  # short-vowel marks: قُتل is قتل
_digit = regex.compile(r"\p{Nd}")
# Concepts that count whole things (people, trucks, days).
FLAGGED = frozenset({"deaths", "injured", "hostages", "prisoners", "trucks", "displaced", "children", "homes"})
WHOLE_COUNTS = frozenset({"deaths", "injured", "hostages", "prisoners", "trucks", "displaced", "children", "days",
                          "homes"})


@dataclass(frozen=True)
class Mention:
    """One number in one article, tied to what it counts."""

    article_id: str
    lang: str
    concept: str
    value: float
    text: str
    group: str | None = None      # whose: the place a nationality beside the number names
    day: float | None = None      # the article's day (ordinal); None when undated


@dataclass
class ClaimComparison:
    """All mentions of one claim (a concept, of one group) in a story, and whether they agree."""

    concept: str
    mentions: list[Mention] = field(default_factory=list)
    group: str | None = None

    @property
    def label(self) -> str:
        """ "deaths", or "deaths (Israel)" for the deaths of one group."""
        return f"{self.concept} ({self.group})" if self.group else self.concept

    @property
    def values(self) -> list[float]:
        return sorted({m.value for m in self.mentions})

    @property
    def disagree(self) -> bool:
        """Different figures for one count, given on the same days. Sums of money and
        percentages in one story usually measure different things, so they are
        listed but never flagged."""
        return self.concept in FLAGGED and bool(self.differing_pair())

    def differing_pair(self) -> tuple[Mention, Mention] | None:
        """The two mentions furthest apart among those close enough in time to compare."""
        best = None
        for a in self.mentions:
            for b in self.mentions:
                if a.value >= b.value or not _same_time(a, b) or b.value <= a.value * DISAGREE_RATIO:
                    continue
                if best is None or b.value / a.value > best[1].value / best[0].value:
                    best = (a, b)
        return best


def _same_time(a: Mention, b: Mention) -> bool:
    return a.day is not None and b.day is not None and abs(a.day - b.day) <= SAME_TIME_DAYS


def _stem_matches(word: str, stem: str) -> bool:
    word = _harakat.sub("", word.casefold().replace("ё", "е"))
    if word.startswith(stem):
        return True
    return bool(_arabic.match(stem)) and stem in word


def concept_of(words_after: list[str], words_before: list[str]) -> str | None:
    """The concept named nearest the number: first the words after it, then before.
    A unit of measure right after the number says it counts no people or things
    ("1,200 tonnes of food on 40 trucks").

    >>> concept_of(["people", "killed"], ["at", "least"]), concept_of([], ["death", "toll", "rose", "to"])
    ('deaths', 'deaths')
    >>> concept_of(["شاحنة"], ["عبرت"]), concept_of(["জন", "নিহত"], [])
    ('trucks', 'deaths')
    >>> concept_of(["homes", "flooded"], ["said", "no", "one", "hurt"])
    'homes'
    """
    if words_after and any(_stem_matches(words_after[0], unit) for unit in UNIT_STEMS):
        return None
    for word in list(words_after) + list(reversed(words_before)):
        for concept, stems in CONCEPT_STEMS.items():
            if any(_stem_matches(word, stem) for stem in stems):
                return concept
    return None


def mentions_in(article_id: str, lang: str, text: str, day: float | None = None) -> list[Mention]:
    """The numbers of one article that count something known (years are skipped)."""
    out = []
    for quantity in extract_numbers(text):
        if quantity.is_year:
            continue
        after, before = _words_around(text, quantity, lang)
        concept = "percent" if quantity.is_percent else concept_of(after, before)
        if concept in WHOLE_COUNTS and not float(quantity.value).is_integer():
            continue  # "magnitude 6.8" near "death toll" counts no one
        if concept:
            group = group_of(after, before) if concept in FLAGGED else None
            out.append(Mention(article_id, lang, concept, quantity.value, _context(text, quantity), group, day))
    return out


def group_of(words_after: list[str], words_before: list[str]) -> str | None:
    """The group a number counts, from a nationality named beside it, nearest first.

    >>> group_of(["Palestinians", "killed"], []), group_of(["ইসরায়েলি", "নিহত"], [])
    ('Palestinian Territories', 'Israel')
    >>> group_of(["people", "killed"], ["at", "least"]) is None
    True
    """
    from newsweave.text import place_of_demonym

    for word in list(words_after) + list(reversed(words_before)):
        place = place_of_demonym(word)
        if place:
            return place.name
    return None


def _words_around(text: str, quantity: Quantity, lang: str | None = None) -> tuple[list[str], list[str]]:
    # The words that name what a number counts lie between it and the
    # neighbouring numbers: in "2,012, with 2,059 injured" the injured are 2,059.
    # Function words do not count towards the reach: "2,300 people have been killed".
    # Nor do they cross the end of a sentence.
    before_text = _sentence_end.split(_digit.split(text[max(0, quantity.start - 100):quantity.start])[-1])[-1]
    after_text = _sentence_end.split(_digit.split(text[quantity.end:quantity.end + 100])[0])[0]
    stop = function_words(lang)
    after = [w for w in _word.findall(after_text) if w.casefold() not in stop]
    before = [w for w in _word.findall(before_text) if w.casefold() not in stop]
    return after[:WORDS_AFTER], before[-WORDS_BEFORE:]


def _context(text: str, quantity: Quantity, width: int = 60) -> str:
    start = max(0, quantity.start - width)
    end = min(len(text), quantity.end + width)
    return text[start:end].replace("\n", " ").strip()


def compare_claims(articles: list[tuple[str, str, str]],
                   days: dict[str, float | None] | None = None) -> list[ClaimComparison]:
    """``(article id, language, text)`` triples -> one comparison per claim.

    ``days``: each article's day (an ordinal; None when undated). Without
    it, all articles count as written on one day.
    Claims where articles disagree come first, then by how many articles
    mention them.

    >>> found = compare_claims([("a", "en", "At least 10,000 people were killed."),
    ...                         ("b", "bn", "২০ হাজার মানুষ নিহত হয়েছেন।"),
    ...                         ("c", "ar", "قتل ١٠ آلاف شخص.")])
    >>> found[0].concept, found[0].values, found[0].disagree
    ('deaths', [10000.0, 20000.0], True)
    >>> found = compare_claims([("a", "en", "At least 10,000 Palestinians were killed."),
    ...                         ("b", "en", "Some 1,200 Israelis were killed.")])
    >>> sorted((c.label, c.disagree) for c in found)
    [('deaths (Israel)', False), ('deaths (Palestinian Territories)', False)]
    """
    by_claim: dict[tuple, ClaimComparison] = {}
    for article_id, lang, text in articles:
        day = days.get(article_id) if days is not None else 0.0
        for mention in mentions_in(article_id, lang, text, day):
            key = (mention.concept, mention.group)
            by_claim.setdefault(key, ClaimComparison(mention.concept, group=mention.group)).mentions.append(mention)
    return sorted(by_claim.values(),
                  key=lambda c: (not c.disagree, -len({m.article_id for m in c.mentions}), c.label))
