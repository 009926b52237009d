"""What an entity is (person, place, organisation, other), and the name a reader sees."""
from __future__ import annotations

from newsweave.text import places
from newsweave.view.entities.finding import Entity, is_cased
from newsweave.view.entities.words import BUILDING_WORDS, ORGANISATION_TERRITORIES, ORGANISATION_WORDS


def place_named(name: str):
    """The place a cased name stands for, or None.

    A name that ends in a building's word names an institution by its seat:
    the White House is no city, though GeoNames lists it as a translation of
    Casablanca (Dar al-Beida).
    """
    if name.split()[-1].casefold() in BUILDING_WORDS and " " in name:
        return None
    return places.lookup(name)



def kind_of(entity: Entity) -> str:
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


def display_name(entity: Entity, reader_lang: str) -> str:
    if entity.place:
        return entity.place if reader_lang == "en" or not _in_lang(entity, reader_lang) else _in_lang(entity, reader_lang)
    return _in_lang(entity, reader_lang) or max(
        entity.variants, key=lambda v: (is_cased(v), len(v.split()), entity.variants[v], v))


def _in_lang(entity: Entity, lang: str) -> str | None:
    mine = [v for v in entity.variants if lang in entity.variant_langs[v]]
    return max(mine, key=lambda v: (len(v.split()), entity.variants[v], v)) if mine else None
