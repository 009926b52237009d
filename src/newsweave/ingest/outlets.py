"""Where an article comes from: its outlet, the outlet's web domain and, where it can be known, its country.

The outlet is the first of: the name the page or the feed declares (``og:site_name``,
publisher metadata, the feed's title), the URL's registrable domain, and the ``source``
a JSON record gives. A domain is cut by the public-suffix list bundled with tldextract,
never fetched. The country comes from the domain: a country's own suffix (``.bd``,
``.co.uk``), else a bundled list of outlets on generic suffixes (``data/outlets.json``).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

# Two-letter suffixes sold as generic names, which say nothing of a newsroom's country.
GENERIC_CC = frozenset({"ai", "cc", "co", "fm", "gg", "io", "me", "nu", "to", "tv", "ws"})
SUFFIX_COUNTRY = {"uk": "GB"}  # where the suffix is not the ISO code


@dataclass(frozen=True)
class Outlet:
    name: str
    domain: str | None = None
    country: str | None = None


@lru_cache(maxsize=1)
def _extract():
    import tldextract
    # No suffix list URLs and no cache: the snapshot inside the package, with no network.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


@lru_cache(maxsize=1)
def _bundled() -> dict[str, str]:
    raw = json.loads(resources.files("newsweave").joinpath("data/outlets.json").read_text(encoding="utf-8"))
    return {domain: country for domain, country in raw.items() if not domain.startswith("_")}


@lru_cache(maxsize=65_536)
def domain_of(url: str | None) -> str | None:
    """The registrable domain of a web address (``news.bbc.co.uk`` -> ``bbc.co.uk``); None for
    anything else (a file path, a bare word).

    >>> domain_of("https://www.prothomalo.com/world/x"), domain_of("http://news.bbc.co.uk/a"), domain_of("file:///a")
    ('prothomalo.com', 'bbc.co.uk', None)
    """
    if not url or not url.lower().startswith(("http://", "https://")):
        return None
    parts = _extract()(url)
    if not parts.domain or not parts.suffix:
        return None
    return f"{parts.domain}.{parts.suffix}".lower()


def country_of(domain: str | None) -> str | None:
    """The country of an outlet's domain, where it can be known.

    >>> country_of("prothomalo.com"), country_of("bbc.co.uk"), country_of("lemonde.fr"), country_of("example.io")
    ('BD', 'GB', 'FR', None)
    """
    if not domain:
        return None
    if domain in _bundled():
        return _bundled()[domain]
    last = domain.rsplit(".", 1)[-1]
    if len(last) == 2 and last.isalpha() and last not in GENERIC_CC:
        return SUFFIX_COUNTRY.get(last, last.upper())
    return None


def outlet_of(site: str | None, url: str | None, source: str | None) -> Outlet | None:
    """The outlet of an article, by the order above; None when nothing names one.

    >>> outlet_of("Prothom Alo", "https://www.prothomalo.com/x", None)
    Outlet(name='Prothom Alo', domain='prothomalo.com', country='BD')
    >>> outlet_of(None, "https://www.aljazeera.net/news/1", "Al Jazeera Arabic").name
    'aljazeera.net'
    >>> outlet_of(None, None, "Reuters"), outlet_of(None, None, None)
    (Outlet(name='Reuters', domain=None, country=None), None)
    """
    domain = domain_of(url)
    name = _clean(site) or domain or _clean(source)
    if name is None:
        return None
    return Outlet(name, domain, country_of(domain))


def _clean(name: str | None) -> str | None:
    name = " ".join((name or "").split())
    return name[:200] or None
