"""The bundled sample corpus through the real CLI and the real model."""
from __future__ import annotations

import json
from collections import Counter

from click.testing import CliRunner

from newsweave.cli import main
from newsweave.evaluate.metrics import bcubed
from newsweave.ingest.sample import gold_labels, sample_dir, storyline_labels

# Pinned from the current measurement: a change may raise these, never lower them silently.
SAMPLE_MIN_PRECISION = 1.0
SAMPLE_MIN_BCUBED_F1 = 1.0


def test_sample_corpus_meets_its_brief():
    gold = gold_labels()
    files = {p.name for p in sample_dir().iterdir()}
    assert {key.split("#")[0] for key in gold} == files
    assert len(gold) >= 40 and len(set(gold.values())) >= 8


def test_demo_prints_stories_and_writes_report(demo_db):
    db, folder, output = demo_db
    assert "stored 44" in output and "rejected 0" in output and "near-duplicates linked 1" in output
    page = (folder / "report" / "index.html").read_text(encoding="utf-8")
    assert "Qatar brokers four-day humanitarian pause in Gaza" in page and "<script" not in page


def _predicted_and_gold(db):
    """(event id, storyline id, gold event label) of every stored sample article."""
    import sqlite3
    base = str(sample_dir()) + "/"
    labels = gold_labels()
    con = sqlite3.connect(db)
    # Articles inside a JSON/feed file share its path; their origins tell them apart.
    return [(story_id, storyline_id, labels[origin.replace(base, "")]) for origin, story_id, storyline_id in con.execute(
        "SELECT a.origin, a.story_id, s.storyline_id FROM articles a JOIN stories s ON s.id = a.story_id")]


def test_stories_json_matches_gold(demo_db):
    db, _, _ = demo_db
    result = CliRunner().invoke(main, ["stories", "--json", "--db", str(db)])
    storylines = json.loads(result.output)
    assert set(storylines[0]) == {"id", "headline", "size", "n_events", "languages", "sources", "first_seen",
                                  "last_seen", "last_ingested", "by_day", "events"}
    # Each event is the same row as the web app's and the API's story list.
    assert set(storylines[0]["events"][0]) == {"id", "storyline_id", "headline", "size", "languages", "sources",
                                               "first_seen", "last_seen", "last_ingested", "by_day"}
    assert [s["size"] for s in storylines] == sorted((s["size"] for s in storylines), reverse=True)
    rows = _predicted_and_gold(db)
    precision, recall, f1 = bcubed([r[0] for r in rows], [r[2] for r in rows])
    assert precision >= SAMPLE_MIN_PRECISION
    assert f1 >= SAMPLE_MIN_BCUBED_F1
    # The Gaza pause story is told in at least 4 languages.
    gaza = next(e for s in storylines for e in s["events"] if e["headline"]["text"].startswith("Qatar brokers"))
    assert len(gaza["languages"]) >= 4
    view = json.loads(CliRunner().invoke(main, ["story", str(gaza["id"]), "--json", "--db", str(db)]).output)
    assert all(a["path"] and a["path"].startswith("/") for items in view["articles"].values() for a in items)


def test_storylines_match_gold(demo_db):
    db, _, _ = demo_db
    rows = _predicted_and_gold(db)
    lines = storyline_labels()
    assert bcubed([r[1] for r in rows], [lines[r[2]] for r in rows]) == (1.0, 1.0, 1.0)
    # The pause, the Cairo plan and Hamas's rejection of the Paris framework weeks later:
    # three events, none swallowed by another, in one storyline.
    storylines = json.loads(CliRunner().invoke(main, ["stories", "--json", "--db", str(db)]).output)
    gaza = next(s for s in storylines if s["n_events"] > 1)
    assert gaza["n_events"] == 3 and gaza["size"] == 15
    assert [e["first_seen"][:10] for e in gaza["events"]] == ["2023-11-21", "2024-01-10", "2024-01-26"]
    assert all(e["storyline_id"] == gaza["id"] for e in gaza["events"])
    assert all(s["n_events"] == 1 for s in storylines if s is not gaza)


