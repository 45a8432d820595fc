"""Churn features and labels on tiny journeys whose numbers are computed by hand; nothing from
after the cutoff leaks into the features."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from tests.insights.journeys import at, workspace
from whylens.insights.churn.features import COLUMNS, features
from whylens.insights.scope import Scope

C = 60  # the cutoff, in days after T0; recent = days 32..59, previous = days 4..31


def journeys():
    rows = []
    for day in (C - 50, C - 45, C - 40):  # a: three sessions before, one recent
        rows += [
            {"person": "a", "event": "$pageview", "time": at(day)},
            {"person": "a", "event": "view_item", "time": at(day, minutes=1)},
        ]
    rows += [
        {"person": "a", "event": "view_item", "time": at(C - 10)},
        {"person": "a", "event": "add_to_cart", "time": at(C - 10, minutes=5)},
        {"person": "a", "event": "view_item", "time": at(C + 5)},
    ]
    rows += [
        {"person": "b", "event": "view_item", "time": at(C - 20)},  # b: never seen again
        {"person": "b", "event": "support_contact", "time": at(C - 19)},
    ]
    rows += [
        {"person": "c", "event": "view_item", "time": at(C - 10)},  # c: cancelled already
        {"person": "c", "event": "cancel_subscription", "time": at(C - 5)},
    ]
    rows += [{"person": "d", "event": "view_item", "time": at(C - 40)}]  # d: gone 40 days
    rows += [
        {"person": "e", "event": "purchase", "time": at(C - 3)},  # e: cancels after the cutoff
        {"person": "e", "event": "cancel_subscription", "time": at(C + 2)},
    ]
    rows += [{"person": "e", "event": "view_item", "time": at(C + 1, hours=h)} for h in range(6)]
    ws = workspace(rows)
    ws.add_feedback(
        pd.DataFrame(
            {
                "person_id": ["b", "b", "b"],
                "timestamp": [at(C - 15), at(C - 14), at(C - 70)],
                "kind": ["nps", "nps", "csat"],
                "score": [3.0, 9.0, 1.0],
            }
        )
    )
    return ws


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    with journeys() as ws:
        found = features(ws.engine, Scope(), at(C), 30)
    return found.set_index("person_id")


def test_the_population_is_persons_seen_within_the_inactive_period_who_have_not_cancelled(frame):
    assert sorted(frame.index) == ["a", "b", "e"]
    assert set(COLUMNS) <= set(frame.columns)


def test_activity_trends_compare_the_last_four_weeks_with_the_four_before(frame):
    a = frame.loc["a"]
    assert (a.sessions_recent, a.sessions_previous) == (1, 3)
    assert (a.active_days_recent, a.active_days_previous) == (1, 3)
    assert (a.events_recent, a.events_previous) == (2, 6)
    assert a.sessions_change == pytest.approx(-2 / 3)
    assert a.days_since_last_seen == pytest.approx(10 - 5 / 1440)
    assert a.tenure_days == pytest.approx(50)
    assert a.key_event == "view_item" and a.key_event_change == pytest.approx(-2 / 3)
    assert a.cart_abandoned == 1.0
    assert math.isnan(frame.loc["b"].sessions_change)  # nothing before: no ratio


def test_support_and_negative_feedback_count_the_last_eight_weeks(frame):
    b = frame.loc["b"]
    assert b.support_contacts == 1 and b.negative_feedback == 1
    assert frame.loc["a"].support_contacts == 0 and frame.loc["a"].negative_feedback == 0


def test_labels_come_from_after_the_cutoff_and_features_do_not(frame):
    assert not frame.loc["a"].churned  # came back within 30 days
    assert frame.loc["b"].churned  # no event after the cutoff
    assert frame.loc["e"].churned  # active after, but cancelled
    e = frame.loc["e"]
    assert e.events_recent == 1 and e.days_since_last_seen == pytest.approx(3)


def test_unlabelled_features_for_scoring_have_no_label_column():
    with journeys() as ws:
        found = features(ws.engine, Scope(), at(C), 30, labelled=False)
    assert "churned" not in found.columns and len(found) == 3
