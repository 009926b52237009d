"""Bad input becomes a rejection with a reason; the batch goes on."""
from __future__ import annotations

import gzip
import json

from newsweave.ingest import read_file
from newsweave.ingest.files import MAX_FILE_BYTES
from newsweave.model import RawDocument, Rejection

GOOD = "Talks resume in Doha\n\nNegotiators met in Doha on Monday to discuss a pause in the fighting and the release of hostages."


def reasons(path):
    return [item.reason for item in read_file(path) if isinstance(item, Rejection)]


def test_empty_file(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    assert reasons(tmp_path / "empty.txt") == ["empty file"]


def test_whitespace_only(tmp_path):
    (tmp_path / "blank.txt").write_text("   \n\n  ")
    assert reasons(tmp_path / "blank.txt") == ["file holds only whitespace"]


def test_binary_file(tmp_path):
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert "binary content" in reasons(tmp_path / "image.txt")[0]


def test_truncated_gzip(tmp_path):
    data = gzip.compress(GOOD.encode() * 50)
    (tmp_path / "cut.txt.gz").write_bytes(data[: len(data) // 2])
    assert "truncated gzip" in reasons(tmp_path / "cut.txt.gz")[0]


def test_oversized_file(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    assert reasons(path)[0].startswith("file too large")


def test_unsupported_type(tmp_path):
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.7")
    assert reasons(tmp_path / "report.pdf")[0].startswith("unsupported file type: .pdf")


def test_invalid_json_lines_are_named(tmp_path):
    lines = [json.dumps({"id": "1", "title": "A", "text": GOOD}), "{not json", json.dumps({"id": "3", "text": GOOD})]
    (tmp_path / "batch.jsonl").write_text("\n".join(lines))
    items = read_file(tmp_path / "batch.jsonl")
    assert [type(i).__name__ for i in items] == ["RawDocument", "Rejection", "RawDocument"]
    assert items[1].reason.startswith("line 2: invalid JSON")


def test_json_item_without_text(tmp_path):
    (tmp_path / "items.json").write_text(json.dumps([{"title": "only a title"}, {"text": GOOD}]))
    items = read_file(tmp_path / "items.json")
    assert isinstance(items[0], Rejection) and "no article text" in items[0].reason
    assert isinstance(items[1], RawDocument)


def test_invalid_json_file(tmp_path):
    (tmp_path / "broken.json").write_text('{"text": "unterminated')
    assert reasons(tmp_path / "broken.json")[0].startswith("invalid JSON at line 1")


def test_xml_that_is_not_a_feed(tmp_path):
    (tmp_path / "config.xml").write_text("<?xml version='1.0'?><settings><a>1</a></settings>")
    assert "not an RSS/Atom feed" in reasons(tmp_path / "config.xml")[0]


def test_undecodable_legacy_text_is_decoded_not_garbled(tmp_path):
    text = "Les négociations reprennent à Doha après une semaine de pause, selon les médiateurs."
    (tmp_path / "latin1.txt").write_bytes(text.encode("latin-1"))
    (doc,) = read_file(tmp_path / "latin1.txt")
    assert doc.content == text


def test_batch_goes_on_past_bad_files(tmp_path, fast_pipeline):
    tmp_path = tmp_path / "inbox"
    tmp_path.mkdir()
    (tmp_path / "good.txt").write_text(GOOD)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "nav.html").write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    (tmp_path / "bad.jsonl").write_text("{oops\n")
    summary = fast_pipeline.ingest([tmp_path])
    assert summary.stored == 1
    rejected = {r.origin.rsplit("/", 1)[-1]: r.reason for r in summary.rejected}
    assert set(rejected) == {"empty.txt", "nav.html", "bad.jsonl#L1"}
    assert "no article text" in rejected["nav.html"]
    stored = fast_pipeline.store.rejections()
    assert len(stored) == 3 and all(row["reason"] for row in stored)
