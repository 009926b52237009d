"""The extraction measures: shingle scoring as the Zyte benchmark does it, line
scoring on the development set, and the development set's own soundness."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from newsweave.cli import main
from newsweave.evaluate.extraction import dev_set_dir, score_page, shingle_counts, shingle_figures

SCRIPTS = {"Latin": ("en", "fr", "es", "de", "it", "pt", "nl"), "Bengali": ("bn",), "Arabic": ("ar", "fa", "ur"),
           "Cyrillic": ("ru", "uk", "bg")}


def test_shingles_count_shared_word_4grams_per_page():
    assert shingle_counts("a b c d e", "a b c d e") == (1.0, 0.0, 0.0)
    assert shingle_counts("a b c d e", "") == (0.0, 0.0, 1.0)
    tp, fp, fn = shingle_counts("one two three four five six", "one two three four five six seven eight")
    assert round(tp, 4) == 0.6 and round(fp, 4) == 0.4 and fn == 0.0


def test_shingle_figures_average_pages_not_words():
    figures = shingle_figures([(1.0, 0.0, 0.0), (0.5, 0.5, 0.0)])
    assert figures == {"precision": 0.75, "recall": 1.0, "f1": 0.8571, "pages": 2}


def test_a_page_scores_lines_and_title():
    gold = {"lang": "en", "title": "Talks resume in Doha", "body": ["First paragraph.", "Second  paragraph."]}
    page = score_page("p", "txt", gold, "Talks resume in Doha", "First paragraph.\nRead also\nSecond paragraph.")
    assert (page.gold_lines, page.kept_lines, page.right_lines, page.title_right) == (2, 3, 2, True)
    assert page.wrong == ["Read also"] and page.missed == []
    worse = score_page("p", "html", gold, "0.6 C", "Second paragraph.")
    assert not worse.title_right and worse.missed == ["First paragraph."]


def test_the_development_set_is_large_and_multilingual():
    golds = sorted(dev_set_dir().glob("*.gold.json"))
    langs = {json.loads(p.read_text(encoding="utf-8"))["lang"] for p in golds}
    assert len(golds) >= 60 and len(langs) >= 6
    assert {script for script, codes in SCRIPTS.items() if langs & set(codes)} == set(SCRIPTS)
    for gold_path in golds:
        name = gold_path.name.removesuffix(".gold.json")
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        assert (dev_set_dir() / f"{name}.txt").exists() and (dev_set_dir() / f"{name}.html").exists(), name
        assert gold["title"] and len(gold["body"]) >= 2 and gold["title"] not in gold["body"], name


def test_eval_extract_prints_figures_for_a_folder(tmp_path):
    gold = {"lang": "en", "title": "Port strike ends in Rotterdam",
            "body": ["Dock workers in Rotterdam ended a three-day strike on Friday after a pay deal, the union said.",
                     "About 4,000 members voted on the offer, which raises wages by 6 percent over two years."]}
    (tmp_path / "p.gold.json").write_text(json.dumps(gold), encoding="utf-8")
    (tmp_path / "p.txt").write_text("Rotterdam 12°C Cloudy\nHome | World | Business\nPort strike ends in Rotterdam\n"
                                    + "\n".join(gold["body"]) + "\nTags: strike, port\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["eval-extract", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)["figures"]["all"]
    assert figures == {"line_precision": 1.0, "line_recall": 1.0, "title_accuracy": 1.0, "date_accuracy": 1.0,
                       "documents": 1}


def test_entity_groups_on_the_development_set():
    from newsweave.evaluate.entities import evaluate_dev_set_entities

    figures = evaluate_dev_set_entities()["figures"]
    for key, value in figures.items():
        print(f"{key:>8}: {value}")
    # Pages in one script each: names in Arabic and Bengali are found only
    # through the place index, hence the low recall there.
    assert figures["all"]["group_precision"] >= ENTITY_DEV_FLOORS[0], figures["all"]
    assert figures["all"]["group_recall"] >= ENTITY_DEV_FLOORS[1], figures["all"]
    assert all(f["group_precision"] >= 0.6 for f in figures.values())


def test_eval_extract_refuses_a_folder_without_gold(tmp_path):
    result = CliRunner().invoke(main, ["eval-extract", str(tmp_path)])
    assert result.exit_code != 0 and "no pages with gold" in result.output


def test_extraction_figures_on_the_development_set():
    from newsweave.evaluate.extraction import evaluate_dev_set

    result = evaluate_dev_set()
    for key, figures in result["figures"].items():
        print(f"{key:>12}: {figures}")
    overall = result["figures"]["all"]
    for measure, floor in DEV_FLOORS.items():
        assert overall[measure] >= floor, (measure, overall[measure])


def test_every_clutter_pattern_is_removed_from_the_pages_that_have_it():
    from newsweave.evaluate.extraction import evaluate_dev_set

    figures = evaluate_dev_set()["figures"]
    patterns = {key for key in figures if key.startswith("pattern:")}
    assert len(patterns) >= 20
    weak = {key: (f["line_precision"], f["line_recall"]) for key, f in figures.items() if key in patterns
            and (f["line_precision"] < PATTERN_PRECISION_FLOOR or f["line_recall"] < 0.99)}
    assert not weak, weak


@pytest.mark.slow
def test_extraction_figure_on_the_zyte_benchmark():
    from newsweave.evaluate.extraction import evaluate_zyte

    from tests.conftest import dataset

    zyte = evaluate_zyte(dataset("article-extraction"))
    print("Zyte article-extraction benchmark:", zyte)
    assert zyte["newsweave"]["f1"] >= ZYTE_FLOOR
    assert zyte["newsweave_as_text"]["f1"] >= ZYTE_AS_TEXT_FLOOR


# Today's measured figures, rounded down: a change that lowers one fails here,
# and lowering a floor has to be an explicit edit.
ZYTE_FLOOR = 0.955
ENTITY_DEV_FLOORS = (0.87, 0.48)  # group precision, recall today; the goal is 0.95 / 0.8
DEV_FLOORS = {"line_precision": 0.96, "line_recall": 0.99, "title_accuracy": 0.95, "date_accuracy": 0.97}
ZYTE_AS_TEXT_FLOOR = 0.85
PATTERN_PRECISION_FLOOR = 0.92  # the weakest pattern today (trailing articles, glued breadcrumbs in HTML)
