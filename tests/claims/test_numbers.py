"""Number extraction against a hand-written table: languages, digit systems, scale words."""
from __future__ import annotations

import pytest

from newsweave.claims.numbers import extract_numbers

# (language, text, every value a reader sees in it). Digit systems: ASCII,
# Bengali, Arabic-Indic, Extended Arabic-Indic (Persian/Urdu), Devanagari.
CASES = [
    # English
    ("en", "At least 10,000 people have died in Gaza.", [10000]),
    ("en", "Israel said 240 hostages were taken on 7 October.", [240, 7]),
    ("en", "Some 1.5 million people have fled their homes.", [1500000]),
    ("en", "The pause will last four days and allow 200 trucks a day.", [200]),
    ("en", "Aid worth $2.3 billion was pledged.", [2300000000]),
    ("en", "The fire killed 12 people and injured 45.", [12, 45]),
    ("en", "Inflation reached 38.5% in September 2023.", [38.5, 2023]),
    ("en", "The quake measured 6.8 and killed 2,946 people.", [6.8, 2946]),
    ("en", "Damages were put at 1 lakh 40 thousand rupees.", [140000]),
    ("en", "The project costs 5 crore rupees.", [50000000]),
    ("en", "Rates rose by 600 basis points to 27.25 percent.", [600, 27.25]),
    ("en", "Floods left 158 dead and 2 million without power.", [158, 2000000]),
    # Bengali (Bengali digits and scale words)
    ("bn", "গাজায় ৪০ জন নিহত হয়েছেন।", [40]),
    ("bn", "১লাখ ৪০ হাজার মানুষ ঘরছাড়া।", [140000]),
    ("bn", "২০০টি ট্রাক রাফাহ দিয়ে প্রবেশ করেছে।", [200]),
    ("bn", "মোট ১২,৫০০ টন ত্রাণ পাঠানো হয়েছে।", [12500]),
    ("bn", "আগুনে ১২ জনের মৃত্যু হয়েছে, আহত ৪৫ জন।", [12, 45]),
    ("bn", "প্রকল্পের ব্যয় ৫ কোটি টাকা।", [50000000]),
    ("bn", "২৩ অক্টোবর ২০২৩ তারিখে আলোচনা শুরু হয়।", [23, 2023]),
    ("bn", "৩ লাখ মানুষ আশ্রয়কেন্দ্রে।", [300000]),
    ("bn", "মূল্যস্ফীতি ৯.৫ শতাংশে পৌঁছেছে।", [9.5]),
    ("bn", "১০ হাজার শিশু নিহত হয়েছে।", [10000]),
    ("bn", "চার দিনের বিরতিতে ৫০ জিম্মি মুক্তি পাবে।", [50]),
    ("bn", "২ মিলিয়ন ডলার সহায়তা।", [2000000]),
    # Arabic (Arabic-Indic digits, Arabic separators and scale words)
    ("ar", "قتل ٤٠ شخصا في غزة.", [40]),
    ("ar", "عبرت ٢٠٠ شاحنة معبر رفح.", [200]),
    ("ar", "نزح أكثر من ١٠ آلاف شخص.", [10000]),
    ("ar", "بلغت المساعدات ٢٫٥ مليون دولار.", [2500000]),
    ("ar", "أفرج عن ٥٠ رهينة مقابل ١٥٠ أسيرا.", [50, 150]),
    ("ar", "بلغ عدد القتلى ١٢٬٥٠٠ شخص.", [12500]),
    ("ar", "رفع البنك الفائدة ٦٠٠ نقطة أساس.", [600]),
    ("ar", "وصل التضخم إلى ٣٨٫٥٪ في سبتمبر.", [38.5]),
    ("ar", "تكلفة المشروع ٣ مليارات دولار.", [3000000000]),
    ("ar", "قتل 40 شخصا و أصيب 120 آخرون.", [40, 120]),
    ("ar", "الاثنين ٢٣ أكتوبر ٢٠٢٣", [23, 2023]),
    ("ar", "نحو ٥ ملايين نازح.", [5000000]),
    # Persian / Urdu (Extended Arabic-Indic digits)
    ("fa", "۴۰ نفر کشته شدند.", [40]),
    ("fa", "۱۰ هزار نفر آواره شدند.", [10000]),
    ("ur", "۲۰۰ ٹرک رفح سے داخل ہوئے۔", [200]),
    ("fa", "۳ میلیون دلار کمک", [3000000]),
    # Hindi (Devanagari digits and scale words)
    ("hi", "गाज़ा में ४० लोग मारे गए।", [40]),
    ("hi", "१ लाख ४० हज़ार लोग बेघर हुए।", [140000]),
    ("hi", "परियोजना की लागत ५ करोड़ रुपये है।", [50000000]),
    ("hi", "200 ट्रक राफा से दाखिल हुए।", [200]),
    # Spanish
    ("es", "Al menos 10.000 personas murieron.", [10000]),
    ("es", "La ayuda suma 2,5 millones de euros.", [2500000]),
    ("es", "La DANA dejó 158 fallecidos en Valencia.", [158]),
    ("es", "Entraron 200 camiones por Rafah.", [200]),
    ("es", "El coste asciende a 3 mil millones.", [3000000000]),
    ("es", "La inflación llegó al 12,5 %.", [12.5]),
    # French
    ("fr", "Au moins 2 946 morts au Maroc.", [2946]),
    ("fr", "Plus de 10 000 personnes déplacées.", [10000]),
    ("fr", "Une aide de 1,2 milliard d'euros.", [1200000000]),
    ("fr", "Le séisme de magnitude 6,8 a frappé vendredi.", [6.8]),
    ("fr", "50 otages libérés contre 150 prisonniers.", [50, 150]),
    # German
    ("de", "Mindestens 1.200 Menschen wurden getötet.", [1200]),
    ("de", "Die Hilfe beträgt 2,5 Millionen Euro.", [2500000]),
    ("de", "Die Kosten liegen bei 3 Mrd. Euro.", [3000000000]),
    ("de", "Rund 40 Lastwagen fuhren ein.", [40]),
    # Russian
    ("ru", "Погибли 40 человек.", [40]),
    ("ru", "Более 10 тысяч человек эвакуированы.", [10000]),
    ("ru", "Помощь составила 2,5 млн долларов.", [2500000]),
    ("ru", "Освобождены 50 заложников.", [50]),
    ("ru", "Ущерб оценивается в 1,2 миллиарда рублей.", [1200000000]),
]


