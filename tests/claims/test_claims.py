"""Numbers compared across articles and languages by what they count."""
from __future__ import annotations

from newsweave.claims.compare import compare_claims, mentions_in

STORY = [
    ("en1", "en", "Qatar said 50 hostages would be freed during the four-day pause. "
                  "Up to 200 aid trucks a day would enter Gaza. The death toll has passed 13,000, officials said in 2023."),
    ("bn1", "bn", "চার দিনের বিরতিতে ৫০ জন জিম্মি মুক্তি পাবে। প্রতিদিন ২০০টি ট্রাক ঢুকবে। "
                  "এ পর্যন্ত ১৪ হাজার মানুষ নিহত হয়েছেন।"),
    ("ar1", "ar", "سيفرج عن ٥٠ رهينة مقابل ١٥٠ أسيرا خلال هدنة من أربعة أيام. تدخل ٢٠٠ شاحنة يوميا."),
]


def _by_concept():
    return {c.concept: c for c in compare_claims(STORY)}


def test_same_figures_in_three_languages_agree():
    found = _by_concept()
    assert found["hostages"].values == [50.0] and not found["hostages"].disagree
    assert {m.lang for m in found["hostages"].mentions} == {"en", "bn", "ar"}
    assert found["trucks"].values == [200.0] and not found["trucks"].disagree


def test_different_figures_are_flagged_with_their_sources():
    found = _by_concept()
    deaths = found["deaths"]
    assert deaths.disagree and deaths.values == [13000.0, 14000.0]
    assert {(m.article_id, m.value) for m in deaths.mentions} == {("en1", 13000.0), ("bn1", 14000.0)}
    # Disagreements are listed first.
    assert compare_claims(STORY)[0].concept == "deaths"


def test_years_and_uncounted_numbers_are_left_out():
    mentions = mentions_in("x", "en", "In 2023 the council met 3 times; 40 people were killed.")
    assert [(m.concept, m.value) for m in mentions] == [("deaths", 40.0)]


def test_prisoners_are_not_hostages():
    found = _by_concept()
    assert found["prisoners"].values == [150.0]
