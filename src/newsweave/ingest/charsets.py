"""Which legacy encoding a text that is not UTF-8 was written in.

charset-normalizer proposes the encodings that decode the bytes without
mess. On a short Western text several do, and its ranking then often picks
the wrong one: a DOS code page turns “green” into "ôgreenö", windows-1250
turns "Grève" into "Grčve", windows-1251 turns a stray "é" into "й". So the
candidates are limited to encodings news is written in, and among them the
one whose text reads as words of its own language is taken: the text's
language comes from the language identifier, and a word is odd when it
mixes scripts ("Cafй"), has a symbol between letters ("po³udniu"), or has a
letter its language's alphabet lacks ("Grčve" in French). Fewest odd words
wins; on a tie, the detector's order stands. windows-1252 is always a
candidate, since the detector sometimes leaves it out.

>>> decode_legacy("The council backs a “green” budget of €12 million.".encode("cp1252"))
('The council backs a “green” budget of €12 million.', 'cp1252')
>>> decode_legacy("Grève des contrôleurs aériens à Orly.".encode("cp1252"))[0]
'Grève des contrôleurs aériens à Orly.'
>>> [encoding_label(codec) for codec in ("cp1252", "latin_1", "iso8859_6", "koi8_r", "shift_jis", "euc_jp")]
['windows-1252', 'iso-8859-1', 'iso-8859-6', 'koi8-r', 'Shift_JIS', 'euc-jp']
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

# Encodings of web and newsroom text. DOS (cp437, cp850, cp775) and Mac code
# pages are left out: no news is written in them now, and on a short text
# they decode as cleanly as windows-1252 and win the detector's ties.
NEWS_ENCODINGS = [
    "cp1252", "latin_1", "iso8859_15", "cp1250", "iso8859_2", "cp1251", "koi8_r", "koi8_u", "iso8859_5",
    "cp1253", "iso8859_7", "cp1254", "iso8859_9", "cp1255", "iso8859_8", "cp1256", "iso8859_6", "cp1257",
    "iso8859_13", "cp1258", "cp874", "shift_jis", "cp932", "euc_jp", "iso2022_jp", "gb18030", "big5", "euc_kr",
    "cp949",
]
# When several encodings give the same text, the most common one names it.
PREFERRED_IN_GROUP = ("cp1252", "latin_1", "iso8859_15")

_LATIN_1_LETTERS = "àáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿœß"
# The letters beyond ASCII of each Latin-script language (lower case).
# English borrows all of Latin-1's ("café", "naïve", "Müller").
ALPHABETS = {
    "en": _LATIN_1_LETTERS, "fr": "àâæçéèêëîïôœùûüÿ", "de": "äöüßé", "es": "áéíñóúü", "pt": "áâãàçéêíóôõú",
    "it": "àèéìíîòóùú", "ca": "àçèéíïòóúü", "gl": "áéíñóú", "nl": "áäéëèïíóöüú", "sv": "åäöé",
    "da": "æøåé", "no": "æøåéèêóòô", "nb": "æøåéèêóòô", "nn": "æøåéèêóòô", "fi": "äöåšž", "is": "áðéíóúýþæö",
    "pl": "ąćęłńóśźż", "cs": "áčďéěíňóřšťúůýž", "sk": "áäčďéíĺľňóôŕšťúýž", "sl": "čšžćđ",
    "hr": "čćđšž", "bs": "čćđšž", "sr": "čćđšž", "hu": "áéíóöőúüű", "ro": "ăâîșțşţ",
    "tr": "çğıöşüâî", "az": "çəğıöşü", "lv": "āčēģīķļņšūž", "lt": "ąčęėįšųūž", "et": "äöõüšž",
    "sq": "çë", "mt": "ċġħżàèìòù", "cy": "âêîôûŵŷäëïöüáéíóú", "ga": "áéíóú", "eu": "ñü", "af": "êëéèîïôöûü",
}
# Scripts written without spaces, whose "words" mix with digits and Latin letters as a rule.
_UNSPACED_SCRIPTS = {"CJK", "HIRAGANA", "KATAKANA", "HANGUL", "FULLWIDTH", "HALFWIDTH", "IDEOGRAPHIC", "THAI"}
_INSIDE_WORD = set("'’ʼ-‐‑·.")
_EDGE_PUNCTUATION = "\"'“”‘’„«»‹›()[]{}.,;:!?¡¿…—–-*/"
_non_ascii_word = re.compile(r"\S*[^\x00-\x7f]\S*")
# Odd words are counted in the opening of a text: enough to tell encodings
# apart, and a long file is not decoded once per candidate.
SCORED_BYTES = 100_000


def decode_legacy(data: bytes) -> tuple[str, str] | None:
    """The text of ``data`` and the codec it was decoded with; None when no encoding fits."""
    sample = _opening(data)
    scored = sorted((_odd_words(text), rank, codec) for rank, (codec, text) in enumerate(_candidates(data, sample)))
    for _, _, codec in scored:
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError:  # fits the opening, not a byte further on
            continue
    return None


_LABELS = {"latin_1": "iso-8859-1", "shift_jis": "Shift_JIS", "cp932": "windows-31j", "cp874": "windows-874",
           "cp949": "windows-949", "iso2022_jp": "iso-2022-jp"}


def encoding_label(codec: str) -> str:
    """The name people know an encoding by: ``windows-1252`` for ``cp1252``."""
    codec = codec.lower().replace("-", "_")
    if re.fullmatch(r"cp125\d", codec):
        return "windows-" + codec[2:]
    return _LABELS.get(codec) or re.sub(r"^iso8859_", "iso-8859-", codec).replace("_", "-")


def _opening(data: bytes) -> bytes:
    """The first :data:`SCORED_BYTES`, ending at a line's end so no character is cut."""
    if len(data) <= SCORED_BYTES:
        return data
    cut = data.rfind(b"\n", 0, SCORED_BYTES)
    return data[:cut] if cut > 0 else data[:SCORED_BYTES]


