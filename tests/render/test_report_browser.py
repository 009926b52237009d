"""The HTML report opened from disk in headless Chromium (Debian's, through Playwright)."""
from __future__ import annotations

import sqlite3

import pytest

from tests.browser import chromium_path

playwright = pytest.importorskip("playwright.sync_api", reason="playwright is part of the test extras")
GAZA = "Qatar brokers four-day humanitarian pause in Gaza"
CAIRO = "Egypt presents three-stage ceasefire plan at Cairo talks"


@pytest.fixture(scope="module")
def page(demo_db):
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), headless=True,
                                    args=["--no-sandbox", "--disable-gpu"])
        context = browser.new_context()
        # The report must open with no network: refuse every request that is not a local file.
        requested = []
        context.route("**/*", lambda route: (requested.append(route.request.url),
                                              route.continue_() if route.request.url.startswith("file:")
                                              else route.abort()))
        opened = context.new_page()
        opened.requested = requested
        yield opened
        browser.close()


def test_story_page_renders_summary_entities_timeline_and_claims(page, demo_db):
    _, folder, _ = demo_db
    page.goto((folder / "report" / "index.html").as_uri())
    page.locator("#stories a.headline", has_text=GAZA).click()
    page.wait_for_load_state()
    assert page.locator("#headline").inner_text() == GAZA
    summary = page.locator("#summary li")
    assert summary.count() >= 3 and all(summary.nth(i).inner_text().strip() for i in range(summary.count()))
    entities = page.locator("#entities tr")
    assert entities.count() >= 6 and "Netanyahu" in page.locator("#entities").inner_text()
    chart = page.locator("#timeline-chart rect")
    assert chart.count() >= 6 and page.locator("#timeline-chart").bounding_box()["height"] > 50
    assert page.locator("#claims tr").count() >= 3 and "trucks" in page.locator("#claims").inner_text()
    # Arabic text is laid out right to left.
    arabic = page.locator("#summary [lang=ar], #timeline [lang=ar]").first
    assert arabic.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert all(url.startswith("file:") for url in page.requested)


def test_claims_disagreement_is_highlighted(page, demo_db):
    _, folder, _ = demo_db
    page.goto((folder / "report" / "index.html").as_uri())
    page.get_by_role("link", name="Garment factory fire near Dhaka kills 23 workers").click()
    row = page.locator("#claims tr.disagree")
    assert row.count() == 1 and "deaths: 23" in row.inner_text() and "vs 27" in row.inner_text()


def test_index_lists_storylines_with_their_events(page, demo_db):
    db, folder, _ = demo_db
    con = sqlite3.connect(db)
    events = con.execute("SELECT COUNT(DISTINCT story_id) FROM articles").fetchone()[0]
    storylines = con.execute("SELECT COUNT(DISTINCT s.storyline_id) FROM stories s "
                             "JOIN articles a ON a.story_id = s.id").fetchone()[0]
    page.goto((folder / "report" / "index.html").as_uri())
    assert page.locator("#stories > li").count() == storylines < events
    assert page.locator("#stories a.headline").count() == events  # every event once
    block = page.locator("#stories > li.storyline", has=page.locator("a.storyline-headline", has_text=GAZA))
    assert block.locator("ol.events > li").count() == 3 and "15 articles" in block.inner_text()
    assert block.locator("ol.events a.headline").all_inner_texts()[:2] == [GAZA, CAIRO]


def test_storyline_page_walks_its_events_and_back(page, demo_db):
    _, folder, _ = demo_db
    page.goto((folder / "report" / "index.html").as_uri())
    page.locator("a.storyline-headline", has_text=GAZA).click()
    page.wait_for_load_state()
    assert page.url.split("/")[-1].startswith("storyline-") and page.locator("#headline").inner_text() == GAZA
    assert [d[:10] for d in page.locator("#events > li > .date").all_inner_texts()] == [
        "2023-11-21", "2024-01-10", "2024-01-26"]
    row = page.locator("#figures tr.changed", has=page.locator("td", has_text="hostages"))
    cells = row.locator("td").all_inner_texts()
    assert cells[:4] == ["hostages", "50", "40", "35"] and cells[4].startswith("changed")
    assert row.locator("svg.figure-trail circle").count() == 3  # the report draws the trail too, with no script
    page.locator("#events a.headline", has_text=CAIRO).click()
    page.wait_for_load_state()
    context = page.locator("#storyline-context")
    assert page.locator("#headline").inner_text() == CAIRO and "Event 2 of 3" in context.inner_text()
    context.locator("#storyline-link").click()
    page.wait_for_load_state()
    assert page.locator("#events > li").count() == 3
    assert all(url.startswith("file:") for url in page.requested)