def test_table_covers_languages_and_digit_systems():
    assert len(CASES) >= 60
    assert len({lang for lang, _, _ in CASES}) >= 6
    systems = {
        "ascii": "0", "bengali": "\u09e6", "arabic-indic": "\u0660",
        "extended-arabic-indic": "\u06f0", "devanagari": "\u0966"}
    seen = {name for name, zero in systems.items()
            if any(any(ord(zero) <= ord(ch) <= ord(zero) + 9 for ch in text) for _, text, _ in CASES)}
    assert len(seen) >= 4, seen


def _score():
    true_pos = found = expected = 0
    misses = []
    for lang, text, values in CASES:
        got = [q.value for q in extract_numbers(text)]
        want = [float(v) for v in values]
        hits = sum(min(got.count(v), want.count(v)) for v in set(want))
        true_pos += hits
        found += len(got)
        expected += len(want)
        if hits != len(want) or len(got) != len(want):
            misses.append((lang, text, got, want))
    return true_pos / found, true_pos / expected, misses


def test_number_extraction_precision_and_recall():
    precision, recall, misses = _score()
    print(f"numbers: precision {precision:.3f}, recall {recall:.3f} over {len(CASES)} cases; misses: {misses}")
    assert precision >= 0.95 and recall >= 0.95, misses


@pytest.mark.parametrize("text, unit", [
    ("300 aid trucks entered", "aid trucks entered"),
    ("১০ হাজার শিশু নিহত", "শিশু নিহত"),
    ("٥٠ رهينة", "رهينة"),
])
def test_numbers_keep_what_they_count(text, unit):
    assert extract_numbers(text)[0].unit == unit


def test_years_and_percentages_are_marked():
    year, share = extract_numbers("In 2023 inflation hit 38.5%")
    assert year.is_year and not year.is_percent
    assert share.is_percent and share.value == 38.5
