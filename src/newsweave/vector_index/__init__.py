"""Approximate nearest-neighbour indexes over the store's vectors.

``ann`` wraps the library (usearch, HNSW with 8-bit vectors); ``files`` keeps
an index next to a SQLite store, written atomically and named by the store
and the high-water mark it holds; ``events`` follows the store's log of
changed events, so assignment finds events outside the window it holds in
memory; ``articles`` does the same for meaning search over every article.
"""
from newsweave.vector_index.ann import AnnIndex
from newsweave.vector_index.articles import ArticleIndex
from newsweave.vector_index.events import EventIndex

__all__ = ["AnnIndex", "ArticleIndex", "EventIndex"]
