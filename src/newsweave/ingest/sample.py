"""The bundled sample corpus: articles written for newsweave, with gold labels."""
from __future__ import annotations

import json
from pathlib import Path


def sample_dir() -> Path:
    return Path(__file__).resolve().parents[1] / "data" / "sample"


def gold_labels() -> dict[str, str]:
    """File name (relative to the sample folder) -> gold story label."""
    return json.loads((sample_dir().parent / "sample-gold.json").read_text(encoding="utf-8"))


def storyline_labels() -> dict[str, str]:
    """Gold event label -> gold storyline label (events of one developing story share one)."""
    return json.loads((sample_dir().parent / "sample-storylines.json").read_text(encoding="utf-8"))
