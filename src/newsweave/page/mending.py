"""Text that arrives damaged, mended: mojibake, lone surrogates, invisible characters, odd spaces.

:func:`repair_text` and :func:`replace_surrogates` are the readers' rules
for such text; :func:`normalize` applies them again, with Unicode NFC and
whitespace folded, for documents made without a reader.
"""
from __future__ import annotations

from functools import lru_cache
import re
import unicodedata


# Invisible characters that scrapes leave behind, and bidirectional overrides
# and isolates, which can make stored text display in another order than it
# reads. ZWJ/ZWNJ are kept: Bengali, Persian and Hindi need them to spell words.
INVISIBLE = re.compile("[\u200b\u2060\ufeff\u00ad\u200e\u200f\u202a-\u202e\u2066-\u2069]")
SURROGATE = re.compile("[\ud800-\udfff]")
SPACES = re.compile(r"[^\S\n]+")


def replace_surrogates(text: str) -> str:
    """Surrogate code points, which UTF-8 cannot encode, made into characters.

    A JSON escape such as ``"\\ud800"`` or a file name that is not UTF-8 puts
    them in a Python string, and the store, JSON output and web pages then
    fail on it. A proper pair becomes the character it encodes; a lone one
    becomes U+FFFD.

    >>> replace_surrogates("a\\ud800b\\ud83d\\ude00c")
    'a�b😀c'
    """
    if not SURROGATE.search(text):
        return text
    from ftfy.fixes import fix_surrogates

    return fix_surrogates(text)


@lru_cache(maxsize=1)
def _fixer_config():
    from ftfy import TextFixerConfig

    # Only repairs of damage: quotes stay curly, ligatures and full-width
    # forms stay as written, line breaks are left to normalize(), and HTML
    # entities stay escaped (unescaping would change markup in HTML pages).
    return TextFixerConfig(unescape_html=False, uncurl_quotes=False, fix_line_breaks=False,
                           fix_latin_ligatures=False, fix_character_width=False, explain=False)


@lru_cache(maxsize=1)
def _no_decoding_config():
    return _fixer_config()._replace(fix_encoding=False, decode_inconsistent_utf8=False,
                                    replace_lossy_sequences=False, restore_byte_a0=False)


def repair_text(text: str) -> tuple[str, bool]:
    """Text with mojibake (UTF-8 read as Windows-1252 and the like) and lone
    surrogates repaired, and whether mojibake was found.

    >>> repair_text("The cafÃ© said â€œhelloâ€\x9d.")
    ('The café said “hello”.', True)
    >>> repair_text("দাম বেড়েছে। Цены выросли. ارتفعت الأسعار")
    ('দাম বেড়েছে। Цены выросли. ارتفعت الأسعار', False)
    """
    from ftfy import fix_text

    fixed = fix_text(text, _fixer_config())
    if fixed == text:
        return text, False
    # Other fixes (NFC, stray control characters) change text too; mojibake
    # was repaired only when the fixes without decoding give something else.
    return fixed, fix_text(text, _no_decoding_config()) != fixed


def normalize(text: str) -> str:
    """NFC, no invisible characters or surrogates, single spaces, trimmed lines.

    >>> normalize("  Gaza\u200b  talks \\r\\n\\n\\n resume ")
    'Gaza talks\\n\\nresume'
    """
    text = replace_surrogates(text.replace("\r\n", "\n").replace("\r", "\n"))
    text = unicodedata.normalize("NFC", text)
    text = INVISIBLE.sub("", text)
    lines = [SPACES.sub(" ", line).strip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()
