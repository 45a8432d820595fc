"""Each condition on tiny journeys whose members are known by hand; windows end at the
project's last event (day 60 here)."""

from __future__ import annotations

import pyarrow as pa
import pytest

from tests.insights.journeys import at, workspace
from whylens.insights.params import Params
from whylens.insights.segments.store import resolve

ROWS = [
    ("ann", "view_item", 40), ("ann", "add_to_cart", 40), ("ann", "purchase", 41),
    ("ann", "add_to_cart", 45), ("ann", "add_to_cart", 59),
    ("bob", "view_item", 5), ("bob", "add_to_cart", 5), ("bob", "add_to_cart", 10),
    ("bob", "add_to_cart", 59),
    ("cy", "view_item", 59), ("cy", "add_to_cart", 59),
    ("dee", "view_item", 60),
]  # fmt: skip
FUNNEL = ["view_item", "add_to_cart", "purchase"]


@pytest.fixture(scope="module")
def ws():
    rows = [{"person": p, "event": e, "time": at(d, 12)} for p, e, d in ROWS]
    rows[2]["price"] = "80"  # ann's purchase
    found = workspace(rows)
    found.set_traits(
        pa.table({"person_id": ["ann", "bob", "cy"], "plan": ["pro", "free", "business"]})
    )
    found.engine.execute(
        "INSERT INTO churn_scores (project_id, inactive_days, person_id, score, cutoff)"
        " VALUES ('default', 30, 'ann', 0.9, now()), ('default', 30, 'bob', 0.2, now()),"
        " ('default', 14, 'cy', 0.9, now())"
    )
    yield found
    found.close()


def members(ws, definition) -> set[str]:
    params = Params()
    sql = resolve(ws.engine, ws.project_id, definition).members(params)
    return {r["person_id"] for r in ws.engine.query(sql, params).to_pylist()}


CASES = [
    ({"did": "add_to_cart"}, {"ann", "bob", "cy"}),
    ({"did": "add_to_cart", "at_least": 3}, {"ann", "bob"}),
    ({"did": "add_to_cart", "at_least": 3, "in_last": "30d"}, {"ann"}),
    ({"did": "add_to_cart", "in_last": "1d"}, {"ann", "bob", "cy"}),
    ({"did": "view_item", "in_last": "12h"}, {"dee"}),
    ({"did": "*", "at_least": 4}, {"ann", "bob"}),
    ({"did": "purchase", "where": ["price > 50"]}, {"ann"}),
    ({"did": "purchase", "where": ["price > 90"]}, set()),
    ({"person": "plan = pro"}, {"ann"}),
    ({"person": "plan", "operator": "in", "value": ["pro", "business"]}, {"ann", "cy"}),
    ({"person": "plan is not set"}, {"dee"}),
    ({"not": {"person": "plan = free"}}, {"ann", "cy", "dee"}),  # no plan: not "free"
    ({"funnel": FUNNEL, "reached": 2}, {"bob", "cy"}),
    ({"funnel": FUNNEL, "reached": 1}, {"dee"}),
    ({"funnel": FUNNEL, "reached": 3}, {"ann"}),
    ({"funnel": FUNNEL, "reached": 2, "in_last": "30d"}, {"cy"}),
    ({"funnel": FUNNEL, "reached": 1, "window": "1h"}, {"dee"}),
    ({"churn_risk_above": 0.5}, {"ann"}),
    ({"churn_risk_above": 0.1}, {"ann", "bob"}),
    ({"churn_risk_above": 0.5, "inactive": "14d"}, {"cy"}),
    ({"and": [{"did": "add_to_cart", "at_least": 3}, {"person": "plan = free"}]}, {"bob"}),
    ({"or": [{"person": "plan = pro"}, {"funnel": FUNNEL, "reached": 1}]}, {"ann", "dee"}),
    (
        {"and": [{"did": "add_to_cart"}, {"not": {"or": [{"did": "purchase"}, {"did": "x"}]}}]},
        {"bob", "cy"},
    ),
]


@pytest.mark.parametrize(("definition", "expected"), CASES)
def test_members(ws, definition, expected):
    assert members(ws, definition) == expected


def test_a_condition_and_its_negation_split_the_persons(ws):
    everyone = {"ann", "bob", "cy", "dee"}
    for definition, _ in CASES:
        inside, outside = members(ws, definition), members(ws, {"not": definition})
        assert inside | outside == everyone and not inside & outside, definition
