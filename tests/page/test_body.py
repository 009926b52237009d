"""The article's own block of paragraphs in a text page, and its headline."""
from __future__ import annotations

from newsweave.page.clean import clean
from newsweave.records import RawDocument

LEAD = ("Workers at the Cerro Alto copper mine in northern Chile extended their strike into a second week on "
        "Monday after talks with the operator broke down.")
SECOND = ("The Cerro Alto union said the operator's offer of a one-off copper bonus did not cover inflation, "
          "and the mine's output has fallen by half since the strike began.")
THIRD = ("Copper prices rose 1.9% in London as traders weighed the strike at Cerro Alto, one of the largest "
         "copper mines in Chile, against weaker demand.")
OTHER = ["Heavy snow closed the mountain pass between Innsbruck and Bolzano for the third day running on Tuesday.",
         "Ski resorts in Tyrol reported record bookings for the holiday week despite the closures and the cold.",
         "Road crews said the pass could reopen on Thursday if the avalanche risk falls as forecast."]


def page(*lines: str):
    return clean(RawDocument(origin="p.txt", kind="text", content="\n".join(lines)))


def test_an_inline_read_also_link_does_not_cut_the_article():
    found = page("Copper strike enters second week", LEAD, "Read also:", "Gold hits record as dollar slips",
                 SECOND, THIRD)
    assert found.text.split("\n") == [LEAD, SECOND, THIRD]


def test_a_whole_unrelated_article_after_the_list_is_cut():
    found = page("Copper strike enters second week", LEAD, SECOND, THIRD, "Read also",
                 "Snow closes Brenner pass for third day", *OTHER)
    assert found.text.split("\n") == [LEAD, SECOND, THIRD]


def test_bio_byline_and_caption_are_not_body():
    found = page("Copper strike enters second week", "By Sarah Whitcombe | March 5, 2024", LEAD,
                 "Miners outside the Cerro Alto gate on Monday. (Photo: Andes Wire)", SECOND, THIRD,
                 "Sarah Whitcombe is a senior commodities reporter. She has covered mining for ten years.")
    assert found.title == "Copper strike enters second week"
    assert found.text.split("\n") == [LEAD, SECOND, THIRD]


def test_the_headline_is_the_repeated_line_not_the_weather_or_the_menu():
    found = page("0.6 C", "New York", "Tuesday, November 28, 2023",
                 "Home World Business Markets Opinion Sport Culture Travel Video Podcasts Newsletters Subscribe",
                 "Copper strike enters second week", "Breaking: markets open lower",
                 "Copper strike enters second week", LEAD, SECOND, THIRD)
    assert found.title == "Copper strike enters second week"
    assert found.text.split("\n") == [LEAD, SECOND, THIRD]


def test_a_breadcrumb_glued_to_the_headline_is_cut_off():
    found = page("HomeWorldAmericasCopper strike enters second week", LEAD, SECOND, THIRD)
    assert found.title == "Copper strike enters second week"


def test_a_page_without_a_headline_gets_its_lead_sentence():
    found = page("Cookie settings: we use cookies to personalise content and ads and to analyse our traffic. "
                 "By continuing you accept them.", LEAD, SECOND, THIRD)
    assert found.title == ("Workers at the Cerro Alto copper mine in northern Chile extended their strike into a "
                           "second week on Monday after talks …")


def test_a_glued_trail_without_capitals_is_cut_at_known_sections():
    found = clean(RawDocument(origin="p.txt", kind="text", content="\n".join([
        "الرئيسيةمحلياتاقتصادوزارة المياه توقع اتفاقية تمويل مشروع الناقل الوطني",
        "وقّعت وزارة المياه والري اليوم اتفاقية تمويل بقيمة 300 مليون دولار لمشروع الناقل الوطني للمياه في عمّان.",
        "وقال وزير المياه إن المشروع يشكل أولوية وطنية لسد العجز المائي المتزايد في المملكة خلال السنوات المقبلة."])))
    assert found.title == "وزارة المياه توقع اتفاقية تمويل مشروع الناقل الوطني"


def test_readers_comments_are_not_the_article_even_when_longer():
    comment = ("I worked at a copper mine for twenty years and I can tell you that a one-off bonus never "
               "covers what a family loses when prices keep rising every month, whatever the operator says.")
    found = page("Copper strike enters second week", LEAD, SECOND, "3 Comments",
                 "Miguel on March 5, 2024 at 6:34 am said:", comment, comment.replace("twenty", "thirty"),
                 "Ana R. on March 6, 2024 at 9:10 pm said:", comment.replace("copper", "tin"), THIRD + " Agreed.")
    assert found.text.split("\n") == [LEAD, SECOND]
