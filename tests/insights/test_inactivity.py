"""Inactivity churn, the one definition: its boundary by hand, and the two analyses that use it
(churn by feedback answer, the churn model's population and labels) agreeing with it."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.insights.journeys import at, workspace
from whylens.engines.duckdb import DuckDBEngine
from whylens.insights.churn.features import features
from whylens.insights.feedback.behavior import feedback_behavior
from whylens.insights.inactivity import churned
from whylens.insights.scope import Scope


@pytest.mark.parametrize(
    ("last_seen", "days", "expected"),
    [
        (at(0), 30, False),  # exactly 30 days before the end: still active
        (at(0, minutes=-1), 30, True),  # a minute earlier: churned
        (at(20), 30, False),
        (None, 30, True),  # never seen before the end
        (at(28, hours=11), 1.5, True),  # fractional periods (36h): 37 hours before the end
        (at(28, hours=13), 1.5, False),
    ],
)
def test_churned_by_a_moment_means_no_event_in_the_period_before_it(last_seen, days, expected):
    engine = DuckDBEngine()
    sql = f"SELECT {churned('CAST($last AS TIMESTAMP)', '$end', '$days')} AS churned"
    found = engine.query(sql, {"last": last_seen, "end": at(30), "days": days}).to_pylist()
    assert found == [{"churned": expected}]


def journeys():
    """Persons first seen on day 5 and last seen on day 15, 29, 31, 58 and 59.5 (z: the data's
    last event)."""
    last = {"a": 15, "b": 29, "c": 31, "d": 58, "z": 59.5}
    rows = [
        {"person": p, "event": "view_item", "time": at(day)}
        for p, seen in last.items()
        for day in (5, seen)
    ]
    ws = workspace(rows)
    ws.add_feedback(
        pd.DataFrame(
            {
                "person_id": ["a", "b", "c", "d"],
                "timestamp": [at(10)] * 4,
                "kind": ["nps"] * 4,
                "score": [2.0] * 4,  # all detractors: one group holding the four
            }
        )
    )
    return ws


def test_feedback_and_the_churn_model_use_the_same_definition():
    with journeys() as ws:
        # churned by the data's last event (day 59.5): no event after day 29.5
        behavior = feedback_behavior(ws.engine, churn_days=30).to_dict()["churn"]
        detractors = next(r for r in behavior if r["group"] == "detractor")
        assert (detractors["persons"], detractors["churned"]) == (4, 2)  # a and b
        # the model's population at day 60 is who has not churned by then
        population = features(ws.engine, Scope(), at(60), 30, labelled=False)
        assert sorted(population["person_id"]) == ["c", "d", "z"]
        # its labels at day 30: who has churned by day 60 (no event from day 30 on)
        labelled = features(ws.engine, Scope(), at(30), 30).set_index("person_id")["churned"]
        assert labelled.to_dict() == {"a": True, "b": True, "c": False, "d": False, "z": False}
