"""Retention: hand-computed journeys, a plain-Python reference on random data, and invariants."""

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
def period_of(t: datetime, period: str) -> datetime:
    d = datetime(t.year, t.month, t.day)
    if period == "week":
        return d - timedelta(days=d.weekday())
    return d.replace(day=1) if period == "month" else d


def later(p: datetime, period: str, k: int) -> datetime:
    if period == "month":
        m = p.month - 1 + k
        return p.replace(year=p.year + m // 12, month=m % 12 + 1)
    return p + timedelta(days=k * (7 if period == "week" else 1))


def matches(row: tuple, name: str) -> bool:
    return name == "*" or row[1] == name


def reference(
    rows,
    start,
    back,
    period,
    periods,
    cohort,
    mode,
    date_from=None,
    date_to=None,
    plan=None,
    breakdown=False,
    limit=10,
):
    """{(breakdown, cohort date): counts} computed straight from the definition."""
    rows = [
        r
        for r in rows
        if (date_from is None or r[2] >= date_from)
        and (date_to is None or r[2] < date_to)
        and (plan is None or r[3] == plan)
    ]
    if not rows:
        return {}
    end = date_to or max(r[2] for r in rows)
    firsts: dict[tuple, tuple] = {}  # (person, cohort) -> sort key of its first start event
    for r in rows:
        if matches(r, start):
            key = (r[0], period_of(r[2], period) if cohort == "recurring" else None)
            rank = (r[2], r[3] is None, r[3] or "")
            firsts[key] = min(firsts.get(key, rank), rank)
    entries = [
        (person, c if c else period_of(rank[0], period), None if rank[1] else rank[2])
        for (person, c), rank in firsts.items()
    ]
    returned: dict[str, set[datetime]] = {}
    for r in rows:
        if matches(r, back):
            returned.setdefault(r[0], set()).add(period_of(r[2], period))
    if breakdown:
        tally: dict = {}
        for _, _, value in entries:
            tally[value] = tally.get(value, 0) + 1
        ranked = sorted(tally, key=lambda v: (-tally[v], v is None, v or ""))[:limit]
        entries = [(p, c, v if v in ranked else "other") for p, c, v in entries]
    else:
        entries = [(p, c, None) for p, c, _ in entries]
    result: dict[tuple, list[int]] = {}
    for key in {(v, c) for _, c, v in entries}:
        members = [p for p, c, v in entries if (v, c) == key]
        counts = [len(members)]
        for k in range(1, periods + 1):
            if later(key[1], period, k + 1) > end:
                break
            target = later(key[1], period, k)
            back_in = [returned.get(p, set()) for p in members]
            counts.append(
                sum(target in q if mode == "on" else any(x >= target for x in q) for q in back_in)
            )
        result[(key[0], key[1].date().isoformat())] = counts
    return result


def got(result) -> dict[tuple, list[int]]:
    return {(c.get("breakdown"), c["cohort"]): c["counts"] for c in result.to_dict()["cohorts"]}


# -- hand-computed journeys -----------------------------------------------------------------------
JOURNEY = [
    ("a", "signup", day(0.4)),
    ("a", "view", day(8)),
    ("a", "view", day(21)),
    ("b", "signup", day(2)),
    ("b", "view", day(15)),
    ("c", "signup", day(9)),
    ("c", "view", day(10)),
    ("c", "view", day(16)),
    ("d", "view", day(31)),  # the last event: the data range ends 2024-02-01 00:00
]


def test_classic_weekly_retention_by_hand():
    with load(JOURNEY) as ws:
        doc = ws.retention(start="signup", returning="view", periods=4).to_dict()
    # week of Jan 1: a and b; a back in weeks 1 and 3, b in week 2. Week 4 (Jan 29 - Feb 4)
    # has not elapsed by Feb 1. Week of Jan 8: c, back in week 1 (Jan 17); c's view on Jan 11 is
    # in week 0 and does not count.
    assert doc["cohorts"] == [
        {"cohort": "2024-01-01", "size": 2, "counts": [2, 1, 1, 1], "rates": [1.0, 0.5, 0.5, 0.5]},
        {"cohort": "2024-01-08", "size": 1, "counts": [1, 1, 0], "rates": [1.0, 1.0, 0.0]},
    ]
    assert doc["average"] == pytest.approx([1.0, 2 / 3, 1 / 3, 0.5])
    assert doc["end"] == "2024-02-01T00:00:00"


def test_unbounded_simple_average_and_date_to():
    with load(JOURNEY) as ws:
        doc = ws.retention(
            start="signup",
            returning="view",
            periods=4,
            mode="on_or_after",
            average="simple",
            date_to="2024-01-28",
        ).to_dict()
    # d's event is out of range; the range ends at Jan 29 00:00, so week 3 of the first cohort
    # (Jan 22 - 28) is shown: a returned in it. Simple average of period 1: (1.0 + 1.0) / 2.
    assert {c["cohort"]: c["counts"] for c in doc["cohorts"]} == {
        "2024-01-01": [2, 2, 2, 1],
        "2024-01-08": [1, 1, 0],
    }
    assert doc["average"] == pytest.approx([1.0, 1.0, 0.5, 0.5])


def test_recurring_cohorts_and_monthly_periods():
    rows = [
        ("a", "buy", day(0)),
        ("a", "buy", day(40)),
        ("a", "buy", day(70)),
        ("b", "buy", day(35)),
        ("b", "buy", day(95)),
    ]
    with load(rows) as ws:
        doc = ws.retention(
            start="buy", returning="buy", period="month", periods=3, cohort="recurring"
        ).to_dict()
    # a: Jan, Feb, Mar; b: Feb, Apr. Data ends Apr 5: March is the last elapsed month.
    assert {c["cohort"]: c["counts"] for c in doc["cohorts"]} == {
        "2024-01-01": [1, 1, 1],
        "2024-02-01": [2, 1],
        "2024-03-01": [1],
        "2024-04-01": [1],
    }


def test_breakdown_by_the_value_at_the_first_start_event():
    rows = [
        ("a", "signup", day(0), "pro"),
        ("a", "view", day(7), "free"),
        ("b", "signup", day(1), "free"),
        ("c", "signup", day(2), "free"),
        ("c", "view", day(8)),
        ("d", "signup", day(3), "team"),
        ("d", "view", day(20)),
    ]
    with load(rows) as ws:
        doc = ws.retention(
            start="signup", returning="view", periods=2, breakdown="plan", breakdown_limit=1
        ).to_dict()
    assert [(c["breakdown"], c["counts"]) for c in doc["cohorts"]] == [
        ("free", [2, 1]),
        ("other", [2, 1]),
    ]
    assert [b["breakdown"] for b in doc["breakdowns"]] == ["free", "other"]


def test_a_period_shows_once_the_data_reaches_its_end():
    rows = [("a", "view", day(0)), ("a", "view", day(1))]
    with load([*rows, ("b", "view", day(2) - timedelta(microseconds=1))]) as ws:
        assert ws.retention(period="day", periods=3).to_dict()["cohorts"][0]["counts"] == [1]
    with load([*rows, ("b", "view", day(2))]) as ws:
        assert ws.retention(period="day", periods=3).to_dict()["cohorts"][0]["counts"] == [1, 1]


def test_filters_and_errors():
    with load([("a", "signup", day(0), "pro"), ("a", "view", day(8), "free")]) as ws:
        assert ws.retention(where=["plan = pro"], periods=1).to_dict()["cohorts"][0]["counts"] == [
            1
        ]
        assert ws.retention(date_from="2030-01-01").to_dict()["cohorts"] == []
        with pytest.raises(QueryError):
            ws.retention(period="hour")
        with pytest.raises(QueryError):
            ws.retention(mode="sometimes")


# -- reference on random data, and invariants -----------------------------------------------------
def journeys() -> st.SearchStrategy:
    return tuple_journeys(
        ("signup", "view", "buy"), ("free", "pro", None), (10, 70), ((None, None), (0.1, 0.75))
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    journeys(),
    st.sampled_from(["signup", "*"]),
    st.sampled_from(["view", "*"]),
    st.sampled_from(["day", "week", "month"]),
    st.sampled_from(["first_time", "recurring"]),
    st.sampled_from(["on", "on_or_after"]),
    st.sampled_from([None, "pro"]),
    st.booleans(),
)
def test_matches_the_reference(data, start, back, period, cohort, mode, plan, breakdown):
    rows, bounds = data
    with load(rows) as ws:
        result = ws.retention(
            start=start,
            returning=back,
            period=period,
            periods=5,
            cohort=cohort,
            mode=mode,
            date_from=bounds[0],
            date_to=bounds[1],
            where=[f"plan = {plan}"] if plan else None,
            breakdown="plan" if breakdown else None,
            breakdown_limit=1,
        )
    expected = reference(
        rows, start, back, period, 5, cohort, mode, *bounds, plan=plan, breakdown=breakdown, limit=1
    )
    assert got(result) == expected
    for c in result.to_dict()["cohorts"]:
        assert c["rates"][0] == 1.0  # period 0 is the whole cohort
        if mode == "on_or_after":  # unbounded retention never grows with k
            assert all(a >= b for a, b in zip(c["counts"], c["counts"][1:]))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journeys(), st.sampled_from(["weighted", "simple"]))
def test_averages_follow_from_the_cohorts(data, average):
    with load(data[0]) as ws:
        doc = ws.retention(returning="view", period="day", periods=6, average=average).to_dict()
    for k, value in enumerate(doc["average"]):
        shown = [c for c in doc["cohorts"] if len(c["counts"]) > k]
        expected = (
            sum(c["counts"][k] for c in shown) / sum(c["size"] for c in shown)
            if average == "weighted"
            else sum(c["rates"][k] for c in shown) / len(shown)
        )
        assert value == pytest.approx(expected)
    assert doc["average"][:1] in ([], [1.0])
