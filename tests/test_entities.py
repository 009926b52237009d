"""Entity extraction and merging across scripts, without the model."""
from __future__ import annotations

from newsweave.view.entities import story_entities
from newsweave.view.names import same_name
from newsweave.view.places import lookup

ARTICLES = [
    ("en", "en", "Talks resumed in Doha. Prime Minister Benjamin Netanyahu said Hamas must free the hostages. "
                 "Officials from Egypt and the United States attended. Later, Netanyahu left."),
    ("ar", "ar", "قال رئيس الوزراء بنيامين نتنياهو إن حماس يجب أن تفرج عن الرهائن في الدوحة. وشاركت مصر."),
    ("bn", "bn", "দোহায় বৈঠকে নেতানিয়াহু বলেছেন, হামাস জিম্মিদের মুক্তি দেবে। মিসর উপস্থিত ছিল।"),
    ("ru", "ru", "В Дохе премьер-министр Израиля Биньямин Нетаньяху заявил, что ХАМАС должен освободить заложников."),
    ("fr", "fr", "Selon l'Égypte, Benyamin Netanyahou a rencontré les médiateurs à Doha."),
]


def _by_name(entities):
    return {e.name: e for e in entities}


def test_one_person_across_five_scripts_and_spellings():
    found = _by_name(story_entities(ARTICLES))
    netanyahu = found["Benjamin Netanyahu"]
    assert netanyahu.kind == "person" and netanyahu.languages == {"en", "ar", "bn", "ru", "fr"}
    assert {"Netanyahu", "بنيامين نتنياهو", "নেতানিয়াহু", "Биньямин Нетаньяху", "Benyamin Netanyahou"} <= set(netanyahu.variants)


def test_places_merge_through_the_shipped_index():
    found = _by_name(story_entities(ARTICLES))
    assert found["Egypt"].kind == "place" and {"Egypt", "مصر", "Égypte"} <= set(found["Egypt"].variants)
    assert {"Doha", "الدوحة", "দোহায়", "Дохе"} <= set(found["Doha"].variants)
    assert found["Hamas"].languages == {"en", "ar", "bn", "ru"}


def test_no_common_words_and_no_sentence_openers():
    names = {e.name for e in story_entities(ARTICLES)}
    assert not names & {"Talks", "Officials", "Later", "Prime Minister", "Selon"}


def test_short_keys_must_match_exactly():
    assert same_name("Gaza", "গাজা") and same_name("Gaza", "غزة")
    assert not same_name("Gaza", "কাজ") and not same_name("Dhaka", "দিকে") and not same_name("Qatar", "চুক্তির")


def test_place_index_knows_names_in_many_scripts():
    assert {lookup(n).name for n in ("Qatar", "قطر", "Катар", "কাতারের")} == {"Qatar"}
    assert lookup("Hamas") is None and lookup("said") is None
