"""newsweave: an offline, self-hosted multilingual news story engine.

Point it at articles in any language and format; it tells which stories
exist, which articles in which languages cover each, and how each develops.
"""
from .model import Article, Assignment, IngestSummary, RawDocument, Rejection

__version__ = "0.1.0"
__all__ = ["Article", "Assignment", "IngestSummary", "RawDocument", "Rejection", "__version__"]
