"""The construction rules, family by family: each turns grammar, not a wording, into a marker."""

from __future__ import annotations

import pytest

from whylens.insights.feedback.sentiment import SentimentScorer


@pytest.fixture(scope="module")
def scorer() -> SentimentScorer:
    return SentimentScorer()


def sign(scorer: SentimentScorer, text: str) -> str:
    return scorer.score(text).label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # a negated verb without sentiment of its own is a failure...
        ("The scanner doesn't recognise my card.", "negative"),
        ("My voucher wasn't applied.", "negative"),
        ("Nothing happened after I pressed pay.", "negative"),
        ("The lid won't close properly.", "negative"),
        # ...a negated sentiment word is left to VADER, whatever follows
        ("The lid is not bad at all.", "positive"),
        ("Checkout is not user friendly.", "negative"),
        # verbs whose negation is praise are left alone (and neutral ones: see below)
        ("I can't fault the service.", "positive"),
        # inversion and a single item: VADER's three-word reach is widened
        ("Not once did the app freeze.", "positive"),
        ("Not once did they phone back.", "negative"),
        ("Never had a single bug.", "positive"),
    ],
)
def test_negated_function_verbs(scorer, text, label):
    assert sign(scorer, text) == label


def test_verbs_whose_negation_is_neutral_write_no_failure(scorer):
    """A negated "know" is no failure: no marker, the learned model reads the words as they are."""
    assert "cxfail" not in scorer.rewrite("I don't know yet.")
    assert "cxfail" in scorer.rewrite("I don't get my emails.")


def test_negation_ends_with_its_clause(scorer):
    assert sign(scorer, "No wrapping, love it.") == "positive"
    assert sign(scorer, "No wrapping love") != sign(scorer, "No wrapping, love it.")
    # a failure marker carries its own negation and is not flipped by an earlier one
    assert sign(scorer, "The fit is not great and the zip doesn't close.") == "negative"


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("It took three weeks.", "negative"),
        ("Waited 50 minutes in the chat queue.", "negative"),
        ("Fourth email about the same order.", "negative"),
        ("Arrived two days ahead of the estimated date.", "positive"),
        ("It only took a day.", "positive"),
        ("Sorted in under ten minutes.", "positive"),
        ("It didn't take long at all.", "positive"),
    ],
)
def test_time(scorer, text, label):
    assert sign(scorer, text) == label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("I had to ring them myself.", "negative"),
        ("I didn't have to ring anyone.", "positive"),
        ("I keep getting error pages.", "negative"),
        ("The app keeps getting better.", "positive"),
        ("I phoned three times about it.", "negative"),
    ],
)
def test_effort_and_repetition(scorer, text, label):
    assert sign(scorer, text) == label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("9/10", "positive"),
        ("five stars", "positive"),
        ("1 star", "negative"),
        ("2 out of 10", "negative"),
    ],
)
def test_ratings_carry_their_sign(scorer, text, label):
    assert sign(scorer, text) == label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("The screen went black mid-order.", "negative"),
        ("The app closes by itself.", "negative"),
        ("Strap fell apart in a month.", "negative"),
        ("Ten pounds for a greeting card?", "negative"),
        ("Surprise admin fee at the end.", "negative"),
        ("Charged me extra for the box.", "negative"),
        ("Got my money back the same week.", "positive"),
        ("Fits exactly as described.", "positive"),
        ("They rang me to check it had arrived.", "positive"),
        ("Why does the search ignore my filters?", "negative"),
    ],
)
def test_malfunction_money_and_service(scorer, text, label):
    assert sign(scorer, text) == label


def test_however_turns_a_sentence_as_but_does(scorer):
    assert sign(scorer, "Great range, however delivery was late.") == "negative"
    assert sign(scorer, "Delivery was late, however the staff were lovely.") == "positive"


def test_rewriting_keeps_capitals_when_no_rule_fires(scorer):
    assert scorer.rewrite("GREAT shop").startswith("GREAT shop")
    assert "cxfail" in scorer.rewrite("It DIDN'T print")