def test_storyline_command_shows_figures_moving_over_time(demo_db):
    db, _, _ = demo_db
    runner = CliRunner()
    gaza = next(s for s in json.loads(runner.invoke(main, ["stories", "--json", "--db", str(db)]).output)
                if s["n_events"] > 1)
    view = json.loads(runner.invoke(main, ["story", f"L{gaza['id']}", "--json", "--db", str(db)]).output)
    assert view["kind"] == "storyline" and [e["id"] for e in view["events"]] == [e["id"] for e in gaza["events"]]
    hostages = next(f for f in view["figures"] if f["concept"] == "hostages")
    # 50 freed in the pause, 40 in the Cairo plan, 35 in the Paris framework: news, not a disagreement.
    assert [p["values"] for p in hostages["points"]][:3] == [[50], [40], [35]] and hostages["changed"]
    assert {"Gaza", "Hamas"} <= {e["name"] for e in view["entities"]}
    text = runner.invoke(main, ["story", f"L{gaza['id']}", "--db", str(db)]).output
    assert "3 events" in text and "Figures over time" in text
    # An event names its storyline and its place in it.
    event = runner.invoke(main, ["story", str(gaza["events"][-1]["id"]), "--db", str(db)]).output
    assert f"event 3 of storyline L{gaza['id']}" in event
    shown = runner.invoke(main, ["stories", "--db", str(db)]).output
    assert shown.startswith(f"L{gaza['id']}") and "3 events" in shown.splitlines()[0]


def test_languages_are_identified(demo_db):
    db, _, _ = demo_db
    import sqlite3
    con = sqlite3.connect(db)
    found = Counter(lang for (lang,) in con.execute("SELECT lang FROM articles"))
    assert set(found) == {"en", "bn", "ar", "ru", "es", "fr", "de"}
    declared = con.execute("SELECT COUNT(*) FROM articles WHERE declared_lang IS NOT NULL AND declared_lang != lang").fetchone()[0]
    assert declared == 0


def test_story_and_rejected_commands(demo_db):
    db, _, _ = demo_db
    runner = CliRunner()
    one = json.loads(runner.invoke(main, ["stories", "--json", "--events", "--limit", "1", "--db", str(db)]).output)[0]
    shown = runner.invoke(main, ["story", str(one["id"]), "--db", str(db)])
    assert shown.exit_code == 0 and one["headline"]["text"] in shown.output
    missing = runner.invoke(main, ["story", "99999", "--db", str(db)])
    assert missing.exit_code != 0 and "no event 99999" in missing.output
    assert "no storyline L99999" in runner.invoke(main, ["story", "L99999", "--db", str(db)]).output
    bad = runner.invoke(main, ["story", "X7", "--db", str(db)])
    assert bad.exit_code == 2 and "storyline id (L12)" in bad.output
    assert runner.invoke(main, ["rejected", "--db", str(db)]).output.strip() == "nothing was rejected"
    bn_only = json.loads(runner.invoke(main, ["stories", "--json", "--lang", "bn", "--db", str(db)]).output)
    assert bn_only and all("bn" in s["languages"] for s in bn_only)


def test_regroup_on_demand_leaves_a_repaired_store_as_it_is(demo_db, tmp_path):
    import shutil
    import sqlite3
    db, _, _ = demo_db
    copy = tmp_path / "copy.db"
    shutil.copy(db, copy)
    before = sorted(sqlite3.connect(copy).execute("SELECT id, story_id FROM articles"))
    result = CliRunner().invoke(main, ["regroup", "--db", str(copy)])
    assert result.exit_code == 0 and "0 events split, 0 merged" in result.output
    assert sorted(sqlite3.connect(copy).execute("SELECT id, story_id FROM articles")) == before
    bad = CliRunner().invoke(main, ["regroup", "--db", str(copy), "--since", "Monday"])
    assert bad.exit_code == 2 and "not a date" in bad.output
