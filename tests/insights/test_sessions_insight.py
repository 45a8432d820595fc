"""Web metrics against a plain-Python reference built from raw events."""

from __future__ import annotations

from datetime import timedelta
from statistics import mean, median

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.insights.journeys import at, workspace

TIMEOUT = timedelta(minutes=30)


def reference_sessions(rows):
    """List of sessions, each a list of events (dicts), by the documented rule."""
    result = []
    for person in sorted({r["person"] for r in rows}):
        mine = sorted(
            (r for r in rows if r["person"] == person), key=lambda r: (r["time"], r["id"])
        )
        current = [mine[0]]
        for event in mine[1:]:
            if event["time"] - current[-1]["time"] > TIMEOUT:
                result.append(current)
                current = []
            current.append(event)
        result.append(current)
    return result


def reference_metrics(rows):
    sessions = reference_sessions(rows)
    durations = [(s[-1]["time"] - s[0]["time"]).total_seconds() for s in sessions]
    counted = []
    for s, d in zip(sessions, durations):
        views = sum(e["event"] == "$pageview" for e in s)
        if views:
            others = len(s) - views
            counted.append(not (views > 1 or others > 0 or d >= 10))
    per_person = {}
    for s in sessions:
        per_person[s[0]["person"]] = per_person.get(s[0]["person"], 0) + 1
    return {
        "sessions": len(sessions),
        "persons": len(per_person),
        "bounce_rate": mean(counted) if counted else None,
        "pages_per_session": sum(e["event"] == "$pageview" for e in rows) / len(sessions),
        "duration_s": {
            "mean": mean(durations),
            "median": median(durations),
            "p90": float(np.percentile(durations, 90)),
        },
        "repeat_visit_rate": sum(n >= 2 for n in per_person.values()) / len(per_person),
    }


rows_strategy = st.lists(
    st.tuples(
        st.sampled_from("abc"),
        st.sampled_from(["$pageview", "$pageview", "click"]),
        st.integers(0, 6 * 60 * 60),
    ),
    min_size=1,
    max_size=50,
).map(
    lambda items: [
        {"id": f"e{i}", "person": p, "event": e, "time": at(minutes=s / 60)}
        for i, (p, e, s) in enumerate(items)
    ]
)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows_strategy)
def test_totals_match_the_reference(rows):
    with workspace([{k: v for k, v in r.items() if k != "id"} for r in rows]) as ws:
        got = ws.sessions().to_dict()
    expected = reference_metrics(rows)
    for key in ("sessions", "persons", "repeat_visit_rate"):
        assert got[key] == pytest.approx(expected[key]), key
    assert got["pages_per_session"] == pytest.approx(expected["pages_per_session"])
    if expected["bounce_rate"] is None:
        assert got["bounce_rate"] is None
    else:
        assert got["bounce_rate"] == pytest.approx(expected["bounce_rate"])
    for key in ("mean", "median", "p90"):
        assert got["duration_s"][key] == pytest.approx(expected["duration_s"][key], abs=1e-6)
    assert sum(b["sessions"] for b in got["duration_histogram"]) == expected["sessions"]


def journey():
    page = "$pageview"
    return [
        # a: bounces on /, then comes back from google and reads two pages
        {"person": "a", "event": page, "time": at(0), "url": "https://s.example/"},
        {
            "person": "a",
            "event": page,
            "time": at(1),
            "url": "https://s.example/p/1?utm_source=google",
        },
        {"person": "a", "event": page, "time": at(1, minutes=1), "url": "https://s.example/p/2"},
        # b: one page and a click: engaged, not a bounce
        {"person": "b", "event": page, "time": at(1), "url": "https://s.example/p/1"},
        {"person": "b", "event": "add_to_cart", "time": at(1, minutes=2)},
        # c: a page view that lasts 0 s
        {"person": "c", "event": page, "time": at(2), "url": "https://s.example/p/2"},
    ]


def test_hand_computed_pages_sources_and_rules():
    with workspace(journey()) as ws:
        doc = ws.sessions().to_dict()
        plausible = ws.sessions(bounce_rule="plausible").to_dict()
        ga4 = ws.sessions(bounce_rule="ga4").to_dict()
        google = ws.sessions(where=["utm_source = google"]).to_dict()
        day1 = ws.sessions(date_from="2024-01-02", date_to="2024-01-02").to_dict()
    assert (doc["sessions"], doc["persons"]) == (4, 3)
    assert doc["bounce_rate"] == pytest.approx(2 / 4)  # a's first visit and c
    assert plausible["bounce_rate"] == pytest.approx(2 / 4)
    assert ga4["bounce_rate"] == pytest.approx(2 / 4)  # b lasts 120 s: engaged
    assert doc["repeat_visit_rate"] == pytest.approx(1 / 3)
    assert {p["path"]: p["sessions"] for p in doc["entry_pages"]} == {"/": 1, "/p/1": 2, "/p/2": 1}
    exits = {p["path"]: (p["exits"], p["pageviews"]) for p in doc["exit_pages"]}
    assert exits == {"/": (1, 1), "/p/1": (1, 2), "/p/2": (2, 2)}
    assert {s["source"]: s["sessions"] for s in doc["sources"]} == {"(direct)": 3, "google": 1}
    assert (google["sessions"], google["persons"]) == (1, 1)
    assert (day1["sessions"], day1["new_persons"], day1["returning_persons"]) == (2, 1, 1)
    timeline = {t["date"][:10]: (t["new_persons"], t["returning_persons"]) for t in doc["timeline"]}
    assert timeline == {"2024-01-01": (1, 0), "2024-01-02": (1, 1), "2024-01-03": (1, 0)}


def test_breakdown_must_be_a_session_attribute():
    from whylens.errors import QueryError

    with workspace(journey()) as ws:
        assert {
            r["device_type"] for r in ws.sessions(breakdown="device_type").to_dict()["breakdown"]
        } == {None}
        with pytest.raises(QueryError, match="session attribute"):
            ws.sessions(breakdown="price")
        with pytest.raises(QueryError, match="bounce rule"):
            ws.sessions(bounce_rule="strict")
