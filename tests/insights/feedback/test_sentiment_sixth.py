"""The sixth labelled set (sixth.py), written without reading the scorer, while the version-8
model was being made (no one making it read the set), and measured once with that model:

| scorer | clear (180) | turned by "but"/"however" (20) |
|---|---|---|
| learned model, naive Bayes (vader-cx-8) | **86.7%** (156) | 18 |
| the lexicon alone, without the model | 61.7% (111) | 16 |
| plain VADER | 31.1% (56) | 6 |

Stated target (issue 8): sign accuracy >= 90% on clear positives and negatives: NOT reached on
wording nobody had read. The tests assert the figures, so a change that lowers one fails; once
the set is training data, these figures are in-sample and a seventh set is needed.
"""

from __future__ import annotations

from tests.insights.feedback.blind import BLIND
from tests.insights.feedback.fifth import FIFTH
from tests.insights.feedback.fourth import FOURTH
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


def test_the_set_is_not_trained_on():
    assert not {t for t, *_ in SIXTH} & {t for t, _ in training()}


def test_sign_accuracy_on_the_sixth_set(capsys):
    scorers = {
        "learned": SentimentScorer(),
        "lexicon": SentimentScorer(mode="lexicon"),
        "plain VADER": SentimentScorer(plain=True),
    }
    rows, turns = clear(SIXTH), turned(SIXTH)
    hits = {name: (accuracy(s, rows) * 180, accuracy(s, turns) * 20) for name, s in scorers.items()}
    with capsys.disabled():
        shown = ", ".join(f"{n} {c / 180:.1%} (turned {t:.0f}/20)" for n, (c, t) in hits.items())
        print(f"\nsixth set: {shown}; target 90%")
    assert round(hits["learned"][0]) >= 156 and round(hits["learned"][1]) >= 18
    assert round(hits["lexicon"][0]) == 111
    assert hits["learned"][0] - hits["plain VADER"][0] >= 0.4 * 180
