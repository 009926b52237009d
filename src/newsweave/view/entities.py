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

from newsweave.text import split_sentences
from newsweave.cluster import name_forms
from newsweave.text import never_a_name
from newsweave.text import names, place_of_demonym, places

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
# A first word that makes a name a place or a region, never a person with a
# surname: "North Darfur" is not "Darfur" as "Benjamin Netanyahu" is "Netanyahu".
GEO_WORDS = frozenset("""
north south east west northern southern eastern western central upper lower greater new old port saint st
lake mount cape gulf río rio lac mont
""".split())
# Nationality adjectives English capitalises ("Sudanese", "Turkish") are not
# entities: those of a place are found through the place index
# (:func:`.places.place_of_demonym`), these belong to no one place.
DEMONYMS = frozenset("arab arabs european europeans african africans asian asians kurdish kurds".split())
# Languages where "el" and "al" are articles, not the first word of a name (El Fasher, Al Jazeera).
_ROMANCE = frozenset({"es", "it", "pt", "ca", "gl", "ro"})
BUILDING_WORDS = frozenset("house palace hall building tower street square kremlin élysée maison palais casa palacio".split())
# Names the place index has (from CLDR's territory list) that are organisations.
ORGANISATION_TERRITORIES = frozenset({"United Nations", "European Union", "Eurozone"})
# Words for a kind of place: in scripts without capitals nothing marks them as
# common nouns, and the place index knows some as names (المدينة, Medina).
PLACE_NOUNS = frozenset("""
مدينة المدينة ولاية الولاية منطقة المنطقة محافظة المحافظة عاصمة العاصمة قرية القرية دولة الدولة بلدة البلدة
إقليم الإقليم مخيم المخيم
শহর শহরের রাজধানী গ্রাম দেশ জেলা বিভাগ প্রদেশ
शहर राजधानी गांव देश जिला राज्य
""".split())
_NISBA = ("ية", "يين", "يون", "ي")  # Arabic adjective endings: السوداني (Sudanese) is no Sudan
SURNAME_SIMILARITY = 0.85  # Netanyahu / Netanyahou meet; Ndiaye / Ndayane do not
MAX_NAME_WORDS = 4
MIN_GLUED = 5  # shortest name looked for at the start of a glued word
MIN_CASELESS_LETTERS = 3  # بـ, في, ও: shorter words are never names
MIN_CASELESS_STEM = 4  # a caseless word meets a place without its ending only on a stem this long
_arabic_marks = regex.compile("[\u0640\u064b-\u0652\u0670]")
# Marks after which a clause starts like a sentence. A straight double quote
# opens only every other time: after a closing one comes the speaker
# ('"...," Zhumabekov told'), a name like any other.
_OPENING_MARKS = frozenset("«“„‘(:—–-")
CALENDAR_ABBREVIATIONS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun".split())


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
    for token in _word_or_mark.findall(sentence):
        if not token[0].isalpha():
            words.append(",")
            straight_quotes += token == '"'
            if token in _OPENING_MARKS or (token == '"' and straight_quotes % 2):
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
        while len(parts) > 1 and (places.lookup(parts[0]) or _is_acronym(parts[0])) and not places.lookup(" ".join(parts)):
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
        name_article = word in ("El", "Al") and lang not in _ROMANCE and next_capital
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


def _personal(words: list[str]) -> bool:
    """Whether a name can be a person's, whose last word alone also names them:
    not "North Darfur", "University of Arizona" or "English Football League"."""
    folded = {w.casefold() for w in words}
    return words[0].casefold() not in GEO_WORDS and not folded & ORGANISATION_WORDS and not folded & CONNECTORS


def place_named(name: str):
    """The place a cased name stands for, or None.

    A name that ends in a building's word names an institution by its seat:
    the White House is no city, though GeoNames lists it as a translation of
    Casablanca (Dar al-Beida).
    """
    if name.split()[-1].casefold() in BUILDING_WORDS and " " in name:
        return None
    return places.lookup(name)


def _of_a_place(name: list[str], following: str) -> bool:
    """A person's "of Israel": a title after the name, not part of it. An
    institution or a region keeps it ("University of Arizona", "Gulf of Mexico")."""
    if not places.lookup(following):
        return False
    words = {w.casefold() for w in name}
    return not (words & ORGANISATION_WORDS or words & GEO_WORDS)


def _is_acronym(word: str) -> bool:
    return word.isupper() and 2 <= len(word) <= 6


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w.casefold() not in CONNECTORS).upper()


