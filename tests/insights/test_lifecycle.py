"""Lifecycle: hand-computed journeys, a plain-Python reference on random data, invariants."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.insights.journeys import load_tuples as load
from tests.insights.journeys import tuple_journeys
from whylens.errors import QueryError

T0 = datetime(2024, 1, 1)  # a Monday


def day(n: float) -> datetime:
    return T0 + timedelta(days=n)


# -- reference ------------------------------------------------------------------------------------
def interval_of(t: datetime, interval: str) -> datetime:
    d = datetime(t.year, t.month, t.day)
    if interval == "week":
        return d - timedelta(days=d.weekday())
    return d.replace(day=1) if interval == "month" else d


def step(i: datetime, interval: str, k: int = 1) -> datetime:
    if interval == "month":
        m = i.month - 1 + k
        return i.replace(year=i.year + m // 12, month=m % 12 + 1)
    return i + timedelta(days=k * (7 if interval == "week" else 1))


def reference(rows, event, interval, date_from=None, date_to=None, plan=None):
    """[(interval, new, returning, resurrecting, dormant)] by PostHog's rule, person by person."""
    kept = [
        r for r in rows if (date_to is None or r[2] < date_to) and (plan is None or r[3] == plan)
    ]
    in_range = [r for r in kept if date_from is None or r[2] >= date_from]
    if not in_range and not (date_from and date_to):
        return []
    first = interval_of(date_from or min(r[2] for r in in_range), interval)
    last = interval_of(
        date_to - timedelta(microseconds=1) if date_to else max(r[2] for r in in_range), interval
    )
    created = {}
    for r in rows:  # the first event ever, whatever the range and filters
        created[r[0]] = min(created.get(r[0], r[2]), r[2])
    active: dict[str, set] = {}
    for r in kept:  # activity in the interval before the first shown one counts too
        if (event == "*" or r[1] == event) and r[2] >= step(first, interval, -1):
            active.setdefault(r[0], set()).add(interval_of(r[2], interval))
    result, i = [], first
    while i <= last:
        counts = {"new": 0, "returning": 0, "resurrecting": 0, "dormant": 0}
        for person, seen in active.items():
            before = step(i, interval, -1) in seen
            if i in seen:
                status = (
                    "new"
                    if interval_of(created[person], interval) == i
                    else "returning"
                    if before
                    else "resurrecting"
                )
                counts[status] += 1
            elif before:
                counts["dormant"] -= 1
        result.append((i.date().isoformat(), *counts.values()))
        i = step(i, interval)
    return result


def got(doc: dict) -> list[tuple]:
    return [
        (r["interval"], r["new"], r["returning"], r["resurrecting"], r["dormant"])
        for r in doc["intervals"]
    ]


# -- hand-computed journeys -----------------------------------------------------------------------
def test_statuses_by_hand():
    rows = [
        ("a", "signup", day(0)),
        ("a", "open", day(0)),
        ("a", "open", day(1)),
        ("a", "open", day(3)),
        ("b", "signup", day(0)),
        ("b", "open", day(2)),
        ("c", "open", day(1)),
        ("c", "open", day(2)),
    ]
    with load(rows) as ws:
        doc = ws.lifecycle("open", interval="day").to_dict()
    # day 0: a new (created that day). Day 1: a returning, c new. Day 2: b resurrecting (created
    # on day 0 by its signup, not active on day 1), c returning, a dormant. Day 3: a
    # resurrecting, b and c dormant.
    assert got(doc) == [
        ("2024-01-01", 1, 0, 0, 0),
        ("2024-01-02", 1, 1, 0, 0),
        ("2024-01-03", 0, 1, 1, -1),
        ("2024-01-04", 0, 0, 1, -2),
    ]
    assert [r["active"] for r in doc["intervals"]] == [1, 2, 2, 1]


def test_the_interval_before_the_range_is_read():
    rows = [
        ("a", "open", day(0)),
        ("a", "open", day(7)),
        ("b", "open", day(0)),
        ("c", "open", day(14)),
    ]
    with load(rows) as ws:
        doc = ws.lifecycle("open", interval="week", date_from="2024-01-08").to_dict()
    # week of Jan 8: a was active the week before (returning), b goes dormant; week of Jan 15:
    # c new, a dormant.
    assert got(doc) == [("2024-01-08", 0, 1, 0, -1), ("2024-01-15", 1, 0, 0, -1)]


def test_empty_range_and_errors():
    with load([("a", "open", day(0))]) as ws:
        doc = ws.lifecycle("open", date_from="2025-01-01", date_to="2025-01-02").to_dict()
        assert got(doc) == [("2025-01-01", 0, 0, 0, 0), ("2025-01-02", 0, 0, 0, 0)]
        with pytest.raises(QueryError):
            ws.lifecycle("open", interval="hour")


# -- reference on random data, and invariants -----------------------------------------------------
def journeys() -> st.SearchStrategy:
    return tuple_journeys(
        ("open", "buy"), ("free", "pro"), (10, 90), ((None, None), (0.3, 0.8), (0.4, None))
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    journeys(),
    st.sampled_from(["open", "*"]),
    st.sampled_from(["day", "week", "month"]),
    st.sampled_from([None, "pro"]),
)
def test_matches_the_reference(data, event, interval, plan):
    rows, bounds = data
    with load(rows) as ws:
        result = ws.lifecycle(
            event,
            interval=interval,
            date_from=bounds[0],
            date_to=bounds[1],
            where=[f"plan = {plan}"] if plan else None,
        )
        active = ws.sql(  # persons with the event per interval, counted independently
            f"SELECT CAST(date_trunc('{interval}', timestamp) AS DATE) AS i,"
            " count(DISTINCT person_id) AS n FROM events WHERE ($e = '*' OR event = $e)"
            " AND ($plan IS NULL OR properties->>'plan' = $plan) AND timestamp < $hi"
            " GROUP BY 1",
            {"e": event, "plan": plan, "hi": bounds[1] or datetime(2100, 1, 1)},
        )
    assert got(result.to_dict()) == reference(rows, event, interval, *bounds, plan=plan)
    # new + returning + resurrecting = the active persons of the interval
    counted = {i.isoformat(): n for i, n in zip(active["i"], active["n"])}
    for row in result.to_dict()["intervals"]:
        assert row["new"] + row["returning"] + row["resurrecting"] == row["active"]
        assert row["active"] == counted.get(row["interval"], 0)
