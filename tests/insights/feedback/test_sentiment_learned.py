"""The learned scorer on wording it was not trained on: leave one set out, train on the others
(and the unmeasured extra.py and corpus.py), read the set left out. The sets were written by
different people at different times, so each figure estimates the accuracy on new wording; the
lexicon scorer the model reads and plain VADER are measured on the same sets.

Stated target (issue 8): sign accuracy >= 90% on clear positives and negatives. Left out, the
model (vader-cx-9, naive Bayes) reads 92.2% of the 1,252 clear comments of the nine sets; the four
sets no rule was drawn from read 88.6% together (84.7% to 91.1%). The blind figure, on a set
nobody had read, is the eighth set's: 90.6% (test_sentiment_eighth.py). Sign accuracy on clear
comments, and "but"/"however" comments read by their turn:

| set left out | clear | v9 | v8 | lexicon | plain VADER | turned: v9 |
|---|---|---|---|---|---|---|
| tuning (labelled.py) | 132 | 98.5% | 97.7% | 100% (its rules' source) | 59.1% | 8 of 8 |
| held-out (labelled.py) | 40 | 95.0% | 100% | 97.5% (source) | 50.0% | — |
| fresh (labelled.py) | 30 | 93.3% | 96.7% | 100% (source) | 50.0% | — |
| blind | 170 | 98.8% | 95.9% | 94.7% (source) | 44.1% | 13 of 16 |
| third | 170 | 94.7% | 94.1% | 73.5% (source) | 35.9% | 14 of 16 |
| **fourth** | 170 | **84.7%** | 87.6% | **60.0%** | 37.1% | 15 of 16 |
| **fifth** | 180 | **89.4%** | 87.2% | **68.9%** | 41.1% | 16 of 20 |
| **sixth** | 180 | **91.1%** | 86.7% (blind) | **61.7%** | 31.1% | 18 of 20 |
| **seventh** | 180 | **88.9%** | 82.2% (blind) | **65.6%** | 32.8% | 15 of 20 |
| all | 1,252 | 92.2% | — | 75.2% | 40.0% | 99 of 116 |

v9 adds the sixth and seventh sets and corpus.py (1,426 comments) to v8's training data, smooths
the counts with 1 instead of 0.5, and reads a comment torn between positive and negative (their
probabilities within 0.04) as neutral. The lexicon's rules and words were drawn from every set but
the fourth to seventh, and the model reads them (as marker words and valence classes), so the
other sets' figures are helped.
"""

from __future__ import annotations

import re

import pytest

from tests.insights.feedback.eighth import EIGHTH
from tests.insights.feedback.training import SETS, UNMEASURED, examples, spec, training
from whylens.insights.feedback.learned import LinearModel, fit, shipped, words
from whylens.insights.feedback.sentiment import SentimentScorer

#: per set left out: hits of the learned model on clear comments, and on turned ones
REACHED = {
    "tuning": (130, 8),
    "held-out": (38, 0),
    "fresh": (28, 0),
    "blind": (168, 13),
    "third": (161, 14),
    "fourth": (144, 15),
    "fifth": (161, 16),
    "sixth": (164, 18),
    "seventh": (160, 15),
}
#: the lexicon scorer's hits on the same clear comments (in-sample but for the fourth and fifth)
LEXICON = {
    "tuning": 132,
    "held-out": 39,
    "fresh": 30,
    "blind": 161,
    "third": 125,
    "fourth": 102,
    "fifth": 124,
    "sixth": 111,
    "seventh": 118,
}


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
    assert total[0] / n >= 0.92
    for name in ("fourth", "fifth", "sixth", "seventh"):  # the sets no rule was drawn from
        assert reached[name][0] - LEXICON[name] >= 30, name


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z']+", text.lower()))


def test_the_unmeasured_training_data_paraphrases_no_measured_comment():
    """Nor the eighth set's, which no model has been trained on."""
    measured = [_words(r[0]) for rows in (*SETS.values(), EIGHTH) for r in rows]
    for text, *_ in UNMEASURED:
        words = _words(text)
        assert all(len(words & other) / len(words | other) < 0.4 for other in measured), text


def test_the_shipped_weights_are_what_the_training_script_makes():
    assert spec(training()) == shipped().spec


def test_a_turned_comment_teaches_each_side_by_its_sign():
    rows = [("Delivery was late, but support sorted it out.", "mixed-positive", "delivery")]
    assert examples(rows) == [
        ("Delivery was late, but support sorted it out.", "positive"),
        ("Delivery was late, ", "negative"),
        ("support sorted it out.", "positive"),
    ]
    assert examples([("Vielen Dank", "foreign", "general")]) == []


def test_features_are_words_pairs_and_pairs_one_apart_with_negation_and_valence():
    features = words("Not fast, sadly late again")
    assert features[:4] == ["not", "NOT_fast", "NOT_vpos", "sadly"]  # negation ends at the comma
    assert "vneg" in features and "late vneg" in features and "late _ again" in features
    assert "not _ NOT_vpos" in features


def test_the_model_reads_texts_as_it_was_fitted():
    texts = ["late again", "love it", "it is fine", "not late at all, love it", "refund never came"]
    labels = ["negative", "positive", "neutral", "positive", "negative"]
    model = LinearModel(fit(texts * 2, labels * 2))
    p = model.probabilities(texts)
    assert p.shape == (5, 3) and abs(p.sum(axis=1) - 1).max() < 1e-9
    assert [("negative", "neutral", "positive")[i] for i in p.argmax(axis=1)] == labels
    assert model.probabilities([]).shape == (0, 3)
