"""Per-language offsets of an embedding model, measured once and shipped.

A multilingual model puts every text of one language a little toward that
language's own direction. The offset of a language is the mean embedding
of a sample of its text minus the average of those means over all sampled
languages. :class:`~newsweave.embed.centering.LanguageMeans` uses the
offsets as a prior, so a language with few stored articles is centred too.

The shipped file for the default model was built from the 75-language
sentence sample of the lingua project (Apache-2.0) with
``tools/build_language_offsets.py``; it holds one 384-number vector per
language and none of the sample's text.
"""
from __future__ import annotations

import io
from functools import lru_cache
from importlib import resources

import numpy as np


def offsets_from_means(means: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Each language's mean minus the average of all the means.

    >>> out = offsets_from_means({"a": np.array([1.0, 2.0]), "b": np.array([3.0, 2.0])})
    >>> out["a"].tolist(), out["b"].tolist()
    ([-1.0, 0.0], [1.0, 0.0])
    """
    if not means:
        return {}
    center = np.mean(np.stack(list(means.values())), axis=0)
    return {lang: np.asarray(vector, dtype=np.float64) - center for lang, vector in means.items()}


@lru_cache(maxsize=4)
def shipped_offsets(model_name: str) -> dict[str, np.ndarray]:
    """The offsets shipped for ``model_name``, or {} when none were measured."""
    try:
        data = resources.files("newsweave").joinpath("data", "offsets", f"{model_name}.npz").read_bytes()
    except (FileNotFoundError, OSError):
        return {}
    with np.load(io.BytesIO(data)) as npz:
        return {lang: npz[lang].astype(np.float64) for lang in npz.files}


def offsets_of(embedder) -> dict[str, np.ndarray]:
    """The language offsets an embedder provides ({} for those that have none)."""
    provider = getattr(embedder, "language_offsets", None)
    return provider() if callable(provider) else {}
