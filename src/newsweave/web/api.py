"""The HTTP API under ``/api``: JSON in, JSON out, described at ``/openapi.json``."""
from __future__ import annotations

import asyncio
import json
import time
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, File, Header, HTTPException, Path, Query, Request, UploadFile
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from newsweave import __version__
from newsweave.page import replace_surrogates
from newsweave.records import IngestSummary
from newsweave.export import FORMATS, export_lines
from newsweave.store import StoreReader, export_rows, outlets
from newsweave.store import StorylineListing
from newsweave.store import StoryListing
from newsweave.web.access import require_read, require_write
from newsweave.web.engine import Engine
from newsweave.web.errors import Rejected, documented
from newsweave.web.finder import find_stories, find_storylines, search_results
from newsweave.web.params import day_query
from newsweave.web.uploads import read_uploads, records_to_documents

LANG = r"^[a-z]{2,3}$"
ARTICLE_ID = r"^[0-9a-f]{1,64}$"
MAX_STORY_ID = 2 ** 62  # SQLite integers are 64-bit
EVENT_POLL_S = 1.0

# The Host check (400), a control character in any parameter, even one the route does not
# take (422), and a busy store (503) can answer any route.
router = APIRouter(prefix="/api", responses=documented(400, 422, 503))
READ_ERRORS = documented(401, 422)
ONE_ITEM_ERRORS = documented(401, 404, 422)
# The Guard middleware answers 401/403/411/413 before the body is read, and 408 when it is not all sent in time.
WRITE_ERRORS = {200: {"description": "nothing new: every article was stored already"},
                **documented(401, 403, 408, 411, 413, 422, invalid=Rejected)}
Lang = Annotated[str | None, Query(pattern=LANG, description="ISO 639 code, e.g. en, bn, ar")]
ReaderLang = Annotated[str, Query(pattern=LANG, description="reader's language, for headlines")]


def engine_of(request: Request) -> Engine:
    return request.app.state.engine


# Lone surrogates (valid in JSON escapes, not in UTF-8) become U+FFFD, by the readers' own rule.
Text = Annotated[str, AfterValidator(replace_surrogates)]


class ArticleIn(BaseModel):
    """One article in the corpus JSON format."""

    model_config = ConfigDict(extra="ignore")
    text: Text = Field(min_length=1, max_length=5_000_000, description="the article body (plain text or HTML)")
    title: Text | None = Field(None, max_length=2000)
    id: Text | None = Field(None, max_length=500, description="your own id, kept as external_id")
    lang: Text | None = Field(None, max_length=20, description="declared language; detected anyway")
    date: Text | None = Field(None, max_length=100, description="publication date or time, any common format")
    url: Text | None = Field(None, max_length=4000)
    source: Text | None = Field(None, max_length=500)
    label: Text | None = Field(None, max_length=500, description="a gold story label, for evaluation")


Articles = Annotated[list[ArticleIn], Field(min_length=1)]


class ArticleBatch(BaseModel):
    articles: Articles


def summary_json(summary: IngestSummary) -> dict:
    return {"read": summary.read, "stored": summary.stored, "duplicates": summary.duplicates,
            "near_duplicates": summary.near_duplicates, "stories_new": summary.stories_new,
            "stories_updated": summary.stories_updated,
            "articles": [{"id": a, "story_id": s} for a, s in summary.stored_articles],
            "rejected": [{"origin": r.origin, "reason": r.reason} for r in summary.rejected]}


def _ingest_response(summary: IngestSummary) -> JSONResponse:
    """201 when something was stored, 200 when all was already known, 422 when all was rejected:
    then, as every 422, with a ``detail`` list (one problem per rejected article) beside the summary."""
    body = summary_json(summary)
    if summary.stored:
        status = 201
    elif summary.rejected and not summary.duplicates:
        status = 422
        body = {"detail": [{"loc": ["body", r.origin], "msg": r.reason, "type": "rejected"}
                           for r in summary.rejected], **body}
    else:
        status = 200
    return JSONResponse(body, status_code=status)


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


@router.get("/health", summary="Liveness and store counts")
def health(request: Request):
    engine = engine_of(request)
    with engine.store() as store:
        listing = StoryListing(store)
        return {"status": "ok", "version": __version__, "articles": store.article_count(),
                "stories": listing.story_count(), "storylines": StorylineListing(store).storyline_count(),
                "revision": listing.revision(), "embedder": engine.embedder.name}


