"""The eighth labelled set (eighth.py), written without reading the scorer or its training data,
and measured once with the version-9 model, which was finished before anyone scored the set (the
4 extra.py and 10 corpus.py comments near one of its comments, 40% of their words or more, were
dropped first):

| scorer | clear (180) | turned by "but"/"however" (20) |
|---|---|---|
| learned model, naive Bayes (vader-cx-9) | **90.6%** (163) | 17 |
| the lexicon alone, without the model | 62.8% (113) | 13 |
| plain VADER | 30.0% (54) | 6 |

Stated target (issue 8): sign accuracy >= 90% on clear positives and negatives: reached on this
set, which nobody had read (95% Wilson interval 85.4% to 94.0%: one set of 180 comments). Left
out one at a time, the four sets no rule was drawn from read 88.6% together
(test_sentiment_learned.py). The tests assert the figures, so a change that lowers one fails;
once the set is training data, these figures are in-sample and a ninth set is needed.
"""

from __future__ import annotations

from tests.insights.feedback.blind import BLIND
from tests.insights.feedback.eighth import EIGHTH
from tests.insights.feedback.fifth import FIFTH
from tests.insights.feedback.fourth import FOURTH
from tests.insights.feedback.seventh import SEVENTH
from tests.insights.feedback.sixth import SIXTH
from tests.insights.feedback.test_sentiment_held_out import (
    TUNING,
    accuracy,
    check_new_set,
    clear,
    turned,
)
from tests.insights.feedback.third import THIRD
from tests.insights.feedback.training import training
from whylens.insights.feedback.sentiment import SentimentScorer


def test_the_set_is_large_new_wording_and_covers_every_theme_and_form():
    check_new_set(EIGHTH, TUNING + BLIND + THIRD + FOURTH + FIFTH + SIXTH + SEVENTH)


def test_the_set_is_not_trained_on():
    assert not {t for t, *_ in EIGHTH} & {t for t, _ in training()}


def test_sign_accuracy_on_the_eighth_set(capsys):
    scorers = {
        "learned": SentimentScorer(),
        "lexicon": SentimentScorer(mode="lexicon"),
        "plain VADER": SentimentScorer(plain=True),
    }
    rows, turns = clear(EIGHTH), turned(EIGHTH)
    hits = {name: (accuracy(s, rows) * 180, accuracy(s, turns) * 20) for name, s in scorers.items()}
    with capsys.disabled():
        shown = ", ".join(f"{n} {c / 180:.1%} (turned {t:.0f}/20)" for n, (c, t) in hits.items())
        print(f"\neighth set: {shown}; target 90%")
    assert round(hits["learned"][0]) >= 163 and round(hits["learned"][1]) >= 17
    assert hits["learned"][0] / 180 >= 0.90  # the target
    assert (round(hits["lexicon"][0]), round(hits["plain VADER"][0])) == (113, 54)
