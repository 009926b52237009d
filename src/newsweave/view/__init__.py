"""The story view: headline, summary, entities, timeline, claims and related stories."""
import lazy_loader

# The stage's public names, each loaded from its module when first used: code
# outside the stage imports these and nothing else (docs/architecture.md).
__getattr__, __dir__, __all__ = lazy_loader.attach(__name__, submod_attrs={
    "entities": ["story_entities"],
    "story_view": ["StoryViews"],
    "storyline_view": ["StorylineViews"],
    "view_cache": ["MemoryCache"],
})
