"""Bad input becomes a rejection with a reason; the batch goes on."""
from __future__ import annotations

import errno
import gzip
import io
import json
import os

import pytest

from newsweave.page import normalize, repair_text, replace_surrogates
from newsweave.ingest import file_digest, iter_files, path_label, read_file
from newsweave.ingest.files import MAX_FILE_BYTES, MAX_TEXT_CHARS, UnreadableFile
from newsweave.ingest.records import record_to_document
from newsweave.records import RawDocument, Rejection

from tests.reliability import finishes_within

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


def test_a_nul_byte_in_one_json_line_rejects_that_line_only(tmp_path):
    lines = [json.dumps({"id": "1", "text": GOOD}).encode(), b'{"id": "2", "text": "Talks\x00resume in Doha"}',
             json.dumps({"id": "3", "text": GOOD}).encode()]
    (tmp_path / "batch.jsonl").write_bytes(b"\n".join(lines))
    first, bad, last = read_file(tmp_path / "batch.jsonl")
    assert bad.origin == str(tmp_path / "batch.jsonl") + "#L2"
    assert bad.reason == "line 2: binary content (NUL bytes), not a text record"
    assert (first.external_id, last.external_id) == ("1", "3") and last.content == GOOD


def test_a_nul_line_far_into_json_lines_is_named_too(tmp_path):
    good = json.dumps({"text": GOOD}).encode()
    (tmp_path / "long.jsonl").write_bytes(b"\n".join([good] * 100 + [b'{"text": "\x00\x00"}', good]))
    items = read_file(tmp_path / "long.jsonl")
    assert len(items) == 102 and items[100].reason == "line 101: binary content (NUL bytes), not a text record"
    assert all(isinstance(item, RawDocument) for item in items[:100] + items[101:])


def test_a_mostly_binary_json_lines_file_is_refused_whole(tmp_path):
    data = json.dumps({"text": GOOD}).encode() + b"\n" + bytes(range(256)) * 40
    (tmp_path / "dump.jsonl").write_bytes(data)
    assert reasons(tmp_path / "dump.jsonl") == ["binary content (NUL bytes): not a text document"]
    assert len(read_file(tmp_path / "dump.jsonl")) == 1


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


# -- hostile and odd input ---------------------------------------------------------

BENGALI = ("ঢাকায় বন্যা পরিস্থিতির অবনতি হয়েছে। সরকার ত্রাণ কার্যক্রম শুরু করেছে এবং "
           "হাজার হাজার মানুষকে আশ্রয়কেন্দ্রে সরিয়ে নেওয়া হয়েছে।\n")
ARABIC = "استؤنفت المفاوضات في الدوحة يوم الاثنين لبحث هدنة إنسانية وتبادل الأسرى.\n"
RUSSIAN = "Переговоры в Дохе возобновились в понедельник, сообщили посредники «из Катара».\n"


def only(items):
    (item,) = items
    return item


def warc_response(url, html: bytes, ctype="text/html; charset=utf-8") -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(html), http_headers=headers))
    return buffer.getvalue()


def test_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(UnreadableFile, match=r"not a regular file \(FIFO\)"):
        finishes_within(10, file_digest, fifo)
    assert finishes_within(10, reasons, fifo) == ["not a regular file (FIFO)"]


def test_link_to_a_device_is_refused_before_reading(tmp_path):
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    with pytest.raises(UnreadableFile, match=r"not a regular file \(character device\)"):
        finishes_within(10, file_digest, link)
    assert finishes_within(10, reasons, link) == ["not a regular file (character device)"]


def test_link_to_a_regular_file_is_read(tmp_path):
    (tmp_path / "real.txt").write_text(GOOD)
    (tmp_path / "link.txt").symlink_to(tmp_path / "real.txt")
    assert file_digest(tmp_path / "link.txt") == file_digest(tmp_path / "real.txt")
    assert only(read_file(tmp_path / "link.txt")).content == GOOD


def test_dangling_link_and_link_loop_are_named(tmp_path):
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    assert reasons(tmp_path / "gone.txt") == ["cannot read file: a symbolic link to a file that does not exist"]
    assert reasons(tmp_path / "loop.txt") == ["cannot read file: a loop of symbolic links"]
    with pytest.raises(UnreadableFile):
        file_digest(tmp_path / "loop.txt")


