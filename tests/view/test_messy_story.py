"""One developing story as real scrapes give it: pages in four scripts with page
clutter, glued breadcrumbs, no headline line, weekday-only dates, a page-header
date that is not the publication date, trailing unrelated articles, and a later
related event (``tests/data/messy-story``, with its gold)."""
from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from newsweave.page.body import lead_title
from newsweave.claims.compare import compare_claims
from newsweave.claims.numbers import extract_numbers
from newsweave.page.clean import clean
from newsweave.text import resolve_date
from newsweave.ingest import read_file
from newsweave.store import SQLiteStore
from newsweave.store.views import StoryListing

PAGES = Path(__file__).parents[1] / "data" / "messy-story"
GOLD = json.loads((PAGES / "gold.json").read_text(encoding="utf-8"))
NOW = datetime(2026, 11, 30, tzinfo=timezone.utc)


def _cleaned(name: str):
    doc = next(iter(read_file(PAGES / name)))
    cleaned = clean(doc)
    assert not hasattr(cleaned, "reason"), cleaned
    return cleaned


@pytest.mark.parametrize("name", sorted(GOLD["pages"]))
def test_each_page_keeps_its_article_and_nothing_else(name):
    gold = GOLD["pages"][name]
    cleaned = _cleaned(name)
    lines = cleaned.text.split("\n")
    assert lines[0] == gold["body_first"] and lines[-1] == gold["body_last"], name
    assert not set(gold["clutter"]) & set(lines), name


@pytest.mark.parametrize("name", sorted(GOLD["pages"]))
def test_each_page_has_a_headline_not_a_clutter_line(name):
    gold = GOLD["pages"][name]
    cleaned = _cleaned(name)
    # A page with no headline line is titled by its lead sentence, trimmed (and without its dateline).
    expected = gold["title"] or lead_title(gold["body_first"])
    assert cleaned.title == expected, name
    assert not cleaned.title.startswith(("OSLO", "Home", "0.6"))


@pytest.mark.parametrize("name", sorted(GOLD["pages"]))
def test_dates_are_what_the_page_states_or_undated(name):
    gold = GOLD["pages"][name]
    cleaned = _cleaned(name)
    published, method = resolve_date(cleaned.date, cleaned.date_text, cleaned.url, cleaned.text, gold["lang"], NOW,
                                     header_date=cleaned.header_date, reference=cleaned.seen)
    if gold["published"]:
        assert (published, method) == (gold["published"], "text"), name
    elif gold.get("weekday_date"):
        # "on Wednesday" under a page header dated Thursday 14 March 2024
        assert (published, method) == (gold["weekday_date"], "weekday"), name
    else:
        # A weekday alone ("বুধবার", "اليوم الأربعاء") has nothing to resolve against.
        assert (published, method) == (None, "undated"), name


def test_a_weekday_resolves_against_the_crawl_date_a_record_gives(tmp_path):
    page = (PAGES / "story-bn.txt").read_text(encoding="utf-8")
    record = tmp_path / "crawl.json"
    record.write_text(json.dumps({"text": page, "date_download": "2024-03-14T09:00:00Z"}), encoding="utf-8")
    cleaned = clean(next(iter(read_file(record))))
    assert cleaned.seen == "2024-03-14T09:00:00Z"
    assert resolve_date(cleaned.date, cleaned.date_text, None, cleaned.text, "bn", NOW,
                        reference=cleaned.seen) == ("2024-03-13", "weekday")


def test_undated_articles_are_stored_undated_and_shown_as_seen(tmp_path, fast_pipeline, store):
    folder = tmp_path / "pages"
    folder.mkdir()
    for name in ("undated-en.txt", "story-ru.txt"):
        (folder / name).write_bytes((PAGES / name).read_bytes())
    fast_pipeline.ingest([folder])
    rows = {Path(r["origin"]).name: dict(r) for r in store.db.execute(
        "SELECT origin, published, date_method, story_id, id FROM articles")}
    assert rows["undated-en.txt"]["published"] is None and rows["undated-en.txt"]["date_method"] == "undated"
    assert rows["story-ru.txt"]["published"] == "2024-03-13"
    story = StoryListing(store).page(story_ids=[rows["undated-en.txt"]["story_id"]])[1][0]
    article = StoryListing(store).article(rows["undated-en.txt"]["id"])
    assert article["date_label"].startswith("undated · seen ")
    assert story["first_seen"] in (None, "2024-03-13")  # never the day of the ingest


