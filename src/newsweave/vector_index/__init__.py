"""Approximate nearest-neighbour indexes over the store's vectors.

``ann`` wraps the library (usearch, HNSW with 8-bit vectors); ``files`` keeps
an index next to a SQLite store, written atomically and named by the store
and the high-water mark it holds; ``events`` follows the store's log of
changed events, so assignment finds events outside the window it holds in
memory; ``articles`` does the same for meaning search over every article.
"""
from newsweave.vector_index.ann import AnnIndex, loaded_before_ray
from newsweave.vector_index.articles import FOLD_AT, ArticleIndex
from newsweave.vector_index.events import EventIndex
from newsweave.vector_index.files import index_folder, remove_saved, store_identity

# The stage's public names: code outside it imports these and nothing else (docs/architecture.md).
__all__ = ["FOLD_AT", "AnnIndex", "ArticleIndex", "EventIndex", "index_folder", "loaded_before_ray", "remove_saved",
           "store_identity"]