def _cased_candidates(text: str, lang: str | None = None) -> list[tuple[str, bool, bool]]:
    out = []
    for sentence in split_sentences(text):
        out.extend(_capitalised_runs(sentence, lang))
    return out


def is_demonym(word: str) -> bool:
    """A nationality adjective ("Sudanese", "Chilean", "Norwegian").

    >>> is_demonym("Sudanese"), is_demonym("Chilean"), is_demonym("Turkish"), is_demonym("Sudan")
    (True, True, True, False)
    """
    return word.casefold() in DEMONYMS or place_of_demonym(word) is not None


class EntityIndex:
    """Builds a story's entity list from its articles."""

    def __init__(self):
        self.entities: list[Entity] = []
        self._by_variant: dict[str, Entity] = {}
        self._by_place: dict[str, Entity] = {}
        self._caseless_counts: Counter = Counter()

    # -- names in scripts with case ------------------------------------------
    def _find(self, name: str) -> Entity | None:
        if name in self._by_variant:
            return self._by_variant[name]
        words = name.replace("-", " ").split()
        place = place_named(name)
        if place and place.name in self._by_place:
            return self._by_place[place.name]
        for entity in self.entities:
            for variant in entity.spellings:
                other = variant.replace("-", " ").split()
                if len(other) == len(words) and all(names.same_name(a, b) for a, b in zip(words, other)):
                    return entity
                if _is_acronym(name) and len(other) > 1 and _initials(variant) == name:
                    return entity  # ECB / European Central Bank
                if (len(words) == 1 and len(other) in (2, 3) and not entity.place and _personal(other)
                        and names.same_name(words[0], other[-1], SURNAME_SIMILARITY)):
                    return entity  # a surname alone: Netanyahu / Benjamin Netanyahu, Henderson / Fritz Henderson
        return None

    def _entity_for(self, name: str, person_hint: bool) -> Entity:
        entity = self._find(name)
        if entity is None:
            place = place_named(name)
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
            for name, opens, titled in _cased_candidates(text, lang):
                found.append((name, opens, titled, article_id, lang))
                if not opens:
                    mid_sentence.add(name)
        found = _without_openers(found, mid_sentence)
        counts = Counter(name for name, *_ in found)
        titled = {name for name, _, t, *_ in found if t}
        langs = defaultdict(set)
        for name, _, _, _, lang in found:
            langs[name].add(lang)
        lowercase = _lowercase_words(text for _, _, text in articles)
        # A surname that opens a sentence ("Sobyanin said...") is still a name.
        surnames = {name.split()[-1] for name in counts if len(name.split()) > 1}
        # Longer names first, so a surname alone finds the full name.
        for name in sorted(counts, key=lambda n: (-len(n.split()), -counts[n], n)):
            if name not in mid_sentence and name not in surnames and not _is_acronym(name) and not places.lookup(name):
                continue  # only ever opens a sentence: a capitalised common word
            if " " not in name and not _single_word_name(name, langs[name], lowercase, counts):
                continue
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
            if not _transliterable(entity):
                continue
            for variant in entity.spellings:
                words = variant.replace("-", " ").split()
                known[len(words)].append((words, entity))
                if len(words) == 2 and words[0].casefold() in ("al", "el"):
                    known[1].append((words[1:], entity))  # Al Haouz / الحوز: the article is part of the word
                if len(words) > 1 and entity.person_hint:
                    known[1].append((words[-1:], entity))  # the surname alone
        matcher = _TokenMatcher()
        self._caseless_counts = Counter(w for _, _, text in articles for w in _word.findall(text) if not _is_cased(w))
        for article_id, lang, text in articles:
            words = [w for w in _word.findall(text) if not _is_cased(w)]
            i = 0
            while i < len(words):
                if _not_a_caseless_name(words[i], lang):
                    i += 1
                    continue
                step = self._match_at(words, i, known, matcher, article_id, lang)
                i += step

    def _match_at(self, words, i, known, matcher, article_id, lang) -> int:
        if words[i] in PLACE_NOUNS:
            return 1
        for size in sorted(known, reverse=True):
            span = words[i:i + size]
            if len(span) < size:
                continue
            for words_of_name, entity in known[size]:
                if all(matcher.same(a, b, exact=bool(entity.place)) for a, b in zip(words_of_name, span)):
                    if size == 1 and not self._sound_match_holds(words_of_name[0], span[0], entity, matcher):
                        continue
                    entity.add(" ".join(span), article_id, lang)
                    return size
        for size in (2, 1):
            span = " ".join(words[i:i + size])
            if size == 1 and i and _arabic_adjective(words[i - 1], words[i]):
                continue  # البيت الأبيض is "the White House", not El Obeid
            place = places.lookup(span, MIN_CASELESS_STEM) if len(words[i:i + size]) == size else None
            if place:
                entity = self._by_place.get(place.name)
                if entity is None:
                    entity = Entity(name=place.name, kind="place", place=place.name)
                    self.entities.append(entity)
                    self._by_place[place.name] = entity
                entity.add(span, article_id, lang)
                return size
        return 1

    def _sound_match_holds(self, name: str, word: str, entity: Entity, matcher: "_TokenMatcher") -> bool:
        """A single caseless word that sounds like a name, checked once more.

        An Arabic adjective of nationality sounds like its place (السوداني,
        "Sudanese", like السودان): the word without its adjective ending
        sounds like the name too. A name of two consonants (Gaza, غزة) is
        taken only from a word with the article or one the story uses at
        least twice: a short key meets common words (عُقد, "was held", sounds
        like Chad).
        """
        for ending in _NISBA:
            if word.endswith(ending) and len(word) - len(ending) >= 3 and matcher.same(name, word[:-len(ending)]):
                return False
        stem = name_forms(word)[-1]
        if entity.place and stem != word and len(stem) < MIN_CASELESS_STEM:
            return False  # চাদর ("sheet") is no inflected চাদ (Chad)
        if names.is_abjad(word) and len(names.consonants(names.fold(names.forms(word)[-1]))) < 3:
            # Verbs never take the article: الحوز is a name, عُقد is not.
            return self._caseless_counts[word] >= 2 or names.forms(word)[-1] != word
        return True

    # -- result -------------------------------------------------------------
    def ranked(self, reader_lang: str = "en", limit: int | None = None) -> list[Entity]:
        out = [e for e in self.entities if e.articles]
        for entity in out:
            entity.kind = _kind(entity)
            entity.name = _display_name(entity, reader_lang)
        out.sort(key=lambda e: (-len(e.articles), -len(e.languages), -sum(e.variants.values()), e.name))
        return out[:limit] if limit else out


