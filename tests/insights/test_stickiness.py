"""Stickiness: hand-computed journeys, a plain-Python reference on random data, invariants."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta

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
def period_of(t: datetime, period: str) -> date:
    d = t.date()
    if period == "week":
        return d - timedelta(days=d.weekday())
    return d.replace(day=1) if period == "month" else d


def reference(rows, event, period, date_from=None, date_to=None, plan=None):
    """(distribution {(period, days): persons}, [(date, dau, mau)]) from the definitions."""
    kept = [
        r for r in rows if (date_to is None or r[2] < date_to) and (plan is None or r[3] == plan)
    ]
    in_range = [r for r in kept if date_from is None or r[2] >= date_from]
    if not in_range and not (date_from and date_to):  # a given range is shown, even if empty
        return {}, []
    chosen = [r for r in kept if event == "*" or r[1] == event]
    days_of: dict[tuple, set] = {}
    for r in chosen:
        if date_from is None or r[2] >= date_from:
            days_of.setdefault((r[0], period_of(r[2], period)), set()).add(r[2].date())
    distribution = Counter((p.isoformat(), len(days)) for (_, p), days in days_of.items())
    first = (date_from or min(r[2] for r in in_range)).date()
    last = (date_to - timedelta(microseconds=1) if date_to else max(r[2] for r in in_range)).date()
    active = {(r[0], r[2].date()) for r in chosen}
    daily = []
    for n in range((last - first).days + 1):
        d = first + timedelta(days=n)
        dau = len({p for p, a in active if a == d})
        mau = len({p for p, a in active if d - timedelta(days=29) <= a <= d})
        daily.append((d.isoformat(), dau, mau))
    return dict(distribution), daily


def got(result) -> tuple[dict, list]:
    doc = result.to_dict()
    distribution = {(r["period"], r["days"]): r["persons"] for r in doc["distribution"]}
    return distribution, [(d["date"], d["dau"], d["mau"]) for d in doc["dau_mau"]]


# -- hand-computed journeys -----------------------------------------------------------------------
def test_persons_by_active_days_per_week():
    rows = [
        ("a", "open", day(0)),
        ("a", "open", day(0.5)),
        ("a", "open", day(3)),
        ("a", "open", day(8)),
        ("b", "open", day(1)),
        ("b", "other", day(2)),
        ("c", "open", day(9)),
        ("c", "open", day(10)),
        ("c", "open", day(11)),
    ]
    with load(rows) as ws:
        doc = ws.stickiness("open").to_dict()
    # week of Jan 1: a on 2 days (two events on the 1st count once), b on 1; week of Jan 8:
    # a on 1 day, c on 3.
    assert doc["distribution"] == [
        {"period": "2024-01-01", "days": 1, "persons": 1},
        {"period": "2024-01-01", "days": 2, "persons": 1},
        {"period": "2024-01-08", "days": 1, "persons": 1},
        {"period": "2024-01-08", "days": 3, "persons": 1},
    ]
    assert doc["periods"] == [
        {"period": "2024-01-01", "persons": 2, "intervals": 7},
        {"period": "2024-01-08", "persons": 2, "intervals": 7},
    ]
    # Jan 10: c is active; a, b and c all were in the 30 days ending that day
    assert doc["dau_mau"][9] == {"date": "2024-01-10", "dau": 1, "mau": 3, "ratio": 1 / 3}


def test_dau_mau_reads_back_29_days_before_the_range():
    rows = [
        ("a", "open", day(0)),
        ("b", "open", day(20)),
        ("b", "open", day(31)),
        ("c", "open", day(40)),
    ]
    with load(rows) as ws:
        doc = ws.stickiness("open", date_from="2024-02-01", date_to="2024-02-02").to_dict()
    # Feb 1 (day 31): b is active; the 30 days ending Feb 1 start Jan 3, so a (Jan 1) is out
    # and b's Jan 21 is in: MAU counts b once.
    assert doc["dau_mau"] == [
        {"date": "2024-02-01", "dau": 1, "mau": 1, "ratio": 1.0},
        {"date": "2024-02-02", "dau": 0, "mau": 1, "ratio": 0.0},
    ]
    assert doc["distribution"] == [{"period": "2024-01-29", "days": 1, "persons": 1}]


def test_monthly_periods_hours_and_errors():
    rows = [
        ("a", "open", day(0)),
        ("a", "open", day(0) + timedelta(hours=5)),
        ("a", "open", day(31)),
    ]
    with load(rows) as ws:
        month = ws.stickiness("open", period="month").to_dict()
        hours = ws.stickiness("open", period="day", interval="hour").to_dict()
        with pytest.raises(QueryError):
            ws.stickiness("open", period="week", interval="week")
        assert ws.stickiness("nothing").to_dict()["distribution"] == []
    assert [(p["period"], p["intervals"]) for p in month["periods"]] == [
        ("2024-01-01", 31),
        ("2024-02-01", 29),
    ]
    assert hours["distribution"][0] == {"period": "2024-01-01", "hours": 2, "persons": 1}


# -- reference on random data, and invariants -----------------------------------------------------
def journeys() -> st.SearchStrategy:
    return tuple_journeys(("open", "buy"), ("free", "pro"), (10, 70), ((None, None), (0.3, 0.8)))


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    journeys(),
    st.sampled_from(["open", "*"]),
    st.sampled_from(["week", "month"]),
    st.sampled_from([None, "pro"]),
)
def test_matches_the_reference(data, event, period, plan):
    rows, bounds = data
    with load(rows) as ws:
        result = ws.stickiness(
            event,
            period=period,
            date_from=bounds[0],
            date_to=bounds[1],
            where=[f"plan = {plan}"] if plan else None,
        )
        active = ws.sql(  # persons with the event per period, counted independently
            f"SELECT CAST(date_trunc('{period}', timestamp) AS DATE) AS p,"
            " count(DISTINCT person_id) AS n FROM events WHERE ($e = '*' OR event = $e)"
            " AND ($plan IS NULL OR properties->>'plan' = $plan)"
            " AND ($lo IS NULL OR timestamp >= $lo) AND ($hi IS NULL OR timestamp < $hi)"
            " GROUP BY 1",
            {"e": event, "plan": plan, "lo": bounds[0], "hi": bounds[1]},
        )
    assert got(result) == reference(rows, event, period, *bounds, plan=plan)
    doc = result.to_dict()
    # the distribution's persons add up to the active persons of each period
    totals = Counter()
    for row in doc["distribution"]:
        totals[row["period"]] += row["persons"]
    assert dict(totals) == {p.isoformat(): n for p, n in zip(active["p"], active["n"])}
    assert {p["period"]: p["persons"] for p in doc["periods"]} == dict(totals)
    for d in doc["dau_mau"]:
        assert d["dau"] <= d["mau"]
