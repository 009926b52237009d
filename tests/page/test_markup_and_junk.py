"""Text that is not an article's words: HTML sent as a record's text is read as a page;
markup debris and punctuation are no article at all."""
from __future__ import annotations

import json

from newsweave.store import SQLiteStore

PAGE_IN_A_RECORD = (
    "<div class='share'>Share on Facebook</div><h1>Ferry service resumes</h1>"
    "<p>Ferries between Dhaka and Barisal resumed on Tuesday after a two-day halt caused by the storm, "
    "the river transport authority said.</p><p>Passengers crowded the Sadarghat terminal from dawn; "
    "<b>42 vessels</b> left before noon.</p><script>track('pageview')</script>")


def _stored(store: SQLiteStore) -> list[dict]:
    return [dict(r) for r in store.db.execute("SELECT origin, title, text, repairs FROM articles ORDER BY seq")]


def test_html_in_a_records_text_is_stored_as_the_pages_words(tmp_path, store, fast_pipeline):
    path = tmp_path / "posted.jsonl"
    path.write_text(json.dumps({"title": "Ferry service resumes", "text": PAGE_IN_A_RECORD}) + "\n", encoding="utf-8")
    summary = fast_pipeline.ingest([path])
    assert summary.stored == 1, summary.rejected
    [article] = _stored(store)
    assert "<" not in article["text"] and "track(" not in article["text"]
    assert "42 vessels left before noon" in article["text"]
    assert "HTML markup" in (article["repairs"] or "")


def test_a_record_that_only_mentions_angle_brackets_is_kept_as_written(tmp_path, store, fast_pipeline):
    text = ("Inflation eased to 3.1% in March, below the <5% the central bank had warned of, and the "
            "statistics office said food prices rose less than expected.")
    path = tmp_path / "plain.jsonl"
    path.write_text(json.dumps({"title": "Inflation eases", "text": text}) + "\n", encoding="utf-8")
    assert fast_pipeline.ingest([path]).stored == 1
    [article] = _stored(store)
    assert article["text"] == text and article["repairs"] is None


def test_markup_debris_and_punctuation_are_rejected_as_unreadable(tmp_path, store, fast_pipeline):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "debris.html").write_text("<html><body>" + "<<<>>> " * 200 + "</body></html>", encoding="utf-8")
    (folder / "symbols.txt").write_text("\n".join(["<<<>>> #### !!!! .... 1234"] * 30), encoding="utf-8")
    (folder / "short-bn.txt").write_text(
        "ঢাকায় মেট্রো রেলের নতুন লাইন চালু\nমঙ্গলবার থেকে উত্তরা থেকে মতিঝিল পর্যন্ত মেট্রো রেল চলছে, "
        "প্রথম দিনে ৬০ হাজার যাত্রী চড়েছেন।", encoding="utf-8")
    summary = fast_pipeline.ingest([folder])
    reasons = {r.origin.rsplit("/", 1)[-1]: r.reason for r in summary.rejected}
    assert set(reasons) == {"debris.html", "symbols.txt"}, reasons
    assert all("no readable text" in reason for reason in reasons.values()), reasons
    assert [a["origin"].rsplit("/", 1)[-1] for a in _stored(store)] == ["short-bn.txt"]


def test_html_posted_to_the_api_is_stored_without_its_tags(tmp_path):
    from starlette.testclient import TestClient

    from tests.web_support import auth, make_app

    with TestClient(make_app(tmp_path / "api.db"), client=("127.0.0.1", 50000)) as client:
        response = client.post("/api/articles", headers=auth(),
                               json={"title": "Ferry service resumes", "text": PAGE_IN_A_RECORD, "date": "2025-03-04"})
        assert response.status_code == 201, response.text
        article = client.get(f"/api/articles/{response.json()['articles'][0]['id']}").json()
    assert "<p>" not in article["text"] and "<script>" not in article["text"]
    assert article["text"].startswith("Ferries between Dhaka and Barisal resumed on Tuesday")
