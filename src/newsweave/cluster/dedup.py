"""Exact and near-duplicate detection.

Exact copies share a content hash and are stored once. Near-duplicates (a copy
with a changed byline, a re-wrapped paragraph) are found with MinHash LSH over
word shingles, stored, and linked to the article they copy. The store keeps
each stored article's band buckets (:func:`band_buckets`), so a lookup reads
only the articles that share a band, never every signature.

>>> finder = DuplicateFinder()
>>> text = " ".join(f"word{i}" for i in range(200))
>>> finder.add("a1", signature(text))
>>> finder.find(signature(text + " extra closing words"))[0]
'a1'
>>> finder.find(signature("something else entirely " * 20)) is None
True
"""
from __future__ import annotations

import hashlib
import re

import numpy as np

NUM_PERM = 64
NEAR_DUPLICATE_JACCARD = 0.8
SHINGLE_WORDS = 3
_word = re.compile(r"\w+", re.UNICODE)


def content_hash(title: str, text: str) -> str:
    """SHA-256 of the casefolded words: identical articles hash alike.

    >>> content_hash("A  Title", "Body.") == content_hash("a title", "body")
    True
    """
    words = _word.findall(f"{title}\n{text}".casefold())
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()


def shingles(text: str) -> set[bytes]:
    """Word 3-grams; character 4-grams for scripts written without spaces."""
    words = _word.findall(text.casefold())
    if words and sum(len(w) for w in words) / len(words) > 12:
        joined = "".join(words)
        return {joined[i:i + 4].encode("utf-8") for i in range(max(1, len(joined) - 3))}
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words).encode("utf-8")}
    return {" ".join(words[i:i + SHINGLE_WORDS]).encode("utf-8") for i in range(len(words) - SHINGLE_WORDS + 1)}


# Universal hashing (a*x + b) mod p with x, a, b < 2**32 and p the first prime
# above 2**32: a*x + b stays below 2**64 (no overflow), and reducing a product
# that large modulo a 32-bit prime mixes well. (A 61-bit prime would leave
# a*x mostly unreduced, so every "permutation" would keep the same order and
# pick the same smallest shingle: unrelated texts then look like copies.)
_PRIME = np.uint64((1 << 32) + 15)
SIGNATURE_VERSION = "minhash-2"
_rng = np.random.default_rng(20231023)
_A = _rng.integers(1, 1 << 32, NUM_PERM, dtype=np.uint64)
_B = _rng.integers(0, 1 << 32, NUM_PERM, dtype=np.uint64)
BANDS, ROWS = 16, 4  # catches 80%-similar pairs with probability > 0.999
BANDS_VERSION = f"{SIGNATURE_VERSION}/bands-{BANDS}x{ROWS}"  # the stored band index's scheme


def _shingle_hashes(items: set[bytes]) -> np.ndarray:
    return np.fromiter(
        (int.from_bytes(hashlib.blake2b(s, digest_size=4).digest(), "little") for s in items),
        dtype=np.uint64, count=len(items))


def signature(text: str) -> np.ndarray:
    """The MinHash signature of a text: ``NUM_PERM`` ``uint64`` values.

    The share of equal values estimates the Jaccard similarity of the texts'
    shingles, including for unrelated texts that share a few common phrases:

    >>> a = "the minister said on monday that talks in doha would resume after the pause ended"
    >>> b = "the minister said on monday that the harvest in the north was the best in a decade"
    >>> float(np.mean(signature(a) == signature(b))) < 0.4
    True
    >>> float(np.mean(signature(a) == signature(a + " today")))  > 0.7
    True
    """
    hashes = _shingle_hashes(shingles(text))
    if hashes.size == 0:
        return np.full(NUM_PERM, _PRIME, dtype=np.uint64)
    return ((_A[:, None] * hashes[None, :] + _B[:, None]) % _PRIME).min(axis=1)


def band_buckets(values: np.ndarray) -> list[int]:
    """The LSH bucket of each band of a signature, as signed 64-bit integers (a database key).

    Two signatures that agree on every value of a band share that band's
    bucket; the band's number is hashed in, so equal values in two bands do not.

    >>> a = signature("the minister said on monday that talks in doha would resume")
    >>> len(band_buckets(a)), band_buckets(a) == band_buckets(a.copy())
    (16, True)
    """
    out = []
    for band in range(BANDS):
        digest = hashlib.blake2b(bytes([band]) + values[band * ROWS:(band + 1) * ROWS].tobytes(), digest_size=8).digest()
        out.append(int.from_bytes(digest, "little", signed=True))
    return out


def best_copy(values: np.ndarray, candidates, threshold: float = NEAR_DUPLICATE_JACCARD) -> tuple[str, float] | None:
    """Among ``(article id, signature)`` candidates, the most similar at ``threshold`` or above,
    with its Jaccard estimate; ties go to the smallest id, so the answer never depends on order."""
    best = None
    for key, other in sorted(candidates, key=lambda kv: kv[0]):
        jaccard = float(np.mean(other == values))
        if jaccard >= threshold and (best is None or jaccard > best[1]):
            best = (key, jaccard)
    return best


class DuplicateFinder:
    """An in-memory LSH index over signatures: the articles placed but not stored yet
    (the store keeps the bands of the stored ones, see ``near_copy_candidates``)."""

    def __init__(self, threshold: float = NEAR_DUPLICATE_JACCARD):
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {threshold}")
        self.threshold = threshold
        self._bands: list[dict[bytes, list[str]]] = [{} for _ in range(BANDS)]
        self._signatures: dict[str, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    @staticmethod
    def _band_keys(values: np.ndarray) -> list[bytes]:
        return [values[i * ROWS:(i + 1) * ROWS].tobytes() for i in range(BANDS)]

    def add(self, article_id: str, values: np.ndarray) -> None:
        if article_id in self._signatures:
            return
        self._signatures[article_id] = values
        for band, key in zip(self._bands, self._band_keys(values)):
            band.setdefault(key, []).append(article_id)

    def find(self, values: np.ndarray) -> tuple[str, float] | None:
        """The most similar stored article above the threshold, with its Jaccard estimate."""
        return best_copy(values, self.candidates(values), self.threshold)

    def candidates(self, values: np.ndarray) -> list[tuple[str, np.ndarray]]:
        """``(article id, signature)`` of every held article sharing a band with ``values``."""
        found = {aid for band, key in zip(self._bands, self._band_keys(values)) for aid in band.get(key, ())}
        return [(aid, self._signatures[aid]) for aid in found]

    def clear(self) -> None:
        self._bands = [{} for _ in range(BANDS)]
        self._signatures.clear()
