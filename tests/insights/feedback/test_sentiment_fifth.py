"""The fifth labelled set (fifth.py), written without reading the scorer and measured once, with
the shipped model, which was trained without it: the honest figure for wording nobody had read.

Stated target (issue 8): sign accuracy >= 90% on clear positives and negatives. NOT reached:

| scorer | clear (180) | turned by "but"/"however" (20) |
|---|---|---|
| whylens, learned model (vader-cx-7) | **86.7%** (156) | 14 |
| the lexicon it replaced (vader-cx-6) | 68.9% (124) | 12 |
| plain VADER | 41.1% (74) | 3 |

The set is not in the training data (training.py); once it is, these figures are in-sample and
a sixth set is needed for the next honest one. The tests assert the figures, so a change that
lowers one fails.
"""

from __future__ import annotations

from tests.insights.feedback.blind import BLIND
from tests.insights.feedback.fifth import FIFTH
from tests.insights.feedback.fourth import FOURTH
from tests.insights.feedback.test_sentiment_held_out import (
    THEMES,
    TUNING,
    accuracy,
    clear,
    near,
    turned,
)
from tests.insights.feedback.third import THIRD
from tests.insights.feedback.training import training
from whylens.insights.feedback.sentiment import SentimentScorer


def test_the_set_is_large_new_wording_and_covers_every_theme_and_form():
    rows = clear(FIFTH)
    assert len(rows) >= 150 and len(turned(FIFTH)) >= 15
    for theme in THEMES:
        for label in ("positive", "negative"):
            assert sum(r[2] == theme and r[1] == label for r in FIFTH) >= 9
    for form in ("negated", "emoji", "hard"):
        assert sum(r[3] == form for r in FIFTH) >= 20
    earlier = TUNING + BLIND + THIRD + FOURTH
    assert not {t for t, *_ in FIFTH} & {t for t, *_ in earlier}
    assert sum(near(t, earlier) for t, _ in rows) <= 30


def test_the_set_is_not_trained_on():
    assert not {t for t, *_ in FIFTH} & {t for t, _ in training()}


def test_sign_accuracy_on_the_fifth_set(capsys):
    scorers = {
        "learned": SentimentScorer(),
        "lexicon": SentimentScorer(mode="lexicon"),
        "plain VADER": SentimentScorer(plain=True),
    }
    rows, turns = clear(FIFTH), turned(FIFTH)
    figures = {name: (accuracy(s, rows), accuracy(s, turns)) for name, s in scorers.items()}
    with capsys.disabled():
        shown = ", ".join(f"{n} {c:.1%} (turned {t:.0%})" for n, (c, t) in figures.items())
        print(f"\nfifth set, {len(rows)} clear and {len(turns)} turned: {shown}; target 90%")
    assert len(rows) == 180 and len(turns) == 20
    assert round(figures["learned"][0] * 180) >= 156 and round(figures["learned"][1] * 20) >= 14
    assert round(figures["lexicon"][0] * 180) == 124
    assert figures["learned"][0] - figures["plain VADER"][0] >= 0.4
