"""Statements and their speakers, without the model."""
from __future__ import annotations

from newsweave.claims.quotes import statements

NAMES = [("Benjamin Netanyahu", "Benjamin Netanyahu", "person"), ("নেতানিয়াহু", "Benjamin Netanyahu", "person"),
         ("Hamas", "Hamas", "organisation"), ("General Motors", "General Motors", "organisation"),
         ("Obama", "Barack Obama", "person")]


def test_reported_speech_takes_the_subject_not_a_name_in_what_was_said():
    found = statements("a", "en", "Mediators announced that Israel and Hamas had agreed to a pause.", NAMES)
    assert found == []  # Hamas is in the reported clause, not the speaker
    found = statements("a", "en", "Prime Minister Benjamin Netanyahu said the war would resume.", NAMES)
    assert [(s.kind, s.speaker) for s in found] == [("reported", "Benjamin Netanyahu")]


def test_quotes_in_any_script_prefer_a_person():
    text = '"What is good for General Motors is good for the country," Obama said. ম্যাচ শেষে তিনি বলেন, "দলের সবাই দায়িত্ব নিয়ে খেলেছে।"'
    found = statements("a", "mixed", text, NAMES)
    assert [(s.kind, s.speaker) for s in found] == [("quote", "Barack Obama"), ("quote", None)]
    assert found[1].text.startswith("দলের সবাই")


def test_bengali_reported_speech():
    found = statements("b", "bn", "ইসরায়েলের প্রধানমন্ত্রী বেনিয়ামিন নেতানিয়াহু বলেছেন, বিরতি শেষ হলে আবার যুদ্ধ শুরু হবে।", NAMES)
    assert [(s.kind, s.speaker) for s in found] == [("reported", "Benjamin Netanyahu")]


def test_the_speaker_is_the_subject_of_the_verb_not_the_nearest_name():
    names = NAMES + [("Joe Biden", "Joe Biden", "person"), ("Antony Blinken", "Antony Blinken", "person")]
    text = ('After meeting Joe Biden, Benjamin Netanyahu told reporters: "There will be no ceasefire without '
            'the return of our hostages."')
    found = statements("a", "en", text, names)
    assert [(s.kind, s.speaker) for s in found] == [("quote", "Benjamin Netanyahu")]


def test_a_short_scare_quote_without_a_verb_of_saying_is_no_statement():
    names = NAMES + [("Antony Blinken", "Antony Blinken", "person")]
    text = 'Antony Blinken pressed for "humanitarian pauses" while Hamas rejected "any partial deal" in Doha.'
    assert statements("a", "en", text, names) == []
    longer = 'Posters across the city read "we will not leave our homes again" in Arabic and English.'
    assert [(s.kind, s.speaker) for s in statements("a", "en", longer, names)] == [("quote", None)]
