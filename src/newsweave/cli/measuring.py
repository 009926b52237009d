"""The commands that measure: eval, eval-pairs, eval-extract, bench."""
from __future__ import annotations

import json
import tempfile
from pathlib import Path

import click


@click.command(name="eval")
@click.argument("corpus", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="print one JSON object")
@click.option("--level", type=click.Choice(["event", "storyline"]),
              help="what the gold labels group (default: the records' 'level' field, else event)")
def evaluate(corpus, as_json, level):
    """Cluster a labelled corpus from scratch and score events (or storylines) against its labels."""
    from newsweave.evaluate import evaluate_corpus

    try:
        with tempfile.TemporaryDirectory() as tmp:
            result = evaluate_corpus(Path(corpus), Path(tmp) / "eval.db", level=level)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps(result))
        return
    for key, value in result.items():
        click.echo(f"{key:>20}: {value}")


@click.command(name="eval-pairs")
@click.argument("pairs", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="print one JSON object")
def evaluate_pairs_cmd(pairs, as_json):
    """Correlate the engine's article similarity with rated pairs (SemEval-2022 Task 8 CSV)."""
    from newsweave.evaluate import evaluate_pairs

    try:
        result = evaluate_pairs(Path(pairs))
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps(result))
        return
    click.echo(f"Pearson r with -Overall: {result['pearson']} (graded relatedness), "
               f"{result['pearson_event_score']} (event score) over {result['n_pairs']} pairs")
    for key, value in result["by_language_pair"].items():
        click.echo(f"  {key:>7}: {value['pearson']!s:>7}  ({value['n_pairs']} pairs)")


@click.command(name="eval-extract")
@click.argument("folder", required=False, type=click.Path(exists=True, file_okay=False))
@click.option("--zyte", metavar="DIR", type=click.Path(exists=True, file_okay=False),
              help="also score the Zyte article-extraction benchmark in DIR (ground-truth.json, html/)")
@click.option("--errors", "show_errors", is_flag=True, help="list every page with a wrong title, date or line")
@click.option("--json", "as_json", is_flag=True, help="print one JSON object")
def evaluate_extract_cmd(folder, zyte, show_errors, as_json):
    """Score clutter removal and titles on a development set of scraped pages (default: the bundled one)."""
    from newsweave.evaluate import evaluate_dev_set, evaluate_zyte

    try:
        result = evaluate_dev_set(Path(folder) if folder else None)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    if zyte:
        result["zyte"] = evaluate_zyte(Path(zyte))
    from newsweave.evaluate import evaluate_dev_set_entities

    result["entities"] = evaluate_dev_set_entities(Path(folder) if folder else None)["figures"]
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False))
        return
    click.echo(f"{result['pages']} pages, {result['documents']} documents (.txt and .html)")
    for key, fig in result["figures"].items():
        click.echo(f"  {key:>28}: line precision {fig['line_precision']:.4f}  line recall {fig['line_recall']:.4f}  "
                   f"title accuracy {fig['title_accuracy']:.4f}  date accuracy {fig['date_accuracy']:.4f}  "
                   f"({fig['documents']} documents)")
    for key, fig in result["entities"].items():
        click.echo(f"  entities {key:>19}: group precision {fig['group_precision']:.4f}  "
                   f"group recall {fig['group_recall']:.4f}  ({fig['groups']} groups, {fig['gold_entities']} gold)")
    for name, fig in result.get("zyte", {}).items():
        click.echo(f"  Zyte benchmark, {name:>17}: F1 {fig['f1']:.4f}  precision {fig['precision']:.4f}  "
                   f"recall {fig['recall']:.4f}  ({fig['pages']} pages)")
    if show_errors:
        for error in result["errors"]:
            click.echo(f"\n{error['page']}")
            if error["title"] is not None:
                click.echo(f"  title {error['title']!r}, gold {error['gold_title']!r}")
            if error["date"] is not None:
                click.echo(f"  date {error['date']}")
            click.echo("".join(f"  + {line}\n" for line in error["kept_not_body"]).rstrip("\n"))
            click.echo("".join(f"  - {line}\n" for line in error["body_missed"]).rstrip("\n"))


@click.command()
@click.argument("corpus", required=False, type=click.Path(exists=True))
@click.option("--json", "as_json", is_flag=True, help="print one JSON object")
def bench(corpus, as_json):
    """Time each pipeline stage on CORPUS (default: the bundled sample) in a fresh store."""
    from newsweave.evaluate import benchmark
    from newsweave.ingest import sample_dir

    with tempfile.TemporaryDirectory() as tmp:
        result = benchmark(Path(corpus) if corpus else sample_dir(), Path(tmp) / "bench.db")
    if as_json:
        click.echo(json.dumps(result))
        return
    click.echo(f"{result['articles']} articles in {result['wall_s']} s: {result['articles_per_s']} articles/s, "
               f"peak memory {result['peak_rss_mb']} MiB")
    for stage, seconds in result["stage_seconds"].items():
        share = 100 * seconds / result["wall_s"] if result["wall_s"] else 0.0
        click.echo(f"  {stage:>9}: {seconds:8.2f} s  {share:5.1f}%")
