"""The seventh labelled set (seventh.py), written without reading the scorer or its training
data. Only its coverage and freshness are checked here: the scorer has not been run on it, so
its first measurement stays an honest figure on wording nobody tuned for.
"""

from __future__ import annotations

from tests.insights.feedback.blind import BLIND
from tests.insights.feedback.fifth import FIFTH
from tests.insights.feedback.fourth import FOURTH
from tests.insights.feedback.seventh import SEVENTH
from tests.insights.feedback.sixth import SIXTH
from tests.insights.feedback.test_sentiment_held_out import THEMES, TUNING, clear, near, turned
from tests.insights.feedback.third import THIRD


def test_the_set_is_large_new_wording_and_covers_every_theme_and_form():
    rows = clear(SEVENTH)
    assert len(rows) == 180 and len(turned(SEVENTH)) == 20
    for theme in THEMES:
        for label in ("positive", "negative"):
            assert sum(r[2] == theme and r[1] == label for r in SEVENTH) >= 9
    for form in ("negated", "emoji", "hard"):
        assert sum(r[3] == form for r in SEVENTH) >= 30
    negatives = sum(label == "negative" for _, label in rows)
    assert 70 <= negatives <= 110  # roughly half each way
    earlier = TUNING + BLIND + THIRD + FOURTH + FIFTH + SIXTH
    assert len({t for t, *_ in SEVENTH}) == len(SEVENTH)
    assert not {t for t, *_ in SEVENTH} & {t for t, *_ in earlier}
    assert sum(near(t, earlier) for t, _ in rows) <= 30
