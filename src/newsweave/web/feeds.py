"""Atom feeds out: ``/feeds/events.atom`` (events with new articles) and ``/feeds/storylines/{id}.atom``."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Request
from fastapi.responses import Response

from newsweave.export import FEED_SIZE, atom_feed
from newsweave.store import StoryListing, StorylineListing
from newsweave.web.access import require_read
from newsweave.web.errors import documented

MAX_ID = 2 ** 62
ATOM_TYPE = "application/atom+xml; charset=utf-8"
router = APIRouter(prefix="/feeds", responses=documented(400, 422, 503))
ATOM_RESPONSE = {200: {"content": {"application/atom+xml": {}}, "description": "an Atom 1.0 feed"}}


def _atom(text: str) -> Response:
    return Response(text, media_type=ATOM_TYPE)


@router.get("/events.atom", summary="Atom: events with new articles, newest first",
            dependencies=[Depends(require_read)], response_class=Response,
            responses={**ATOM_RESPONSE, **documented(401)})
def events_feed(request: Request):
    base = str(request.base_url)
    with request.app.state.engine.store() as store:
        rows = StoryListing(store).page(limit=FEED_SIZE, order="recent")[1]
        store_id = store.get_meta("store_id") or "store"
    return _atom(atom_feed("events", "newsweave: events with new articles", f"{base}feeds/events.atom", base,
                           rows, store_id, base))


@router.get("/storylines/{storyline_id}.atom", summary="Atom: one storyline's events, newest activity first",
            dependencies=[Depends(require_read)], response_class=Response,
            responses={**ATOM_RESPONSE, **documented(401, 404)})
def storyline_feed(request: Request, storyline_id: Annotated[int, Path(ge=1, le=MAX_ID)]):
    base = str(request.base_url)
    with request.app.state.engine.store() as store:
        rows = StorylineListing(store).page(storyline_ids=[storyline_id], limit=1)[1]
        store_id = store.get_meta("store_id") or "store"
    if not rows:
        raise HTTPException(404, f"no storyline {storyline_id}")
    line = rows[0]
    events = sorted(line["events"], key=lambda e: e["last_ingested"] or "", reverse=True)[:FEED_SIZE]
    return _atom(atom_feed(f"storyline:{storyline_id}", f"newsweave storyline: {line['headline']['text']}",
                           f"{base}feeds/storylines/{storyline_id}.atom", f"{base}storylines/{storyline_id}",
                           events, store_id, base))
