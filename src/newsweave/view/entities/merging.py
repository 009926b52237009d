"""One entity per person, place or organisation across the story's articles and scripts.

A caseless word (Arabic, Bengali) joins a name found in a cased script when
its transliteration sounds like it; variants merge when their keys match, when
a single word is the last word of a longer name, or when both name the same place.
"""
from __future__ import annotations

from collections import Counter, defaultdict

from newsweave.cluster import name_forms
from newsweave.text import names, places
from newsweave.view.entities.finding import (Entity, arabic_adjective, cased_candidates, initials, is_acronym,
                                             is_cased, lowercase_words, not_a_caseless_name, personal_name,
                                             single_word_name, without_openers)
from newsweave.view.entities.kinds import display_name, kind_of, place_named
from newsweave.view.entities.words import MIN_CASELESS_STEM, MIN_GLUED, NISBA, PLACE_NOUNS, SURNAME_SIMILARITY, WORD


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
                if is_acronym(name) and len(other) > 1 and initials(variant) == name:
                    return entity  # ECB / European Central Bank
                if (len(words) == 1 and len(other) in (2, 3) and not entity.place and personal_name(other)
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
            for name, opens, titled in cased_candidates(text, lang):
                found.append((name, opens, titled, article_id, lang))
                if not opens:
                    mid_sentence.add(name)
        found = without_openers(found, mid_sentence)
        counts = Counter(name for name, *_ in found)
        titled = {name for name, _, t, *_ in found if t}
        langs = defaultdict(set)
        for name, _, _, _, lang in found:
            langs[name].add(lang)
        lowercase = lowercase_words(text for _, _, text in articles)
        # A surname that opens a sentence ("Sobyanin said...") is still a name.
        surnames = {name.split()[-1] for name in counts if len(name.split()) > 1}
        # Longer names first, so a surname alone finds the full name.
        for name in sorted(counts, key=lambda n: (-len(n.split()), -counts[n], n)):
            if name not in mid_sentence and name not in surnames and not is_acronym(name) and not places.lookup(name):
                continue  # only ever opens a sentence: a capitalised common word
            if " " not in name and not single_word_name(name, langs[name], lowercase, counts):
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
        self._caseless_counts = Counter(w for _, _, text in articles for w in WORD.findall(text) if not is_cased(w))
        for article_id, lang, text in articles:
            words = [w for w in WORD.findall(text) if not is_cased(w)]
            i = 0
            while i < len(words):
                if not_a_caseless_name(words[i], lang):
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
            if size == 1 and i and arabic_adjective(words[i - 1], words[i]):
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
        for ending in NISBA:
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
            entity.kind = kind_of(entity)
            entity.name = display_name(entity, reader_lang)
        out.sort(key=lambda e: (-len(e.articles), -len(e.languages), -sum(e.variants.values()), e.name))
        return out[:limit] if limit else out


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
