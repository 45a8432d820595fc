"""The learned scorer on wording it was not trained on: leave one set out, train on the others
(and extra.py), read the set left out. The sets were written by different people at different
times, so each figure estimates the accuracy on new wording; the lexicon scorer it replaces
(vader-cx-6) and plain VADER are measured on the same sets.

Stated target (issue 8): sign accuracy >= 90% on clear positives and negatives. It is NOT
reached on wording nobody had read: 80.6% on the fourth set (the lexicon: 60.0%). The 90.2% of
all sets together is helped by the sets the lexicon was drawn from. Sign accuracy on clear
comments, and "but"/"however" comments read by their turn:

| set left out | clear | learned | lexicon | plain VADER | turned: learned / lexicon |
|---|---|---|---|---|---|
| tuning (labelled.py) | 132 | 96.2% | 100% (its rules' source) | 59.1% | 8 / 8 of 8 |
| held-out (labelled.py) | 40 | 95.0% | 97.5% (source) | 50.0% | — |
| fresh (labelled.py) | 30 | 96.7% | 100% (source) | 50.0% | — |
| blind | 170 | 94.1% | 94.7% (source) | 44.1% | 14 / 15 of 16 |
| third | 170 | 88.8% | 73.5% (source) | 35.9% | 14 / 13 of 16 |
| **fourth** | 170 | **80.6%** | **60.0%** | 37.1% | 14 / 15 of 16 |
| all | 712 | 90.2% | 82.7% | 43.8% | |

The lexicon's rules and words were drawn from every set but the fourth, and the model reads
them (as marker words and valence classes), so the other sets' figures are helped: the fourth
set's 80.6% (against the lexicon's 60.0%) is the cleanest estimate for wording nobody has read.
"""

from __future__ import annotations

import re

import pytest

from tests.insights.feedback.extra import EXTRA
from tests.insights.feedback.training import SETS, spec, training
from whylens.insights.feedback.learned import LinearModel, fit, shipped
from whylens.insights.feedback.sentiment import SentimentScorer

#: per set left out: hits of the learned model on clear comments, and on turned ones
REACHED = {
    "tuning": (127, 8),
    "held-out": (38, 0),
    "fresh": (29, 0),
    "blind": (160, 14),
    "third": (151, 14),
    "fourth": (137, 14),
}
#: the lexicon scorer's hits on the same clear comments (in-sample but for the fourth set)
LEXICON = {"tuning": 132, "held-out": 39, "fresh": 30, "blind": 161, "third": 125, "fourth": 102}


def clear(rows) -> list[tuple[str, str]]:
    return [(r[0], r[1]) for r in rows if r[1] in ("positive", "negative")]


def turned(rows) -> list[tuple[str, str]]:
    return [(r[0], r[1].removeprefix("mixed-")) for r in rows if r[1].startswith("mixed-")]


def hits(scorer: SentimentScorer, rows: list[tuple[str, str]]) -> int:
    scores = scorer.score_many([t for t, _ in rows])
    return sum(s.label == label for s, (_, label) in zip(scores, rows))


@pytest.fixture(scope="module")
def left_out() -> dict[str, SentimentScorer]:
    """Per set, a scorer whose model was trained on every other set (texts rewritten once)."""
    scorer = SentimentScorer()
    rewritten = {text: scorer.rewrite(text) for text, _ in training()}
    out = {}
    for name in SETS:
        rows = training(leave_out=name)
        model = LinearModel(fit([rewritten[t] for t, _ in rows], [label for _, label in rows]))
        out[name] = SentimentScorer(model=model)
    return out


def test_leave_one_set_out(left_out, capsys):
    lexicon, plain = SentimentScorer(mode="lexicon"), SentimentScorer(plain=True)
    reached, total = {}, [0, 0, 0]
    for name, rows in SETS.items():
        reached[name] = (hits(left_out[name], clear(rows)), hits(left_out[name], turned(rows)))
        figures = (reached[name][0], hits(lexicon, clear(rows)), hits(plain, clear(rows)))
        total = [a + b for a, b in zip(total, figures)]
        with capsys.disabled():
            n = len(clear(rows))
            print(
                f"\n{name:9s} {n:3d} clear: learned {figures[0] / n:.1%}, lexicon"
                f" {figures[1] / n:.1%}, plain VADER {figures[2] / n:.1%};"
                f" {len(turned(rows))} turned: learned {reached[name][1]}"
            )
        assert figures[1] == LEXICON[name]
    with capsys.disabled():
        n = sum(len(clear(rows)) for rows in SETS.values())
        print(f"all {n}: learned {total[0] / n:.1%}, lexicon {total[1] / n:.1%}; target 90%")
    for name, (clear_hits, turned_hits) in REACHED.items():
        assert reached[name][0] >= clear_hits and reached[name][1] >= turned_hits, name
    assert total[0] / n >= 0.90
    assert reached["fourth"][0] - LEXICON["fourth"] >= 30  # 18 points more on unread wording


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z']+", text.lower()))


def test_the_extra_training_set_paraphrases_no_measured_comment():
    measured = [_words(r[0]) for rows in SETS.values() for r in rows]
    for text, *_ in EXTRA:
        words = _words(text)
        assert all(len(words & other) / len(words | other) < 0.4 for other in measured), text


def test_the_shipped_weights_are_what_the_training_script_makes():
    rows = training()
    made = LinearModel(spec(rows))
    texts = [SentimentScorer().rewrite(t) for t, _ in rows]
    assert made.spec["words"]["vocabulary"] == shipped().spec["words"]["vocabulary"]
    assert made.spec["letters"]["vocabulary"] == shipped().spec["letters"]["vocabulary"]
    assert abs(made.probabilities(texts) - shipped().probabilities(texts)).max() < 1e-3


def test_the_model_reads_texts_as_it_was_fitted():
    texts = ["late again", "love it", "it is fine", "not late at all, love it", "refund never came"]
    labels = ["negative", "positive", "neutral", "positive", "negative"]
    model = LinearModel(fit(texts * 2, labels * 2))
    p = model.probabilities(texts)
    assert p.shape == (5, 3) and abs(p.sum(axis=1) - 1).max() < 1e-9
    assert [("negative", "neutral", "positive")[i] for i in p.argmax(axis=1)] == labels
    assert model.probabilities([]).shape == (0, 3)
