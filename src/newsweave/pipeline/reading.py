"""Files and documents in, prepared articles out: read, prepare in batches, drop exact copies."""
from __future__ import annotations

from functools import partial

from newsweave.ingest import UnreadableFile, file_digest, iter_files, path_label, read_file
from newsweave.pipeline.batch import Pending, Run, by_date
from newsweave.pipeline.clock import StageClock
from newsweave.pipeline.prepare import DocumentPreparer, Prepared, StageFailure
from newsweave.pipeline.progress import progress_bar
from newsweave.records import RawDocument, Rejection
from newsweave.store import StoreWriter

PREPARE_CHUNK = 64  # documents prepared together: enough to spread over workers, few to hold in memory


class Intake:
    """Reads files, prepares their documents (cleaned, language, date) and admits the new ones."""

    def __init__(self, store: StoreWriter, preparer: DocumentPreparer, clock: StageClock, max_file_bytes: int,
                 progress: bool):
        self.store, self.preparer, self.clock = store, preparer, clock
        self.max_file_bytes, self.progress = max_file_bytes, progress

    def read_all(self, paths, run: Run, follow_links: bool = False) -> list[Pending]:
        files = list(iter_files(paths, follow_links=follow_links))
        pending: list[Pending] = []
        for path in progress_bar(files, len(files), "reading", self.progress):
            if isinstance(path, Rejection):  # a folder that could not be listed
                run.rejections.append(path)
                continue
            key = path_label(path)
            try:
                sha = self.clock.timed("read", partial(file_digest, max_bytes=self.max_file_bytes), path)
            except StageFailure as failure:
                if isinstance(failure.error, UnreadableFile):
                    run.rejections.append(Rejection(key, str(failure.error)))
                elif isinstance(failure.error, OSError):
                    run.rejections.append(Rejection(key, f"cannot read file: {failure.error.strerror or failure.error}"))
                else:
                    run.fail(key, None, failure)
                continue
            if self.store.file_done(key, sha):
                run.summary.already_stored += 1
                continue
            run.files.read(key, sha)
            try:
                items = self.clock.timed("read", partial(read_file, max_bytes=self.max_file_bytes), path)
            except StageFailure as failure:
                run.fail(key, key, failure)
                continue
            run.files.found(key, len(items))
            for item in items:
                self.queue(item, key, pending, run)
        self.prepare_queued(pending, run)
        run.record_rejections(self.store, run.files.sha)
        # Publication order; undated articles keep their reading order after dated ones of the same day.
        pending.sort(key=by_date)
        return pending

    def queue(self, item: RawDocument | Rejection, file_key: str | None, pending: list[Pending], run: Run) -> None:
        """Hold one document for preparing, which goes in batches (spread over workers when there are any)."""
        run.unprepared.append((item, file_key))
        if len(run.unprepared) >= PREPARE_CHUNK:
            self.prepare_queued(pending, run)

    def prepare_queued(self, pending: list[Pending], run: Run) -> None:
        """Prepare the held documents and admit them in the order they were read."""
        queued, run.unprepared = run.unprepared, []
        docs = [item for item, _ in queued if not isinstance(item, Rejection)]
        results = iter(self.preparer.prepare_all(docs, run.now))
        self.clock.seconds.update(self.preparer.take_timers())
        for item, file_key in queued:
            self._admit(item if isinstance(item, Rejection) else next(results), item.origin, file_key, pending, run)

    def _admit(self, prepared: Prepared | Rejection, origin: str, file_key: str | None, pending: list[Pending],
               run: Run) -> None:
        """One prepared document joins ``pending`` when it is new, not rejected and not a copy."""
        summary = run.summary
        summary.read += 1
        outcome = prepared if isinstance(prepared, Rejection) else prepared.outcome
        if isinstance(outcome, StageFailure):
            run.fail(origin, file_key, outcome)
            return
        if isinstance(outcome, Rejection):
            run.rejections.append(outcome)
            return
        if outcome.content_hash in run.seen_hashes or self.store.has_content(outcome.content_hash):
            summary.duplicates += 1
            return
        run.seen_hashes.add(outcome.content_hash)
        pending.append(Pending(outcome, prepared.bag, file_key))
        run.files.admitted(file_key)
