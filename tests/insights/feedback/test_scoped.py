"""Every feedback analysis honours the date range and the property filters: run with them on the
whole data, it answers exactly what it answers on a database holding every event but only the
answers in scope, chosen here in plain Python (answered in the range, by a person with an event
in the range that passes every filter). The segment's twin: tests/insights/segments."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pyarrow as pa
import pytest

from tests.insights.journeys import at, workspace
from tests.insights.segments.test_selection import ANSWERS, ROWS, same
from whylens.errors import QueryError
from whylens.insights.feedback import (
    feedback_behavior,
    feedback_list,
    feedback_themes,
    feedback_trends,
)

#: a trait per person, for the `person.plan` filter
PLANS = {f"p{n:03d}": ("pro", "free", "team")[n % 3] for n in range(240)}


def in_range(moment: datetime, start: datetime | None, stop: datetime | None) -> bool:
    return (start is None or moment >= start) and (stop is None or moment < stop)


#: name -> (the analysis keywords, [start, stop) as datetimes, the filters as one event test)
SCOPES: dict[str, tuple[dict[str, Any], datetime | None, datetime | None, Any]] = {
    "range": (
        {"date_from": "2024-02-01", "date_to": "2024-03-15"},
        datetime(2024, 2, 1),
        datetime(2024, 3, 16),  # a bare --to date includes that day
        None,
    ),
    "event_column": (
        {"where": ["device_type = mobile"]},
        None,
        None,
        lambda r: r["device_type"] == "mobile",
    ),
    "trait_property_and_range": (
        {"date_from": "2024-01-20", "where": ["person.plan in (pro, team)", "revenue > 60"]},
        datetime(2024, 1, 20),
        None,
        lambda r: PLANS[r["person"]] in ("pro", "team") and float(r.get("revenue") or 0) > 60,
    ),
}


def in_scope(name: str) -> list[dict[str, Any]]:
    """The answers the scope keeps, by the rule docs/feedback.md states."""
    _, start, stop, test = SCOPES[name]
    acting = {r["person"] for r in ROWS if in_range(r["time"], start, stop) and test and test(r)}
    return [
        a
        for a in ANSWERS
        if in_range(a["timestamp"], start, stop) and (test is None or a["person_id"] in acting)
    ]


def shop(answers: list[dict[str, Any]]) -> Any:
    """Every event and trait of the journeys, and these answers."""
    ws = workspace(ROWS)
    ws.set_traits(pa.table({"person_id": list(PLANS), "plan": list(PLANS.values())}))
    ws.add_feedback(pa.table({key: [a[key] for a in answers] for key in ANSWERS[0]}))
    return ws


@pytest.fixture(scope="module")
def full():
    ws = shop(ANSWERS)
    yield ws
    ws.close()


@pytest.fixture(scope="module", params=sorted(SCOPES))
def pair(request, full):
    """(scope name, the whole workspace, a workspace of every event and the kept answers)."""
    kept = in_scope(request.param)
    assert 10 < len(kept) < len(ANSWERS) - 10  # the scope keeps some answers, and not all
    only = shop(kept)
    yield request.param, full, only
    only.close()


ANALYSES = {
    "list": lambda ws, **s: feedback_list(ws.engine, **s),
    "themes": lambda ws, **s: feedback_themes(ws.engine, interval="week", **s),
    "trends": lambda ws, **s: feedback_trends(ws.engine, by="source", **s),
    "trends_by_trait": lambda ws, **s: feedback_trends(ws.engine, by="trait:plan", **s),
    "behavior": lambda ws, **s: feedback_behavior(ws.engine, churn_days=14, before_days=14, **s),
}


@pytest.mark.parametrize("analysis", sorted(ANALYSES))
def test_every_feedback_analysis_honours_the_range_and_filters(pair, analysis):
    name, full, only = pair
    keywords = SCOPES[name][0]
    run = ANALYSES[analysis]
    limited = run(full, **keywords).to_dict()
    alone = run(only).to_dict()
    assert limited.pop("scope") == full.scope(**keywords).describe()  # as every analysis names it
    assert alone.pop("scope") == {
        "project": "default",
        "from": None,
        "to": None,
        "where": [],
        "segment": None,
    }
    same(limited, alone, f"{analysis} {name}")
    unlimited = run(full).to_dict()
    unlimited.pop("scope")
    assert unlimited != limited  # the scope changed the answer


def test_a_filter_is_tested_on_the_persons_events_in_the_range(ws):
    # a: a mobile event in May; b: mobile only in March; c: desktop in May; d: no event at all
    ws.import_table(
        pa.table(
            {
                "user_id": ["a", "a", "b", "c"],
                "event": ["view", "view", "view", "view"],
                "timestamp": [at(125), at(126), at(70), at(125)],
                "device_type": ["desktop", "mobile", "mobile", "desktop"],
            }
        )
    )
    ws.add_feedback(
        pa.table(
            {
                "person_id": ["a", "b", "c", "d", None],
                "timestamp": [at(127)] * 5,  # every answer in May
                "kind": ["nps"] * 5,
                "score": [9.0, 3.0, 5.0, 10.0, 0.0],
            }
        )
    )

    def persons(**scope: Any) -> list[str | None]:
        items = feedback_list(ws.engine, **scope).to_dict()["items"]
        return sorted((i["person_id"] for i in items), key=lambda p: (p is None, p or ""))

    may = {"date_from": "2024-05-01", "date_to": "2024-05-31"}
    assert persons(**may) == ["a", "b", "c", "d", None]  # a range alone keeps answers sans person
    assert persons(where=["device_type = mobile"]) == ["a", "b"]
    assert persons(where=["device_type = mobile"], **may) == ["a"]
    assert persons(where=["device_type = desktop", "event = view"], **may) == ["a", "c"]
    assert persons(date_to="2024-04-30") == []


@pytest.mark.parametrize(
    ("scope", "message"),
    [
        ({"where": ["price"]}, "cannot read filter"),
        ({"where": ["price > cheap"]}, "is not a number"),
        ({"date_from": "2024-03-01", "date_to": "2024-02-01"}, "the date range is empty"),
        ({"date_from": "yesterday-ish"}, "cannot read 'yesterday-ish' as a date"),
    ],
)
@pytest.mark.parametrize("analysis", sorted(ANALYSES))
def test_a_bad_range_or_filter_is_the_error_every_analysis_gives(full, analysis, scope, message):
    with pytest.raises(QueryError, match=message) as expected:
        ANALYSES[analysis](full, **scope)
    with pytest.raises(QueryError) as other:
        full.trends(**scope)
    assert str(other.value) == str(expected.value)
