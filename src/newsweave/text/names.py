"""Keys that let one name written in several scripts and spellings meet.

A name is transliterated to Latin letters (anyascii) and folded: letters
that romanisations of one sound disagree on fall into one class (b/p/f/v,
c/g/k/q/x, d/t, j/s/z), vowels become ``a`` and repeats collapse. Arabic
script writes no short vowels, so Arabic-script words are compared by their
consonants only (:func:`consonants`).

>>> fold("Qatar"), fold("কাতার"), fold("Катар")
('katar', 'katar', 'katar')
>>> fold("Dhaka") == fold("টাকা"), fold("Doha") == fold("দোহা")
(False, True)
>>> consonants(fold("قطر")) == consonants(fold("Qatar")) == "ktr"
True
>>> fold("Gaza") == fold("গাজা"), consonants(fold("غزة")) == consonants(fold("Gaza"))
(True, True)
"""
from __future__ import annotations

import re
from functools import lru_cache

import regex

from newsweave.text.forms import name_forms

_non_alpha = re.compile(r"[^a-z ]")
_spaces = re.compile(r"\s+")
_repeats = re.compile(r"(.)\1+")
_DIGRAPHS = (("kh", "h"), ("gh", "g"), ("sh", "s"), ("ch", "c"), ("th", "t"), ("ph", "f"), ("zh", "z"),
             ("ou", "u"))
# Consonants that romanisations swap fall into one class; vowels into three
# (a / e i y / o u w), so "Dhaka" and টাকা ("taka", money) stay apart while
# Gaza and গাজা ("gaja") meet.
_CLASSES = str.maketrans("bfpvcgkqxdtjszeiyouw", "ppppkkkkkttsssiiiuuu")
_cyrillic = regex.compile(r"\p{Cyrillic}")
# Singular case endings only: plural ones ("-ах") also end names (Рафах).
_CYRILLIC_ENDING = regex.compile(r"(?:ом|ем|ой|ей|а|я|у|ю|е|ы|и)$")
_bengali_consonant_end = regex.compile("[\u0995-\u09b9\u09dc-\u09df]$")
_abjad = regex.compile(r"[\p{Arabic}\p{Hebrew}]")
_TAA_MARBUTA = "\u0629"
_vowels = re.compile("[aiu]")
MIN_FUZZY_LENGTH = 5  # shorter keys must match exactly: Qatar is not চুক্তি
MIN_FUZZY_CONSONANTS = 4  # the same for consonant keys of Arabic script
SAME_NAME_SIMILARITY = 0.8
# Across scripts a single word must match more strongly: at 0.8 "Biden" meets
# বিরতি ("pause") and "Blinken" বলেছিলেন ("had said"); Karaca / কারাজা is 0.83.
CROSS_SCRIPT_SIMILARITY = 0.83
MIN_CROSS_SCRIPT_CONSONANTS = 3  # Arabic-script keys of two consonants meet half the dictionary
MAX_UNWRITTEN = 3  # an Arabic word may have this many letters more than its name has consonants


def is_abjad(word: str) -> bool:
    """True for scripts that leave short vowels unwritten (Arabic, Persian, Urdu, Hebrew)."""
    return bool(_abjad.search(word))


@lru_cache(maxsize=100_000)
def fold(name: str) -> str:
    """The folded transliteration of a name (tokens kept apart by spaces)."""
    from anyascii import anyascii

    tokens = []
    for token in name.split():
        if token.endswith(_TAA_MARBUTA):
            token = token[:-1]  # a feminine ending that romanisations write as a vowel or not at all
        latin = _non_alpha.sub("", anyascii(token).lower())
        for digraph, single in _DIGRAPHS:
            latin = latin.replace(digraph, single)
        latin = _repeats.sub(r"\1", latin.translate(_CLASSES))
        if latin:
            tokens.append(latin)
    return " ".join(tokens)


def consonants(key: str) -> str:
    """A folded key without its vowels.

    >>> consonants("katar"), consonants("tah")
    ('ktr', 'th')
    """
    return _repeats.sub(r"\1", _vowels.sub("", key))


