"""A zoo of bad and odd input files, ingested in one batch with good articles.

Every file must end up stored or rejected with a specific reason, the batch
must finish (a FIFO or a link to /dev/zero must not hang it), and nothing may
raise. The same files sent to the HTTP API must never give a server error.
"""
from __future__ import annotations

import errno
import gzip
import io
import json
import os
import random
from dataclasses import dataclass
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from newsweave.embed import HashingEmbedder
from newsweave.ingest import path_label
from newsweave.ingest.files import MAX_FILE_BYTES, MAX_TEXT_CHARS
from newsweave.pipeline.run import Pipeline
from newsweave.store import SQLiteStore
from newsweave.web import ServerConfig, create_app

from tests.conftest import NOW
from tests.reliability import finishes_within
from tests.web_support import TEST_HOSTS, TOKEN, auth

STORED = "stored"
WALL_CLOCK_S = 300
UPLOAD_MAX_BYTES = 2 * 1024 * 1024   # larger zoo files are covered by the batch run; uploading them adds only time

CITIES = ["Sylhet", "Rotterdam", "Valencia", "Mombasa", "Tromsø", "Cusco", "Da Nang", "Gdańsk", "Ibadan",
          "Kochi", "Lviv", "Mendoza", "Nagoya", "Oran", "Porto", "Quetta", "Rosario", "Salvador", "Tbilisi",
          "Ulsan", "Varna", "Windhoek", "Xalapa", "Yazd", "Zadar", "Aarhus", "Bergen", "Cebu", "Daegu",
          "Eilat", "Fes", "Galle", "Hakodate", "Iquique", "Jaffna", "Kotor", "Lamu", "Malmö", "Nakuru"]
BENGALI = ("সিলেটে বন্যায় সড়ক বন্ধ\nমঙ্গলবারের ভারী বৃষ্টিতে সিলেটের বহু সড়ক পানিতে ডুবে গেছে এবং "
           "প্রশাসন চল্লিশটি আশ্রয়কেন্দ্র খুলেছে। হাজারো পরিবার ঘর ছেড়ে আশ্রয়কেন্দ্রে উঠেছে।\n")
RUSSIAN = ("Во Владивостоке открыли новый паромный маршрут\nВ пятницу из Владивостока отправился первый паром "
           "на остров Русский, сообщили в администрации города. Билеты стоят 200 рублей.\n")


def article(i: int, extra: str = "") -> str:
    """A short news article; each ``i`` gives different words, so no two are exact copies."""
    city = CITIES[i]
    return (f"Port workers in {city} end strike after pay deal\n"
            f"Port workers in {city} ended a {i + 2}-day strike on Friday after the union accepted a pay offer, "
            f"officials said.{extra} About {1000 + 37 * i} members voted on the deal, which raises wages by "
            f"{3 + i % 5} percent over two years.\n")


def gz(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


def warc_record(url: str, body: bytes, ctype: str = "text/html; charset=utf-8") -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))
    return buffer.getvalue()


def page(text: str) -> bytes:
    paragraphs = "".join(f"<p>{line}</p>" for line in text.splitlines()[1:])
    return (f"<html><head><title>{text.splitlines()[0]}</title></head>"
            f"<body><article><h1>{text.splitlines()[0]}</h1>{paragraphs}</article></body></html>").encode()


def feed(items: str) -> bytes:
    return (f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Harbour Post</title>"
            f"<link>https://harbour.example/</link>{items}</channel></rss>").encode()


@dataclass
class Exhibit:
    """One zoo file and what must come of it: each fragment found among the
    reasons of its rejections, or ``STORED`` for a stored article; ``()`` takes
    any specific outcome."""

    path: Path
    expect: tuple[str, ...]
    upload: bool = True

    @property
    def label(self) -> str:
        return path_label(self.path)


class Zoo:
    def __init__(self, root: Path):
        self.root = root
        self.exhibits: list[Exhibit] = []
        self.unreadable: set[str] = set()      # paths that must fail to open, even for root
        self.unlistable: set[str] = set()      # folders that must fail to list, even for root

    def file(self, name: str | bytes, data: bytes | str, *expect: str, upload: bool = True) -> Path:
        path = self.root / (os.fsdecode(name) if isinstance(name, bytes) else name)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        self.exhibits.append(Exhibit(path, expect, upload))
        return path

    def special(self, name: str, *expect: str) -> Path:
        """A path made by the caller (link, FIFO, folder): never uploaded."""
        path = self.root / name
        self.exhibits.append(Exhibit(path, expect, upload=False))
        return path


