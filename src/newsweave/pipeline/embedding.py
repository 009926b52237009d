"""Each article's vector, cached in the store by the text it was made from, in chunks that commit on their own."""
from __future__ import annotations

import hashlib

import numpy as np

from newsweave.embed import Embedder
from newsweave.pipeline.batch import Pending, Run
from newsweave.pipeline.clock import StageClock
from newsweave.pipeline.prepare import StageFailure
from newsweave.pipeline.progress import progress_bar
from newsweave.store import StoreWriter

EMBED_CHUNK = 32


def embedding_key(embedder: Embedder, lead: str) -> str:
    """The cache key of a lead's vector: the same text under another model is another key."""
    model = f"{embedder.name}/{embedder.version}"
    return hashlib.sha256(f"{model}\n{lead}".encode("utf-8")).hexdigest()[:32]


class EmbedStage:
    def __init__(self, store: StoreWriter, embedder: Embedder, clock: StageClock, progress: bool):
        self.store, self.embedder, self.clock, self.progress = store, embedder, clock, progress

    def embed_all(self, pending: list[Pending], run: Run) -> list[Pending]:
        """Give each pending article its vector (cached by lead); returns those that got one."""
        kept: list[Pending] = []
        for item in pending:
            try:
                item.lead = self.clock.timed("embed", self.embedder.fit_lead, item.article.title, item.article.text)
                item.embedding_key = embedding_key(self.embedder, item.lead)
                kept.append(item)
            except StageFailure as failure:
                run.fail(item.article.origin, item.file_key, failure)
        keys = [p.embedding_key for p in kept]
        cached = self.clock.timed("store", self.store.get_embeddings, keys)
        todo = [i for i, key in enumerate(keys) if key not in cached]
        steps = range(0, len(todo), EMBED_CHUNK)
        for start in progress_bar(steps, len(steps), "embedding", self.progress):
            chunk = todo[start:start + EMBED_CHUNK]
            vectors = self._embed_chunk([kept[i] for i in chunk], run)
            with self.clock.stage("store"), self.store.transaction():
                for i, vector in zip(chunk, vectors):
                    if vector is not None:
                        self.store.put_embedding(keys[i], vector)
                        cached[keys[i]] = vector
        out = []
        for item, key in zip(kept, keys):
            if key in cached:
                item.vector = cached[key]
                out.append(item)
        return out

    def _embed_chunk(self, items: list[Pending], run: Run) -> list[np.ndarray | None]:
        """Vectors of a chunk (None for a text that failed); when the chunk
        fails, each item is tried alone, so one bad text costs only itself."""
        if len(items) > 1:
            try:
                return list(self.clock.timed("embed", self.embedder.embed, [p.lead for p in items]))
            except StageFailure:
                pass
        vectors: list[np.ndarray | None] = []
        for item in items:
            try:
                vectors.append(self.clock.timed("embed", self.embedder.embed, [item.lead])[0])
            except StageFailure as failure:
                run.fail(item.article.origin, item.file_key, failure)
                vectors.append(None)
        return vectors
