"""The fifth labelled set (fifth.py), written without reading the scorer. It was measured once
with the version-7 model, which had not been trained on it (the blind figure, kept as a record):

| scorer | clear (180) | turned by "but"/"however" (20) |
|---|---|---|
| learned model, logistic regression (vader-cx-7) | **86.7%** (156) | 14 |
| the lexicon it replaced (vader-cx-6) | 68.9% (124) | 12 |
| plain VADER | 41.1% (74) | 3 |

Since version 8 the set is training data too (training.py), so the shipped model has read it and
its figure is measured by leaving the set out: 87.2% (157) with the naive Bayes model of version
8, 89.4% (161) with version 9 (below, and in test_sentiment_learned.py with every other set).
Stated target (issue 8): sign accuracy >= 90% on clear positives and negatives: not reached on
this set. extra.py held 14 comments close to this set's (40% of their words or more) when the
blind figure was measured; they are gone, and the version-7 model trained without them reads the
set at 86.1% (155). The sixth, seventh and eighth sets gave the next blind figures
(test_sentiment_sixth.py and the next two).
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
from tests.insights.feedback.training import spec, training
from whylens.insights.feedback.learned import LinearModel
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


def test_the_set_is_trained_on_except_when_it_is_measured():
    texts = {t for t, *_ in FIFTH}
    assert texts <= {t for t, _ in training()}
    assert not texts & {t for t, _ in training(leave_out="fifth")}


def test_sign_accuracy_on_the_fifth_set_left_out(capsys):
    scorers = {
        "learned, fifth set left out": SentimentScorer(
            model=LinearModel(spec(training(leave_out="fifth")))
        ),
        "lexicon": SentimentScorer(mode="lexicon"),
        "plain VADER": SentimentScorer(plain=True),
    }
    rows, turns = clear(FIFTH), turned(FIFTH)
    figures = {name: (accuracy(s, rows), accuracy(s, turns)) for name, s in scorers.items()}
    with capsys.disabled():
        shown = ", ".join(f"{n} {c:.1%} (turned {t:.0%})" for n, (c, t) in figures.items())
        print(f"\nfifth set, {len(rows)} clear and {len(turns)} turned: {shown}; target 90%")
    assert len(rows) == 180 and len(turns) == 20
    learned = figures["learned, fifth set left out"]
    assert round(learned[0] * 180) >= 161 and round(learned[1] * 20) >= 16
    assert (round(figures["lexicon"][0] * 180), round(figures["plain VADER"][0] * 180)) == (124, 74)
    assert learned[0] - figures["plain VADER"][0] >= 0.4
