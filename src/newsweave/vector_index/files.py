"""Where an index lives next to its store, and which saved file is current.

A saved index is named ``<kind>-<store id>-<mark>.usearch``: the store it was
built from (a new store at the same path never picks up an old one's index)
and the high-water mark it holds (the store's log position or article
sequence number). Saving writes a new file and then removes older ones, so
a killed process leaves either the old file or the new one, never half of
one; on opening, the newest readable file not ahead of the store is used and
the store's log brings it up to date.
"""
from __future__ import annotations

import re
import time
from pathlib import Path

from newsweave.vector_index.ann import AnnIndex

STALE_TMP_S = 3600


def index_folder(store) -> Path | None:
    """The folder beside a SQLite store file; None for stores without one (PostgreSQL, in memory)."""
    path = getattr(store, "path", "")
    if type(store).__name__ != "SQLiteStore" or not path or path == ":memory:":
        return None
    return Path(f"{path}.index")


def store_identity(store) -> str | None:
    """The store's id, made once by the first writer (None for a read-only store without one)."""
    identity = store.get_meta("store_id")
    if identity is None and store.writable:
        import uuid
        with store.transaction():  # in turn: two first writers must not each make one
            identity = store.get_meta("store_id")
            if identity is None:
                identity = uuid.uuid4().hex
                store.set_meta("store_id", identity)
    return identity


def _pattern(kind: str, identity: str) -> re.Pattern:
    return re.compile(rf"{re.escape(kind)}-{re.escape(identity)}-(\d+)\.usearch")


def load_latest(folder: Path | None, kind: str, identity: str | None, dim: int, newest_mark: int,
                view: bool = False) -> tuple[AnnIndex, int] | None:
    """The newest saved index of ``kind`` for this store not ahead of ``newest_mark``, with its mark."""
    if folder is None or identity is None or not folder.is_dir():
        return None
    pattern = _pattern(kind, identity)
    saved = sorted(((int(m.group(1)), p) for p in folder.iterdir() if (m := pattern.fullmatch(p.name))),
                   reverse=True)
    for mark, path in saved:
        if mark > newest_mark:
            continue  # made from a later state of the store than the one here (a restored backup)
        index = AnnIndex.load(path, dim, view=view)
        if index is not None:
            return index, mark
    return None


def save(folder: Path | None, kind: str, identity: str | None, index: AnnIndex, mark: int) -> Path | None:
    """Save ``index`` at ``mark`` and remove this store's older files of ``kind``."""
    if folder is None or identity is None:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{kind}-{identity}-{mark}.usearch"
    if not path.exists():
        index.save(path)
    pattern = _pattern(kind, identity)
    for old in folder.iterdir():
        m = pattern.fullmatch(old.name)
        if m and int(m.group(1)) < mark:
            old.unlink(missing_ok=True)
        elif old.name.endswith(".tmp") and ".usearch." in old.name and old.name.startswith(f"{kind}-") \
                and time.time() - old.stat().st_mtime > STALE_TMP_S:
            old.unlink(missing_ok=True)  # left by a save that was killed, not one under way
    return path


def remove_saved(store) -> int:
    """Delete every saved index of this store (they are rebuilt from the store); returns how many."""
    folder = index_folder(store)
    if folder is None or not folder.is_dir():
        return 0
    removed = 0
    for path in folder.iterdir():
        if path.name.endswith(".usearch") or ".usearch." in path.name:
            path.unlink(missing_ok=True)
            removed += 1
    return removed
