"""The web app in headless Debian Chromium (through Playwright) against a live server.

The server runs the real model over the demo store, so cross-lingual search
is the shipped behaviour, not a stand-in. Screenshots of the list, storyline
and story pages go to $NEWSWEAVE_SCREENSHOTS when set (``make screenshots`` writes
docs/screenshots), else to a temporary folder.
"""
from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.browser import chromium_path

from tests.web_support import TOKEN, auth, make_app

playwright = pytest.importorskip("playwright.sync_api", reason="playwright is part of the test extras")
uvicorn = pytest.importorskip("uvicorn")

GAZA = "Qatar brokers four-day humanitarian pause in Gaza"
CAIRO = "Egypt presents three-stage ceasefire plan at Cairo talks"
GAZA_DAYS = ["2023-11-21", "2024-01-10", "2024-01-26"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(demo_db, tmp_path_factory):
    db, _, _ = demo_db
    copy = tmp_path_factory.mktemp("web") / "web.db"
    shutil.copy(db, copy)
    port = _free_port()
    config = uvicorn.Config(make_app(copy), host="127.0.0.1", port=port, log_level="warning",
                            timeout_graceful_shutdown=1)
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not running.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=chromium_path(), headless=True,
                                     args=["--no-sandbox", "--disable-gpu"])
        yield launched
        launched.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    outside = []

    def only_local(route):
        if route.request.url.startswith(server):
            route.continue_()
        else:  # the app must work with no network: nothing may be fetched from elsewhere
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", only_local)
    opened = context.new_page()
    opened.dialogs = []
    opened.on("dialog", lambda dialog: (opened.dialogs.append(dialog.message), dialog.dismiss()))
    yield opened
    context.close()
    assert not outside, f"requests left the machine: {outside}"


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("NEWSWEAVE_SCREENSHOTS") or tmp_path_factory.mktemp("shots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _headlines(page) -> list[str]:
    """Every event's headline on the list, inside storylines or on their own."""
    return page.locator("#stories li a.headline").all_inner_texts()


def _gaza_block(page):
    return page.locator("#stories > li.storyline", has=page.locator("a.storyline-headline", has_text=GAZA))


def test_story_list_shows_storylines_with_their_events(page, server, shots):
    page.goto(server + "/")
    assert page.locator("#feed-link").get_attribute("href") == "/feeds/events.atom"
    rows = page.locator("#stories > li")
    assert rows.count() >= 8 and len(_headlines(page)) == rows.count() + 2  # two more events, inside a storyline
    block = _gaza_block(page)
    assert block.count() == 1 and block.locator(".kind").text_content() == "storyline · 3 events"
    assert "15 articles" in block.locator(":scope > .meta").inner_text()
    assert "2023-11-21 – 2024-01-26" in block.inner_text()
    assert block.locator(":scope > svg.sparkline polyline").count() == 1
    events = block.locator("ol.events > li")
    assert events.locator(".date").all_inner_texts() == GAZA_DAYS
    assert events.nth(1).locator("a.headline").inner_text() == CAIRO
    first = events.nth(0)
    assert first.locator(".lang").count() == 6 and "8 articles" in first.inner_text()
    assert first.locator("svg.sparkline polyline").count() == 1
    single = rows.filter(has=page.locator("a.headline", has_text="Moscow opens"))
    assert single.count() == 1 and single.locator(".storyline-headline").count() == 0
    page.screenshot(path=str(shots / "story-list.png"), full_page=True)


def test_open_a_storyline_and_walk_its_events(page, server, shots):
    page.goto(server + "/")
    _gaza_block(page).locator("a.storyline-headline").click()
    page.wait_for_url("**/storylines/*")
    assert page.locator("#headline").inner_text() == GAZA
    assert "storyline of 3 events · 2023-11-21 – 2024-01-26 · 15 articles" in page.locator("#storyline").inner_text()
    events = page.locator("#events > li")
    assert events.count() == 3 and events.locator(".date").all_inner_texts() == GAZA_DAYS
    assert all(events.nth(i).locator(".lead").inner_text().strip() for i in range(3))
    hostages = page.locator("#figures tr", has=page.locator("td", has_text="hostages"))
    cells = hostages.locator("td").all_inner_texts()
    assert cells[:4] == ["hostages", "50", "40", "35"] and cells[4].startswith("changed")
    assert "not a disagreement" in page.locator("#storyline").inner_text()
    assert "Gaza" in page.locator("#shared-entities").inner_text()
    # The hostages figure moved from event to event: drawn as a line through 50, 40 and 35.
    trail = hostages.locator("svg.figure-trail")
    assert trail.locator("circle").count() == 3 and "50 → 35" in trail.get_attribute("aria-label")
    # Articles per day by language over the storyline's events, readable on a phone too.
    assert page.locator("#volume svg rect").count() >= 3
    page.set_viewport_size({"width": 390, "height": 800})
    assert page.locator("#volume svg").bounding_box()["width"] <= 390
    page.set_viewport_size({"width": 1200, "height": 900})
    page.screenshot(path=str(shots / "storyline.png"), full_page=True)
    # The storyline's Atom feed: in the head for feed readers, and a link a reader can follow.
    feed = page.locator("#feed-link").get_attribute("href")
    assert feed.startswith("/feeds/storylines/") and page.locator("link[type='application/atom+xml']").count() == 1
    atom = page.request.get(server + feed)
    assert atom.ok and "<feed xmlns='http://www.w3.org/2005/Atom'>" in atom.text() and CAIRO in atom.text()
    events.nth(1).locator("a.headline").click()
    page.wait_for_selector("#storyline-context")
    context = page.locator("#storyline-context")
    assert page.locator("#headline").inner_text() == CAIRO
    assert "Event 2 of 3 in the storyline" in context.inner_text()
    assert context.locator("li[aria-current=page]").inner_text().startswith("2024-01-10")
    assert context.locator("li a").count() == 2  # the siblings are links, this event is not
    # The talks reached four languages; the storyline's other events reached Spanish and Russian too.
    assert page.locator("#coverage tr").count() == 5
    assert "languages es, ru" in page.locator("#blindspot").inner_text()
    context.locator("#storyline-link").click()
    page.wait_for_url("**/storylines/*")
    assert page.locator("#events > li").count() == 3


def test_filter_by_language(page, server):
    page.goto(server + "/")
    page.select_option("#filters select[name=lang]", "ru")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**/?lang=ru*")
    items = page.locator("#stories > li")
    assert 1 <= items.count() < 8
    assert all("ru" in items.nth(i).get_attribute("data-languages").split() for i in range(items.count()))


def test_open_a_story_and_read_an_original(page, server, shots):
    page.goto(server + "/")
    _gaza_block(page).locator("a.headline", has_text=GAZA).click()
    page.wait_for_selector("#headline")
    assert page.locator("#headline").inner_text() == GAZA
    assert "Event 1 of 3 in the storyline" in page.locator("#storyline-context").inner_text()
    assert page.locator("#summary li").count() >= 3
    assert page.locator("#timeline-chart rect").count() >= 6
    assert page.locator("#claims tr").count() >= 3 and "Netanyahu" in page.locator("#entities").inner_text()
    arabic = page.locator("#articles details [lang=ar]").first
    assert arabic.evaluate("e => getComputedStyle(e).direction") == "rtl"
    original = page.locator("#articles details").first
    assert not original.locator("p").is_visible()
    original.locator("summary").click()
    assert original.locator("p").is_visible() and len(original.locator("p").inner_text()) > 200
    page.screenshot(path=str(shots / "story.png"), full_page=True)


def test_search_in_one_language_finds_a_story_written_in_others(page, server):
    page.goto(server + "/")
    # Spanish words; the Moscow metro story has Russian and English articles only.
    page.fill("input[name=q]", "nueva línea de metro en Moscú")
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**/?q=*")
    first = page.locator("#stories > li").first
    assert "Moscow" in first.locator("a.headline").inner_text()
    assert set(first.get_attribute("data-languages").split()) == {"ru", "en"}


def test_upload_an_article_and_see_it_listed(page, server, tmp_path):
    upload = tmp_path / "harbour.txt"
    upload.write_text("Dock strike ends in Rotterdam after pay deal\n7 March 2025\n"
                      "Dock workers in Rotterdam ended a three-day strike on Friday after accepting a pay deal, "
                      "the union said. About 4,000 members voted on the offer.", encoding="utf-8")
    page.goto(server + "/")
    page.click("#add-articles summary")
    page.set_input_files("#add-articles input[type=file]", str(upload))
    page.fill("#add-articles input[name=token]", TOKEN)
    page.click("#add-articles button[type=submit]")
    page.wait_for_selector("#message")
    assert "1 article added" in page.locator("#message").inner_text()
    assert "Dock strike ends in Rotterdam after pay deal" in _headlines(page)


def test_new_articles_appear_without_a_reload(page, server):
    page.goto(server + "/")
    # A selector wait, not wait_for_function: the page's CSP forbids evaluating strings.
    page.wait_for_selector("#live-status:text-is('live')")
    page.evaluate("window.sameDocument = true")
    response = httpx.post(server + "/api/articles", headers=auth(), json={
        "title": "Volcano erupts on Iceland's Reykjanes peninsula", "date": "2025-06-01", "source": "North Desk",
        "text": "A volcano erupted on the Reykjanes peninsula on Sunday, the Icelandic Met Office said; "
                "the town of Grindavik, home to 3,700 people, was evacuated."})
    assert response.status_code == 201
    page.wait_for_selector("text=Volcano erupts on Iceland's Reykjanes peninsula", timeout=15000)
    assert page.evaluate("window.sameDocument") is True


def test_hostile_article_runs_nothing(page, server):
    response = httpx.post(server + "/api/articles", headers=auth(), json={
        "title": "<script>window.pwned = 1; alert('t')</script>Ferry <img src=x onerror=\"window.pwned=2\"> row",
        "text": "A dispute over ferry fares on the Danube ended on Monday when operators agreed to cut prices by "
                "10 percent. <svg onload=\"window.pwned=3\"></svg><iframe src=\"javascript:alert(4)\"></iframe> "
                "Passengers welcomed the decision.",
        "url": "javascript:alert('u')", "date": "2025-07-01"})
    assert response.status_code == 201, response.text
    stored = response.json()["articles"][0]
    for url in ("/", f"/stories/{stored['story_id']}", f"/articles/{stored['id']}", "/?q=ferry+Danube"):
        page.goto(server + url)
        page.wait_for_load_state("load")
        assert page.evaluate("typeof window.pwned") == "undefined"
        assert page.locator("img[src=x], iframe, svg[onload]").count() == 0
    story_page = server + f"/stories/{stored['story_id']}"
    page.goto(story_page)
    assert "<script>window.pwned = 1" in page.locator("#headline").inner_text()
    page.locator("#articles summary").first.click()
    assert page.evaluate("typeof window.pwned") == "undefined" and not page.dialogs


def test_a_storyline_page_follows_its_events_live(page, server):
    page.goto(server + "/")
    _gaza_block(page).locator("a.storyline-headline").click()
    page.wait_for_url("**/storylines/*")
    page.wait_for_selector("#live-status:text-is('live')")
    page.evaluate("window.sameDocument = true")
    response = httpx.post(server + "/api/articles", headers=auth(), json={
        "title": "Egypt puts three-stage ceasefire plan to delegations in Cairo", "date": "2024-01-10",
        "source": "Cairo Desk",
        "text": "Egyptian officials put a three-stage plan for a permanent ceasefire in Gaza to delegations in Cairo "
                "on Wednesday, weeks after the November truce collapsed. The plan begins with a two-week halt in "
                "fighting and the exchange of 40 hostages for Palestinian prisoners. Hamas officials said they were "
                "studying the plan but rejected any deal without a full Israeli withdrawal."})
    assert response.status_code == 201, response.text
    page.wait_for_selector("#storyline .meta:has-text('16 articles')", timeout=15000)
    assert page.evaluate("window.sameDocument") is True
    assert page.locator("#events > li").count() == 3


PHONE_WIDTH = 390


def test_no_page_scrolls_sideways_on_a_phone(browser, server):
    """At a phone's width every page fits (the timeline chart and the tables scale or wrap),
    and nothing a page asks for, the favicon included, is missing."""
    context = browser.new_context(viewport={"width": PHONE_WIDTH, "height": 844})
    page = context.new_page()
    failed = []
    page.on("response", lambda response: response.status >= 400 and failed.append((response.status, response.url)))
    try:
        page.goto(server + "/")
        line = _gaza_block(page).locator("a.storyline-headline").get_attribute("href")
        event = _gaza_block(page).locator("a.headline", has_text=GAZA).get_attribute("href")
        widths = {}
        for url in ("/", line, event):
            page.goto(server + url)
            page.wait_for_load_state("load")
            widths[url] = page.evaluate("document.documentElement.scrollWidth")
        assert page.locator("#timeline-chart").count() == 1  # the story page has the chart that overflowed
        article = page.locator("#articles a[href^='/articles/']").first.get_attribute("href")
        page.goto(server + article)
        widths[article] = page.evaluate("document.documentElement.scrollWidth")
        assert all(width <= PHONE_WIDTH + 1 for width in widths.values()), widths
        assert not failed, failed  # the favicon too
    finally:
        context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_the_sources_page_lists_outlets_and_offers_the_export(browser, server, shots, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(server + "/")
    page.locator("#sources-link").click()
    page.wait_for_url("**/sources")
    row = page.locator("#sources tr", has=page.locator("td", has_text="rhein-kurier.de")).first
    assert row.locator("td").all_inner_texts()[:4] == ["rhein-kurier.de", "rhein-kurier.de", "DE", "1"]
    assert page.locator("#sources tr", has=page.locator("td", has_text="Port City Times")).count() == 1
    # Nothing wider than the screen but the table's own scroll box.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    csv_text = page.request.get(server + page.locator("#export-csv").get_attribute("href")).text()
    assert csv_text.startswith("article_id,event_id,storyline_id,lang,published,outlet,url,source,title")
    page.screenshot(path=str(shots / f"sources-{width}.png"), full_page=True)
    context.close()