def _lowercase_words(texts) -> set[str]:
    return {w for text in texts for w in _word.findall(text) if w.islower()}


def _single_word_name(word: str, langs: set[str], lowercase: set[str], candidates: Counter) -> bool:
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
    if places.lookup(word) or _is_acronym(word):
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


def _without_openers(found: list[tuple], mid_sentence: set[str]) -> list[tuple]:
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


def entity_prefix(word: str, entity: Entity) -> str:
    """The part of a glued word that is the entity's name."""
    spelled = {part for s in entity.spellings for part in (s, s.split()[-1])}
    return max((n for n in spelled if word.startswith(n)), key=len, default=word)


def _transliterable(entity: Entity) -> bool:
    """Whether caseless words may join an entity by sounding like it.

    Places also match through the place index, as written, and by sound only
    with equal keys (জোরদার, "to intensify", sounds almost like Jordan). A single-word name must be
    named in two articles of the story or follow a title before words in other
    scripts may join it.
    """
    if entity.place:
        return True  # by equal keys only (see _TokenMatcher)
    return any(" " in s for s in entity.spellings) or len(entity.articles) >= 2 or entity.person_hint


def _not_a_caseless_name(word: str, lang: str) -> bool:
    """Function words, verbs of saying and words of one or two letters (في, بـ)."""
    # Bengali vowel signs are letters here; Arabic short-vowel marks and the tatweel are not.
    letters = len(_arabic_marks.sub("", word))
    return letters < MIN_CASELESS_LETTERS or never_a_name(word, lang)


def _arabic_adjective(previous: str, word: str) -> bool:
    """A word with the article after a noun with the article agrees with it as an
    adjective: البيت الأبيض ("the house, the white"), الأمم المتحدة."""
    return previous.startswith(("ال", "وال", "بال")) and word.startswith("ال")


class _TokenMatcher:
    """``same_name_across_scripts`` between known name words and text words, memoised per pair."""

    def __init__(self):
        self._cache: dict[tuple[str, str], bool] = {}

    def same(self, name_word: str, word: str, exact: bool = False) -> bool:
        key = (name_word, word, exact)
        hit = self._cache.get(key)
        if hit is None:
            # Cheap rejection before the edit distance: keys must start alike.
            a, b = names.comparable(name_word, names.forms(word)[-1])
            hit = bool(a and b and a[0] == b[0]) and names.same_name_across_scripts(name_word, word, exact)
            self._cache[key] = hit
        return hit


def _kind(entity: Entity) -> str:
    if entity.place in ORGANISATION_TERRITORIES:
        return "organisation"
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
