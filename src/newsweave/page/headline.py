"""A story's headline: one rule for every place that shows one.

The story list, the story view, the report, the web pages, the API and the
search results all name a story by :func:`story_headline`, so a story reads
the same wherever it appears.

The rule: among the titles in the reader's language (else in the story's
most common language), the one that shares most content words with the
other titles in that language, which is the title closest to what the
whole story says; a title trimmed from a lead sentence ("… ") only when no
article has a real one; ties go to the earliest article.
"""
from __future__ import annotations

from collections import Counter

import regex

from newsweave.text import function_words
from newsweave.records import Headline

_word = regex.compile(r"[\p{L}\p{M}\p{N}]{2,}")
TRIMMED = " …"


def _content(title: str, lang: str) -> set[str]:
    stop = function_words(lang)
    return {w for w in (m.casefold() for m in _word.findall(title)) if w not in stop}


def story_headline(articles: list[dict], reader_lang: str | None = None) -> Headline:
    """``articles`` (``id``, ``lang``, ``title``, and ``published``/``seq`` when known, in
    story order) -> ``{"text", "lang", "article_id", "in_reader_language"}``.

    >>> arts = [{"id": "a", "lang": "en", "title": "Truce talks open in Oslo"},
    ...         {"id": "b", "lang": "en", "title": "Oslo truce talks: ministers press both sides"},
    ...         {"id": "c", "lang": "bn", "title": "অসলোয় যুদ্ধবিরতি আলোচনা"},
    ...         {"id": "d", "lang": "en", "title": "Weather: rain in Oslo"}]
    >>> story_headline(arts, "en")["article_id"], story_headline(arts, "bn")["text"]
    ('a', 'অসলোয় যুদ্ধবিরতি আলোচনা')
    >>> story_headline(arts, "ar")["lang"], story_headline(arts, "ar")["in_reader_language"]
    ('en', False)
    """
    titled = [a for a in articles if a.get("title")]
    if not titled:
        first = articles[0] if articles else {"id": None, "lang": reader_lang or "und"}
        return {"text": "(untitled)", "lang": first["lang"], "article_id": first["id"],
                "in_reader_language": first["lang"] == reader_lang}
    languages = Counter(a["lang"] for a in titled)
    lang = reader_lang if reader_lang in languages else min(languages, key=lambda code: (-languages[code], code))
    pool = [a for a in titled if a["lang"] == lang]
    words = [_content(a["title"], lang) for a in pool]

    def rank(i: int) -> tuple:
        shared = sum(len(words[i] & other) for j, other in enumerate(words) if j != i)
        return (pool[i]["title"].endswith(TRIMMED), -shared, pool[i].get("published") or "9999", i)

    chosen = pool[min(range(len(pool)), key=rank)]
    return {"text": chosen["title"], "lang": chosen["lang"], "article_id": chosen["id"],
            "in_reader_language": chosen["lang"] == reader_lang}
