"""Candidate names in a text: runs of capitalised words in cased scripts, glued words, and the record of an entity."""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from newsweave.text import never_a_name, place_of_demonym, places, split_sentences
from newsweave.view.entities.words import (ARABIC_MARKS, BYLINE_WORDS, CALENDAR, CALENDAR_ABBREVIATIONS, CASED_SCRIPT,
                                           CONNECTORS, DEMONYMS, ELISION, FUNCTION_WORDS, GEO_WORDS, MAX_NAME_WORDS,
                                           MIN_CASELESS_LETTERS, OPENING_MARKS, ORGANISATION_WORDS, ROMANCE, TITLES,
                                           WORD, WORD_OR_MARK)


@dataclass
class Entity:
    """One entity with every way the story writes it."""

    name: str
    kind: str                                               # person | organisation | place | other
    variants: Counter = field(default_factory=Counter)      # variant -> mentions
    variant_langs: dict = field(default_factory=lambda: defaultdict(set))
    articles: set = field(default_factory=set)
    languages: set = field(default_factory=set)
    place: str | None = None                                # English place name from the index
    person_hint: bool = False
    spellings: set = field(default_factory=set)             # names it is matched by, mentioned or not yet

    def add(self, variant: str, article_id: str, lang: str) -> None:
        self.spellings.add(variant)
        self.variants[variant] += 1
        self.variant_langs[variant].add(lang)
        self.articles.add(article_id)
        self.languages.add(lang)

    def as_dict(self) -> dict:
        return {"name": self.name, "kind": self.kind, "n_articles": len(self.articles),
                "languages": sorted(self.languages), "place": self.place,
                "variants": [{"text": v, "languages": sorted(self.variant_langs[v]), "mentions": n}
                             for v, n in self.variants.most_common()],
                "articles": sorted(self.articles)}


def is_cased(word: str) -> bool:
    return bool(CASED_SCRIPT.match(word))


def _clean_token(word: str) -> tuple[str, bool]:
    """The word without an elided article (l'Égypte) or a possessive, and whether it had the possessive."""
    elided = ELISION.match(word)
    if elided and word[elided.end():][:1].isupper():
        word = word[elided.end():]
    for suffix in ("'s", "’s", "'", "’"):
        if word.endswith(suffix):
            return word[: -len(suffix)], True
    return word, False


def _capitalised_runs(sentence: str, lang: str | None = None) -> list[tuple[str, bool, bool]]:
    """(name, opens the sentence, follows a title) for each run of capitalised words.

    >>> [r[0] for r in _capitalised_runs("Qatar, with help from the United States, Hamas and Prime Minister Benjamin Netanyahu's office.")]
    ['Qatar', 'United States', 'Hamas', 'Benjamin Netanyahu']
    >>> [r[0] for r in _capitalised_runs("It struck Morocco's Al Haouz province, said l'ONU.")]
    ['Morocco', 'Al Haouz', 'ONU']
    >>> [r[0] for r in _capitalised_runs("They met Benjamin Netanyahu of Israel in El Fasher, near the University of Khartoum.", "en")]
    ['Benjamin Netanyahu', 'Israel', 'El Fasher', 'University of Khartoum']
    >>> [(r[0], r[1]) for r in _capitalised_runs('"Water is rising," Nurlan Zhumabekov told a briefing.', "en")]
    [('Water', True), ('Nurlan Zhumabekov', False)]
    """
    # A punctuation mark between two words ends a name, and so does a
    # possessive ("Morocco's Al Haouz province").
    words, ends, openers = [], set(), {0}
    straight_quotes = 0
    for token in WORD_OR_MARK.findall(sentence):
        if not token[0].isalpha():
            words.append(",")
            straight_quotes += token == '"'
            if token in OPENING_MARKS or (token == '"' and straight_quotes % 2):
                openers.add(len(words))  # a quote or a clause after a colon starts like a sentence
            continue
        word, possessive = _clean_token(token)
        words.append(word)
        if possessive:
            ends.add(len(words) - 1)
    runs, current, start, titled = [], [], 0, False
    after_title = False

    def close():
        while current and current[-1].casefold() in CONNECTORS:
            current.pop()
        # A run led by places or acronyms is often names in a row: "Израиля
        # Биньямин Нетаньяху" (Israel's B. N.), "КПП Рафах", "МИД Норвегии Ингрид Халворсен".
        parts, opens = list(current), start in openers
        while len(parts) > 1 and (places.lookup(parts[0]) or is_acronym(parts[0])) and not places.lookup(" ".join(parts)):
            runs.append((parts[0], opens, False))
            parts, opens = parts[1:], False
        if parts:
            runs.append((" ".join(parts), opens, titled))

    for i, word in enumerate(words):
        folded = word.casefold()
        capital = word[:1].isupper()
        if capital and (folded in TITLES or any(part in TITLES for part in folded.split("-"))):
            close()
            current, titled, after_title = [], False, True
            continue
        if folded in BYLINE_WORDS:
            current = []  # "Wire Desk", "Staff Reporter": no name in it
            after_title = False
            continue
        next_capital = i + 1 < len(words) and words[i + 1][:1].isupper()
        name_article = word in ("El", "Al") and lang not in ROMANCE and next_capital
        calendar = folded in CALENDAR or folded.rstrip(".") in CALENDAR_ABBREVIATIONS
        if capital and (name_article or (folded not in FUNCTION_WORDS and not calendar)) and len(word) > 1:
            if not current:
                start, titled = i, after_title
            current.append(word)
            if len(current) > MAX_NAME_WORDS:
                current.pop(0)
        elif current and folded in CONNECTORS and next_capital and not _of_a_place(current, words[i + 1]):
            current.append(word)
        else:
            close()
            current = []
        if i in ends and current:
            close()
            current = []
        after_title = False
    close()
    return runs


