"""The README's library example runs as written, on pages of the messy test story."""
from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import newsweave

README = Path(__file__).resolve().parents[1] / "README.md"
PAGES = Path(__file__).parent / "data" / "messy-story"


def test_the_public_names_are_exported():
    assert {"Pipeline", "StorylineListing", "StorylineViews", "StoryListing", "StoryViews", "Searcher",
            "open_store"} <= set(newsweave.__all__)
    assert all(getattr(newsweave, name) for name in newsweave.__all__)


def test_the_readme_library_example_runs(tmp_path, monkeypatch):
    example = re.search(r"## Python library\n\n```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert example, "the README has a Python library example"
    code = example.group(1).replace('"articles/"', repr(str(PAGES)))
    monkeypatch.chdir(tmp_path)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, "README.md", "exec"), {})
    lines = printed.getvalue().splitlines()
    assert len(lines) == 2  # two events: the truce in March and the donors' conference in April
    assert any("truce in Sudan's El Fasher" in line for line in lines)
    assert (tmp_path / "news.db").exists()
