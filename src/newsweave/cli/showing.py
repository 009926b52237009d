"""The commands that show the engine: the demo over the bundled sample, and the web app."""
from __future__ import annotations

from pathlib import Path

import click

from newsweave.cli.ingesting import run_ingest
from newsweave.cli.options import db_option, db_path, open_read, open_write, print_summary
from newsweave.cli.reading import storyline_lines, write_html_report
from newsweave.store import StoreError, StorylineListing, is_url, shown_location


@click.command()
@click.option("--db", metavar="FILE", default="newsweave-demo.db", show_default=True, help="store to (re)create")
@click.option("--out", metavar="DIR", default="newsweave-report", show_default=True, help="where the HTML report goes")
def demo(db, out):
    """Ingest the bundled sample corpus into a fresh store and show its stories."""
    from newsweave.ingest import sample_dir

    if is_url(db):
        raise click.UsageError("demo deletes and remakes its store, so it takes a SQLite file; put the sample "
                               f"into a PostgreSQL store with: newsweave ingest {sample_dir()} --db URL")

    for suffix in ("", "-wal", "-shm", ".lock", ".lock-wait"):
        Path(db + suffix).unlink(missing_ok=True)
    click.echo(f"ingesting the sample corpus from {sample_dir()} into {db} ...")
    summary = run_ingest([sample_dir()], db)
    print_summary(summary)
    with open_read(db) as store:
        found = StorylineListing(store).all()
    events = sum(line["n_events"] for line in found)
    click.echo(f"\n{events} events in {len(found)} storylines:")
    for item in found:
        for line in storyline_lines(item):
            click.echo(line)
    page = write_html_report(db, out, "en")
    click.echo(f"\nHTML report: {page}  (one event: newsweave story ID --db {db}; a storyline: story L<ID>)")
    click.echo(f"web app: newsweave serve --db {db}  (then open http://localhost:8000/)")


@click.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="address to listen on (0.0.0.0: every interface)")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--reads", type=click.Choice(["local", "open", "token"]), envvar="NEWSWEAVE_READS", default="local",
              show_default=True, help="who may read without the token: this machine only, anyone, or no one")
@click.option("--max-upload-mb", default=20, show_default=True, type=click.IntRange(1, 1024),
              help="largest request body (uploads, batches)")
@click.option("--head-timeout", default=10.0, show_default=True, type=click.FloatRange(min=0.1),
              help="seconds a client has to send a request's line and headers")
@click.option("--body-timeout", default=30.0, show_default=True, type=click.FloatRange(min=0.1),
              help="seconds a client has to send a request's whole body")
@click.option("--allowed-host", "allowed_hosts", multiple=True, metavar="NAME", envvar="NEWSWEAVE_ALLOWED_HOSTS",
              callback=lambda ctx, param, values: tuple(n for v in values for n in v.split(",") if n.strip()),
              help="a host name clients reach the server by, beside localhost, 127.0.0.1, ::1 and --host "
                   "(repeatable; $NEWSWEAVE_ALLOWED_HOSTS: comma-separated); other Host headers get 400")
def serve(db, host, port, reads, max_upload_mb, head_timeout, body_timeout, allowed_hosts):
    """Run the web app and HTTP API (pages at /, API under /api, schema at /openapi.json)."""
    import uvicorn

    from newsweave.web import ServerConfig, create_app
    from newsweave.web import allowed_hosts_for, resolve_token, token_file
    from newsweave.web import deadline_protocol

    path = db_path(db)
    open_write(path).close()  # a path that is no store fails here, before a token file is written beside it
    token, origin = resolve_token(path)
    try:
        app = create_app(ServerConfig(db=path, token=token, reads=reads, max_upload_bytes=max_upload_mb * 1024 * 1024,
                                      head_timeout=head_timeout, body_timeout=body_timeout,
                                      allowed_hosts=allowed_hosts_for(host, allowed_hosts)))
    except (StoreError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    app.state.engine.embedder.embed_query(["warm up"])  # load the model now, not on the first search
    shown = "localhost" if host in ("127.0.0.1", "::1") else host
    click.echo(f"newsweave on http://{shown}:{port}/  (store: {shown_location(path)}, reads: {reads})")
    if origin == "new":
        click.echo(f"API token (new; saved to {token_file(path)}, readable by you only): {token}")
    else:
        click.echo(f"API token: from {origin}")
    if reads == "local" and host not in ("127.0.0.1", "::1", "localhost"):
        click.echo("other machines need the token to read (sign in at /login); --reads open lets anyone read")
    click.echo(f"answers to the host names {', '.join(app.state.config.allowed_hosts)} (more: --allowed-host NAME)")
    uvicorn.run(app, host=host, port=port, log_level="info", timeout_graceful_shutdown=3,
                http=deadline_protocol(head_timeout))
