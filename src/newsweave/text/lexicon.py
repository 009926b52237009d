"""Words that are never names: function words and verbs of saying, in many languages.

Function words come from ``stopwordsiso`` (58 languages). Verbs of saying
are listed here in the forms news text uses, because stopword lists leave
most of them out and they sit next to every name a story quotes ("Blinken
said", "হালভোরসেন বলেছেন", "قال ويتاكر").
"""
from __future__ import annotations

from functools import lru_cache

SPEECH_VERBS = frozenset("""
said says say told tells stated announced warned added admitted declared insisted stressed noted
dijo dice afirmó advirtió declaró aseguró anunció señaló añadió explicó
dit déclaré affirmé souligné annoncé averti ajouté expliqué
sagte erklärte betonte warnte fügte
disse afirmou declarou
заявил заявила заявили сказал сказала сказали сообщил сообщила сообщили отметил отметила подчеркнул
подчеркнула добавил добавила
قال قالت يقول تقول وقال وقالت فقال أكد أكدت وأكد وأكدت يؤكد أضاف أضافت وأضاف وأضافت صرح صرحت وصرح
أعلن أعلنت وأعلن وأعلنت ذكر ذكرت وذكر وذكرت أشار أشارت وأشار وأشارت أوضح أوضحت وأوضح وأوضحت تابع وتابع
بحسب وفق وفقا
বলেন বলেছেন বলেছিলেন বলেছে বলেছিল বলল বললেন বলছেন বলছে বলেছি বলা জানান জানিয়েছেন জানিয়েছে
জানিয়েছিলেন জানায় জানাল জানালেন উল্লেখ
कहा कहते बताया बोले
""".split())


@lru_cache(maxsize=128)
def function_words(lang: str | None) -> frozenset[str]:
    """The function words of a language (casefolded); empty for a language the list lacks."""
    import stopwordsiso

    if not lang or not stopwordsiso.has_lang(lang):
        return frozenset()
    return frozenset(word.casefold() for word in stopwordsiso.stopwords(lang))


@lru_cache(maxsize=1)
def all_function_words() -> frozenset[str]:
    """The function words of every language the list has."""
    import stopwordsiso

    return frozenset(word.casefold() for word in stopwordsiso.stopwords(sorted(stopwordsiso.langs())))


def never_a_name(word: str, lang: str | None) -> bool:
    """A function word of the text's language or a verb of saying.

    >>> never_a_name("বলেছিলেন", "bn"), never_a_name("في", "ar"), never_a_name("Karaca", "en")
    (True, True, False)
    """
    folded = word.casefold().replace("’", "'")
    return folded in SPEECH_VERBS or folded in function_words(lang)
