"""Files in legacy, Unicode and mixed encodings are stored as the text they were written as."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsweave.evaluate.encodings import evaluate_encodings, load_cases
from newsweave.ingest import read_file
from newsweave.ingest import decode_text
from newsweave.records import RawDocument

ENCODINGS_SET = Path(__file__).parents[1] / "data" / "encodings"
REQUIRED = {"cp1252", "cp1256", "cp1251", "latin-1", "utf-16", "utf-16-le", "utf-8+cp1252", "shift_jis", "utf-8-sig"}

BUDGET = ("Council backs “green” budget\n\nThe council approved a “green” budget of €12 million on Tuesday — "
          "its largest ever. Critics called the plan “optimistic”.\n")
PROTEST = ("Farmers block motorway\n\nHundreds of farmers drove tractors onto the {} on Wednesday, "
           "blocking traffic for three hours. One organiser said fuel prices had wiped out {}.\n")
# Where a few bytes beyond ASCII sit in an English article.
STRAYS = [("the A1 motorway", "a year of profit for André"), ("the farmers’ union", "a year’s profit"),
          ("the A1 – twice", "a year of profit"), ("the A1\u00a0motorway", "a year of profit…"),
          ("the A1 motorway", "£12,000 of profit"), ("the road to Gruyère", "a year of profit")]
BRIDGE_UTF8 = ("Harbour bridge reopens after repairs\n\n"
               "The harbour bridge reopened on Saturday after eight months of repairs costing £4.2 million.\n"
               "“It feels like getting part of the city back,” said a café owner at the northern end.\n")
BRIDGE_CP1252 = "Traders said the closure had cut their takings by half — “we survived on regulars,” one said.\n"


def only(items):
    (item,) = items
    return item


def test_the_set_is_varied_enough():
    cases = load_cases(ENCODINGS_SET)
    labels = {case.label for case in cases}
    assert len(cases) >= 30 and len(labels) >= 8 and REQUIRED <= labels
    short = [case for case in cases if case.text.count(".") + case.text.count("。") <= 3]
    assert len(short) >= 10  # two-sentence articles, where detectors fail most


def test_encoding_accuracy(capsys):
    report = evaluate_encodings(load_cases(ENCODINGS_SET))
    with capsys.disabled():
        print("\nencoding accuracy, through read_file:\n" + report.table())
    assert report.accuracy >= 0.95, report.table()
    for label in ("cp1252", "latin-1", "utf-8+cp1252"):
        right, total = report.by_encoding()[label]
        assert right == total, report.table()


def test_windows_1252_quotes_euro_and_dash_are_decoded_and_noted(tmp_path):
    (tmp_path / "budget.txt").write_bytes(BUDGET.encode("cp1252"))
    doc = only(read_file(tmp_path / "budget.txt"))
    assert doc.content == BUDGET
    assert doc.repairs == "decoded as windows-1252"


@pytest.mark.parametrize("where, what", STRAYS)
def test_ascii_with_a_few_legacy_bytes_is_windows_1252(where, what):
    text = PROTEST.format(where, what)
    decoded, note = decode_text(text.encode("cp1252"))
    assert decoded == text and note == "decoded as windows-1252"


def test_utf8_article_with_a_windows_1252_sentence_is_decoded_line_by_line(tmp_path):
    data = BRIDGE_UTF8.encode("utf-8") + BRIDGE_CP1252.encode("cp1252")
    (tmp_path / "bridge.txt").write_bytes(data)
    doc = only(read_file(tmp_path / "bridge.txt"))
    assert isinstance(doc, RawDocument)
    assert doc.content == BRIDGE_UTF8 + BRIDGE_CP1252
    assert doc.repairs == "1 line decoded as windows-1252 in a UTF-8 file"


def test_several_legacy_lines_and_a_damaged_byte_are_all_noted():
    data = (BRIDGE_CP1252.encode("cp1252") + BRIDGE_UTF8.encode("utf-8") + BRIDGE_CP1252.encode("cp1252")
            + "Последние новости о мосте.".encode("utf-8")[:-2] + b"\xff.\n")
    text, note = decode_text(data)
    assert text.startswith(BRIDGE_CP1252 + BRIDGE_UTF8 + BRIDGE_CP1252)
    assert text.count("\ufffd") == 2
    assert note == "2 lines decoded as windows-1252 in a UTF-8 file; 2 invalid UTF-8 bytes replaced"


def test_stray_bytes_on_a_line_of_their_own_are_replaced_not_decoded():
    line = "সিলেটে বন্যায় সড়ক বন্ধ হয়ে গেছে এবং প্রশাসন আশ্রয়কেন্দ্র খুলেছে।\n".encode()
    text, note = decode_text(line * 3 + b"\xfe\x80\n" + line)
    assert note == "2 invalid UTF-8 bytes replaced" and "\ufffd\ufffd" in text


def test_utf8_and_windows_1251_lines_in_a_russian_article():
    utf8 = "Старый мост через реку Самару закрыли в понедельник.\nРемонт продлится до конца октября.\n"
    legacy = "Автобусы будут ходить в объезд по Южному мосту, время в пути вырастет на 15 минут.\n"
    text, note = decode_text(utf8.encode() + legacy.encode("cp1251"))
    assert text == utf8 + legacy and note == "1 line decoded as windows-1251 in a UTF-8 file"


def test_json_lines_notes_a_legacy_line_on_its_own_record(tmp_path):
    lines = [json.dumps({"text": BRIDGE_UTF8}, ensure_ascii=False).encode(),
             json.dumps({"text": BRIDGE_CP1252}, ensure_ascii=False).encode("cp1252")]
    (tmp_path / "mixed.jsonl").write_bytes(b"\n".join(lines))
    first, second = read_file(tmp_path / "mixed.jsonl")
    assert first.content == BRIDGE_UTF8 and first.repairs is None
    assert second.content == BRIDGE_CP1252 and second.repairs == "decoded as windows-1252"
    (tmp_path / "legacy.jsonl").write_bytes(b"\n".join([lines[1], lines[1].replace(b"half", b"a third")]))
    assert [doc.repairs for doc in read_file(tmp_path / "legacy.jsonl")] == ["decoded as windows-1252"] * 2
