"""The error bodies of the API, as the OpenAPI schema describes them.

Every error is ``{"detail": ...}``: a sentence, except for 422, whose detail
is always a list of ``{loc, msg, type}`` (what was wrong, and where).
"""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Error(BaseModel):
    detail: str = Field(description="what went wrong, in a sentence")


class Problem(BaseModel):
    loc: list[str | int] = Field(description="where: 'query', 'path', 'body' or 'header', then the name or index")
    msg: str
    type: str = Field(description="a short code: missing, string_too_long, control_character, rejected, ...")


class Invalid(BaseModel):
    detail: list[Problem]


class Rejected(Invalid):
    """A write whose every article was rejected: one problem per article, and the ingest summary beside them."""

    model_config = ConfigDict(extra="allow")


WHY = {400: "the Host header names no host this server answers to (see --allowed-host), "
            "or the body could not be parsed",
       401: "the API token is needed and was not sent", 403: "the API token sent is wrong",
       404: "nothing has that id", 408: "the request body did not all arrive in time",
       411: "a request body came without Content-Length", 413: "the body, or the batch, is over the limit",
       415: "no uploaded file is of a supported type", 422: "a parameter or the body is not valid",
       503: "the store is busy with another writer; retry after the Retry-After seconds"}


def documented(*statuses: int, invalid: type[Invalid] = Invalid) -> dict[int | str, dict]:
    """The ``responses=`` of a route that can answer ``statuses``."""
    return {status: {"model": invalid if status == 422 else Error, "description": WHY[status]}
            for status in statuses}
