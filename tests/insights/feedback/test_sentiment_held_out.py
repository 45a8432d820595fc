"""The lexicon scorer (vader-cx-6, now `SentimentScorer(mode="lexicon")`) on feedback its rules
were not written from: the blind, third and fourth sets. Since version 7 whylens scores with a
learned model over the rewritten text; its figures, leave-one-set-out on the same sets, are in
test_sentiment_learned.py (87.6% on the fourth set). This module keeps the lexicon's record.

Stated target (issue 8): sign accuracy >= 90% on clear positives and negatives. It is NOT
reached on fresh wording. Measured once each, when the set was new to the scorer:

| set | written | first contact | 4th-round scorer | plain VADER |
|---|---|---|---|---|
| blind (blind.py) | before the 4th round | 59.4% | 65.9% (after it) | 44.1% |
| third (third.py) | after the 5th round | 62.4% | 54.1% | 35.9% |
| fourth (fourth.py) | after the 6th round (this lexicon) | **60.0%** | 45.9% | 37.1% |

The 5th round was drawn from the blind set's misses and the 6th from the third set's, so those
two sets are in-sample now (94.7% and 73.5%); the fourth set is the honest figure for this
lexicon: 60.0% (102 of 170), 23 points above plain VADER and 14 above the lexicon before the
5th and 6th rounds. A lexicon reads complaints through their words and grammar; many comments
carry neither ("I paid for Saturday delivery and it came on Wednesday") and need a model of
what customers expect (--sentiment-model). A change to the rules must be measured on a set
written after it.
"""

from __future__ import annotations

import re

from tests.insights.feedback.blind import BLIND
from tests.insights.feedback.fourth import FOURTH
from tests.insights.feedback.labelled import FRESH, HELD_OUT, LABELLED
from tests.insights.feedback.third import THIRD
from whylens.insights.feedback.sentiment import SentimentScorer

THEMES = ("delivery", "payment", "app", "price", "support")
TUNING = LABELLED + HELD_OUT + FRESH


def clear(rows):
    return [(t, label) for t, label, _, form in rows if form != "mixed"]


def turned(rows):
    return [(t, label.removeprefix("mixed-")) for t, label, _, form in rows if form == "mixed"]


def accuracy(scorer: SentimentScorer, rows) -> float:
    return sum(scorer.score(t).label == label for t, label in rows) / len(rows)


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z']+", text.lower()))


def near(text: str, earlier) -> bool:
    """Shares 40% or more of its words with an earlier comment: a paraphrase, not fresh wording."""
    words = _words(text)
    return any(len(words & _words(t)) / len(words | _words(t)) >= 0.4 for t, *_ in earlier)


def check_new_set(rows, earlier) -> None:
    """A set written later (the sixth on): 180 clear comments, about half negative, and 20
    turned; every theme both ways; 30 or more of each form; new wording against `earlier`."""
    found = clear(rows)
    assert len(found) == 180 and len(turned(rows)) == 20
    for theme in THEMES:
        for label in ("positive", "negative"):
            assert sum(r[2] == theme and r[1] == label for r in rows) >= 9
    for form in ("negated", "emoji", "hard"):
        assert sum(r[3] == form for r in rows) >= 30
    assert 70 <= sum(label == "negative" for _, label in found) <= 110  # roughly half each way
    assert len({t for t, *_ in rows}) == len(rows)
    assert not {t for t, *_ in rows} & {t for t, *_ in earlier}
    assert sum(near(t, earlier) for t, _ in found) <= 30


def test_each_set_is_large_and_covers_every_theme_and_form():
    for rows in (BLIND, THIRD, FOURTH):
        assert len(clear(rows)) >= 150 and len(turned(rows)) >= 15
        for theme in THEMES:
            for label in ("positive", "negative"):
                assert sum(r[2] == theme and r[1] == label for r in rows) >= 9
        assert sum(r[3] == "negated" for r in rows) >= 20
        assert sum(r[3] == "emoji" for r in rows) >= 20
    assert sum(r[3] == "hard" for r in THIRD + FOURTH) >= 30  # sarcasm, questions, long ones


def test_the_sets_are_new_wording():
    earlier = TUNING
    for rows, same in (
        (BLIND, {"Affordable and good quality."}),
        (THIRD, {"Bargain of the year 🤑"}),  # came out word for word as a blind comment
        (FOURTH, set()),
    ):
        assert {r[0] for r in rows} & {r[0] for r in earlier} == same
        assert sum(near(t, earlier) for t, _ in clear(rows)) <= 30
        earlier = earlier + tuple((t, label, theme) for t, label, theme, _ in rows)


def test_sign_accuracy_on_the_fourth_set_the_honest_figure(capsys):
    """60.0% (102/170), BELOW the 90% target, measured once after the last change; 59.7%
    (95/159) on the comments that are not near-paraphrases of an earlier set."""
    ours, plain = SentimentScorer(mode="lexicon"), SentimentScorer(plain=True)
    rows = clear(FOURTH)
    fresh = [r for r in rows if not near(r[0], TUNING + BLIND + THIRD)]
    overall, unseen, baseline = accuracy(ours, rows), accuracy(ours, fresh), accuracy(plain, rows)
    with capsys.disabled():
        print(
            f"\nfourth set, {len(rows)} clear comments: whylens {overall:.1%} ({len(fresh)} not"
            f" near an earlier set: {unseen:.1%}), plain VADER {baseline:.1%}; target 90%"
        )
    assert (len(rows), len(fresh)) == (170, 159)
    assert overall >= 0.60 and unseen >= 0.59  # the figures above: a fall is a regression
    assert overall - baseline >= 0.2


def test_sign_accuracy_on_the_earlier_sets_now_in_sample(capsys):
    """Blind: 59.4% at first contact, 94.7% since the 5th round was drawn from its misses.
    Third: 62.4% at first contact, 73.5% since the 6th round was drawn from its misses."""
    ours = SentimentScorer(mode="lexicon")
    figures = {
        name: accuracy(ours, clear(rows)) for name, rows in (("blind", BLIND), ("third", THIRD))
    }
    with capsys.disabled():
        print(f"\nin-sample now: blind {figures['blind']:.1%}, third {figures['third']:.1%}")
    assert figures["blind"] >= 0.94 and figures["third"] >= 0.73


def test_clauses_turned_by_but_or_however():
    """Blind 15/16, third 13/16 (both in-sample), fourth 15/16 at first contact; plain VADER
    5, 5 and 10."""
    ours = SentimentScorer(mode="lexicon")
    hits = [
        sum(ours.score(t).label == label for t, label in turned(rows))
        for rows in (BLIND, THIRD, FOURTH)
    ]
    assert hits[0] >= 15 and hits[1] >= 13 and hits[2] >= 15


def test_emoji_comments_are_read_by_their_emoji():
    """The emoji form is the one the lexicon reads best: every fourth-set emoji comment."""
    ours = SentimentScorer(mode="lexicon")
    rows = [(t, label) for t, label, _, form in FOURTH if form == "emoji"]
    assert accuracy(ours, rows) == 1.0
