"""Countries and big cities in any language, from the shipped place index.

The index (``data/places.json.gz``, built by ``tools/build_gazetteer.py``
from CLDR territory names and GeoNames cities with their alternate names)
maps names as written to places. Names are matched as written only, not by
a loose transliteration key: folded keys of short names collide with common
words ("Prime" with a romanisation of Bremen).

>>> lookup("Qatar").name, lookup("কাতারের").name, lookup("قطر").name, lookup("Катар").name
('Qatar', 'Qatar', 'Qatar', 'Qatar')
>>> lookup("Doha").kind, lookup("said") is None
('city', True)
"""
from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .names import forms


@dataclass(frozen=True)
class Place:
    name: str      # English name
    kind: str      # "country" | "city"
    country: str   # ISO 3166 code


@lru_cache(maxsize=1)
def _index() -> tuple[list[Place], dict[str, int]]:
    raw = resources.files("newsweave").joinpath("data/places.json.gz").read_bytes()
    data = json.loads(gzip.decompress(raw))
    return [Place(*row) for row in data["places"]], data["written"]


def _forms(name: str) -> list[str]:
    folded = name.casefold()
    tokens = folded.split()
    out = [folded]
    if len(tokens) == 1:
        out.extend(forms(folded)[1:])
    else:
        out.append(" ".join(forms(token)[-1] for token in tokens))
    return out


def lookup(name: str, min_stem: int = 0) -> Place | None:
    """The place a name stands for, or None.

    ``min_stem``: the shortest a name may be once its article or case ending
    is taken off; a short stem meets common words (চাদর, "sheet", is চাদ,
    Chad, with an ending).
    """
    places, written = _index()
    for number, form in enumerate(_forms(name)):
        if number and len(form) < min_stem:
            continue
        if form in written:
            return places[written[form]]
    return None
