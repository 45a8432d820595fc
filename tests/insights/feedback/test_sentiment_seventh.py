"""The seventh labelled set (seventh.py), written without reading the scorer or its training
data, and measured with the shipped model (vader-cx-8), which was not trained on it and was not
changed after (extra.py holds 3 comments near one of the set's, 40% of their words or more; the
model trained without them reads the set alike):

| scorer | clear (180) | turned by "but"/"however" (20) |
|---|---|---|
| learned model, naive Bayes (vader-cx-8) | **82.2%** (148) | 13 |
| the lexicon alone, without the model | 65.6% (118) | 8 |
| plain VADER | 32.8% (59) | 5 |

A candidate model trained on the sixth set and corpus.py too read it at 88.9% (160; turned 14),
measured first, but misread plain negations such as "Not happy at all." (test_sentiment.py), so
it was not shipped (corpus.py says why). Stated target (issue 8): sign accuracy >= 90% on clear
positives and negatives: NOT reached on wording nobody had read (blind figures: fifth set 86.7%
with version 7, sixth 86.7% and seventh 82.2% with version 8).
"""

from __future__ import annotations

from tests.insights.feedback.blind import BLIND
from tests.insights.feedback.fifth import FIFTH
from tests.insights.feedback.fourth import FOURTH
from tests.insights.feedback.seventh import SEVENTH
from tests.insights.feedback.sixth import SIXTH
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


def test_the_set_is_not_trained_on():
    assert not {t for t, *_ in SEVENTH} & {t for t, _ in training()}


def test_sign_accuracy_on_the_seventh_set(capsys):
    scorers = {
        "learned": SentimentScorer(),
        "lexicon": SentimentScorer(mode="lexicon"),
        "plain VADER": SentimentScorer(plain=True),
    }
    rows, turns = clear(SEVENTH), turned(SEVENTH)
    hits = {name: (accuracy(s, rows) * 180, accuracy(s, turns) * 20) for name, s in scorers.items()}
    with capsys.disabled():
        shown = ", ".join(f"{n} {c / 180:.1%} (turned {t:.0f}/20)" for n, (c, t) in hits.items())
        print(f"\nseventh set: {shown}; target 90%")
    assert round(hits["learned"][0]) >= 148 and round(hits["learned"][1]) >= 13
    assert (round(hits["lexicon"][0]), round(hits["plain VADER"][0])) == (118, 59)
    assert hits["learned"][0] - hits["plain VADER"][0] >= 0.4 * 180
