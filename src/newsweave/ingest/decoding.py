"""Bytes into text: UTF-8, UTF-16 and the legacy encodings, line by line where a file mixes them.

Nothing raises for bad content: bytes that decode to nothing readable make an
:class:`~newsweave.ingest.files.UnreadableFile`, and what decoding had to mend
is noted on the document.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
import unicodedata

from newsweave.ingest.charsets import decode_legacy, encoding_label
from newsweave.ingest.files import UnreadableFile


# A line of a UTF-8 file with a few damaged bytes (a bad copy, a cut
# multi-byte character) is still UTF-8 when its valid non-ASCII characters
# outnumber its invalid bytes this many times. A line with fewer is in
# another encoding (a paragraph pasted from a windows-1252 page), unless it
# has too few letters to be a sentence (stray bytes, which are replaced).
MIN_VALID_PER_INVALID = 4
MIN_LEGACY_LETTERS = 3
# Text with a larger share of control characters is binary; so is a file of
# one record a line with a larger share of control bytes, as a whole, not
# text with a few bad lines.
MAX_CONTROL_SHARE = 0.05


def decode_text(data: bytes) -> tuple[str, str | None]:
    """Decode bytes as text: UTF-8 (or UTF-16), then a detected encoding.

    Returns the text and a note on what had to be mended, or None. Binary
    content (NUL bytes, mostly control characters) is refused rather than
    decoded into noise.

    >>> decode_text("Grüße".encode("utf-8"))
    ('Grüße', None)
    >>> decode_text("Les négociations reprennent à Doha après une pause.".encode("latin-1"))
    ('Les négociations reprennent à Doha après une pause.', 'decoded as windows-1252')
    >>> decode_text("Бои у Курска".encode("utf-16-le"))[0]
    'Бои у Курска'
    >>> text, note = decode_text("দাম বেড়েছে। ".encode("utf-8") * 10 + b"\\xff")
    >>> text[-2:], note
    (' \\ufffd', '1 invalid UTF-8 byte replaced')
    >>> decode_text("“Oui”, a dit le maire.\\n".encode() + "Le café a rouvert à Orly.".encode("cp1252"))
    ('“Oui”, a dit le maire.\\nLe café a rouvert à Orly.', '1 line decoded as windows-1252 in a UTF-8 file')
    """
    decoded = decode(data)
    return decoded.text, decoded.note


@dataclass(frozen=True)
class Decoded:
    """Text made from bytes, and what making it took."""

    text: str
    encoding: str | None = None                         # the legacy encoding of the whole file
    line_encoding: str | None = None                    # the one some lines of a UTF-8 file are in
    legacy_lines: frozenset[int] = frozenset()          # those lines, counted from 1
    replaced: dict[int, int] = field(default_factory=dict)   # line -> invalid UTF-8 bytes replaced
    refused: dict[int, str] = field(default_factory=dict)    # line -> why it was left out

    @property
    def note(self) -> str | None:
        """What was done to the file as a whole, for the repairs note of its one document."""
        notes = [self.file_note] if self.file_note else []
        if self.legacy_lines:
            count = len(self.legacy_lines)
            notes.append(f"{count} line{'s' if count > 1 else ''} decoded as "
                         f"{encoding_label(self.line_encoding)} in a UTF-8 file")
        invalid = sum(self.replaced.values())
        if invalid:
            notes.append(_replaced_note(invalid))
        return "; ".join(notes) or None

    @property
    def file_note(self) -> str | None:
        """What holds for every line: the legacy encoding the file was decoded as."""
        return f"decoded as {encoding_label(self.encoding)}" if self.encoding else None

    def line_notes(self) -> dict[int, str]:
        """What was done to single lines, by line number (for files of one record a line)."""
        notes = {number: f"decoded as {encoding_label(self.line_encoding)}" for number in self.legacy_lines}
        for number, invalid in self.replaced.items():
            notes[number] = _replaced_note(invalid)
        return notes


def _replaced_note(invalid: int) -> str:
    return f"{invalid} invalid UTF-8 byte{'s' if invalid > 1 else ''} replaced"


def decode(data: bytes, line_by_line: bool = False) -> Decoded:
    """:func:`decode_text` with what was done line by line.

    With ``line_by_line`` (a file of one record a line), a line with NUL
    bytes is left out and named in ``refused``, rather than the whole file
    refused; a file mostly of control bytes is still binary.
    """
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Decoded(_decode_utf16(data, "utf-16"))
    refused: dict[int, str] = {}
    if b"\x00" in head or (line_by_line and b"\x00" in data):
        encoding = _utf16_without_bom(head)
        if encoding is not None:
            return Decoded(_decode_utf16(data, encoding))
        if not line_by_line:
            raise UnreadableFile("binary content (NUL bytes): not a text document")
        data, refused = _without_nul_lines(data)
    decoded = _decode_iso2022_jp(data) or _decode_utf8(data) or _decode_legacy(data)
    return replace(decoded, refused=refused) if refused else decoded


# ISO-2022-JP (Japanese mail and old news feeds) is 7-bit, so it passes for
# ASCII; its escape sequences into JIS X 0208 give it away.
_JIS_ESCAPES = (b"\x1b$B", b"\x1b$@", b"\x1b$(D")


def _decode_iso2022_jp(data: bytes) -> Decoded | None:
    if not any(escape in data[:8192] for escape in _JIS_ESCAPES) or not data.isascii():
        return None
    try:
        return Decoded(_check_printable(data.decode("iso2022_jp")), encoding="iso2022_jp")
    except UnicodeDecodeError:
        return None


def _utf16_without_bom(head: bytes) -> str | None:
    """``utf-16-le`` / ``utf-16-be`` when NUL bytes sit on one side of the
    byte pairs only, as the high byte of ASCII letters, digits and spaces
    does; None for anything else (binary data has NULs anywhere)."""
    head = head[: len(head) // 2 * 2]
    pairs = len(head) // 2
    if pairs < 2:
        return None
    even = head[0::2].count(0) / pairs
    odd = head[1::2].count(0) / pairs
    if odd >= 0.1 and even <= odd / 20:
        return "utf-16-le"
    if even >= 0.1 and odd <= even / 20:
        return "utf-16-be"
    return None


def _decode_utf16(data: bytes, encoding: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        raise UnreadableFile(f"binary content: NUL bytes, and not valid {encoding.upper()} text") from None
    return _check_printable(text.removeprefix("\ufeff"))


def _without_nul_lines(data: bytes) -> tuple[bytes, dict[int, str]]:
    """``data`` with its lines that hold NUL bytes emptied, and those lines' numbers."""
    if _control_share(data) > MAX_CONTROL_SHARE:
        raise UnreadableFile("binary content (NUL bytes): not a text document")
    lines = data.split(b"\n")
    refused = {number: "binary content (NUL bytes), not a text record"
               for number, line in enumerate(lines, start=1) if b"\x00" in line}
    kept = (b"" if number in refused else line for number, line in enumerate(lines, start=1))
    return b"\n".join(kept), refused


