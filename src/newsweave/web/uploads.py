"""Files and JSON records sent to the app, turned into documents for the pipeline.

An upload is written under a name the server makes (never the client's), in a
private temporary folder, and read by the same readers as ``newsweave ingest``.
"""
from __future__ import annotations

import re
import tempfile
from pathlib import Path

from fastapi import HTTPException, UploadFile

from newsweave.ingest import format_of, read_file
from newsweave.ingest import record_to_document
from newsweave.records import RawDocument, Rejection
from newsweave.pipeline import StageFailure

CHUNK = 1024 * 1024


def display_name(filename: str | None, index: int) -> str:
    """The client's file name for messages only: no folders, no control characters.

    >>> display_name("../../etc/passwd", 0), display_name("a\\x00b.txt", 1), display_name(None, 2)
    ('passwd', 'ab.txt', 'file-3')
    """
    name = re.sub(r"[\x00-\x1f\x7f]", "", (filename or "").replace("\\", "/").rsplit("/", 1)[-1])[:200]
    return name or f"file-{index + 1}"


def _suffix(name: str) -> str | None:
    """The supported extension of ``name`` (``.json.gz`` style), or None."""
    path = Path(name.lower())
    if format_of(path) is None:
        return None
    return "".join(path.suffixes[-2:]) if path.suffix == ".gz" else path.suffix


def read_uploads(files: list[UploadFile], max_bytes: int) -> list[RawDocument | Rejection]:
    """Documents in the uploaded files; an unsupported or oversized file becomes a rejection.

    Raises 415 when no file has a supported type, so a client sending only
    wrong types learns it from the status code.
    """
    out: list[RawDocument | Rejection] = []
    supported = 0
    with tempfile.TemporaryDirectory(prefix="newsweave-upload-") as folder:
        for index, upload in enumerate(files):
            name = display_name(upload.filename, index)
            origin = f"upload:{name}"
            suffix = _suffix(name)
            if suffix is None:
                out.append(Rejection(origin, f"unsupported file type: {Path(name).suffix or '(no extension)'}"))
                continue
            supported += 1
            target = Path(folder) / f"upload-{index}{suffix}"
            size = 0
            with target.open("wb") as handle:
                while chunk := upload.file.read(CHUNK):
                    size += len(chunk)
                    if size > max_bytes:
                        break
                    handle.write(chunk)
            if size > max_bytes:
                out.append(Rejection(origin, f"file is larger than the upload limit of {max_bytes // (1024 * 1024)} MiB"))
                continue
            try:
                out.extend(read_file(target, origin=origin, max_bytes=max_bytes))
            except Exception as exc:  # a reader's bug costs this upload only, as in the pipeline
                out.append(Rejection(origin, StageFailure("read", exc).reason))
    if files and not supported:
        raise HTTPException(415, "no file of a supported type: " + "; ".join(r.reason for r in out))
    return out


def records_to_documents(records: list[dict], origin: str) -> list[RawDocument | Rejection]:
    return [record_to_document(item, f"{origin}#{index}", None) for index, item in enumerate(records)]
