"""The seventh labelled set (seventh.py), written without reading the scorer or its training
data, and measured with the shipped model (vader-cx-8), which was not trained on it and was not
changed after (extra.py then held 3 comments near one of the set's, 40% of their words or more,
since dropped; the model trained without them reads the set alike):

| scorer | clear (180) | turned by "but"/"however" (20) |
|---|---|---|
| learned model, naive Bayes (vader-cx-8) | **82.2%** (148) | 13 |
| the lexicon alone, without the model | 65.6% (118) | 8 |
| plain VADER | 32.8% (59) | 5 |

A first candidate for version 9, trained on the sixth set and part of corpus.py too, read it at
88.9% (160; turned 14), measured first, but misread "Not happy at all." (test_sentiment.py) and
was not shipped. Since version 9 the set is training data (training.py) and its figure is
measured by leaving it out: 88.9% (160). Stated target (issue 8): sign accuracy >= 90% on clear
positives and negatives: not reached on this set; the eighth set (test_sentiment_eighth.py) gave
the next blind figure.
"""

from __future__ import annotations

from tests.insights.feedback.blind import BLIND
from tests.insights.feedback.fifth import FIFTH
from tests.insights.feedback.fourth import FOURTH
from tests.insights.feedback.seventh import SEVENTH
from tests.insights.feedback.sixth import SIXTH
from tests.insights.feedback.test_sentiment_held_out import (
    TUNING,
    check_new_set,
)
from tests.insights.feedback.third import THIRD
from tests.insights.feedback.training import training


def test_the_set_is_large_new_wording_and_covers_every_theme_and_form():
    check_new_set(SEVENTH, TUNING + BLIND + THIRD + FOURTH + FIFTH + SIXTH)


def test_the_set_is_trained_on_except_when_it_is_measured():
    """Its figure left out (88.9% (160) with version 9) is asserted with every set's in
    test_sentiment_learned.py."""
    texts = {t for t, *_ in SEVENTH}
    assert texts <= {t for t, _ in training()}
    assert not texts & {t for t, _ in training(leave_out="seventh")}
