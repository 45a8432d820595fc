"""The sixth labelled set (sixth.py), written without reading the scorer, while the version-8
model was being made (no one making it read the set), and measured once with that model:

| scorer | clear (180) | turned by "but"/"however" (20) |
|---|---|---|
| learned model, naive Bayes (vader-cx-8) | **86.7%** (156) | 18 |
| the lexicon alone, without the model | 61.7% (111) | 16 |
| plain VADER | 31.1% (56) | 6 |

Stated target (issue 8): sign accuracy >= 90% on clear positives and negatives: not reached on
this set. extra.py then held 10 comments close to this set's (40% of their words or more, written
independently); the version-8 model trained without them reads it at 87.2% (157). Since version 9
the set is training data (training.py) and its figure is measured by leaving it out: 91.1% (164).
The eighth set (test_sentiment_eighth.py) gave the next blind figure.
"""

from __future__ import annotations

from tests.insights.feedback.blind import BLIND
from tests.insights.feedback.fifth import FIFTH
from tests.insights.feedback.fourth import FOURTH
from tests.insights.feedback.sixth import SIXTH
from tests.insights.feedback.test_sentiment_held_out import (
    TUNING,
    check_new_set,
)
from tests.insights.feedback.third import THIRD
from tests.insights.feedback.training import training


def test_the_set_is_large_new_wording_and_covers_every_theme_and_form():
    check_new_set(SIXTH, TUNING + BLIND + THIRD + FOURTH + FIFTH)


def test_the_set_is_trained_on_except_when_it_is_measured():
    """Its figure left out (91.1% (164) with version 9) is asserted with every set's in
    test_sentiment_learned.py."""
    texts = {t for t, *_ in SIXTH}
    assert texts <= {t for t, _ in training()}
    assert not texts & {t for t, _ in training(leave_out="sixth")}