def personal_name(words: list[str]) -> bool:
    """Whether a name can be a person's, whose last word alone also names them:
    not "North Darfur", "University of Arizona" or "English Football League"."""
    folded = {w.casefold() for w in words}
    return words[0].casefold() not in GEO_WORDS and not folded & ORGANISATION_WORDS and not folded & CONNECTORS


def _of_a_place(name: list[str], following: str) -> bool:
    """A person's "of Israel": a title after the name, not part of it. An
    institution or a region keeps it ("University of Arizona", "Gulf of Mexico")."""
    if not places.lookup(following):
        return False
    words = {w.casefold() for w in name}
    return not (words & ORGANISATION_WORDS or words & GEO_WORDS)


def is_acronym(word: str) -> bool:
    return word.isupper() and 2 <= len(word) <= 6


def initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w.casefold() not in CONNECTORS).upper()


def cased_candidates(text: str, lang: str | None = None) -> list[tuple[str, bool, bool]]:
    out = []
    for sentence in split_sentences(text):
        out.extend(_capitalised_runs(sentence, lang))
    return out


def lowercase_words(texts) -> set[str]:
    return {w for text in texts for w in WORD.findall(text) if w.islower()}


def single_word_name(word: str, langs: set[str], lowercase: set[str], candidates: Counter) -> bool:
    """Whether a capitalised word standing alone is a name.

    Not when it is a function word or a verb of saying ("Well", "What",
    "Мы"), a word the story also writes in lower case ("State" / "state"), a
    nationality adjective ("Sudanese") or two words machine translation ran
    together ("Ministerstressed", "Sudanesearmy"). A place or an acronym is
    always a name.
    """
    folded = word.casefold()
    if folded in FUNCTION_WORDS or any(never_a_name(word, lang) for lang in langs):
        return False  # before the place index: Spanish "Sin" is no China
    if places.lookup(word) or is_acronym(word):
        return True
    if never_a_name(word, "en") or folded in lowercase or is_demonym(word):
        return False
    if "-" in word and word.rsplit("-", 1)[-1].islower():
        return False  # "Boston-based", "Russia-backed"
    return not glued_words(word, candidates)


def glued_words(word: str, candidates) -> bool:
    """Two words run together: a title, a nationality or another name, then a lower-case word.

    >>> glued_words("Ministerstressed", {}), glued_words("Sudanesearmy", {}), glued_words("Netanyahu", {})
    (True, True, False)
    >>> glued_words("Karacasaid", {"Karaca": 3})
    True
    """
    for cut in range(len(word) - 3, 3, -1):
        head, tail = word[:cut], word[cut:]
        if not tail.islower() or not tail.isalpha():
            continue
        if head.casefold() in TITLES or is_demonym(head) or head in candidates:
            return True
    return False


def without_openers(found: list[tuple], mid_sentence: set[str]) -> list[tuple]:
    """Runs that open a sentence without the common word that opens them: "Жители
    Эль-Фашера" (residents of El Fasher) is "Эль-Фашера" where the story names it
    mid-sentence. A first word machine translation glued to the next is dropped too
    ("Americanenvoy Whitaker")."""
    known_words = {w for name in mid_sentence for w in name.split()}
    out = []
    for name, opens, titled, article_id, lang in found:
        words = name.split()
        if len(words) > 1 and glued_words(words[0], ()):
            name, words = " ".join(words[1:]), words[1:]
        elif opens and len(words) > 1 and " ".join(words[1:]) in mid_sentence and words[0] not in known_words:
            name, words = " ".join(words[1:]), words[1:]
        out.append((name, opens, titled, article_id, lang))
    return out


def not_a_caseless_name(word: str, lang: str) -> bool:
    """Function words, verbs of saying and words of one or two letters (في, بـ)."""
    # Bengali vowel signs are letters here; Arabic short-vowel marks and the tatweel are not.
    letters = len(ARABIC_MARKS.sub("", word))
    return letters < MIN_CASELESS_LETTERS or never_a_name(word, lang)


def arabic_adjective(previous: str, word: str) -> bool:
    """A word with the article after a noun with the article agrees with it as an
    adjective: البيت الأبيض ("the house, the white"), الأمم المتحدة."""
    return previous.startswith(("ال", "وال", "بال")) and word.startswith("ال")


def is_demonym(word: str) -> bool:
    """A nationality adjective ("Sudanese", "Chilean", "Norwegian").

    >>> is_demonym("Sudanese"), is_demonym("Chilean"), is_demonym("Turkish"), is_demonym("Sudan")
    (True, True, True, False)
    """
    return word.casefold() in DEMONYMS or place_of_demonym(word) is not None
