"""The sixth labelled set (sixth.py), written without reading the scorer. Only its shape is
checked here: it is measured once, by hand, so that no scoring figure is fitted to it; the
figure goes in this docstring when taken.
"""

from __future__ import annotations

from tests.insights.feedback.blind import BLIND
from tests.insights.feedback.fifth import FIFTH
from tests.insights.feedback.fourth import FOURTH
from tests.insights.feedback.sixth import SIXTH
from tests.insights.feedback.test_sentiment_held_out import THEMES, TUNING, clear, near, turned
from tests.insights.feedback.third import THIRD


def test_the_set_is_large_new_wording_and_covers_every_theme_and_form():
    rows = clear(SIXTH)
    assert len(rows) == 180 and len(turned(SIXTH)) == 20
    for theme in THEMES:
        for label in ("positive", "negative"):
            assert sum(r[2] == theme and r[1] == label for r in SIXTH) >= 9
    for form in ("negated", "emoji", "hard"):
        assert sum(r[3] == form for r in SIXTH) >= 30
    negatives = sum(label == "negative" for _, label in rows)
    assert 70 <= negatives <= 110  # roughly half each way
    earlier = TUNING + BLIND + THIRD + FOURTH + FIFTH
    assert len({t for t, *_ in SIXTH}) == len(SIXTH)
    assert not {t for t, *_ in SIXTH} & {t for t, *_ in earlier}
    assert sum(near(t, earlier) for t, _ in rows) <= 30
