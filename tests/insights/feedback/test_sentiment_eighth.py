"""The eighth labelled set (eighth.py), written without reading the scorer or its training data.
This module only checks that the set is the size and spread it claims and that its wording is new
against the seven earlier sets; the scorer is measured on it once, separately, so that no one
reads its misses before the figure is taken.
"""

from __future__ import annotations

from tests.insights.feedback.blind import BLIND
from tests.insights.feedback.eighth import EIGHTH
from tests.insights.feedback.fifth import FIFTH
from tests.insights.feedback.fourth import FOURTH
from tests.insights.feedback.seventh import SEVENTH
from tests.insights.feedback.sixth import SIXTH
from tests.insights.feedback.test_sentiment_held_out import THEMES, TUNING, clear, near, turned
from tests.insights.feedback.third import THIRD


def test_the_set_is_large_new_wording_and_covers_every_theme_and_form():
    rows = clear(EIGHTH)
    assert len(rows) == 180 and len(turned(EIGHTH)) == 20
    for theme in THEMES:
        for label in ("positive", "negative"):
            assert sum(r[2] == theme and r[1] == label for r in EIGHTH) >= 9
    for form in ("negated", "emoji", "hard"):
        assert sum(r[3] == form for r in EIGHTH) >= 30
    negatives = sum(label == "negative" for _, label in rows)
    assert 70 <= negatives <= 110  # roughly half each way
    earlier = TUNING + BLIND + THIRD + FOURTH + FIFTH + SIXTH + SEVENTH
    assert len({t for t, *_ in EIGHTH}) == len(EIGHTH)
    assert not {t for t, *_ in EIGHTH} & {t for t, *_ in earlier}
    assert sum(near(t, earlier) for t, _ in rows) <= 30