def test_size_cap_is_a_parameter_and_checked_before_reading(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("x" * 200)
    with pytest.raises(UnreadableFile, match=r"file too large: 200 bytes \(limit 100\)"):
        file_digest(path, max_bytes=100)
    assert reasons(path) == [] and read_file(path, max_bytes=100)[0].reason == "file too large: 200 bytes (limit 100)"


def test_warc_honours_the_size_cap_per_response(tmp_path):
    small = b"<html><body><p>" + b"Short page. " * 5 + b"</p></body></html>"
    big = b"<html><body><p>" + b"Long page. " * 200 + b"</p></body></html>"
    (tmp_path / "crawl.warc").write_bytes(warc_response("http://a.example/1", small) +
                                          warc_response("http://a.example/2", big))
    items = read_file(tmp_path / "crawl.warc", max_bytes=1000)
    assert isinstance(items[0], RawDocument)
    assert items[1].reason == "HTML response larger than the size limit of 1,000 bytes"


def test_unreadable_folder_is_reported(tmp_path, monkeypatch):
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "a.txt").write_text(GOOD)
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.txt").write_text(GOOD)
    locked.chmod(0)
    if os.geteuid() == 0:  # root reads any folder: make listing it fail as it would for a user
        listing = os.scandir

        def scandir(path="."):
            if os.fspath(path) == str(locked):
                raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
            return listing(path)

        monkeypatch.setattr(os, "scandir", scandir)
    try:
        found = list(iter_files([tmp_path]))
    finally:
        locked.chmod(0o755)
    assert Rejection(str(locked), "cannot read folder: Permission denied") in found
    assert tmp_path / "ok" / "a.txt" in found


