"""Language-independent evidence that two articles report the same event.

Embeddings of different languages sit apart, so the assigner also compares
what survives translation: numbers (in any digit system), names written in
any script, and, within one language, the words themselves. Each article
becomes a bag of such features:

- ``n:40``      a number, whatever digits wrote it (৪০, ٤٠, 40)
- ``k:ntn``     the consonant skeleton of a name, via transliteration, so that
                Netanyahu / নেতানিয়াহু / نتنياهو meet

Words themselves are left to the embedding: measured on MEANTIME and ECB+,
adding them to the bag gained nothing and let long texts in scripts without
case drown the few anchors that cross languages.

>>> bag = features("Netanyahu met Blinken; ৪০ trucks entered.")
>>> sorted(k for k in bag if k[0] in "nk")
['k:ntn', 'k:plnkn', 'n:40']
>>> features("নেতানিয়াহু")["k:ntn"] > 0 and features("نتنياهو")["k:ntn"] > 0
True
"""
from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

import regex

from newsweave.text import to_ascii_digits
from newsweave.text import ARABIC_ALEF_FORMS, name_forms

# Letters with their combining marks: Bengali and Hindi vowel signs are marks,
# and a plain \w tokenizer would cut every word at them.
_token = regex.compile(r"[\p{L}\p{M}]+|\p{Nd}+(?:[.,]\p{Nd}+)*")
_non_alpha = re.compile(r"[^a-z]")
_repeats = re.compile(r"(.)\1+")
# Romanisations disagree on digraphs and on voicing; map both away.
_DIGRAPHS = (("kh", "h"), ("gh", "g"), ("sh", "s"), ("ch", "c"), ("th", "t"), ("ph", "f"), ("zh", "z"))
_CLASSES = str.maketrans("bfpvcgjkqxdtszlmnr", "ppppkkkkkkttsslmnr", "aeiouywh")

MIN_SKELETON = 3
NAME_WEIGHT = 1.0
NUMBER_WEIGHT = 1.0


def number_key(token: str) -> str:
    """A number token as the key it is compared by: ASCII digits, thousands separators dropped.

    >>> number_key("১২,৫০০"), number_key("٤٠"), number_key("3.5")
    ('12500', '40', '3.5')
    """
    text = to_ascii_digits(token)
    # "12,500" and "12.500" are thousands; "3.5" and "3,5" are decimals.
    if re.fullmatch(r"\d{1,3}([.,]\d{3})+", text):
        return re.sub(r"[.,]", "", text)
    return text.replace(",", ".")


def _is_cased_script(word: str) -> bool:
    return word[0].lower() != word[0].upper()


@lru_cache(maxsize=200_000)
def skeleton(word: str) -> str:
    """Consonant classes of a word's Latin transliteration.

    The first letter is kept (as ``a`` when it is a vowel); after it, vowels,
    ``y``, ``w`` and ``h`` are dropped and consonants fall into classes
    (b/p/f/v, c/g/j/k/q/x, d/t, s/z), so spellings across scripts meet.

    >>> skeleton("Netanyahu"), skeleton("নেতানিয়াহু"), skeleton("نتنياهو"), skeleton("Нетаньяху")
    ('ntn', 'ntn', 'ntn', 'ntn')
    >>> skeleton("إسرائيل"), skeleton("Israel")
    ('asrl', 'asrl')
    >>> skeleton("Qatar"), skeleton("কাতার"), skeleton("قطر"), skeleton("Хамас"), skeleton("حماس")
    ('ktr', 'ktr', 'ktr', 'hms', 'hms')
    """
    from anyascii import anyascii

    latin = _non_alpha.sub("", anyascii(word).lower())
    if word[0] in ARABIC_ALEF_FORMS and not latin.startswith("a"):
        latin = "a" + latin  # a word-initial alef is a vowel that transliteration drops
    if not latin:
        return ""
    for digraph, single in _DIGRAPHS:
        latin = latin.replace(digraph, single)
    head = "a" if latin[0] in "aeiouy" else latin[0].translate(_CLASSES) or latin[0]
    return _repeats.sub(r"\1", head + latin[1:].translate(_CLASSES))


def features(text: str) -> Counter:
    """The evidence bag of a text (counts, before weighting)."""
    bag: Counter = Counter()
    for token in _token.findall(text):
        if token[0].isdecimal():
            number = number_key(token)
            if len(number.replace(".", "")) >= 2:
                bag["n:" + number] += NUMBER_WEIGHT
            continue
        # In cased scripts only capitalised words are name candidates; scripts
        # without case (Arabic, Bengali, Chinese...) offer every word, and
        # rarity (IDF) sorts names from common words.
        if not _is_cased_script(token) or token[0].isupper():
            for key in {skeleton(form) for form in name_forms(token)}:
                if len(key) >= MIN_SKELETON:
                    bag["k:" + key] += NAME_WEIGHT
    return bag


def idf(df: int, n_docs: int) -> float:
    """Smoothed inverse document frequency."""
    return math.log((n_docs + 1) / (df + 1)) + 1.0


def weighted_cosine(a: Counter, b: Counter, weights: dict[str, float]) -> float:
    """Cosine of two bags after multiplying each feature by its weight.

    >>> weighted_cosine(Counter(x=1, y=1), Counter(x=2), {"x": 1.0, "y": 1.0})
    0.7071
    """
    if not a or not b:
        return 0.0
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    dot = sum(v * large[k] * weights.get(k, 1.0) ** 2 for k, v in small.items() if k in large)
    if dot == 0.0:
        return 0.0
    return round(dot / (weighted_norm(a, weights) * weighted_norm(b, weights)), 4)


def weighted_norm(bag: Counter, weights: dict[str, float]) -> float:
    """The length of a bag after multiplying each feature by its weight (:func:`weighted_cosine`'s)."""
    return math.sqrt(sum((v * weights.get(k, 1.0)) ** 2 for k, v in bag.items()))


def prepared_cosine(a: Counter, b: Counter, weights_a: dict[str, float], weights_b: dict[str, float],
                    norm_a: float, norm_b: float) -> float:
    """:func:`weighted_cosine` of two bags whose weights (``weights_a`` covering ``a``, ``weights_b``
    covering ``b``; a shared feature weighs the same in both) and norms were found once, for
    bags compared with many others.

    >>> a, b, w = Counter(x=1, y=1), Counter(x=2), {"x": 1.0, "y": 1.0}
    >>> prepared_cosine(a, b, w, w, weighted_norm(a, w), weighted_norm(b, w)) == weighted_cosine(a, b, w)
    True
    """
    if not a or not b:
        return 0.0
    (small, weights), large = ((a, weights_a), b) if len(a) <= len(b) else ((b, weights_b), a)
    dot = sum(v * large[k] * weights.get(k, 1.0) ** 2 for k, v in small.items() if k in large)
    if dot == 0.0:
        return 0.0
    return round(dot / (norm_a * norm_b), 4)
