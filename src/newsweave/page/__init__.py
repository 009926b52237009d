"""Pages in, text out: HTML and scraped text become a title and a body, with clutter removed."""
import lazy_loader

# The stage's public names, each loaded from its module when first used: code
# outside the stage imports these and nothing else (docs/architecture.md).
__getattr__, __dir__, __all__ = lazy_loader.attach(__name__, submod_attrs={
    "body": ["lead_title"],
    "clean": ["CleanText", "clean"],
    "headline": ["story_headline"],
    "mending": ["normalize", "repair_text", "replace_surrogates"],
    "plain_lines": ["page_as_text"],
})
