"""Frequency / recency / T / monetary from SQL against a plain-Python reference on small data."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import whylens
from whylens.errors import QueryError
from whylens.insights.clv.summaries import summaries
from whylens.insights.scope import Scope

T0 = datetime(2024, 3, 1)


def load(rows: list[tuple[str, str, datetime, float]]) -> whylens.Workspace:
    ws = whylens.open(":memory:")
    ws.import_table(
        pa.table(
            {
                "event_id": [f"e{i}" for i in range(len(rows))],
                "user_id": [r[0] for r in rows],
                "event": [r[1] for r in rows],
                "timestamp": pa.array([r[2] for r in rows], pa.timestamp("us")),
                "revenue": pa.array([r[3] for r in rows], pa.float64()),
            }
        )
    )
    return ws


def reference(rows, until: date, per_unit: float) -> dict[str, tuple]:
    """person -> (x, t_x, T, monetary) by the papers' rules, written out plainly."""
    by_day: dict[str, dict[date, float]] = {}
    for person, event, moment, amount in rows:
        if event != "purchase" or moment.date() > until:
            continue
        days = by_day.setdefault(person, {})
        days[moment.date()] = days.get(moment.date(), 0.0) + amount
    found = {}
    for person, days in by_day.items():
        ordered = sorted(days)
        repeat = [days[d] for d in ordered[1:]]
        found[person] = (
            len(ordered) - 1,
            (ordered[-1] - ordered[0]).days / per_unit,
            (until - ordered[0]).days / per_unit,
            sum(repeat) / len(repeat) if repeat else None,
        )
    return found


def as_dict(result) -> dict[str, tuple]:
    return {
        p: (int(x), tx, T, None if m != m else m)
        for p, x, tx, T, m in zip(
            result.person_id, result.frequency, result.recency, result.age, result.monetary
        )
    }


def test_same_day_purchases_are_one_and_the_calibration_end_is_inclusive():
    rows = [
        ("ann", "purchase", T0, 10.0),
        ("ann", "purchase", T0 + timedelta(hours=5), 5.0),  # same day: one occasion
        ("ann", "purchase", T0 + timedelta(days=3, hours=23), 20.0),
        ("ann", "purchase", T0 + timedelta(days=7, hours=1), 4.0),
        ("ann", "purchase", T0 + timedelta(days=7, hours=22), 6.0),  # same day as the previous
        ("ann", "purchase", T0 + timedelta(days=9), 99.0),  # after the calibration end
        ("ann", "view", T0 + timedelta(days=8), 0.0),
        ("bob", "purchase", T0 + timedelta(days=2, hours=8), 30.0),  # one purchase only
    ]
    until = (T0 + timedelta(days=7)).date()
    got = as_dict(summaries(load(rows).engine, Scope(), "purchase", "revenue", until))
    # ann: days 0, 3, 7 -> x = 2, t_x = 7, T = 7, monetary = (20 + 10) / 2
    assert got == {"ann": (2, 7.0, 7.0, 15.0), "bob": (0, 0.0, 5.0, None)}


def test_weeks_divide_whole_days_by_seven_and_until_defaults_to_the_last_purchase_day():
    rows = [
        ("ann", "purchase", T0, 1.0),
        ("ann", "purchase", T0 + timedelta(days=14, hours=3), 1.0),
        ("bob", "purchase", T0 + timedelta(days=21, hours=20), 1.0),
    ]
    result = summaries(load(rows).engine, Scope(), "purchase", "revenue", unit="week")
    assert result.until == (T0 + timedelta(days=21)).date()
    assert as_dict(result) == {"ann": (1, 2.0, 3.0, 1.0), "bob": (0, 0.0, 0.0, None)}


def test_no_purchase_before_the_end_is_an_error():
    ws = load([("ann", "purchase", T0 + timedelta(days=5), 1.0)])
    with pytest.raises(QueryError, match="no 'purchase' events"):
        summaries(ws.engine, Scope(), "purchase", until=T0.date())


purchases = st.lists(
    st.tuples(
        st.sampled_from(["a", "b", "c", "d"]),
        st.sampled_from(["purchase", "view"]),
        st.integers(0, 30 * 24 - 1),
        st.integers(1, 50),
    ),
    min_size=1,
    max_size=40,
).map(lambda items: [(p, e, T0 + timedelta(hours=h), float(v)) for p, e, h, v in items])


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(purchases, st.integers(0, 29), st.sampled_from(["day", "week"]))
def test_summaries_match_the_reference(rows, end_day, unit):
    until = (T0 + timedelta(days=end_day)).date()
    expected = reference(rows, until, 7.0 if unit == "week" else 1.0)
    ws = load(rows)
    if not expected:
        with pytest.raises(QueryError):
            summaries(ws.engine, Scope(), "purchase", "revenue", until, unit)
        return
    got = as_dict(summaries(ws.engine, Scope(), "purchase", "revenue", until, unit))
    assert got.keys() == expected.keys()
    for person, (x, t_x, T, m) in expected.items():
        assert got[person][:3] == pytest.approx((x, t_x, T))
        assert (got[person][3] is None) == (m is None)
        if m is not None:
            assert got[person][3] == pytest.approx(m)
