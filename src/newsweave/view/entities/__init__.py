"""People, organisations and places named in a story, merged across scripts.

spaCy-style taggers exist offline for a few languages only, so names are
found the way a reader without the language would:

1. In scripts with case (Latin, Cyrillic, Greek), runs of capitalised words
   inside sentences, minus titles ("Prime Minister") and function words. A
   capitalised word that only ever opens a sentence is not taken.
2. Those names are the story's vocabulary of names. In scripts without case
   (Arabic, Bengali, Devanagari, Chinese...), a word or run of words whose
   transliteration matches one of them joins it (:mod:`.names`): নেতানিয়াহু
   and نتنياهو meet Netanyahu.
3. Countries and big cities are also recognised in any script from the
   shipped place index (:mod:`.places`), which merges names no
   transliteration links (Egypt / مصر / Ägypten).

Variants of one entity are merged when their keys match, when a single
word is the last word of a longer name (Netanyahu / Benjamin Netanyahu) or
when both name the same place.
"""
from __future__ import annotations

from newsweave.view.entities.finding import Entity
from newsweave.view.entities.merging import EntityIndex


def story_entities(articles: list[tuple[str, str, str]], reader_lang: str = "en",
                   limit: int | None = None) -> list[Entity]:
    """``(article id, language, text)`` triples -> entities, most widely named first."""
    index = EntityIndex()
    index.add_cased(articles)
    index.add_uncased(articles)
    return index.ranked(reader_lang, limit)
