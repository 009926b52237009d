"""Statements in a story and who made them.

Two kinds: direct quotes between quotation marks of any script ("…", “…”,
«…», „…“, 「…」), and reported statements (a sentence with a verb of saying:
said, dijo, a déclaré, заявил, قال, বলেছেন...). The speaker is the person or
organisation that is the subject of the verb of saying in the same sentence
(named just before it, or just after it: "said Netanyahu"), never merely the
name nearest the quote. A quote with no verb of saying in its sentence has
no speaker; one of fewer than four words with no speaker is no statement at
all (a scare quote). A reported statement needs a speaker.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from newsweave.text import split_sentences

QUOTE_MARKS = [("\u201c", "\u201d"), ("\u00ab", "\u00bb"), ("\u201e", "\u201c"), ('"', '"'),
               ("\u300c", "\u300d"), ("\u300e", "\u300f")]
SPEECH_STEMS = (
    "said", "says", "told", "stated", "announced", "warned", "added", "admitted", "declared", "insisted",
    "dijo", "afirmó", "advirtió", "declaró", "aseguró", "anunció", "señaló",
    "déclaré", "dit", "prévenu", "affirmé", "souligné", "annoncé", "averti",
    "sagte", "erklärte", "betonte", "warnte",
    "заявил", "сказал", "сообщил", "отметил", "подчеркнул",
    "قال", "وقال", "وقالت", "قالت", "أعلن", "وأعلن", "أكد", "وأكد", "صرح", "وذكرت", "ذكرت",
    "বলেন", "বলেছেন", "জানিয়েছেন", "জানান", "বলছে", "জানিয়েছে",
    "कहा", "बताया",
)
MIN_QUOTE_CHARS = 12
MIN_UNATTRIBUTED_WORDS = 4  # shorter quoted phrases need a verb of saying to count as statements
# A reported statement's speaker is the subject just before the verb of
# saying ("Netanyahu said", "نتنياهو إن... قال" aside) or the name right
# after it ("said Netanyahu", "قال رئيس الوزراء الإسرائيلي بنيامين نتنياهو").
SUBJECT_REACH = 40
AFTER_VERB_REACH = 60    # cut short where the clause of what was said begins
PERSON_PREFERENCE = 1000  # characters: a person anywhere in reach beats an organisation
SPEAKER_RANK = {"person": 0, "other": 1, "organisation": 2}
_words = regex.compile(r"[\p{L}\p{M}]+")
_complementiser = regex.compile(r"(?<![\p{L}\p{M}])(?:that|que|dass|что|أن|إن|যে|कि)(?![\p{L}\p{M}])|[,:;]")


@dataclass(frozen=True)
class Statement:
    text: str
    kind: str                 # "quote" | "reported"
    speaker: str | None       # entity name
    article_id: str
    lang: str


def _quotes(sentence: str) -> list[tuple[int, str]]:
    found = []
    for opening, closing in QUOTE_MARKS:
        pattern = regex.escape(opening) + r"([^" + regex.escape(closing) + r"]{%d,400})" % MIN_QUOTE_CHARS \
            + regex.escape(closing)
        for match in regex.finditer(pattern, sentence):
            found.append((match.start(), match.end(), match.group(1).strip()))
    return found


def _speech_at(sentence: str) -> int | None:
    for match in _words.finditer(sentence):
        word = match.group(0).casefold()
        if any(word == stem or (len(stem) > 4 and word.startswith(stem)) for stem in SPEECH_STEMS):
            return match.start()
    return None


def _speaker(sentence: str, at: int, names: list[tuple[str, str, str]], before: int, after: int,
             clause_ends_reach: bool = True) -> str | None:
    """The entity named nearest position ``at``: ending at most ``before`` characters
    ahead of it or starting at most ``after`` characters behind it, before the
    clause of what was said begins ("announced that Israel and Hamas...")."""
    clause = _complementiser.search(sentence, at + 1) if clause_ends_reach else None
    if clause and clause.start() - at < after:
        after = clause.start() - at
    best, best_distance = None, None
    for form, entity, kind in names:
        start = sentence.find(form)
        while start >= 0:
            end = start + len(form)
            if end <= at:
                distance = at - end if at - end <= before else None
            else:
                distance = start - at if 0 <= start - at <= after else None
            if distance is not None:
                # A person said it, more likely than an unknown name, and that more likely than a firm.
                distance += PERSON_PREFERENCE * SPEAKER_RANK.get(kind, len(SPEAKER_RANK))
                if best_distance is None or distance < best_distance:
                    best, best_distance = entity, distance
            start = sentence.find(form, start + 1)
    return best


def statements(article_id: str, lang: str, text: str, names: list[tuple[str, str, str]]) -> list[Statement]:
    """Quotes and reported statements of one article (``names``: surface form, entity name, kind)."""
    out = []
    for sentence in split_sentences(text):
        quotes = _quotes(sentence)
        for at, end, quote in quotes:
            # Names inside the quote are what was talked about, not who talked.
            outside = sentence[:at] + "\u2026" + sentence[end:]
            verb = _speech_at(outside)
            speaker = None
            if verb is not None:
                # The speaker is the subject of the verb of saying, not the name nearest the quote.
                speaker = _speaker(outside, verb, names, before=SUBJECT_REACH, after=AFTER_VERB_REACH,
                                   clause_ends_reach=False)
            if speaker is None and len(_words.findall(quote)) < MIN_UNATTRIBUTED_WORDS:
                continue  # a scare quote ('so-called "short pauses" announced by...'), not a statement
            out.append(Statement(quote, "quote", speaker, article_id, lang))
        if quotes:
            continue
        at = _speech_at(sentence)
        if at is not None:
            speaker = _speaker(sentence, at, names, before=SUBJECT_REACH, after=AFTER_VERB_REACH)
            if speaker:
                out.append(Statement(sentence, "reported", speaker, article_id, lang))
    return out
