"""The HTML report opened from disk in headless Chromium (Debian's, through Playwright)."""
from __future__ import annotations

import pytest

from tests.browser import chromium_path

playwright = pytest.importorskip("playwright.sync_api", reason="playwright is part of the test extras")


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
    assert page.locator("#stories li").count() == 10
    page.get_by_role("link", name="Qatar brokers four-day humanitarian pause in Gaza").click()
    page.wait_for_load_state()
    assert page.locator("#headline").inner_text() == "Qatar brokers four-day humanitarian pause in Gaza"
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
