"""How often the readers decode a file in a legacy or Unicode encoding to the text it was written as.

A case is a UTF-8 source text, the encoding its bytes are made in and, for
a file that mixes encodings (a UTF-8 article with a pasted windows-1252
paragraph), the lines written in the second one. The bytes are made from
the text, written to a ``.txt`` file and read back with
:func:`~newsweave.ingest.read_file`, the path every ingested file takes;
a case is right when the stored text equals the source text (line endings
aside). Accuracy is reported per encoding and overall.

The set is described by a ``manifest.json`` in its folder::

    {"cases": [{"text": "fr_greve.txt", "encoding": "latin-1"},
               {"text": "mixed.txt", "encoding": "utf-8", "lines_in": "cp1252", "lines": [4, 7]}]}

>>> case = EncodingCase("a.txt", "Caf\\u00e9\\n\\u201cOui\\u201d\\n", "utf-8", "cp1252", (2,))
>>> case.label, case.encoded()
('utf-8+cp1252', b'Caf\\xc3\\xa9\\n\\x93Oui\\x94\\n')
"""
from __future__ import annotations

import json
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from newsweave.ingest import read_file
from newsweave.records import Rejection


@dataclass(frozen=True)
class EncodingCase:
    """One file of the set: its source text and how its bytes are made."""

    name: str
    text: str
    encoding: str
    lines_in: str | None = None        # the second encoding of a mixed file
    lines: tuple[int, ...] = ()        # the lines (from 1) written in it

    @property
    def label(self) -> str:
        """The encoding the case is counted under."""
        return f"{self.encoding}+{self.lines_in}" if self.lines_in else self.encoding

    def encoded(self) -> bytes:
        if not self.lines_in:
            return self.text.encode(self.encoding)
        chosen = set(self.lines)
        return b"\n".join(line.encode(self.lines_in if number in chosen else self.encoding)
                          for number, line in enumerate(self.text.split("\n"), start=1))


@dataclass(frozen=True)
class CaseResult:
    case: EncodingCase
    right: bool
    got: str | None          # the stored text, None when the file was rejected
    repairs: str | None      # the document's repairs note, or the rejection's reason


@dataclass(frozen=True)
class EncodingReport:
    results: list[CaseResult]

    @property
    def accuracy(self) -> float:
        return sum(r.right for r in self.results) / len(self.results) if self.results else 0.0

    def by_encoding(self) -> dict[str, tuple[int, int]]:
        """Encoding -> (right, files)."""
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for result in self.results:
            counts[result.case.label][0] += result.right
            counts[result.case.label][1] += 1
        return {label: (right, total) for label, (right, total) in sorted(counts.items())}

    def wrong(self) -> list[CaseResult]:
        return [r for r in self.results if not r.right]

    def table(self) -> str:
        """The figures as lines of text, then each wrong case with what came out."""
        rows = [f"{label:<16} {right:>3}/{total:<3} {right / total:6.1%}"
                for label, (right, total) in self.by_encoding().items()]
        rows.append(f"{'overall':<16} {sum(r.right for r in self.results):>3}/{len(self.results):<3} "
                    f"{self.accuracy:6.1%}")
        for result in self.wrong():
            shown = (result.got or "")[:70].replace("\n", " | ")
            rows.append(f"  wrong: {result.case.name} ({result.case.label}): {result.repairs!r}: {shown!r}")
        return "\n".join(rows)


def load_cases(folder: Path) -> list[EncodingCase]:
    """The cases ``folder/manifest.json`` lists, with their texts from ``folder/texts``."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    cases = []
    for entry in manifest["cases"]:
        text = (folder / "texts" / entry["text"]).read_text(encoding="utf-8")
        case = EncodingCase(entry["text"], text, entry["encoding"], entry.get("lines_in"),
                            tuple(entry.get("lines", ())))
        cases.append(case)
    return cases


def _same_text(got: str, expected: str) -> bool:
    def lines(text: str) -> str:
        return text.replace("\r\n", "\n").replace("\r", "\n")
    return lines(got) == lines(expected)


def decode_case(case: EncodingCase, folder: Path) -> CaseResult:
    """Write the case's bytes to a file in ``folder`` and read it as ``newsweave ingest`` would."""
    stem = case.name.rsplit(".", 1)[0]
    path = folder / f"{stem}.{case.label}.txt"
    path.write_bytes(case.encoded())
    items = read_file(path)
    first = items[0]
    if isinstance(first, Rejection):
        return CaseResult(case, False, None, first.reason)
    return CaseResult(case, len(items) == 1 and _same_text(first.content, case.text), first.content, first.repairs)


def evaluate_encodings(cases: list[EncodingCase]) -> EncodingReport:
    """Decode every case through the readers; the report holds each result."""
    with tempfile.TemporaryDirectory(prefix="newsweave-encodings-") as tmp:
        return EncodingReport([decode_case(case, Path(tmp)) for case in cases])
