"""Countries and big cities in any language, from the shipped place index.

The index (``data/places.json.gz``, built by ``tools/build_gazetteer.py``
from CLDR territory names and GeoNames cities with their alternate names)
maps names as written to places. Names are matched as written only, not by
a loose transliteration key: folded keys of short names collide with common
words ("Prime" with a romanisation of Bremen).

>>> lookup("Qatar").name, lookup("কাতারের").name, lookup("قطر").name, lookup("Катар").name
('Qatar', 'Qatar', 'Qatar', 'Qatar')
>>> lookup("Doha").kind, lookup("said") is None
('city', True)
"""
from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import regex

from newsweave.text.names import forms


@dataclass(frozen=True)
class Place:
    name: str      # English name
    kind: str      # "country" | "city"
    country: str   # ISO 3166 code


# Names news writes that CLDR's territory names lack: it calls Palestine
# "Palestinian Territories" in most languages, and Bengali papers spell
# Israel ইসরায়েল as often as CLDR's ইসরাইল.
EXTRA_NAMES = {
    "Palestinian Territories": ("palestine", "palestina", "فلسطين", "ফিলিস্তিন", "палестина",
                                "फ़िलिस्तीन", "फिलिस्तीन", "filistin"),
    "Israel": ("ইসরায়েল", "ইসরাইল", "ইসরাঈল"),
}


@lru_cache(maxsize=1)
def _index() -> tuple[list[Place], dict[str, int]]:
    raw = resources.files("newsweave").joinpath("data/places.json.gz").read_bytes()
    data = json.loads(gzip.decompress(raw))
    places, written = [Place(*row) for row in data["places"]], data["written"]
    number = {place.name: i for i, place in enumerate(places)}
    for name, extra in EXTRA_NAMES.items():
        for spelling in extra:
            written.setdefault(spelling.casefold(), number[name])
    return places, written


def _forms(name: str) -> list[str]:
    folded = name.casefold()
    tokens = folded.split()
    out = [folded]
    if len(tokens) == 1:
        out.extend(forms(folded)[1:])
    else:
        out.append(" ".join(forms(token)[-1] for token in tokens))
    return out


def lookup(name: str, min_stem: int = 0) -> Place | None:
    """The place a name stands for, or None.

    ``min_stem``: the shortest a name may be once its article or case ending
    is taken off; a short stem meets common words (চাদর, "sheet", is চাদ,
    Chad, with an ending).
    """
    places, written = _index()
    for number, form in enumerate(_forms(name)):
        if number and len(form) < min_stem:
            continue
        if form in written:
            return places[written[form]]
    return None


# English nationality words whose place a suffix rule cannot find.
_IRREGULAR_DEMONYMS = {
    "norwegian": "Norway", "turkish": "Türkiye", "turk": "Türkiye", "turks": "Türkiye", "swiss": "Switzerland",
    "dutch": "Netherlands", "french": "France", "british": "United Kingdom", "greek": "Greece",
    "greeks": "Greece", "danish": "Denmark", "swedish": "Sweden", "finnish": "Finland", "polish": "Poland",
    "spanish": "Spain", "czech": "Czechia", "german": "Germany", "germans": "Germany", "afghan": "Afghanistan",
    "afghans": "Afghanistan", "thai": "Thailand", "filipino": "Philippines", "filipinos": "Philippines",
    "emirati": "United Arab Emirates", "argentine": "Argentina", "belgian": "Belgium", "portuguese": "Portugal",
    "icelandic": "Iceland", "saudi": "Saudi Arabia", "saudis": "Saudi Arabia", "english": "United Kingdom",
    "welsh": "United Kingdom", "scottish": "United Kingdom", "irish": "Ireland",
}
# Endings that make a nationality of a place name, by script, longest first;
# each stem is also tried with the endings place names take back.
_DEMONYM_ENDINGS = (
    (regex.compile(r"\p{Latin}"), ("eans", "ians", "ese", "ian", "ean", "ans", "ish", "an", "is", "i"),
     ("", "a", "e", "o", "ia")),
    (regex.compile(r"\p{Bengali}"), ("িদের", "িরা", "ির", "ীয়", "ি"), ("",)),
    (regex.compile(r"\p{Arabic}"), ("يين", "يون", "ية", "ي"), ("", "يا", "ا")),
    (regex.compile(r"\p{Cyrillic}"), ("ского", "ская", "ские", "ских", "ской", "ский", "цами", "цев", "тяне",
                                      "тян", "цы", "ец", "ца", "яне", "ане", "ян"), ("", "а", "ия", "ь")),
)


def place_of_demonym(word: str) -> Place | None:
    """The place a nationality word belongs to, in several scripts; None when the word
    is a place's own name or no nationality.

    >>> [place_of_demonym(w).name for w in ("Palestinians", "ফিলিস্তিনি", "فلسطينيين", "палестинцев")]
    ['Palestinian Territories', 'Palestinian Territories', 'Palestinian Territories', 'Palestinian Territories']
    >>> place_of_demonym("Sudanese").name, place_of_demonym("Sudan") is None, place_of_demonym("Susan") is None
    ('Sudan', True, True)
    >>> place_of_demonym("guns") is None
    True
    """
    folded = word.casefold()
    if folded in _IRREGULAR_DEMONYMS:
        return lookup(_IRREGULAR_DEMONYMS[folded])
    if lookup(word):
        return None
    for script, endings, restorations in _DEMONYM_ENDINGS:
        if not script.match(word):
            continue
        for ending in endings:
            stem = folded[: -len(ending)]
            if not folded.endswith(ending) or len(stem) < 3:
                continue
            for restored in restorations:
                place = lookup(stem + restored, min_stem=4)
                if place and len(stem + restored) >= 4:
                    return place
    return None
