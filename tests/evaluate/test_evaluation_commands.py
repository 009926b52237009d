"""The evaluation commands: metrics against hand-computed values, eval-pairs and bench."""
from __future__ import annotations

import csv
import json

import pytest
from click.testing import CliRunner

from newsweave.cli import main
from newsweave.embed import HashingEmbedder
from newsweave.evaluate.corpus import STAGES, benchmark
from newsweave.evaluate.metrics import adjusted_rand_index, bcubed, pairwise
from newsweave.evaluate.pairs import evaluate_pairs, pearson
from newsweave.ingest.sample import sample_dir

# Five items, gold {a,a,a,b,b}, predicted {x,x,y,y,y}. By hand:
#   joint counts (x,a)=2 (y,a)=1 (y,b)=2; predicted sizes x=2 y=3; gold sizes a=3 b=2
#   BCubed P = (2*2/2 + 1*1/3 + 2*2/3) / 5 = 0.7333; R = (2*2/3 + 1*1/3 + 2*2/2) / 5 = 0.7333
#   pairs together 1+0+1 = 2 of 4 predicted and 4 gold pairs: P = R = F1 = 0.5
#   ARI: expected = 4*4/10 = 1.6, max = 4: (2 - 1.6) / (4 - 1.6) = 0.1667
GOLD = ["a", "a", "a", "b", "b"]
PRED = ["x", "x", "y", "y", "y"]


def test_bcubed_by_hand():
    assert bcubed(PRED, GOLD) == (0.7333, 0.7333, 0.7333)
    assert bcubed([1, 2, 3, 4], ["g"] * 4) == (1.0, 0.25, 0.4)
    assert bcubed(GOLD, GOLD) == (1.0, 1.0, 1.0)


def test_pairwise_by_hand():
    assert pairwise(PRED, GOLD) == (0.5, 0.5, 0.5)
    # No predicted pairs: nothing wrongly joined, nothing found.
    assert pairwise([1, 2, 3, 4], ["g"] * 4) == (1.0, 0.0, 0.0)


def test_adjusted_rand_by_hand():
    assert adjusted_rand_index(PRED, GOLD) == 0.1667
    assert adjusted_rand_index(["p", "p", "q", "q"], ["a", "a", "b", "b"]) == 1.0


def test_metrics_reject_mismatched_input():
    with pytest.raises(ValueError, match="gold has 5"):
        bcubed(["x"], GOLD)
    with pytest.raises(ValueError, match="empty"):
        pairwise([], [])


def test_pearson_by_hand():
    # x = 1,2,3 and y = 1,3,2: deviations (-1,0,1)·(-1,1,0) = 1, norms sqrt(2)·sqrt(2) -> r = 0.5
    assert pearson([1, 2, 3], [1, 3, 2]) == 0.5
    assert pearson([1, 1, 1], [1, 2, 3]) != pearson([1, 1, 1], [1, 2, 3])  # NaN: no variance


def _write_pairs(path, rows, columns=("pair_id", "lang1", "lang2", "text1", "text2", "Overall")):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        writer.writerows(rows)


SAME = ("Rescue teams in Marrakesh searched collapsed houses after the earthquake killed 2,900 people.",
        "After the Marrakesh earthquake killed 2,900 people, rescue teams searched collapsed houses.")
OTHER = ("Valencia floods: rivers burst their banks and 200 people died in the region.",
         "The central bank of Egypt raised its main interest rate by 200 basis points.")


def test_eval_pairs_ranks_same_story_above_unrelated(tmp_path):
    rows = []
    for i in range(4):
        rows.append((f"s{i}", "en", "en", SAME[0] + f" Day {i}.", SAME[1], 1))
        rows.append((f"u{i}", "en", "en", OTHER[0] + f" Day {i}.", OTHER[1], 4))
    path = tmp_path / "pairs.csv"
    _write_pairs(path, rows)
    result = evaluate_pairs(path, embedder=HashingEmbedder(dim=256))
    assert result["n_pairs"] == 8
    assert result["pearson"] > 0.8
    assert result["by_language_pair"]["en-en"]["n_pairs"] == 8


