"""Graded relatedness: how closely two texts or events are related, as opposed
to whether they report one happening (the assignment score decides that)."""


# Graded relatedness (related events, ``eval-pairs``) lifts a cross-language
# meaning by the measured ratio: in centred space, SemEval-2022 pairs rated
# "same story" score 0.601 within a language and 0.496 across, x 1.21, while
# unrelated pairs score about the same either way (0.105 / 0.100).
CROSS_LANGUAGE_LIFT = 1.21


def relatedness(meaning, foreign):
    """How related two texts or events are, on a graded scale: centred meaning,
    lifted across languages in proportion. Names and numbers are left out:
    they pin one happening (the event score uses them) but say little about
    how closely two happenings are related.

    >>> relatedness(0.5, False), round(relatedness(0.5, True), 3)
    (0.5, 0.605)
    """
    return meaning * (CROSS_LANGUAGE_LIFT if foreign else 1.0)
