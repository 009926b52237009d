"""Results out of the store: every article with its event and storyline, as JSON lines or CSV."""
import lazy_loader

# The stage's public names, each loaded from its module when first used (docs/architecture.md).
__getattr__, __dir__, __all__ = lazy_loader.attach(__name__, submod_attrs={
    "articles": ["FORMATS", "export_lines", "write_export"],
    "feeds": ["FEED_SIZE", "atom_feed"],
})