def test_eval_pairs_names_missing_columns(tmp_path):
    path = tmp_path / "bad.csv"
    _write_pairs(path, [("p", "en", "en", "a", "b")], columns=("pair_id", "lang1", "lang2", "text1", "text2"))
    result = CliRunner().invoke(main, ["eval-pairs", str(path)])
    assert result.exit_code != 0
    assert "missing column(s) Overall" in result.output


def test_eval_pairs_names_bad_score_line(tmp_path):
    path = tmp_path / "bad.csv"
    _write_pairs(path, [("p", "en", "en", "a", "b", "1"), ("q", "en", "en", "a", "b", "high")])
    with pytest.raises(ValueError, match="line 3: Overall is not a number"):
        evaluate_pairs(path, embedder=HashingEmbedder(dim=64))


def test_benchmark_times_every_stage(tmp_path):
    result = benchmark(sample_dir(), tmp_path / "bench.db", embedder=HashingEmbedder(dim=128))
    assert result["articles"] >= 40
    assert set(STAGES) <= set(result["stage_seconds"])
    assert result["stage_seconds"]["clean"] > 0 and result["stage_seconds"]["embed"] > 0
    assert result["articles_per_s"] > 0
    json.dumps(result)  # the --json output is plain JSON


def test_corpus_scores_keep_the_keys_other_tools_read(tmp_path):
    from newsweave.evaluate.corpus import evaluate_corpus

    corpus = tmp_path / "tiny.jsonl"
    records = [{"title": f"Flood in {town}", "text": f"Rivers burst their banks in {town} on Monday, and {n} people "
                f"left their homes, officials in {town} said.", "date": "2024-03-04", "label": town}
               for town in ("Sylhet", "Porto") for n in (120, 340)]
    corpus.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    result = evaluate_corpus(corpus, tmp_path / "eval.db", embedder=HashingEmbedder(dim=128))
    # Held-out checks read these keys from `newsweave eval --json`: they stay.
    assert {"bcubed_f1", "bcubed_precision", "bcubed_recall", "n_stories", "n_gold", "articles_per_s"} <= set(result)
    assert result["n_gold"] == 2 and result["n_articles"] == 4


STORYLINE_CORPUS = {"e01-doha-pause": "2023-11-21", "e02-cairo-talks": "2024-01-10",
                    "e11-hamas-rejects-paris": "2024-01-26", "e03-ashulia-fire": "2024-02-14"}


def _storyline_corpus(path, level: str | None = "storyline"):
    """Sample pages as corpus records, labelled by storyline: the Gaza diplomacy (three events) and a fire."""
    with path.open("w", encoding="utf-8") as out:
        for stem, day in STORYLINE_CORPUS.items():
            for page in sorted(sample_dir().glob(f"{stem}-*.txt")):
                title, _, text = page.read_text(encoding="utf-8").partition("\n")
                record = {"id": page.stem, "title": title, "text": text, "date": day,
                          "label": "fire" if stem.startswith("e03") else "gaza"}
                if level:
                    record["level"] = level
                out.write(json.dumps(record, ensure_ascii=False) + "\n")


def test_eval_scores_storyline_gold_against_storylines(tmp_path):
    corpus = tmp_path / "storylines.jsonl"
    _storyline_corpus(corpus)
    runner = CliRunner()
    lines = json.loads(runner.invoke(main, ["eval", str(corpus), "--json"]).output)
    assert lines["level"] == "storyline" and lines["n_gold"] == 2
    assert lines["n_events"] == 4 and lines["n_stories"] == lines["n_storylines"] == 2
    assert lines["bcubed_f1"] == 1.0
    # The same gold read as events: four events against two gold groups.
    events = json.loads(runner.invoke(main, ["eval", str(corpus), "--json", "--level", "event"]).output)
    assert events["level"] == "event" and events["n_stories"] == 4
    assert events["bcubed_precision"] == 1.0 and events["bcubed_recall"] < 1.0
    for key in ("bcubed_f1", "bcubed_precision", "bcubed_recall", "n_stories", "n_gold", "articles_per_s"):
        assert key in lines and key in events


def test_eval_refuses_an_unknown_level(tmp_path):
    corpus = tmp_path / "odd.jsonl"
    _storyline_corpus(corpus, level="topic")
    result = CliRunner().invoke(main, ["eval", str(corpus)])
    assert result.exit_code != 0 and "level 'topic' is none of event, storyline" in result.output