def comparable(a: str, b: str) -> tuple[str, str]:
    """The two folded keys as they should be compared: consonants only when either is an abjad."""
    fa, fb = fold(a), fold(b)
    if is_abjad(a) or is_abjad(b):
        return consonants(fa), consonants(fb)
    return fa, fb


def forms(word: str) -> list[str]:
    """A word as written and without the article or case ending its script attaches.

    Russian declines names (Катара, Газе, Дохе are "of Qatar", "in Gaza",
    "in Doha"), so a Cyrillic word is also tried without its case ending.

    A Bengali word that ends in a consonant may sound its inherent vowel,
    which transliteration leaves out (শান্ত is "Shanto").

    >>> forms("Катара"), forms("Израиль")
    (['Катара', 'Катар', 'Катара', 'Катарь'], ['Израиль'])
    >>> forms("শান্তর")
    ['শান্তর', 'শান্ত', 'শান্তো']
    """
    found = name_forms(word)
    if _cyrillic.match(word):
        bare = _CYRILLIC_ENDING.sub("", word)
        if bare != word and len(bare) >= 3:
            found = [word, bare, bare + "а", bare + "ь"]  # Москве -> Москва, Израиля -> Израиль
    elif _bengali_consonant_end.search(found[-1]):
        found = [*found, found[-1] + "\u09cb"]
    return found


def same_name(a: str, b: str, similarity: float = SAME_NAME_SIMILARITY) -> bool:
    """Whether two words (in any scripts) are spellings of one name.

    Short keys must match exactly; longer ones may differ by a little
    (Benjamin / বেনিয়ামিন / بنيامين).

    >>> same_name("Gaza", "গাজা"), same_name("Gaza", "غزة"), same_name("Gaza", "কাজ")
    (True, True, False)
    >>> same_name("Benjamin", "বেনিয়ামিন"), same_name("Benjamin", "بنيامين"), same_name("Hamas", "Rafah")
    (True, True, False)
    """
    return any(_same_form(fa, fb, similarity) for fa in forms(a) for fb in forms(b))


def _same_form(a: str, b: str, similarity: float = SAME_NAME_SIMILARITY) -> bool:
    ka, kb = comparable(a, b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    if min(len(ka), len(kb)) < (MIN_FUZZY_CONSONANTS if is_abjad(a) or is_abjad(b) else MIN_FUZZY_LENGTH):
        return False
    from rapidfuzz.distance import Indel

    return Indel.normalized_similarity(ka, kb) >= similarity


def same_name_across_scripts(name: str, word: str, exact: bool = False) -> bool:
    """Whether ``word``, in a script without case, spells the name word ``name``: a stricter
    :func:`same_name`, since a single caseless word has no capital to say it is a name.

    An Arabic-script word must keep three consonants of the name and may not be
    much longer than them (يستطيعون, "they can", has the consonants of Sudan).

    >>> same_name_across_scripts("Karaca", "কারাজা"), same_name_across_scripts("Biden", "বিরতি")
    (True, False)
    >>> same_name_across_scripts("Netanyahu", "نتنياهو"), same_name_across_scripts("Sudan", "يستطيعون")
    (True, False)
    >>> same_name_across_scripts("Gaza", "غزة"), same_name_across_scripts("Jordan", "জোরদার", exact=True)
    (True, False)

    ``exact`` asks for equal keys: places, whose names are short and common
    words' look-alikes, meet only so.
    """
    for fa in forms(name):
        for fb in forms(word):
            if is_abjad(fb):
                own, key = comparable(fa, fb)
                letters = len(regex.findall(r"\p{L}", fb))
                # A short name (Gaza, غزة) may have a two-consonant key, in a word as short as it.
                shortest = min(MIN_CROSS_SCRIPT_CONSONANTS, max(len(own), 2))
                if len(key) < shortest or letters > len(key) + (1 if len(key) < 3 else MAX_UNWRITTEN):
                    continue
            if exact:
                if comparable(fa, fb)[0] == comparable(fa, fb)[1]:
                    return True
            elif _same_form(fa, fb, CROSS_SCRIPT_SIMILARITY):
                return True
    return False
