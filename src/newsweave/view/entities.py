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

from collections import Counter, defaultdict
from dataclasses import dataclass, field

import regex

from ..claims.sentences import split_sentences
from .names import comparable, forms, same_name
from .places import lookup

_word = regex.compile(r"[\p{L}\p{M}][\p{L}\p{M}'’\-]*")
_elision = regex.compile(r"(?i)(?:l|d|j|m|n|s|t|c|qu|dell|dall|nell|all|sull)['’]")
_word_or_mark = regex.compile(r"[\p{L}\p{M}][\p{L}\p{M}'’\-]*|[^\s\p{L}\p{M}]")
_cased = regex.compile(r"[\p{Latin}\p{Cyrillic}\p{Greek}\p{Armenian}]")

TITLES = frozenset("""
president prime minister mr mrs ms dr king queen prince princess pope sheikh emir chancellor
secretary foreign defence defense interior spokesman spokeswoman spokesperson chief mayor governor senator
judge ambassador envoy commander colonel captain lieutenant sir lord lady deputy vice former acting sen rep
señor señora presidente presidenta ministro ministra primer primera canciller portavoz jefe rey reina
président présidente ministre premier première monsieur madame m mme porte-parole chef roi reine
präsident präsidentin kanzler kanzlerin ministerin herr frau sprecher könig
presidente ministro primo signor
президент премьер министр глава мэр губернатор пресс-секретарь
""".split())
FUNCTION_WORDS = frozenset("""
the a an this that these those in on at by for from with after before under over during while when as but
and or if it its his her their our we they he she i you there here then also some many most all one two
no not yet so to of up out into about than more according meanwhile however although despite since
le la les un une des du de en dans sur pour avec après avant selon lors mais et ou ce cette ces il elle
ils elles nous on au aux par pendant depuis
el los las una unos unas del con por para según tras entre durante desde pero y o este esta estos estas
der die das ein eine einer im am nach mit bei von vom zum zur und oder aber auch dieser diese
il lo gli i della nel nella con per dopo ma e questo questa
o os as um uma do da dos das no na em pelo pela mas
het een van op met voor bij maar en dat deze
в на по с после до и но а это этот эта что как
""".split())
CALENDAR = frozenset("""
monday tuesday wednesday thursday friday saturday sunday january february march april may june july
august september october november december
lundi mardi mercredi jeudi vendredi samedi dimanche janvier février mars avril mai juin juillet août
septembre octobre novembre décembre
lunes martes miércoles jueves viernes sábado domingo enero febrero marzo abril mayo junio julio agosto
septiembre octubre noviembre diciembre
montag dienstag mittwoch donnerstag freitag samstag sonntag januar februar märz juni juli oktober dezember
lunedì martedì mercoledì giovedì venerdì sabato domenica gennaio febbraio aprile maggio giugno luglio
settembre ottobre dicembre
понедельник вторник среда среду четверг пятница пятницу суббота субботу воскресенье января февраля марта
апреля мая июня июля августа сентября октября ноября декабря
""".split())
CONNECTORS = frozenset("de del della di da van von der den bin ibn al el la of".split())
ORGANISATION_WORDS = frozenset("""
ministry ministerio ministère ministerium министерство council conseil consejo rat совет union unión
party partido parti partei партия army armée ejército armee армия forces fuerzas bank banco banque
университет university université universidad universität committee comité comisión commission agency
agencia agence agentur агентство organisation organization organización organisation office bureau
news times post press tv radio corp inc ltd company group court tribunal police policía brigade brigades
nations federation fédération federación association asociación institute instituto institut
""".split())
# Words of bylines and page furniture that survive cleaning ("Staff Reporter").
BYLINE_WORDS = frozenset("""
staff reporter reporters correspondent correspondents desk editor editors agencies agency newsroom
rédaction correspondant redacción corresponsal redaktion korrespondent корреспондент
""".split())
MAX_NAME_WORDS = 4
MIN_GLUED = 5  # shortest name looked for at the start of a glued word


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


def _is_cased(word: str) -> bool:
    return bool(_cased.match(word))


def _clean_token(word: str) -> tuple[str, bool]:
    """The word without an elided article (l'Égypte) or a possessive, and whether it had the possessive."""
    elided = _elision.match(word)
    if elided and word[elided.end():][:1].isupper():
        word = word[elided.end():]
    for suffix in ("'s", "’s", "'", "’"):
        if word.endswith(suffix):
            return word[: -len(suffix)], True
    return word, False