def test_a_store_that_dated_articles_by_their_ingest_is_migrated(tmp_path):
    db = tmp_path / "old.db"
    with SQLiteStore(db):
        pass
    con = sqlite3.connect(db)
    # As a store written before undated articles (and storylines) existed.
    con.executescript("DROP INDEX stories_storyline; DROP INDEX stories_lines; ALTER TABLE stories DROP COLUMN storyline_id; "
                      "DROP TABLE unrepaired_events; DROP TABLE minhash_bands; DROP TABLE story_log; "
                      "DROP TABLE language_sums; DROP INDEX stories_last_day; DROP INDEX stories_days; DROP INDEX articles_outlet; "
                      "ALTER TABLE articles DROP COLUMN outlet; ALTER TABLE articles DROP COLUMN domain; "
                      "ALTER TABLE articles DROP COLUMN country;")
    con.execute("PRAGMA user_version = 4")
    con.execute(
        "INSERT INTO articles(id, origin, title, text, lang, lang_confidence, published, date_method, content_hash, "
        "embedding_key, minhash, ingested_at) VALUES ('a1', 'x.txt', 't', 'body', 'en', 1.0, '2026-11-01', 'ingest', "
        "'h1', 'k', x'00', '2026-11-01T10:00:00+00:00')")
    con.commit()
    con.close()
    with SQLiteStore(db) as store:
        row = store.db.execute("SELECT published, date_method FROM articles WHERE id = 'a1'").fetchone()
    assert tuple(row) == (None, "undated")


# -- claims -------------------------------------------------------------------

def _story_texts():
    texts, days = [], {}
    for name, gold in GOLD["pages"].items():
        cleaned = _cleaned(name)
        published, _ = resolve_date(cleaned.date, cleaned.date_text, cleaned.url, cleaned.text, gold["lang"], NOW,
                                    header_date=cleaned.header_date, reference=cleaned.seen)
        texts.append((name, gold["lang"], f"{cleaned.title}\n{cleaned.text}"))
        days[name] = float(date.fromisoformat(published).toordinal()) if published else None
    return texts, days


CONCEPTS = {"deaths": "deaths", "displaced": "displaced", "trucks": "trucks", "dollars": "money"}


def test_each_figure_is_tied_to_what_it_counts_in_every_language():
    texts, days = _story_texts()
    found = {(m.article_id, m.concept, m.value) for c in compare_claims(texts, days) for m in c.mentions}
    expected = [(c["file"], CONCEPTS[c["counts"]], float(c["figure"])) for c in GOLD["claims"]
                if c["counts"] in CONCEPTS]
    assert len(expected) >= 20
    assert [e for e in expected if e not in found] == []


def test_figures_of_trailing_articles_and_damaged_numbers_are_not_claims():
    texts, days = _story_texts()
    values = {(m.article_id, m.value) for c in compare_claims(texts, days) for m in c.mentions}
    assert not {(c["file"], float(c["figure"])) for c in GOLD["not_claims"]} & values
    bengali = next(text for name, _, text in texts if name == "story-bn.txt")
    assert "১২,০০" in (PAGES / "story-bn.txt").read_text(encoding="utf-8")
    assert all(q.value not in (12.0, 1200.0) for q in extract_numbers(bengali))


def test_figures_of_different_times_or_groups_never_disagree():
    texts, days = _story_texts()
    deaths = next(c for c in compare_claims(texts, days) if c.concept == "deaths" and c.group is None)
    assert {2300.0, 3100.0} <= set(deaths.values) and not deaths.disagree  # March truce, April conference
    same_day = compare_claims([("a", "en", "At least 2,300 people were killed in El Fasher."),
                               ("b", "bn", "এল ফাশেরে ৩ হাজার ১০০ জন নিহত হয়েছেন।")], {"a": 1.0, "b": 1.0})
    assert same_day[0].disagree
    groups = compare_claims([("a", "en", "At least 10,000 Palestinians have been killed."),
                             ("b", "bn", "হামলায় ১২০০ ইসরায়েলি নিহত হন।")], {"a": 1.0, "b": 1.0})
    assert sorted(c.label for c in groups) == ["deaths (Israel)", "deaths (Palestinian Territories)"]
    assert not any(c.disagree for c in groups)
    undated = compare_claims([("a", "en", "At least 2,300 people were killed."),
                              ("b", "en", "Some 3,100 people were killed.")], {"a": 1.0, "b": None})
    assert not undated[0].disagree


def test_scare_quotes_and_trailing_articles_give_no_statements():
    from newsweave.claims.quotes import statements
    from newsweave.view.entities import story_entities

    texts, _ = _story_texts()
    entities = story_entities(texts)
    names = [(v, e.name, e.kind) for e in entities for v in e.variants]
    said = [s.text for name, lang, text in texts for s in statements(name, lang, text, names)]
    assert not [s for s in said if any(n in s for n in GOLD["not_statements"])]
    assert not [s for s in said if any(q["quote_contains"] in s for q in GOLD["trailing_quotes"])]
    halvorsen = [s for name, lang, text in texts for s in statements(name, lang, text, names)
                 if s.speaker == "Ingrid Halvorsen"]
    assert {"en", "bn", "ar", "ru"} <= {s.lang for s in halvorsen}