def _control_share(data: bytes) -> float:
    return sum(data.count(byte) for byte in _CONTROL_BYTES) / len(data) if data else 0.0


_CONTROL_BYTES = [bytes([code]) for code in range(32) if chr(code) not in "\t\n\r\f"]


@dataclass(frozen=True)
class _Line:
    """One line of a file that is not all valid UTF-8."""

    kind: str      # "utf8", "damaged" (UTF-8 with a few bad bytes) or "legacy" (another encoding)
    valid: int     # valid non-ASCII UTF-8 characters
    invalid: int   # bytes that are not UTF-8


def _decode_utf8(data: bytes) -> Decoded | None:
    """UTF-8 text, line by line where it must be; None when the file is not UTF-8 at all.

    Lines in another encoding (a paragraph pasted from a windows-1252 page)
    are decoded in the encoding detected for them; a few damaged bytes
    within UTF-8 lines are replaced.
    """
    try:
        return Decoded(_check_printable(data.decode("utf-8-sig")))
    except UnicodeDecodeError:
        pass
    raw_lines = data.removeprefix(b"\xef\xbb\xbf").split(b"\n")
    lines = [_classify_line(raw) for raw in raw_lines]
    if not any(line.valid for line in lines if line.kind != "legacy"):
        return None  # no UTF-8 beyond ASCII anywhere: the whole file is in a legacy encoding
    return _decode_mixed(raw_lines, lines)


def _decode_mixed(raw_lines: list[bytes], lines: list[_Line]) -> Decoded:
    """UTF-8 lines as UTF-8 (bad bytes replaced), the legacy lines in the encoding detected for them all."""
    legacy = [number for number, line in enumerate(lines, start=1) if line.kind == "legacy"]
    found = decode_legacy(b"\n".join(raw_lines[number - 1] for number in legacy)) if legacy else None
    codec = found[1] if found else None
    texts, replaced = [], {}
    for number, (raw, line) in enumerate(zip(raw_lines, lines), start=1):
        if line.kind == "legacy" and codec:
            texts.append(raw.decode(codec, "replace"))
            continue
        texts.append(raw.decode("utf-8", "replace"))
        if line.invalid:
            replaced[number] = line.invalid
    return Decoded(_check_printable("\n".join(texts)), line_encoding=codec,
                   legacy_lines=frozenset(legacy if codec else ()), replaced=replaced)


def _classify_line(raw: bytes) -> _Line:
    try:
        text = raw.decode("utf-8")
        return _Line("utf8", sum(ch > "\x7f" for ch in text), 0)
    except UnicodeDecodeError:
        pass
    # Undecodable bytes come back as U+DC80..U+DCFF, one per byte, to be counted.
    escaped = raw.decode("utf-8", "surrogateescape")
    invalid = sum(1 for ch in escaped if "\udc80" <= ch <= "\udcff")
    valid = sum(1 for ch in escaped if ch > "\x7f") - invalid
    if valid >= invalid * MIN_VALID_PER_INVALID or _letters(raw) < MIN_LEGACY_LETTERS:
        return _Line("damaged", valid, invalid)
    return _Line("legacy", valid, invalid)


def _letters(raw: bytes) -> int:
    # Latin-1 gives every byte a character, and most letters of any legacy
    # encoding (0xC0-0xFF) are letters there too: enough to tell a sentence
    # from a few stray bytes.
    return sum(ch.isalpha() for ch in raw.decode("latin-1"))


def _decode_legacy(data: bytes) -> Decoded:
    found = decode_legacy(data)
    if found is None:
        raise UnreadableFile("undecodable: no text encoding fits the bytes")
    text, codec = found
    return Decoded(_check_printable(text), encoding=codec)


def _check_printable(text: str) -> str:
    # Control characters, unassigned and private-use code points are what
    # binary data turns into under any encoding; real text has almost none.
    sample = text[:4096]
    odd = sum(1 for ch in sample
              if (ch < " " and ch not in "\n\r\t\f") or unicodedata.category(ch) in ("Cn", "Co"))
    if sample and odd / len(sample) > MAX_CONTROL_SHARE:
        raise UnreadableFile("binary content: too many control characters for text")
    return text
