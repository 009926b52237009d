"""The ``newsweave`` command line: parse options, call the library, print.

One module per group of commands: ``ingesting`` (what writes), ``reading``
(what reads), ``exporting`` (what takes results out), ``showing`` (the demo and the web app), ``measuring`` (the
evaluations); ``options`` holds what they share.
"""
from __future__ import annotations

import click

from newsweave.cli import exporting, ingesting, measuring, reading, showing


@click.group()
@click.version_option(package_name="newsweave")
def main() -> None:
    """newsweave: multilingual news stories, offline."""


for _command in (ingesting.ingest, ingesting.watch, ingesting.regroup, ingesting.reindex,
                 reading.stories, reading.story, reading.report, reading.rejected,
                 exporting.export, exporting.sources,
                 showing.demo, showing.serve,
                 measuring.evaluate, measuring.evaluate_pairs_cmd, measuring.evaluate_extract_cmd, measuring.bench):
    main.add_command(_command)