def build_zoo(root: Path) -> Zoo:
    zoo = Zoo(root)
    rng = random.Random(7)
    good = iter(range(len(CITIES)))

    # Good articles, in two scripts besides English.
    zoo.file("good_en.txt", article(next(good)), STORED)
    zoo.file("good_bn.txt", BENGALI, STORED)
    zoo.file("good_ru.json", json.dumps({"title": RUSSIAN.split("\n")[0], "text": RUSSIAN.split("\n", 1)[1],
                                         "lang": "ru"}, ensure_ascii=False), STORED)

    # Empty, blank and binary.
    zoo.file("empty.txt", b"", "empty file")
    zoo.file("whitespace.txt", " \n\t \r\n", "only whitespace")
    zoo.file("bom_only.txt", b"\xef\xbb\xbf", "only whitespace")
    zoo.file("nul_bytes.txt", article(next(good)).encode().replace(b" ", b"\x00", 3), "NUL bytes")
    zoo.file("png.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary content")
    zoo.file("binary.html", bytes(rng.randrange(256) for _ in range(4096)), "binary content")
    zoo.file("clutter_only.txt", "Home | World | Sport\nShare this article\nTags: Gaza, Qatar\n", "no article text")
    zoo.file("headline_only.txt", "Just a headline\n", "no article text")

    # Compression.
    cut = gz(article(next(good)).encode() * 20)
    zoo.file("truncated.txt.gz", cut[: len(cut) // 2], "gzip")
    zoo.file("bomb.txt.gz", gz(b" " * (MAX_FILE_BYTES + 1)), "decompressed content exceeds")
    zoo.file("binary.txt.gz", gz(bytes(rng.randrange(256) for _ in range(8192))), "binary content")
    zoo.file("not_gzip.html.gz", b"<html><body>plain</body></html>", "corrupt or truncated gzip")
    zoo.file("good.txt.gz", gz(article(next(good)).encode()), STORED)

    # JSON and JSON Lines.
    deep = "[" * 100_000 + "]" * 100_000
    zoo.file("invalid.json", '{"text": "unterminated', "invalid JSON at line 1")
    zoo.file("scalar.json", "42", "expected a JSON object, found a number")
    zoo.file("numbers.json", "[1, 2, 3]", "expected a JSON object, found a number")
    zoo.file("empty_array.json", "[]", "JSON array holds no articles")
    zoo.file("no_text.json", json.dumps({"title": "A title and nothing else"}), "no article text")
    zoo.file("nested.json", deep, "JSON nested too deeply")
    zoo.file("huge_number.json", '{"text": "x", "id": ' + "9" * 5000 + "}", "invalid JSON: Exceeds the limit")
    zoo.file("bad_lines.jsonl", "\n".join([json.dumps({"text": article(next(good))}), "{oops", deep, "7", ""]),
             STORED, "line 2: invalid JSON", "line 3: JSON nested too deeply", "line 4: expected a JSON object")
    zoo.file("blank_lines.jsonl", "\n\n   \n\n", "only whitespace")
    zoo.file("nul_line.jsonl", b"\n".join([json.dumps({"text": article(next(good))}).encode(), b'{"text": "a\x00b"}',
                                           json.dumps({"text": article(next(good))}).encode()]),
             STORED, "line 2: binary content (NUL bytes)")
    zoo.file("crlf.jsonl", json.dumps({"text": article(next(good))}) + "\r\n", STORED)
    zoo.file("u2028.jsonl", json.dumps({"text": article(next(good)).replace("\n", "\u2028", 1)},
                                       ensure_ascii=False) + "\n", STORED)
    zoo.file("surrogate.json", json.dumps({"title": "Lone \ud800 surrogate", "text": article(next(good)),
                                           "source": "\udfff"}), STORED)
    zoo.file("title_object.json", json.dumps({"title": {"name": "Named headline"}, "text": article(next(good)),
                                              "source": {"id": None}, "url": ["https://a.example/1"]}), STORED)
    zoo.file("nan.json", '{"text": ' + json.dumps(article(next(good))) + ', "id": NaN, "lang": 5}', STORED)
    zoo.file("bom.json", b"\xef\xbb\xbf" + json.dumps({"text": article(next(good))}).encode(), STORED)
    zoo.file("newsapi.json", json.dumps({"status": "ok", "totalResults": 1, "articles": [{
        "source": {"id": None, "name": "BBC News"}, "author": "A Reporter", "title": "Strike ends",
        "description": "Short lead.", "url": "https://bbc.example/1", "publishedAt": "2024-06-20T08:00:00Z",
        "content": article(next(good)) + "… [+2345 chars]"}]}), STORED)
    zoo.file("newsplease.json", json.dumps({
        "title": "Strike ends", "maintext": article(next(good)), "date_publish": "2024-06-20 08:00:00",
        "language": "en", "source_domain": "harbour.example", "url": "https://harbour.example/2"}), STORED)

    # Feeds and XML.
    entry = "<item><title>{0}</title><link>https://harbour.example/{1}</link><description>{2}</description></item>"
    zoo.file("not_feed.xml", "<?xml version='1.0'?><settings><a>1</a></settings>", "not an RSS/Atom feed")
    zoo.file("empty_feed.rss", feed(""), "the feed has no entries")
    zoo.file("no_content.rss", feed("<item><title>Only a title</title></item>"), "feed entry has no content")
    zoo.file("good_feed.rss", feed(entry.format("Strike ends", 3, article(next(good)).split("\n", 1)[1])), STORED)
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    zoo.file("entity_bomb.rss", f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY l0 "lol">{laughs}]>'
                                f"<rss><channel><item><title>&l9;</title><description>&l9;</description></item>"
                                f"</channel></rss>")
    zoo.file("external_entity.rss", '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                                    "<rss><channel><item><title>Leak</title><description>&x; and more words "
                                    "to make it long enough to be an article.</description></item></channel></rss>")

    # HTML.
    zoo.file("nav_only.html", "<html><body><nav><a href='/'>Home</a> <a href='/w'>World</a></nav></body></html>",
             "no article text")
    zoo.file("script_only.html", "<html><head><script>var a = 1;" + "a++;" * 2000 + "</script></head><body>"
                                 "<script>document.write('hi')</script></body></html>", "no article text")
    zoo.file("deep.html", "<html><body>" + "<div>" * 100_000 + "Deep text." + "</div>" * 100_000 + "</body></html>")
    zoo.file("many_elements.html", "<html><body><article>" + "<span>a</span>" * 100_000 + "</article></body></html>",
             "HTML page too complex for one article")
    zoo.file("good.html", page(article(next(good))), STORED)

    # WARC.
    zoo.file("junk.warc", b"WARC/1.0\r\nWARC-Type: response\r\nContent-Type: application/http; msgtype=response\r\n"
                          b"Content-Length: 10\r\n\r\ngarbage!!!\r\n\r\n", "unreadable or truncated WARC")
    zoo.file("random.warc", bytes(range(256)) * 8, "unreadable or truncated WARC")
    zoo.file("empty.warc", b"", "empty file")
    zoo.file("text_only.warc", warc_record("https://a.example/t", b"plain text", "text/plain"),
             "WARC holds no HTML responses")
    zoo.file("damaged.warc", warc_record("https://a.example/ok", page(article(next(good)))) + b"garbage\r\n\r\n",
             STORED, "unreadable or truncated WARC")
    zoo.file("cut.warc.gz", gz(warc_record("https://a.example/cut", page(article(next(good)))))[:-40])

    # Encodings.
    zoo.file("latin1.txt", article(next(good), " Le café a rouvert à Doha après une pause.").encode("latin-1"), STORED)
    zoo.file("cp1252.txt", article(next(good), " “Quoted” words – and a dash.").encode("cp1252"), STORED)
    zoo.file("utf16_bom.txt", article(next(good)).encode("utf-16"), STORED)
    zoo.file("utf16le.txt", article(next(good)).encode("utf-16-le"), STORED)
    zoo.file("utf16be.txt", article(next(good)).encode("utf-16-be"), STORED)
    line = BENGALI.encode()
    zoo.file("few_invalid_utf8.txt", line.replace(b"\n", b" ") * 2 + b"\xff" + line * 2 + b"\xfe\x80", STORED)
    zoo.file("cut_multibyte.txt", (RUSSIAN * 3).encode()[:-1], STORED)
    zoo.file("mojibake.txt", article(next(good), " The café — reopened.").encode().decode("cp1252"), STORED)
    zoo.file("mixed_encodings.txt", article(next(good), " “Quoted” in UTF-8.").encode() +
             "Dock managers said the harbour café — shut during the strike — would reopen on Monday.\n"
             .encode("cp1252"), STORED)
    zoo.file("control_chars.txt", article(next(good), " \x07Bell\x1b[31m and escape\x08."), STORED)
    zoo.file("rtl_override.txt", article(next(good), " Price \u202e01$\u202c and \u2067isolate\u2069."), STORED)

    # Sizes.
    zoo.file("huge_text.txt", ("A line of a very long book about everything. " * 22 + "\n") *
             (MAX_TEXT_CHARS // 1000 + 10), "text too long for one article")
    over = zoo.file("over_cap.txt", b"", "file too large", upload=False)
    with over.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    zoo.file("long_line.txt", " ".join(f"word{i % 977}" for i in range(60_000)))

    # Names.
    zoo.file(b"caf\xe9.txt", article(next(good)), STORED)
    zoo.file("new\nline.txt", article(next(good)), STORED)
    zoo.file("n" * 200 + ".txt", article(next(good)), STORED)
    zoo.file("report.pdf", b"%PDF-1.7\n", "unsupported file type: .pdf")
    zoo.file("README", "Read me first.\n", "unsupported file type: (no extension)")
    zoo.file("archive.tar.gz", gz(b"not really a tar"), "unsupported file type: .tar.gz")

    # Things that are not readable files.
    os.mkfifo(zoo.special("fifo.txt", "not a regular file (FIFO)"))
    zoo.special("dev_zero.txt", "symbolic link out of the ingested folder").symlink_to("/dev/zero")
    zoo.special("passwd.txt", "symbolic link out of the ingested folder").symlink_to("/etc/passwd")
    zoo.special("dangling.txt", "a symbolic link to a file that does not exist").symlink_to(root / "missing.txt")
    loop = zoo.special("loop.txt", "a loop of symbolic links")
    loop.symlink_to(loop)
    locked_file = zoo.file("unreadable.txt", article(next(good)), "Permission denied", upload=False)
    locked_file.chmod(0)
    zoo.unreadable.add(str(locked_file))
    folder = zoo.special("locked_folder", "cannot read folder: Permission denied")
    folder.mkdir()
    (folder / "inside.txt").write_text(article(next(good)))
    folder.chmod(0)
    zoo.unlistable.add(str(folder))
    (root / "linked_target").mkdir()
    zoo.special("folder_link", "link to a folder: not followed").symlink_to(root / "linked_target")
    return zoo


def simulate_permissions(zoo: Zoo, monkeypatch) -> None:
    """Root opens and lists everything: make the locked paths fail as they would for a user."""
    if os.geteuid() != 0:
        return
    real_open, real_scandir = os.open, os.scandir

    def refuse(path, locked: set[str]) -> None:
        if isinstance(path, (str, os.PathLike)) and os.fspath(path) in locked:  # not a descriptor
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))

    def guarded_open(path, flags, *args, **kwargs):
        refuse(path, zoo.unreadable)
        return real_open(path, flags, *args, **kwargs)

    def guarded_scandir(path="."):
        refuse(path, zoo.unlistable)
        return real_scandir(path)

    monkeypatch.setattr(os, "open", guarded_open)
    monkeypatch.setattr(os, "scandir", guarded_scandir)


@dataclass
class Outcome:
    summary: object
    rejections: list[dict]
    articles: list[dict]


def ingest_zoo(root: Path, db: Path) -> Outcome:
    """The zoo and nothing else in one batch, as ``fast_pipeline`` runs it, in a store of this thread
    (SQLite connections stay in the thread that made them)."""
    with SQLiteStore(db) as store:
        pipeline = Pipeline(store, embedder=HashingEmbedder(dim=128), now=NOW, progress=False)
        summary = pipeline.ingest([root])
        articles = [dict(row) for row in store.db.execute("SELECT origin, title, text, source, repairs FROM articles")]
        return Outcome(summary, store.rejections(), articles)


def belongs_to(origin: str, label: str) -> bool:
    return origin == label or origin.startswith((label + "#", label + "::"))


def is_specific(reason: str) -> bool:
    return len(reason) >= 10 and " " in reason.strip() and reason.strip().lower() not in ("error", "failed")


@pytest.fixture
def zoo(tmp_path, monkeypatch):
    root = tmp_path / "zoo"
    root.mkdir()
    built = build_zoo(root)
    simulate_permissions(built, monkeypatch)
    yield built
    for path in built.unlistable | built.unreadable:
        os.chmod(path, 0o755)


def test_the_zoo_is_big(zoo):
    assert len(zoo.exhibits) >= 45
    assert len({e.label for e in zoo.exhibits}) == len(zoo.exhibits)


@pytest.fixture
def outcome(zoo, tmp_path):
    return finishes_within(WALL_CLOCK_S, ingest_zoo, zoo.root, tmp_path / "zoo.db")


def test_every_zoo_file_is_stored_or_rejected_with_a_reason(zoo, outcome):
    rejections, stored = outcome.rejections, outcome.articles
    assert outcome.summary.stored == len(stored)
    problems = []
    for exhibit in zoo.exhibits:
        reasons = [r["reason"] for r in rejections if belongs_to(r["origin"], exhibit.label)]
        outcomes = reasons + [STORED] * sum(belongs_to(a["origin"], exhibit.label) for a in stored)
        if not outcomes:
            problems.append(f"{exhibit.label}: neither stored nor rejected")
        problems += [f"{exhibit.label}: vague reason {r!r}" for r in reasons if not is_specific(r)]
        problems += [f"{exhibit.label}: {r}" for r in reasons if r.startswith("internal error")]
        problems += [f"{exhibit.label}: expected {want!r}, got {outcomes}" for want in exhibit.expect
                     if not any(want in outcome for outcome in outcomes)]
    assert not problems, "\n".join(problems)


def test_what_the_zoo_stores_is_clean(zoo, outcome):
    stored = outcome.articles
    rows = {}
    for exhibit in zoo.exhibits:
        mine = [row for row in stored if belongs_to(row["origin"], exhibit.label)]
        if mine:
            rows[exhibit.label.rsplit("/", 1)[-1]] = mine[0]
    everything = json.dumps(stored, ensure_ascii=False)
    everything.encode("utf-8")  # no surrogates anywhere
    assert "root:" not in everything and "\u202e" not in everything and "\x1b" not in everything
    assert rows["surrogate.json"]["title"] == "Lone \ufffd surrogate"
    assert rows["title_object.json"]["title"] == "Named headline"
    assert rows["newsapi.json"]["source"] == "BBC News" and "[+2345 chars]" not in rows["newsapi.json"]["text"]
    assert rows["few_invalid_utf8.txt"]["repairs"] == "3 invalid UTF-8 bytes replaced"
    assert rows["mojibake.txt"]["repairs"] == "mojibake repaired" and "café —" in rows["mojibake.txt"]["text"]
    assert "Le café a rouvert" in rows["latin1.txt"]["text"]
    assert "“Quoted” words – and a dash" in rows["cp1252.txt"]["text"]
    assert rows["cp1252.txt"]["repairs"] == "decoded as windows-1252"
    assert rows["mixed_encodings.txt"]["repairs"] == "1 line decoded as windows-1252 in a UTF-8 file"
    assert "“Quoted” in UTF-8." in rows["mixed_encodings.txt"]["text"]
    assert "harbour café — shut during the strike" in rows["mixed_encodings.txt"]["text"]
    assert "হাজারো পরিবার" in rows["good_bn.txt"]["text"]
    assert rows["caf\\xe9.txt"]["origin"].endswith("/caf\\xe9.txt")


def test_zoo_uploads_never_give_a_server_error(zoo, tmp_path):
    app = create_app(ServerConfig(db=str(tmp_path / "api.db"), token=TOKEN, allowed_hosts=TEST_HOSTS),
                     embedder=HashingEmbedder(dim=128))
    uploads = [e for e in zoo.exhibits
               if e.upload and e.path.is_file() and e.path.stat().st_size <= UPLOAD_MAX_BYTES]
    assert len(uploads) >= 40
    failures, statuses = [], set()
    with TestClient(app, client=("127.0.0.1", 50000)) as client:
        for exhibit in uploads:
            files = [("files", (exhibit.label.rsplit("/", 1)[-1], exhibit.path.read_bytes(),
                                "application/octet-stream"))]
            response = finishes_within(60, client.post, "/api/ingest", files=files, headers=auth())
            statuses.add(response.status_code)
            if response.status_code >= 500 or "json" not in response.headers.get("content-type", ""):
                failures.append(f"{exhibit.label}: {response.status_code} {response.text[:200]}")
        assert client.get("/api/health").status_code == 200
    assert not failures, "\n".join(failures)
    assert {201, 415, 422} <= statuses