def _candidates(data: bytes, sample: bytes) -> list[tuple[str, str]]:
    """(codec, text of ``sample``) for each different text the detector's candidates give, in its order."""
    from charset_normalizer import from_bytes

    codecs = []
    for match in from_bytes(data, cp_isolation=NEWS_ENCODINGS):
        preferred = next((name for name in PREFERRED_IN_GROUP if name in match.could_be_from_charset), None)
        codecs += [preferred, match.encoding] if preferred else [match.encoding]
    texts: dict[str, str] = {}
    for codec in codecs + ["cp1252"]:
        try:
            texts.setdefault(sample.decode(codec), codec)
        except UnicodeDecodeError:  # windows-1252 leaves five bytes undefined
            continue
    return [(codec, text) for text, codec in texts.items()]


def _odd_words(text: str) -> int:
    """How many words of ``text`` no language would write (see the module's doc)."""
    script = _main_script(text)
    alphabet = ALPHABETS.get(_language(text)) if script == "LATIN" else None
    unspaced = script in _UNSPACED_SCRIPTS
    return sum(_is_odd(word, alphabet, unspaced) for word in _non_ascii_word.findall(text))


def _is_odd(word: str, alphabet: str | None, unspaced: bool = False) -> bool:
    letters = [ch for ch in word if ch.isalpha()]
    scripts = {_script(ch) for ch in letters}
    if unspaced and scripts & _UNSPACED_SCRIPTS:
        return False  # a Japanese or Thai "word" is a whole phrase, Latin names and digits included
    return (len(scripts) > 1 or _symbol_between_letters(word.strip(_EDGE_PUNCTUATION))
            or (alphabet is not None and _foreign_letter(letters, alphabet)))


def _symbol_between_letters(core: str) -> bool:
    return any(not ch.isalnum() and ch not in _INSIDE_WORD and not unicodedata.category(ch).startswith("M")
               and core[i - 1].isalpha() and core[i + 1].isalpha()
               for i, ch in enumerate(core[1:-1], start=1))


def _foreign_letter(letters: list[str], alphabet: str) -> bool:
    # lower() may give two characters ("İ" -> "i" and a combining dot), hence the inner loop.
    return any(not low.isascii() and not unicodedata.category(low).startswith("M") and low not in alphabet
               for ch in letters if not ch.isascii() for low in ch.lower())


def _script(ch: str) -> str:
    try:
        return unicodedata.name(ch).split()[0]
    except ValueError:
        return "UNKNOWN"


def _main_script(text: str) -> str:
    counts = Counter(_script(ch) for ch in text[:2000] if ch.isalpha())
    return counts.most_common(1)[0][0] if counts else "UNKNOWN"


def _language(text: str) -> str:
    return _identifier().detect(text)[0]


@lru_cache(maxsize=1)
def _identifier():
    from newsweave.text import LanguageIdentifier

    return LanguageIdentifier()
