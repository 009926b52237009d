"""Sentence splitting for Latin, Cyrillic, Arabic, Bengali, Devanagari and Chinese text.

Sentence ends: ``. ! ?`` and their script forms: Arabic ``؟`` and ``۔``,
Bengali/Hindi danda ``।`` and ``॥``, Chinese/Japanese ``。！？``. A dot after a
known abbreviation, an initial or a number (``U.S.``, ``Dr.``, ``J. Smith``,
``3.5``) does not end a sentence. Line breaks always do: cleaned articles keep
one paragraph per line.
"""
from __future__ import annotations

import regex

ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof gen col lt sgt capt gov sen rep st jr sr inc ltd co corp vs etc approx no "
    "jan feb mar apr jun jul aug sep sept oct nov dec sr sra dra av fig nr bzw ca dr hr str usw "
    "mme mlle m st ste".split())

# A closing quote or bracket may follow the end mark.
_end = regex.compile(r"([.!?\u061f\u06d4\u0964\u0965]+|[\u3002\uff01\uff1f]+)([\"'\u201d\u2019\u00bb)\]]*)")
_word_before = regex.compile(r"([\p{L}\p{M}]+)\.$")


def _ends_here(text: str, dot_end: int, mark: str) -> bool:
    if mark != ".":
        return True
    before = text[:dot_end]
    word = _word_before.search(before)
    if word:
        token = word.group(1)
        if token.casefold() in ABBREVIATIONS:
            return False
        if len(token) == 1 and token.isupper():  # an initial: J. Smith, U.S.
            return False
    rest = text[dot_end:]
    # A dot followed by a lower-case letter is inside a sentence ("approx. two").
    nxt = regex.match(r"\s*(\p{L})", rest)
    if nxt and nxt.group(1).islower():
        return False
    return True


def split_sentences(text: str) -> list[str]:
    """Sentences of ``text``, trimmed, in order.

    >>> split_sentences("Talks resumed in Doha. Dr. Al-Ansari spoke! Was it 3.5 million?")
    ['Talks resumed in Doha.', 'Dr. Al-Ansari spoke!', 'Was it 3.5 million?']
    >>> split_sentences("গাজায় বিরতি শুরু হয়েছে। ৫০ জন জিম্মি মুক্তি পাবে।")
    ['গাজায় বিরতি শুরু হয়েছে।', '৫০ জন জিম্মি মুক্তি পাবে।']
    >>> split_sentences("بدأت الهدنة. هل ستستمر؟ نعم")
    ['بدأت الهدنة.', 'هل ستستمر؟', 'نعم']
    >>> split_sentences("加沙停火开始。五十名人质将获释！")
    ['加沙停火开始。', '五十名人质将获释！']
    """
    out: list[str] = []
    for paragraph in text.split("\n"):
        start = 0
        for match in _end.finditer(paragraph):
            end = match.end()
            mark = match.group(1)[-1]
            # Chinese marks need no space after them; the others do (or the line end).
            needs_space = mark not in "\u3002\uff01\uff1f"
            if needs_space and end < len(paragraph) and not paragraph[end].isspace():
                continue
            if not _ends_here(paragraph, match.start(1) + len(match.group(1)), mark):
                continue
            sentence = paragraph[start:end].strip()
            if sentence:
                out.append(sentence)
            start = end
        tail = paragraph[start:].strip()
        if tail:
            out.append(tail)
    return out
