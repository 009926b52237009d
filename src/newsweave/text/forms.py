"""A name as written, and without what its script attaches to it.

Arabic writes the article and some prepositions onto the word (الدوحة,
والدوحة, بالقاهرة) and spells alef with hamza several ways; Bengali puts
case endings on names (ইসরায়েলের = "Israel's", গাজায় = "in Gaza"). A
name is counted both as written and with these removed, so it meets its
bare form in other scripts.
"""
from __future__ import annotations

import regex

_ARABIC_ALEFS = str.maketrans("\u0623\u0625\u0622\u0671", "\u0627\u0627\u0627\u0627")
_ARABIC_ARTICLE = regex.compile(r"^(?:\u0648\u0627\u0644|\u0628\u0627\u0644|\u0641\u0627\u0644|\u0643\u0627\u0644"
                                r"|\u0644\u0644|\u0627\u0644)(?=\p{Arabic}{3})")
_BENGALI_ENDING = regex.compile(
    "(?:\u09af\u09bc\u09c7\u09b0|\u09a6\u09c7\u09b0|\u09c7\u09b0|\u0995\u09c7|\u09a4\u09c7"
    "|\u09af\u09bc|\u09b0\u09be|\u09b0|\u09c7)$")
ARABIC_ALEF_FORMS = "\u0627\u0623\u0625\u0622\u0671"
_arabic = regex.compile(r"\p{Arabic}")
_bengali = regex.compile(r"\p{Bengali}")


def name_forms(word: str) -> list[str]:
    """The word, and the word without the article or case ending its script attaches.

    >>> name_forms("\u0627\u0644\u062f\u0648\u062d\u0629")[-1] == "\u062f\u0648\u062d\u0629"
    True
    >>> name_forms("ইসরায়েলের")
    ['ইসরায়েলের', 'ইসরায়েল']
    >>> name_forms("Doha")
    ['Doha']
    """
    if _arabic.match(word):
        word = word.translate(_ARABIC_ALEFS)
        bare = _ARABIC_ARTICLE.sub("", word)
    elif _bengali.match(word):
        bare = _BENGALI_ENDING.sub("", word)
        if len(bare) < 2:
            bare = word
    else:
        return [word]
    return [word] if bare == word else [word, bare]
