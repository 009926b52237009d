"""Sentence splitting across scripts."""
from __future__ import annotations

import pytest

from newsweave.text.sentences import split_sentences


@pytest.mark.parametrize("text, expected", [
    ("U.S. officials met in Doha. They agreed.", ["U.S. officials met in Doha.", "They agreed."]),
    ('He said: "The pause holds." Aid entered.', ['He said: "The pause holds."', "Aid entered."]),
    ("Mr. Blinken arrived on Monday. He left.", ["Mr. Blinken arrived on Monday.", "He left."]),
    ("Prices rose 3.5 percent. Rates fell.", ["Prices rose 3.5 percent.", "Rates fell."]),
    ("First paragraph without a stop\nSecond one.", ["First paragraph without a stop", "Second one."]),
    ("गाज़ा में युद्धविराम शुरू हुआ। ५० बंधक रिहा होंगे।", ["गाज़ा में युद्धविराम शुरू हुआ।", "५० बंधक रिहा होंगे।"]),
    ("কাতার মধ্যস্থতা করেছে। মিসরও ছিল।", ["কাতার মধ্যস্থতা করেছে।", "মিসরও ছিল।"]),
    ("هل تصمد الهدنة؟ قال المتحدث: نعم.", ["هل تصمد الهدنة؟", "قال المتحدث: نعم."]),
    ("停火开始了。援助车辆进入？是的。", ["停火开始了。", "援助车辆进入？", "是的。"]),
    ("Он прибыл в Доху. Переговоры начались!", ["Он прибыл в Доху.", "Переговоры начались!"]),
    ("El Sr. Pérez llegó. Habló con la prensa.", ["El Sr. Pérez llegó.", "Habló con la prensa."]),
])
def test_split_sentences(text, expected):
    assert split_sentences(text) == expected


def test_every_character_of_content_is_kept():
    text = "Talks resumed. Dr. Smith spoke at 3.5 p.m. to reporters! Then?\nনতুন অনুচ্ছেদ। শেষ"
    joined = "".join(split_sentences(text)).replace(" ", "")
    assert joined == text.replace(" ", "").replace("\n", "")
