"""The FastAPI application: API routes, pages, static files and error handling."""
from __future__ import annotations

import logging
from pathlib import Path

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsweave import __version__
from newsweave.embed import Embedder
from newsweave.store import database_errors, is_busy
from newsweave.web import api, feeds, pages
from newsweave.web.access import require_write
from newsweave.web.config import ServerConfig
from newsweave.web.engine import Engine
from newsweave.web.layout import login_page, message_page
from newsweave.web.middleware import Guard
from newsweave.web.params import refuse_control_characters

log = logging.getLogger("newsweave.web")
STATIC = Path(__file__).parent / "static"
TITLES = {400: "Bad request", 401: "Sign in needed", 403: "Not allowed", 404: "Not found", 405: "Method not allowed",
          413: "Too large", 415: "Unsupported file type", 422: "Invalid request", 500: "Internal error",
          503: "Busy"}


def _wants_json(request: Request) -> bool:
    # Feeds are read by programs too: their refusals are the API's JSON, not pages.
    return request.url.path.startswith(("/api", "/feeds/")) or request.url.path == "/openapi.json"


def _error(request: Request, status: int, detail, headers=None):
    if _wants_json(request):
        return JSONResponse({"detail": detail}, status_code=status, headers=headers)
    if status == 401:
        return HTMLResponse(login_page(str(detail)), status_code=401)
    text = detail if isinstance(detail, str) else "; ".join(
        f"{'.'.join(str(p) for p in e.get('loc', [])[1:])}: {e.get('msg')}" for e in detail)
    return HTMLResponse(message_page(TITLES.get(status, "Error"), text, status), status_code=status, headers=headers)


def write_routes(*routers: APIRouter) -> list[tuple[set[str], object]]:
    """``(methods, path pattern)`` of every route of ``routers`` that needs the write token.
    Read from the routers themselves: an app's own route list wraps included routers."""
    return [(route.methods, route.path_regex) for router in routers for route in router.routes
            if isinstance(route, APIRoute)
            and any(getattr(d, "dependency", None) is require_write for d in route.dependencies)]


def create_app(config: ServerConfig, embedder: Embedder | None = None) -> FastAPI:
    """The app over ``config.db``; ``embedder`` defaults to the store's own model."""
    app = FastAPI(title="newsweave", version=__version__,
                  description="Multilingual news stories, offline: stories, articles, cross-lingual search, "
                              "and adding articles while the app runs. Writes need the API token "
                              "(`Authorization: Bearer TOKEN`).",
                  # The interactive docs pages load scripts from a CDN; the schema itself is served.
                  docs_url=None, redoc_url=None,
                  # Every route, whatever its parameters, refuses control characters in them.
                  dependencies=[Depends(refuse_control_characters)])
    app.state.config = config
    app.state.engine = Engine(config.db, embedder)
    app.router.on_shutdown.append(app.state.engine.close)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(feeds.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        return _error(request, exc.status_code, exc.detail, getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        errors = [{"loc": list(e.get("loc", [])), "msg": e.get("msg", ""), "type": e.get("type", "")}
                  for e in exc.errors()]
        return _error(request, 422, errors)

    async def busy(request: Request, exc: Exception):
        if not is_busy(exc):
            return await crashed(request, exc)
        log.warning("store busy: %s %s: %s", request.method, request.url.path, exc)
        return _error(request, 503, "the store is busy with another writer; try again shortly", {"Retry-After": "5"})

    # The engine has opened the store by now, so the errors of its database engine are known.
    for error in database_errors():
        app.add_exception_handler(error, busy)

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception):
        log.exception("request failed: %s %s", request.method, request.url.path)
        return _error(request, 500, "internal error; the server log has the details")

    app.add_middleware(Guard, config=config, max_bytes=config.max_upload_bytes + 1024 * 1024,  # multipart framing
                       body_timeout=config.body_timeout, write_routes=write_routes(api.router, pages.router))
    return app
