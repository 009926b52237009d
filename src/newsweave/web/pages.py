"""Server-rendered pages: the storyline list, a storyline, an event, an article, upload and sign-in.

Each content page has a JSON twin under ``/api`` (named in its ``<link rel=alternate>``)."""
from __future__ import annotations

import re
from pathlib import Path as FilePath
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, HTTPException, Path, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from newsweave.render import STYLE
from newsweave.store import StoreReader, outlets
from newsweave.store import StorylineListing
from newsweave.store import StoryListing
from newsweave.web.access import COOKIE, check_write_token, require_read, token_matches
from newsweave.web.api import ARTICLE_ID, LANG, MAX_STORY_ID, engine_of, get_article, story_view, storyline_view
from newsweave.web.finder import find_storylines
from newsweave.web.layout import (WEB_STYLE, article_page, login_page, sources_page, story_list_page, story_page,
                                 storyline_page)
from newsweave.web.params import parse_day
from newsweave.web.uploads import read_uploads

FAVICON = FilePath(__file__).parent / "static" / "favicon.svg"

PAGE_SIZE = 30
router = APIRouter(include_in_schema=False)
Reader = Annotated[str | None, Query(pattern=LANG, description="reader's language; default: the browser's")]


def reader_language(request: Request, hl: str | None) -> str:
    """``hl`` when given, else the first language the browser asks for that looks like a code, else English.

    >>> from types import SimpleNamespace as NS
    >>> reader_language(NS(headers={"accept-language": "bn-BD,bn;q=0.9,en;q=0.8"}), None)
    'bn'
    >>> reader_language(NS(headers={}), None), reader_language(NS(headers={}), "ar")
    ('en', 'ar')
    """
    if hl:
        return hl
    for part in request.headers.get("accept-language", "").split(","):
        code = part.split(";")[0].strip().split("-")[0].lower()
        if re.fullmatch(LANG, code):
            return code
    return "en"


def _upload_message(added: int | None, rejected: int | None, known: int | None) -> str | None:
    if added is None:
        return None
    parts = [f"{added} article{'s' if added != 1 else ''} added"]
    if known:
        parts.append(f"{known} already known")
    if rejected:
        parts.append(f"{rejected} rejected (see /api/rejections)")
    return ", ".join(parts) + "."


def _form_value(value: str | None, name: str, pattern: str | None = None) -> str | None:
    """A GET form sends every field, empty ones too: empty means "not set"."""
    value = (value or "").strip()
    if not value:
        return None
    if pattern and not re.fullmatch(pattern, value):
        raise HTTPException(422, f"{name}: {value[:40]!r} is not valid")
    return value


def _form_date(value: str | None, name: str) -> str | None:
    value = _form_value(value, name)
    try:
        return parse_day(value).isoformat() if value else None
    except ValueError as exc:
        raise HTTPException(422, f"{name}: {value[:40]!r}: {exc}") from None


FormText = Annotated[str | None, Query(max_length=500)]


@router.get("/", response_class=HTMLResponse, dependencies=[Depends(require_read)])
def story_list(request: Request, lang: FormText = None, since: FormText = None, until: FormText = None,
               q: FormText = None, offset: Annotated[int, Query(ge=0, le=10**6)] = 0, hl: Reader = None,
               added: Annotated[int | None, Query(ge=0)] = None, rejected: Annotated[int | None, Query(ge=0)] = None,
               known: Annotated[int | None, Query(ge=0)] = None):
    engine = engine_of(request)
    hl = reader_language(request, hl)
    current = {"lang": _form_value(lang, "language", LANG), "since": _form_date(since, "from"),
               "until": _form_date(until, "to"), "q": _form_value(q, "search"), "hl": hl}
    with engine.store() as store:
        result = find_storylines(engine, store, q=current["q"], lang=current["lang"], since=current["since"],
                              until=current["until"], limit=PAGE_SIZE, offset=offset, reader_lang=hl,
                              by_relevance=True)
        listing = StoryListing(store)
        return story_list_page(result, listing.languages(), current, listing.revision(),
                               _upload_message(added, rejected, known))


@router.get("/stories/{story_id}", response_class=HTMLResponse, dependencies=[Depends(require_read)])
def story(request: Request, story_id: Annotated[int, Path(ge=1, le=MAX_STORY_ID)], hl: Reader = None):
    engine = engine_of(request)
    hl = reader_language(request, hl)
    with engine.store() as store:
        view = story_view(store, engine, story_id, hl)
        return story_page(view, StoryListing(store).revision(), hl, _storyline_headline(store, view, hl))


def _storyline_headline(store: StoreReader, view: dict, hl: str) -> dict | None:
    """The headline of the storyline an event belongs to, when that storyline has other events."""
    line = view.get("storyline")
    if not line or line["n_events"] < 2:
        return None
    _, rows = StorylineListing(store).page(storyline_ids=[line["id"]], limit=1, reader_lang=hl)
    return rows[0]["headline"] if rows else None


@router.get("/storylines/{storyline_id}", response_class=HTMLResponse, dependencies=[Depends(require_read)])
def storyline(request: Request, storyline_id: Annotated[int, Path(ge=1, le=MAX_STORY_ID)], hl: Reader = None):
    engine = engine_of(request)
    hl = reader_language(request, hl)
    with engine.store() as store:
        view = storyline_view(store, engine, storyline_id, hl)
        return storyline_page(view, StoryListing(store).revision(), hl)


@router.get("/sources", response_class=HTMLResponse, dependencies=[Depends(require_read)])
def sources(request: Request):
    with engine_of(request).store() as store:
        return sources_page(outlets(store))


@router.get("/articles/{article_id}", response_class=HTMLResponse, dependencies=[Depends(require_read)])
def article(request: Request, article_id: Annotated[str, Path(pattern=ARTICLE_ID)], hl: Reader = None):
    return article_page(get_article(request, article_id), reader_language(request, hl))


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


@router.get("/favicon.ico")
def favicon():
    """Browsers ask for /favicon.ico whatever the page links; it is the same small SVG."""
    return Response(FAVICON.read_bytes(), media_type="image/svg+xml", headers={"Cache-Control": "max-age=86400"})


@router.get("/assets/style.css")
def style():
    return Response(STYLE + WEB_STYLE, media_type="text/css", headers={"Cache-Control": "max-age=3600"})


