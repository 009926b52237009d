"""Search over stored articles: keyword and meaning, fused, with the article index
that keeps a meaning search from reading every vector."""
import lazy_loader

# The stage's public names, each loaded from its module when first used: code
# outside the stage imports these and nothing else (docs/architecture.md).
__getattr__, __dir__, __all__ = lazy_loader.attach(__name__, submod_attrs={
    "searcher": ["Searcher", "fold_article_index", "global_mean"],
})
