"""Trends against a plain-Python reference, hand-computed cases, and breakdown/compare rules."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.insights.journeys import T0, at, workspace
from whylens.errors import QueryError


def reference(rows, event, measure):
    """date -> value, over every day from the first to the last event of any kind."""
    days = sorted({r["time"].date() for r in rows})
    first, last = days[0], days[-1]
    grid = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    chosen = [r for r in rows if event == "*" or r["event"] == event]
    by_day = defaultdict(list)
    for r in chosen:
        by_day[r["time"].date()].append(r["person"])
    if measure == "total":
        return {d: len(by_day[d]) for d in grid}
    if measure == "persons":
        return {d: len(set(by_day[d])) for d in grid}
    if measure == "per_person":
        return {d: (len(by_day[d]) / len(set(by_day[d])) if by_day[d] else 0) for d in grid}
    width = {"dau": 1, "wau": 7, "mau": 30}[measure]
    return {d: len({p for k in range(width) for p in by_day[d - timedelta(days=k)]}) for d in grid}


rows_strategy = st.lists(
    st.tuples(
        st.sampled_from("abcd"), st.sampled_from(["view", "buy", "click"]), st.integers(0, 40 * 24)
    ),
    min_size=1,
    max_size=60,
).map(lambda items: [{"person": p, "event": e, "time": at(hours=h)} for p, e, h in items])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows_strategy,
    st.sampled_from(["view", "*"]),
    st.sampled_from(["total", "persons", "per_person", "dau", "wau", "mau"]),
)
def test_daily_values_match_the_reference(rows, event, measure):
    with workspace(rows) as ws:
        series = ws.trends([event], "day", measure).to_dict()["series"]
    expected = reference(rows, event, measure)
    if not any(event == "*" or r["event"] == event for r in rows):
        assert series == []
        return
    got = {p["date"][:10]: p["value"] for p in series[0]["data"]}
    assert got == pytest.approx({d.isoformat(): v for d, v in expected.items()})


def test_hand_computed_week_totals_breakdown_and_other():
    rows = [
        {"person": "a", "event": "view", "time": at(0), "utm_source": "google"},
        {"person": "a", "event": "view", "time": at(1), "utm_source": "google"},
        {"person": "b", "event": "view", "time": at(2), "utm_source": "facebook"},
        {"person": "c", "event": "view", "time": at(8), "utm_source": "newsletter"},
        {"person": "c", "event": "buy", "time": at(8)},
    ]
    with workspace(rows) as ws:
        weekly = ws.trends(["view", "buy"], "week", "persons").to_dict()["series"]
        assert [(s["name"], [p["value"] for p in s["data"]], s["total"]) for s in weekly] == [
            ("view", [2, 1], 3),
            ("buy", [0, 1], 1),
        ]
        split = ws.trends(["view"], "week", breakdown="utm_source", breakdown_limit=1).to_dict()
    values = {
        s["breakdown"]: ([p["value"] for p in s["data"]], s["total"]) for s in split["series"]
    }
    assert values == {"google": ([2, 0], 2), "other": ([1, 1], 2)}


def test_filters_and_date_range():
    rows = [
        {"person": "a", "event": "view", "time": at(d), "utm_source": src}
        for d, src in [(0, "google"), (1, "facebook"), (2, "google"), (3, "google")]
    ]
    with workspace(rows) as ws:
        doc = ws.trends(
            ["view"],
            "day",
            date_from="2024-01-02",
            date_to="2024-01-03",
            where=["utm_source = google"],
        ).to_dict()
    assert [(p["date"][:10], p["value"]) for p in doc["series"][0]["data"]] == [
        ("2024-01-02", 0),
        ("2024-01-03", 1),
    ]


def test_compare_with_the_previous_period():
    rows = [{"person": "a", "event": "view", "time": at(d)} for d in (0, 1, 1, 2, 3, 3, 3)]
    with workspace(rows) as ws:
        doc = ws.trends(
            ["view"], "day", date_from="2024-01-03", date_to="2024-01-04", compare=True
        ).to_dict()
    series = doc["series"][0]
    assert series["total"] == 4 and series["previous"]["total"] == 3
    assert [p["value"] for p in series["previous"]["data"]] == [1, 2]
    assert series["change"] == pytest.approx(4 / 3 - 1)


def test_bad_options_are_refused():
    with workspace([{"person": "a", "event": "view", "time": T0}]) as ws:
        with pytest.raises(QueryError, match="measure"):
            ws.trends(["view"], measure="sum")
        with pytest.raises(QueryError, match="per day"):
            ws.trends(["view"], "week", "mau")
        with pytest.raises(QueryError, match="interval"):
            ws.trends(["view"], "fortnight")


def test_result_has_frame_plot_and_sql():
    with workspace([{"person": "a", "event": "view", "time": T0}]) as ws:
        result = ws.trends(["view"])
    assert list(result.df.columns) == ["series", "breakdown", "date", "value"]
    assert result.plot().data[0].y == (1,)
    assert any("FROM events" in sql for sql in result.sql)
