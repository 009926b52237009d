"""Server-rendered pages: the story list, a story, an article, upload and sign-in."""
from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ..render import STYLE
from ..store.views import StoryListing
from .access import COOKIE, check_write_token, require_read, token_matches
from .api import ARTICLE_ID, LANG, MAX_STORY_ID, engine_of, get_article, story_view
from .finder import find_stories
from .layout import WEB_STYLE, article_page, login_page, story_list_page, story_page
from .uploads import read_uploads

PAGE_SIZE = 30
router = APIRouter(include_in_schema=False)
Reader = Annotated[str, Query(pattern=LANG)]


def _upload_message(added: int | None, rejected: int | None, known: int | None) -> str | None:
    if added is None:
        return None
    parts = [f"{added} article{'s' if added != 1 else ''} added"]
    if known:
        parts.append(f"{known} already known")
    if rejected:
        parts.append(f"{rejected} rejected (see /api/rejections)")
    return ", ".join(parts) + "."


@router.get("/", response_class=HTMLResponse, dependencies=[Depends(require_read)])
def story_list(request: Request, lang: Annotated[str | None, Query(pattern=LANG)] = None,
               since: date | None = None, until: date | None = None,
               q: Annotated[str | None, Query(max_length=500)] = None,
               offset: Annotated[int, Query(ge=0, le=10**6)] = 0, hl: Reader = "en",
               added: Annotated[int | None, Query(ge=0)] = None, rejected: Annotated[int | None, Query(ge=0)] = None,
               known: Annotated[int | None, Query(ge=0)] = None):
    engine = engine_of(request)
    current = {"lang": lang, "since": since.isoformat() if since else None,
               "until": until.isoformat() if until else None, "q": q, "hl": hl}
    with engine.store() as store:
        result = find_stories(engine, store, q=q, lang=lang, since=current["since"], until=current["until"],
                              limit=PAGE_SIZE, offset=offset, reader_lang=hl, by_relevance=True)
        listing = StoryListing(store)
        return story_list_page(result, listing.languages(), current, listing.revision(),
                               _upload_message(added, rejected, known))


@router.get("/stories/{story_id}", response_class=HTMLResponse, dependencies=[Depends(require_read)])
def story(request: Request, story_id: Annotated[int, Path(ge=1, le=MAX_STORY_ID)], hl: Reader = "en"):
    engine = engine_of(request)
    with engine.store() as store:
        view = story_view(store, engine, story_id, hl)
        return story_page(view, StoryListing(store).revision(), hl)


@router.get("/articles/{article_id}", response_class=HTMLResponse, dependencies=[Depends(require_read)])
def article(request: Request, article_id: Annotated[str, Path(pattern=ARTICLE_ID)], hl: Reader = "en"):
    return article_page(get_article(request, article_id), hl)


@router.post("/upload")
def upload(request: Request, files: Annotated[list[UploadFile], File()], token: Annotated[str, Form()] = ""):
    check_write_token(request.app.state.config, token)
    summary = engine_of(request).ingest(read_uploads(files, request.app.state.config.max_upload_bytes))
    return RedirectResponse(f"/?added={summary.stored}&rejected={len(summary.rejected)}&known={summary.duplicates}",
                            status_code=303)


@router.get("/login", response_class=HTMLResponse)
def login_form():
    return login_page()


@router.post("/login", response_class=HTMLResponse)
def login(request: Request, token: Annotated[str, Form()] = ""):
    if not token_matches(request.app.state.config, token):
        return HTMLResponse(login_page("That is not the API token."), status_code=403)
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(COOKIE, token, httponly=True, samesite="strict", max_age=30 * 24 * 3600)
    return response


@router.get("/assets/style.css")
def style():
    return Response(STYLE + WEB_STYLE, media_type="text/css", headers={"Cache-Control": "max-age=3600"})