Since = day_query("covered on or after")
Until = day_query("covered on or before")
Limit = Annotated[int, Query(ge=1, le=200)]
Offset = Annotated[int, Query(ge=0, le=10**6)]


@router.get("/stories", summary="Stories (events), newest activity first", dependencies=[Depends(require_read)],
            responses=READ_ERRORS)
def list_stories(request: Request, lang: Lang = None, since: Since = None, until: Until = None,
                 q: Annotated[str | None, Query(max_length=500, description="only stories this search finds")] = None,
                 limit: Limit = 50, offset: Offset = 0, hl: ReaderLang = "en"):
    engine = engine_of(request)
    with engine.store() as store:
        return find_stories(engine, store, q=q, lang=lang, since=_day(since), until=_day(until), limit=limit,
                            offset=offset, reader_lang=hl)


@router.get("/storylines", summary="Storylines with their events, newest activity first",
            dependencies=[Depends(require_read)], responses=READ_ERRORS)
def list_storylines(request: Request, lang: Lang = None, since: Since = None, until: Until = None,
                    q: Annotated[str | None, Query(max_length=500,
                                                   description="only storylines of events this search finds")] = None,
                    limit: Limit = 50, offset: Offset = 0, hl: ReaderLang = "en"):
    engine = engine_of(request)
    with engine.store() as store:
        return find_storylines(engine, store, q=q, lang=lang, since=_day(since), until=_day(until), limit=limit,
                               offset=offset, reader_lang=hl)


def story_view(store: StoreReader, engine: Engine, story_id: int, hl: str) -> dict:
    view = engine.views(store).view(story_id, hl)
    if view is None:
        raise HTTPException(404, f"no story {story_id}")
    return view


@router.get("/stories/{story_id}", summary="One story's full view", dependencies=[Depends(require_read)],
            responses=ONE_ITEM_ERRORS)
def get_story(request: Request, story_id: Annotated[int, Path(ge=1, le=MAX_STORY_ID)], hl: ReaderLang = "en"):
    engine = engine_of(request)
    with engine.store() as store:
        return story_view(store, engine, story_id, hl)


def storyline_view(store: StoreReader, engine: Engine, storyline_id: int, hl: str) -> dict:
    view = engine.storyline_views(store).view(storyline_id, hl)
    if view is not None:
        return view
    owner = store.storyline_of(storyline_id)
    if owner is not None and owner != storyline_id:  # an event's id that is not its storyline's
        raise HTTPException(404, f"no storyline {storyline_id}: event {storyline_id} is part of storyline {owner}")
    raise HTTPException(404, f"no storyline {storyline_id}")


@router.get("/storylines/{storyline_id}", summary="One storyline: its events in time order, figures over time",
            dependencies=[Depends(require_read)], responses=ONE_ITEM_ERRORS)
def get_storyline(request: Request, storyline_id: Annotated[int, Path(ge=1, le=MAX_STORY_ID)], hl: ReaderLang = "en"):
    engine = engine_of(request)
    with engine.store() as store:
        return storyline_view(store, engine, storyline_id, hl)


@router.get("/articles/{article_id}", summary="One article with its cleaned text and its story",
            dependencies=[Depends(require_read)], responses=ONE_ITEM_ERRORS)
def get_article(request: Request, article_id: Annotated[str, Path(pattern=ARTICLE_ID)]):
    with engine_of(request).store() as store:
        listing = StoryListing(store)
        article = listing.article(article_id)
        if article is None:
            raise HTTPException(404, f"no article {article_id}")
        _, stories = listing.page(story_ids=[article["story_id"]], limit=1)
        article["story"] = ({"id": stories[0]["id"], "headline": stories[0]["headline"], "size": stories[0]["size"]}
                            if stories else None)
        return article


@router.get("/search", summary="Cross-lingual search over stories and articles", dependencies=[Depends(require_read)],
            responses=READ_ERRORS)
def search(request: Request, q: Annotated[str, Query(min_length=1, max_length=500)],
           limit: Annotated[int, Query(ge=1, le=100)] = 20, hl: ReaderLang = "en"):
    engine = engine_of(request)
    with engine.store() as store:
        return search_results(engine, store, q, limit, hl)


ExportFormat = Annotated[str, Query(pattern="^(" + "|".join(FORMATS) + ")$", description="jsonl or csv")]
Published = day_query("published on or after")


