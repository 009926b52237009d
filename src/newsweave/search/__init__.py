"""Search over stored articles: keyword and meaning, fused, with the article index
that keeps a meaning search from reading every vector."""
from newsweave.search.searcher import Searcher, fold_article_index, global_mean

__all__ = ["Searcher", "fold_article_index", "global_mean"]
