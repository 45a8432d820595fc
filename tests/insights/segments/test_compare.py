"""Segment comparison on eight hand-made persons: every metric's value per segment as counted by
hand, and each difference's test as scipy computes it from the same per-person values."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from tests.insights.journeys import at, workspace
from whylens.errors import QueryError

#: person -> [(day, minute, event, revenue)]
PEOPLE = {
    "a1": [(0, 0, "$pageview", None), (0, 1, "view_item", None), (0, 2, "purchase", "10"),
           (8, 0, "$pageview", None)],
    "a2": [(0, 0, "$pageview", None), (1, 0, "$pageview", None), (1, 1, "$pageview", None)],
    "a3": [(2, 0, "$pageview", None), (2, 1, "view_item", None), (2, 2, "purchase", "30"),
           (10, 0, "$pageview", None), (10, 1, "view_item", None)],
    "a4": [(3, 0, "view_item", None)],
    "b1": [(0, 0, "$pageview", None)],
    "b2": [(1, 0, "$pageview", None), (1, 1, "view_item", None), (9, 0, "purchase", "50")],
    "b3": [(0, 0, "$pageview", None), (5, 0, "$pageview", None)],
    "b4": [(30, 0, "$pageview", None), (30, 1, "view_item", None)],
}  # fmt: skip
A, B = ["a1", "a2", "a3", "a4"], ["b1", "b2", "b3", "b4"]


@pytest.fixture(scope="module")
def ws():
    rows = [
        {"person": p, "event": e, "time": at(d, 10, m), "revenue": r}
        for p, items in PEOPLE.items()
        for d, m, e, r in items
    ]
    found = workspace(rows)
    found.segments.save_members("a", A)
    found.segments.save_members("b", B)
    found.engine.execute(
        "INSERT INTO churn_scores (project_id, inactive_days, person_id, score, cutoff) VALUES"
        " ('default', 30, 'a1', 0.1, now()), ('default', 30, 'a2', 0.3, now()),"
        " ('default', 30, 'b1', 0.6, now()), ('default', 30, 'b2', 0.8, now()),"
        " ('default', 30, 'b3', 0.7, now())"
    )
    yield found
    found.close()


@pytest.fixture(scope="module")
def document(ws):
    return ws.segments.compare(["a", "b"], funnel=["view_item", "purchase"]).to_dict()


def metric(document, name):
    return next(m for m in document["metrics"] if m["metric"] == name)


# (metric, per-segment (value, n)) counted by hand from PEOPLE
BY_HAND = {
    "sessions_per_person": [(1.75, 4), (1.5, 4)],
    "bounce_rate": [(2 / 6, 6), (3 / 5, 5)],  # sessions with a page view; one-page ones bounce
    "purchase_rate": [(2 / 4, 4), (1 / 4, 4)],
    "revenue_per_person": [(10.0, 4), (12.5, 4)],
    "retention_week_1": [(2 / 4, 4), (1 / 3, 3)],  # b4 starts under 14 days before the end
    "churn_risk": [(0.2, 2), (0.7, 3)],
    "funnel_conversion": [(2 / 3, 3), (1 / 2, 2)],
}


@pytest.mark.parametrize("name", sorted(BY_HAND))
def test_each_metric_per_segment(document, name):
    found = metric(document, name)
    assert [v["segment"] for v in found["values"]] == ["a", "b"]
    for value, (expected, n) in zip(found["values"], BY_HAND[name]):
        assert value["n"] == n and math.isclose(value["value"], expected), (name, value)


def test_means_are_compared_with_welch_and_mann_whitney(document):
    a, b = np.array([10.0, 0, 30, 0]), np.array([0.0, 50, 0, 0])
    found = metric(document, "revenue_per_person")["differences"][0]
    welch = stats.ttest_ind(b, a, equal_var=False)
    interval = welch.confidence_interval(0.95)
    assert found["segment"] == "b" and found["versus"] == "a" and found["test"] == "welch_t"
    assert math.isclose(found["difference"], 2.5)
    assert math.isclose(found["p_value"], welch.pvalue)
    assert math.isclose(found["ci_low"], interval.low) and math.isclose(
        found["ci_high"], interval.high
    )
    u = stats.mannwhitneyu(b, a, alternative="two-sided")
    assert math.isclose(found["p_value_mann_whitney"], u.pvalue)


def test_rates_are_compared_with_the_two_proportion_z_test(document):
    found = metric(document, "bounce_rate")["differences"][0]
    pa, pb, na, nb = 2 / 6, 3 / 5, 6, 5
    pooled = 5 / 11
    z = (pb - pa) / math.sqrt(pooled * (1 - pooled) * (1 / na + 1 / nb))
    assert found["test"] == "two_proportion_z"
    assert math.isclose(found["p_value"], 2 * (1 - stats.norm.cdf(abs(z))))
    half = 1.959963984540054 * math.sqrt(pa * (1 - pa) / na + pb * (1 - pb) / nb)
    assert math.isclose(found["ci_low"], pb - pa - half)
    assert math.isclose(found["ci_high"], pb - pa + half)


def test_sizes_overlap_and_the_frame(ws, document):
    assert document["segments"] == [
        {"name": "a", "persons": 4, "active_persons": 4},
        {"name": "b", "persons": 4, "active_persons": 4},
    ]
    assert document["overlap"] == [{"a": "a", "b": "b", "persons": 0}]
    assert document["funnel"] == ["view_item", "purchase"] and document["reference"] == "a"
    result = ws.segments.compare(["a", "b"])
    assert "funnel_conversion" not in set(result.df["metric"])
    assert len(result.df) == 2 * 6


def test_three_segments_each_against_the_first_and_a_date_range(ws):
    ws.segments.create("buyers", {"did": "purchase"})
    document = ws.segments.compare(["buyers", "a", "b"], date_from="2024-01-02").to_dict()
    sessions = metric(document, "sessions_per_person")
    assert [d["segment"] for d in sessions["differences"]] == ["a", "b"]
    assert {d["versus"] for d in sessions["differences"]} == {"buyers"}
    assert document["overlap"][0] == {"a": "buyers", "b": "a", "persons": 2}
    # from day 1 on: a1 has one session (day 8), a2 one (day 1), a3 two, a4 one
    assert metric(document, "sessions_per_person")["values"][1]["value"] == 5 / 4


def test_untestable_and_wrong_questions(ws):
    ws.segments.save_members("one", ["a1"])
    found = ws.segments.compare(["one", "b"]).to_dict()
    sessions = metric(found, "sessions_per_person")["differences"][0]
    assert sessions["p_value"] is None and sessions["note"] == "fewer than two persons with a value"
    with pytest.raises(QueryError, match="compare takes 2 to 10 segments"):
        ws.segments.compare(["a"])
    with pytest.raises(QueryError, match="each segment once"):
        ws.segments.compare(["a", "a"])
    with pytest.raises(QueryError, match="no segment 'zz'"):
        ws.segments.compare(["a", "zz"])
    with pytest.raises(QueryError, match="not empty ones"):
        ws.segments.compare(["a", ""])