def _capitalised_runs(sentence: str) -> list[tuple[str, bool, bool]]:
    """(name, opens the sentence, follows a title) for each run of capitalised words.

    >>> [r[0] for r in _capitalised_runs("Qatar, with help from the United States, Hamas and Prime Minister Benjamin Netanyahu's office.")]
    ['Qatar', 'United States', 'Hamas', 'Benjamin Netanyahu']
    >>> [r[0] for r in _capitalised_runs("It struck Morocco's Al Haouz province, said l'ONU.")]
    ['Morocco', 'Al Haouz', 'ONU']
    """
    # A punctuation mark between two words ends a name, and so does a
    # possessive ("Morocco's Al Haouz province").
    words, ends = [], set()
    for token in _word_or_mark.findall(sentence):
        if not token[0].isalpha():
            words.append(",")
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
        # A run led by a place or an acronym is often two names in a row:
        # "Израиля Биньямин Нетаньяху" (Israel's B. N.), "КПП Рафах".
        if len(current) > 1 and (lookup(current[0]) or _is_acronym(current[0])) and not lookup(" ".join(current)):
            runs.append((current[0], start == 0, False))
            runs.append((" ".join(current[1:]), False, titled))
        elif current:
            runs.append((" ".join(current), start == 0, titled))

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
        if capital and folded not in FUNCTION_WORDS and folded not in CALENDAR and len(word) > 1:
            if not current:
                start, titled = i, after_title
            current.append(word)
            if len(current) > MAX_NAME_WORDS:
                current.pop(0)
        elif current and folded in CONNECTORS and i + 1 < len(words) and words[i + 1][:1].isupper():
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


def _is_acronym(word: str) -> bool:
    return word.isupper() and 2 <= len(word) <= 6


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w.casefold() not in CONNECTORS).upper()


def _cased_candidates(text: str) -> list[tuple[str, bool, bool]]:
    out = []
    for sentence in split_sentences(text):
        out.extend(_capitalised_runs(sentence))
    return out


class EntityIndex:
    """Builds a story's entity list from its articles."""

    def __init__(self):
        self.entities: list[Entity] = []
        self._by_variant: dict[str, Entity] = {}
        self._by_place: dict[str, Entity] = {}

    # -- names in scripts with case ------------------------------------------
    def _find(self, name: str) -> Entity | None:
        if name in self._by_variant:
            return self._by_variant[name]
        words = name.replace("-", " ").split()
        place = lookup(name)
        if place and place.name in self._by_place:
            return self._by_place[place.name]
        for entity in self.entities:
            for variant in entity.spellings:
                other = variant.replace("-", " ").split()
                if len(other) == len(words) and all(same_name(a, b) for a, b in zip(words, other)):
                    return entity
                if _is_acronym(name) and len(other) > 1 and _initials(variant) == name:
                    return entity  # ECB / European Central Bank
                if (len(words) == 1 and len(other) in (2, 3) and not entity.place
                        and same_name(words[0], other[-1])):
                    return entity  # a surname alone: Netanyahu / Benjamin Netanyahu, Henderson / Fritz Henderson
        return None

    def _entity_for(self, name: str, person_hint: bool) -> Entity:
        entity = self._find(name)
        if entity is None:
            place = lookup(name)
            entity = Entity(name=name, kind="place" if place else "other", place=place.name if place else None)
            self.entities.append(entity)
            if place:
                self._by_place[place.name] = entity
        entity.person_hint |= person_hint
        entity.spellings.add(name)
        self._by_variant[name] = entity
        return entity

    def add_cased(self, articles: list[tuple[str, str, str]]) -> None:
        """``(article id, language, text)``: the story's names in scripts with case."""
        found = []
        mid_sentence: set[str] = set()
        for article_id, lang, text in articles:
            for name, opens, titled in _cased_candidates(text):
                found.append((name, opens, titled, article_id, lang))
                if not opens:
                    mid_sentence.add(name)
        counts = Counter(name for name, *_ in found)
        titled = {name for name, _, t, *_ in found if t}
        # A surname that opens a sentence ("Sobyanin said...") is still a name.
        surnames = {name.split()[-1] for name in counts if len(name.split()) > 1}
        # Longer names first, so a surname alone finds the full name.
        for name in sorted(counts, key=lambda n: (-len(n.split()), -counts[n], n)):
            if name not in mid_sentence and name not in surnames and not _is_acronym(name) and not lookup(name):
                continue  # only ever opens a sentence: a capitalised common word
            self._entity_for(name, name in titled)
        for name, _, _, article_id, lang in found:
            entity = self._by_variant.get(name) or self._glued(name)
            if entity is not None:
                entity.add(name if name in self._by_variant else entity_prefix(name, entity), article_id, lang)

    def _glued(self, word: str) -> Entity | None:
        """A name run into the next word by machine translation ("Netanyahuadmitted")."""
        if " " in word or len(word) < 2 * MIN_GLUED:
            return None
        spellings = list(self._by_variant.items())
        spellings += [(s.split()[-1], e) for s, e in spellings if " " in s and e.person_hint]
        for spelling, entity in spellings:
            if (" " not in spelling and len(spelling) >= MIN_GLUED and word.startswith(spelling)
                    and word[len(spelling):].islower() and len(word) - len(spelling) >= 3):
                return entity
        return None

    # -- names in scripts without case ---------------------------------------
    def add_uncased(self, articles: list[tuple[str, str, str]]) -> None:
        """Words in caseless scripts that transliterate to a known name or are a known place."""
        known: dict[int, list[tuple[list[str], Entity]]] = defaultdict(list)
        for entity in self.entities:
            for variant in entity.spellings:
                words = variant.replace("-", " ").split()
                known[len(words)].append((words, entity))
                if len(words) == 2 and words[0].casefold() in ("al", "el"):
                    known[1].append((words[1:], entity))  # Al Haouz / الحوز: the article is part of the word
                if len(words) > 1 and entity.person_hint:
                    known[1].append((words[-1:], entity))  # the surname alone
        matcher = _TokenMatcher()
        for article_id, lang, text in articles:
            words = [w for w in _word.findall(text) if not _is_cased(w)]
            i = 0
            while i < len(words):
                step = self._match_at(words, i, known, matcher, article_id, lang)
                i += step

    def _match_at(self, words, i, known, matcher, article_id, lang) -> int:
        for size in sorted(known, reverse=True):
            span = words[i:i + size]
            if len(span) < size:
                continue
            for names, entity in known[size]:
                if all(matcher.same(a, b) for a, b in zip(names, span)):
                    entity.add(" ".join(span), article_id, lang)
                    return size
        for size in (2, 1):
            span = " ".join(words[i:i + size])
            place = lookup(span) if len(words[i:i + size]) == size else None
            if place:
                entity = self._by_place.get(place.name)
                if entity is None:
                    entity = Entity(name=place.name, kind="place", place=place.name)
                    self.entities.append(entity)
                    self._by_place[place.name] = entity
                entity.add(span, article_id, lang)
                return size
        return 1

    # -- result -------------------------------------------------------------
    def ranked(self, reader_lang: str = "en", limit: int | None = None) -> list[Entity]:
        out = [e for e in self.entities if e.articles]
        for entity in out:
            entity.kind = _kind(entity)
            entity.name = _display_name(entity, reader_lang)
        out.sort(key=lambda e: (-len(e.articles), -len(e.languages), -sum(e.variants.values()), e.name))
        return out[:limit] if limit else out