@router.get("/export", summary="Every stored article with its event and storyline, streamed",
            dependencies=[Depends(require_read)], response_class=StreamingResponse, responses=READ_ERRORS)
def export(request: Request, format: ExportFormat = "jsonl", since: Published = None):
    """One row per article: article_id, event_id, storyline_id, lang, published, outlet, url,
    source, title. Read from the store a page at a time as the response is sent, never
    whole in memory."""
    engine = engine_of(request)
    day = _day(since)

    def pages():
        after = 0
        while True:
            with engine.store() as store:  # one read per page: the stream may pass between threads
                page = export_rows(store, day, after)
            if not page:
                return
            after = page[-1][0]
            yield from (row for _, row in page)

    media = "application/x-ndjson" if format == "jsonl" else "text/csv; charset=utf-8"
    return StreamingResponse(export_lines(pages(), format), media_type=media,
                             headers={"Content-Disposition": f'attachment; filename="newsweave-export.{format}"'})


@router.get("/sources", summary="Outlets: domain, country, articles and their languages",
            dependencies=[Depends(require_read)], responses=READ_ERRORS)
def list_sources(request: Request):
    with engine_of(request).store() as store:
        return {"sources": outlets(store)}


@router.get("/rejections", summary="What was not stored, and why", dependencies=[Depends(require_read)],
            responses=READ_ERRORS)
def rejections(request: Request, limit: Annotated[int, Query(ge=1, le=1000)] = 100):
    with engine_of(request).store() as store:
        return {"rejections": store.rejections()[-limit:]}


@router.post("/articles", summary="Add one article or a batch (corpus JSON format)", status_code=201,
             dependencies=[Depends(require_write)], responses=WRITE_ERRORS)
def post_articles(request: Request, payload: ArticleIn | Articles | ArticleBatch):
    engine = engine_of(request)
    items = payload.articles if isinstance(payload, ArticleBatch) else payload if isinstance(payload, list) else [payload]
    if len(items) > request.app.state.config.max_batch:
        raise HTTPException(413, f"at most {request.app.state.config.max_batch} articles per request")
    records = [item.model_dump(exclude_none=True) for item in items]
    return _ingest_response(engine.ingest(records_to_documents(records, "api")))


@router.post("/ingest", summary="Upload article files (any format 'newsweave ingest' reads)", status_code=201,
             dependencies=[Depends(require_write)], responses={**WRITE_ERRORS, **documented(415)})
def post_ingest(request: Request, files: Annotated[list[UploadFile], File(description="one or more files")]):
    engine = engine_of(request)
    documents = read_uploads(files, request.app.state.config.max_upload_bytes)
    return _ingest_response(engine.ingest(documents))


@router.get("/events", summary="Server-sent events: 'change' whenever articles are stored",
            dependencies=[Depends(require_read)], response_class=StreamingResponse, responses=READ_ERRORS)
async def events(request: Request, since: Annotated[int, Query(ge=0, le=2**62)] = 0,
                 wait: Annotated[float, Query(ge=0.1, le=60, description="seconds before the stream ends")] = 25,
                 last_event_id: Annotated[str | None, Header(description="the last revision received")] = None):
    """Each event names the new revision, the stories that changed and their storylines; the
    stream ends after ``wait`` seconds and EventSource reconnects with the
    last event id, so nothing is sent twice."""
    last_id = last_event_id or ""
    # Only ids this server could have sent count; a 5,000-digit one is not
    # converted at all (int() refuses over 4,300 digits).
    start = max(since, int(last_id)) if last_id.isascii() and last_id.isdigit() and len(last_id) <= 18 else since
    engine = engine_of(request)

    async def stream():
        seen = start
        deadline = time.monotonic() + wait
        yield "retry: 2000\n\n"
        with engine.store() as store:
            listing = StoryListing(store)
            while time.monotonic() < deadline and not await request.is_disconnected():
                revision = listing.revision()
                if revision > seen:
                    changed = listing.changed_stories(seen)
                    lines = sorted({store.storyline_of(s) or s for s in changed})
                    data = json.dumps({"revision": revision, "stories": changed, "storylines": lines})
                    yield f"id: {revision}\nevent: change\ndata: {data}\n\n"
                    seen = revision
                # Not past the deadline: the stream ends after ``wait`` seconds, not a poll later.
                await asyncio.sleep(max(0.0, min(EVENT_POLL_S, deadline - time.monotonic())))

    return StreamingResponse(stream(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
