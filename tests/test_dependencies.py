"""Every third-party package the code imports is declared in pyproject.toml.

A package that happens to be installed as someone else's dependency imports
fine here and breaks on a user's machine when that someone stops needing it;
only a declared requirement is promised to be there.
"""
from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "newsweave"


def normalise(name: str) -> str:
    """PEP 503: case and runs of -_. do not distinguish distributions."""
    return re.sub(r"[-_.]+", "-", name).lower()


def declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = list(project.get("dependencies", []))
    for extra in project.get("optional-dependencies", {}).values():
        lines.extend(extra)
    return {normalise(Requirement(line).name) for line in lines}


def top_level_imports(source: str, filename: str = "<source>") -> set[str]:
    """Top-level names of the absolute imports anywhere in one module, function bodies included."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source, filename=filename)):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def imported_modules() -> dict[str, set[str]]:
    """Each imported top-level name with the files that import it."""
    found: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for name in top_level_imports(path.read_text(encoding="utf-8"), str(path)):
            found.setdefault(name, set()).add(str(path.relative_to(ROOT)))
    return found


def third_party(found: dict[str, set[str]]) -> dict[str, set[str]]:
    return {name: files for name, files in found.items()
            if name not in sys.stdlib_module_names and name != "newsweave"}


def test_every_imported_package_is_declared():
    wanted = declared()
    providers = importlib.metadata.packages_distributions()
    problems = []
    for module, files in sorted(third_party(imported_modules()).items()):
        where = ", ".join(sorted(files))
        dists = providers.get(module)
        if not dists:
            problems.append(f"{module} (in {where}): no installed distribution provides it")
        elif not {normalise(d) for d in dists} & wanted:
            problems.append(f"{module} (in {where}): provided by {' or '.join(sorted(set(dists)))}, "
                            "which pyproject.toml does not declare")
    assert not problems, "undeclared imports:\n  " + "\n  ".join(problems)


def test_the_scan_sees_lazy_and_dotted_imports_and_skips_relative_ones():
    # Heavy packages are imported inside the functions that need them; a scan
    # of module-level statements alone would miss them.
    source = (
        "import os.path, lxml.html as h\n"
        "from . import model\n"
        "from .embed import hashing\n"
        "def read():\n"
        "    from warcio.archiveiterator import ArchiveIterator\n"
        "    class Lazy:\n"
        "        import feedparser\n"
    )
    assert top_level_imports(source) == {"os", "lxml", "warcio", "feedparser"}


def test_html_cleaner_is_declared():
    # trafilatura cleans HTML with lxml.html.clean, which lxml 5.2 moved out
    # into lxml_html_clean; older pips installing trafilatura do not pull it.
    assert {"lxml", "lxml-html-clean"} <= declared()