def entity_prefix(word: str, entity: Entity) -> str:
    """The part of a glued word that is the entity's name."""
    names = {part for s in entity.spellings for part in (s, s.split()[-1])}
    return max((n for n in names if word.startswith(n)), key=len, default=word)


class _TokenMatcher:
    """``same_name`` between known name words and text words, memoised per pair of keys."""

    def __init__(self):
        self._cache: dict[tuple[str, str], bool] = {}

    def same(self, name_word: str, word: str) -> bool:
        key = (name_word, word)
        hit = self._cache.get(key)
        if hit is None:
            # Cheap rejection before the edit distance: keys must start alike.
            a, b = comparable(name_word, forms(word)[-1])
            hit = bool(a and b and a[0] == b[0]) and same_name(name_word, word)
            self._cache[key] = hit
        return hit


def _kind(entity: Entity) -> str:
    if entity.place:
        return "place"
    words = {w.casefold() for v in entity.variants for w in v.split()}
    if words & ORGANISATION_WORDS or any(v.isupper() and 2 <= len(v) <= 6 for v in entity.variants):
        return "organisation"
    if entity.person_hint:
        return "person"
    return "other"


def _display_name(entity: Entity, reader_lang: str) -> str:
    if entity.place:
        return entity.place if reader_lang == "en" or not _in_lang(entity, reader_lang) else _in_lang(entity, reader_lang)
    return _in_lang(entity, reader_lang) or max(
        entity.variants, key=lambda v: (_is_cased(v), len(v.split()), entity.variants[v], v))


def _in_lang(entity: Entity, lang: str) -> str | None:
    mine = [v for v in entity.variants if lang in entity.variant_langs[v]]
    return max(mine, key=lambda v: (len(v.split()), entity.variants[v], v)) if mine else None


def story_entities(articles: list[tuple[str, str, str]], reader_lang: str = "en",
                   limit: int | None = None) -> list[Entity]:
    """``(article id, language, text)`` triples -> entities, most widely named first."""
    index = EntityIndex()
    index.add_cased(articles)
    index.add_uncased(articles)
    return index.ranked(reader_lang, limit)
