"""The learned scorer on wording it was not trained on: leave one set out, train on the others
(and extra.py), read the set left out. The sets were written by different people at different
times, so each figure estimates the accuracy on new wording; the lexicon scorer it replaced
(vader-cx-6) and plain VADER are measured on the same sets.

Stated target (issue 8): sign accuracy >= 90% on clear positives and negatives. Left out, the
model (vader-cx-8, naive Bayes) reads 92.7% of the 892 clear comments of the seven sets, but the
two sets no rule was drawn from stay below it: 87.6% (fourth) and 87.2% (fifth). Sign accuracy
on clear comments, and "but"/"however" comments read by their turn:

| set left out | clear | naive Bayes (v8) | before: regression (v7) | lexicon | plain VADER | turned: v8 / v7 |
|---|---|---|---|---|---|---|
| tuning (labelled.py) | 132 | 97.7% | 95.5% | 100% (its rules' source) | 59.1% | 8 / 8 of 8 |
| held-out (labelled.py) | 40 | 100% | 95.0% | 97.5% (source) | 50.0% | — |
| fresh (labelled.py) | 30 | 96.7% | 96.7% | 100% (source) | 50.0% | — |
| blind | 170 | 95.9% | 94.7% | 94.7% (source) | 44.1% | 14 / 13 of 16 |
| third | 170 | 94.1% | 89.4% | 73.5% (source) | 35.9% | 15 / 13 of 16 |
| **fourth** | 170 | **87.6%** | 81.8% | **60.0%** | 37.1% | 14 / 13 of 16 |
| **fifth** | 180 | **87.2%** | 86.1% | **68.9%** | 41.1% | 15 / 14 of 20 |
| all | 892 | 92.7% (mean of sets 94.2%) | 89.7% (91.3%) | 79.9% | 43.3% | 66 / 61 of 76 |

"before" is the version-7 design (logistic regression over words and letter groups) measured the
same way, the fifth set included. The lexicon's rules and words were drawn from every set but the
fourth and fifth, and the model reads them (as marker words and valence classes), so the other
sets' figures are helped: the fourth's and fifth's are the cleanest estimates for wording nobody
has read. Choosing the smoothing and the word pairs inside each left-out round (nested) gives
92.4% over all sets, 87.6% and 86.7% on those two.
"""

from __future__ import annotations

import re

import pytest

from tests.insights.feedback.corpus import CORPUS
from tests.insights.feedback.eighth import EIGHTH
from tests.insights.feedback.extra import EXTRA
from tests.insights.feedback.seventh import SEVENTH
from tests.insights.feedback.sixth import SIXTH
from tests.insights.feedback.training import SETS, examples, spec, training
from whylens.insights.feedback.learned import LinearModel, fit, shipped, words
from whylens.insights.feedback.sentiment import SentimentScorer

#: per set left out: hits of the learned model on clear comments, and on turned ones
REACHED = {
    "tuning": (129, 8),
    "held-out": (40, 0),
    "fresh": (29, 0),
    "blind": (163, 14),
    "third": (160, 15),
    "fourth": (149, 14),
    "fifth": (157, 15),
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
    for name in ("fourth", "fifth"):  # the sets no rule was drawn from: 27 and 18 points more
        assert reached[name][0] - LEXICON[name] >= 30, name


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z']+", text.lower()))


def test_the_extra_training_sets_paraphrase_no_measured_comment():
    """extra.py was written before the sixth and seventh sets (13 of its comments are near one of
    theirs, written independently: without them the model reads those sets alike)."""
    measured = [_words(r[0]) for rows in SETS.values() for r in rows]
    later = measured + [_words(r[0]) for r in SIXTH + SEVENTH + EIGHTH]
    for rows, against in ((EXTRA, measured), (CORPUS, later)):
        for text, *_ in rows:
            words = _words(text)
            assert all(len(words & other) / len(words | other) < 0.4 for other in against), text


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
