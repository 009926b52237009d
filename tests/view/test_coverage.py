"""An event's coverage: its outlets by language, and what the rest of its storyline reached and it did not."""
from __future__ import annotations

import json

from click.testing import CliRunner

from newsweave.cli import main


def story_json(db, ref):
    result = CliRunner().invoke(main, ["story", str(ref), "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_each_event_shows_its_outlets_and_its_storylines_blindspot(demo_db):
    db, _, _ = demo_db
    lines = json.loads(CliRunner().invoke(main, ["stories", "--db", str(db), "--json"]).output)
    line = next(l for l in lines if l["n_events"] >= 3)  # the push for pauses, its talks, the rejection
    checked = 0
    for event in line["events"]:
        view = story_json(db, event["id"])
        coverage = view["coverage"]
        assert sum(o["articles"] for o in coverage["outlets"]) == view["size"]
        assert sum(n for o in coverage["outlets"] for n in o["languages"].values()) == view["size"]
        others = {lang for e in line["events"] if e["id"] != event["id"] for lang in e["languages"]}
        assert coverage["blindspot"]["languages"] == sorted(others - set(event["languages"]))
        checked += bool(coverage["blindspot"]["languages"])
    assert checked >= 1  # some event of the storyline missed a language the others reached

    ecb = next(e for l in lines for e in l["events"] if "ECB" in e["headline"]["text"])
    coverage = story_json(db, ecb["id"])["coverage"]
    assert {(o["outlet"], o["country"]) for o in coverage["outlets"]} == {
        ("rhein-kurier.de", "DE"), ("journal-de-lyon.fr", "FR"), ("city-ledger.co.uk", "GB"), ("diariodelsur.es", "ES")}
    assert coverage["blindspot"] == {"languages": [], "countries": []}  # a storyline of one event