def test_link_to_a_folder_is_reported_not_followed(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.txt").write_text(GOOD)
    (tmp_path / "real" / "back").symlink_to(tmp_path / "real")
    link, path = iter_files([tmp_path])
    assert path == tmp_path / "real" / "a.txt"
    assert link.origin == str(tmp_path / "real" / "back") and "not followed" in link.reason


def inbox_with_links(tmp_path):
    """A folder with a good article, links out of it (to another user's notes, to /etc/passwd)
    and a link to the article inside it."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    notes = tmp_path / "notes.txt"
    notes.write_text("Private notes\n\n" + "The private notes of someone who never asked for them to be read. " * 3)
    (inbox / "good.txt").write_text(GOOD)
    (inbox / "notes.txt").symlink_to(notes)
    (inbox / "passwd.txt").symlink_to("/etc/passwd")
    (inbox / "sub").mkdir()
    (inbox / "sub" / "again.txt").symlink_to(inbox / "good.txt")
    return inbox


def test_a_link_out_of_the_ingested_folder_is_not_followed(tmp_path):
    inbox = inbox_with_links(tmp_path)
    found = list(iter_files([inbox]))
    assert inbox / "good.txt" in found and inbox / "sub" / "again.txt" in found
    refused = {item.origin: item.reason for item in found if isinstance(item, Rejection)}
    assert set(refused) == {str(inbox / "notes.txt"), str(inbox / "passwd.txt")}
    assert all(reason.startswith("symbolic link out of the ingested folder: not followed")
               for reason in refused.values())
    assert list(iter_files([inbox / "notes.txt"])) == [inbox / "notes.txt"]  # named itself: the user's choice
    assert inbox / "passwd.txt" in list(iter_files([inbox], follow_links=True))


def test_a_batch_stores_nothing_a_link_out_of_its_folder_points_to(tmp_path, fast_pipeline):
    inbox = inbox_with_links(tmp_path)
    summary = fast_pipeline.ingest([inbox])
    rejected = {r.origin.rsplit("/", 1)[-1]: r.reason for r in summary.rejected}
    assert "symbolic link out of the ingested folder" in rejected["notes.txt"]
    assert "symbolic link out of the ingested folder" in rejected["passwd.txt"]
    texts = " ".join(row[0] for row in fast_pipeline.store.db.execute("SELECT text FROM articles"))
    assert "Negotiators met in Doha" in texts
    assert "private notes" not in texts and "root:" not in texts


def test_links_out_of_a_folder_are_read_when_asked(tmp_path, fast_pipeline):
    from click.testing import CliRunner

    from newsweave.cli import main

    inbox = inbox_with_links(tmp_path)
    (inbox / "passwd.txt").unlink()
    summary = fast_pipeline.ingest([inbox], follow_links=True)
    assert not [r for r in summary.rejected if "symbolic link" in r.reason]
    texts = " ".join(row[0] for row in fast_pipeline.store.db.execute("SELECT text FROM articles"))
    assert "private notes" in texts
    assert "--follow-links" in CliRunner().invoke(main, ["ingest", "--help"]).output
    assert "--follow-links" in CliRunner().invoke(main, ["watch", "--help"]).output


def test_non_utf8_file_name_gives_a_storable_origin(tmp_path):
    name = os.fsdecode(b"caf\xe9.txt")
    (tmp_path / name).write_text(GOOD)
    (found,) = iter_files([tmp_path])
    label = path_label(found)
    assert label == str(tmp_path) + "/caf\\xe9.txt"
    doc = only(read_file(found))
    assert doc.origin == label and doc.path == label
    doc.origin.encode("utf-8")
    bad = tmp_path / os.fsdecode(b"\xff.pdf")
    bad.write_bytes(b"%PDF")
    only(read_file(bad)).reason.encode("utf-8")


def test_a_few_invalid_utf8_bytes_are_replaced_and_reported(tmp_path):
    line = BENGALI.encode("utf-8")
    damaged = line * 2 + b"\xff" + line * 2 + b"\xfe\x80" + line
    (tmp_path / "bn.txt").write_bytes(damaged)
    doc = only(read_file(tmp_path / "bn.txt"))
    assert doc.repairs == "3 invalid UTF-8 bytes replaced"
    assert "ঢাকায় বন্যা" in doc.content and doc.content.count("\ufffd") >= 2


def test_legacy_text_is_still_detected_not_replaced(tmp_path):
    text = "The café on Rue Lafayette reopened on Monday. " * 30
    (tmp_path / "latin.txt").write_bytes(text.encode("cp1252"))
    doc = only(read_file(tmp_path / "latin.txt"))
    assert doc.content == text and doc.repairs == "decoded as windows-1252"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_decoded(tmp_path, encoding):
    for name, text in (("en.txt", GOOD), ("bn.txt", BENGALI * 3), ("ru.txt", RUSSIAN * 3)):
        (tmp_path / name).write_bytes(text.encode(encoding))
        assert only(read_file(tmp_path / name)).content == text


def test_mojibake_is_repaired_and_reported(tmp_path):
    text = "The café said — in a statement — that talks resume on Monday in Doha, officials told reporters.\n"
    (tmp_path / "moji.txt").write_text(text.encode("utf-8").decode("cp1252"), encoding="utf-8")
    doc = only(read_file(tmp_path / "moji.txt"))
    assert doc.content == text and doc.repairs == "mojibake repaired"
    record = {"title": "Caf\u00c3\u00a9 talks", "text": text}
    (tmp_path / "moji.json").write_text(json.dumps(record))
    doc = only(read_file(tmp_path / "moji.json"))
    assert doc.title == "Café talks" and doc.repairs == "mojibake repaired"


def test_correct_text_in_other_scripts_is_unchanged(tmp_path):
    for name, text in (("bn.txt", BENGALI), ("ar.txt", ARABIC), ("ru.txt", RUSSIAN)):
        (tmp_path / name).write_text(text * 3, encoding="utf-8")
        doc = only(read_file(tmp_path / name))
        assert doc.content == text * 3 and doc.repairs is None
    assert repair_text("‘Quotes’ stay “curly”, ﬁ stays, &amp; stays") == (
        "‘Quotes’ stay “curly”, ﬁ stays, &amp; stays", False)


def test_html_entities_are_not_unescaped_by_the_reader(tmp_path):
    page = "<html><body><p>Fish &amp; chips &lt;b&gt; cost £5.</p></body></html>"
    (tmp_path / "p.html").write_text(page)
    assert only(read_file(tmp_path / "p.html")).content == page


def test_lone_surrogates_become_replacement_characters(tmp_path):
    (tmp_path / "s.json").write_text('{"title": "Bad \\ud800 title", "text": "Body \\udfff text.", "source": "\\ud83d"}')
    doc = only(read_file(tmp_path / "s.json"))
    assert (doc.title, doc.content, doc.source) == ("Bad \ufffd title", "Body \ufffd text.", "\ufffd")
    assert replace_surrogates("pair \ud83d\ude00 lone \udc00") == "pair 😀 lone \ufffd"
    assert normalize("a \ud800 b") == "a \ufffd b"


def test_deeply_nested_json_is_a_rejection(tmp_path):
    deep = "[" * 100_000 + "]" * 100_000
    (tmp_path / "deep.json").write_text(deep)
    assert reasons(tmp_path / "deep.json") == ["JSON nested too deeply to read (an article is a flat object)"]
    lines = [json.dumps({"text": GOOD}), deep, json.dumps({"text": GOOD + " Again."})]
    (tmp_path / "deep.jsonl").write_text("\n".join(lines))
    items = read_file(tmp_path / "deep.jsonl")
    assert [type(i).__name__ for i in items] == ["RawDocument", "Rejection", "RawDocument"]
    assert items[1].reason == "line 2: JSON nested too deeply to read (an article is a flat object)"


def test_huge_json_number_is_a_rejection(tmp_path):
    (tmp_path / "n.json").write_text('{"text": "x", "id": ' + "9" * 5000 + "}")
    assert reasons(tmp_path / "n.json")[0].startswith("invalid JSON: Exceeds the limit")


def test_fields_given_as_objects_or_lists_are_never_a_repr(tmp_path):
    items = [{"title": {"name": "Named"}, "text": GOOD},
             {"title": {"x": 1}, "text": GOOD, "source": ["Reuters", "AP"]},
             {"title": ["First", "Second"], "text": ["Para one of the story.", "Para two of it."]},
             {"title": {"text": {"value": "Deep"}}, "text": GOOD, "id": 42, "lang": True}]
    (tmp_path / "o.json").write_text(json.dumps(items))
    docs = read_file(tmp_path / "o.json")
    assert [d.title for d in docs] == ["Named", None, "First", "Deep"]
    assert docs[1].source == "Reuters" and docs[2].content == "Para one of the story.\n\nPara two of it."
    assert (docs[3].external_id, docs[3].lang) == ("42", None)


def test_a_deeply_nested_title_is_absent_not_a_crash():
    title = json.loads("[" * 900 + '"x"' + "]" * 900)
    doc = record_to_document({"title": title, "text": GOOD}, "r", None)
    assert doc.title is None and doc.content == GOOD


def test_news_please_and_newsapi_records(tmp_path):
    news_please = {"title": "Floods in Sylhet", "maintext": GOOD, "date_publish": "2024-06-20 08:00:00",
                   "language": "en", "source_domain": "thedailystar.net", "url": "https://thedailystar.net/x",
                   "description": "A lead."}
    newsapi = {"status": "ok", "articles": [{
        "source": {"id": None, "name": "BBC News"}, "author": "A Reporter", "title": "Talks resume",
        "description": "Negotiators met in Doha.", "url": "https://bbc.co.uk/1",
        "publishedAt": "2024-06-20T08:00:00Z", "content": "Negotiators met in Doha on Monday… [+2345 chars]"}]}
    (tmp_path / "np.json").write_text(json.dumps(news_please))
    (tmp_path / "api.json").write_text(json.dumps(newsapi))
    doc = only(read_file(tmp_path / "np.json"))
    assert (doc.content, doc.date, doc.lang, doc.source, doc.url) == (
        GOOD, "2024-06-20 08:00:00", "en", "thedailystar.net", "https://thedailystar.net/x")
    doc = only(read_file(tmp_path / "api.json"))
    assert (doc.content, doc.source, doc.date, doc.title) == (
        "Negotiators met in Doha on Monday", "BBC News", "2024-06-20T08:00:00Z", "Talks resume")
    for key in ("date_published", "datetime", "pub_date"):
        assert record_to_document({"text": GOOD, key: "2024-01-02"}, "r", None).date == "2024-01-02"


def test_jsonl_lines_end_only_at_newlines(tmp_path):
    (tmp_path / "a.jsonl").write_text(json.dumps({"text": "One\u2028two paragraphs."}, ensure_ascii=False) + "\n")
    assert only(read_file(tmp_path / "a.jsonl")).content == "One\u2028two paragraphs."


def test_junk_warc_is_a_rejection(tmp_path):
    junk = (b"WARC/1.0\r\nWARC-Type: response\r\nContent-Type: application/http; msgtype=response\r\n"
            b"Content-Length: 10\r\n\r\ngarbage!!!\r\n\r\n")
    (tmp_path / "junk.warc").write_bytes(junk)
    assert reasons(tmp_path / "junk.warc")[0].startswith("unreadable or truncated WARC: ")


def test_damaged_warc_keeps_the_records_before_the_damage(tmp_path):
    page = b"<html><body><p>" + GOOD.encode() + b"</p></body></html>"
    (tmp_path / "cut.warc").write_bytes(warc_response("http://a.example/1", page) + b"garbage here\r\n\r\n")
    first, second = read_file(tmp_path / "cut.warc")
    assert first.url == "http://a.example/1" and first.kind == "html"
    assert second.reason.startswith("unreadable or truncated WARC: ")


def test_text_longer_than_an_article_is_rejected(tmp_path):
    (tmp_path / "book.txt").write_text(("A line of a very long book about everything. " * 22 + "\n") * 1100)
    (reason,) = reasons(tmp_path / "book.txt")
    assert reason.startswith("text too long for one article: 1,0") and "(limit 1,000,000)" in reason
    assert reason.endswith("split it into one file per article")
    record = json.dumps({"text": "word " * (MAX_TEXT_CHARS // 5 + 1)})
    (tmp_path / "big.jsonl").write_text(record)
    assert "text too long for one article" in reasons(tmp_path / "big.jsonl")[0]


def test_absurd_title_is_dropped_and_said(tmp_path):
    (tmp_path / "t.json").write_text(json.dumps({"title": "T" * 10_000, "text": GOOD}))
    doc = only(read_file(tmp_path / "t.json"))
    assert doc.title is None and doc.repairs == "title of 10,000 characters dropped"


def test_bidi_controls_are_removed_from_text():
    assert normalize("Price \u202e01$\u202c and \u2067isolated\u2069 words") == "Price 01$ and isolated words"
