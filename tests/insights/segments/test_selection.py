"""Every analysis honours a segment: run with `segment=` on the whole data, it answers exactly
what it answers on a database holding only the segment's persons (a segment keeps whole persons,
so first visits, cohorts and models see the same histories)."""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np
import pyarrow as pa
import pytest

from tests.insights.journeys import at, workspace
from whylens.insights.feedback import (
    feedback_behavior,
    feedback_list,
    feedback_themes,
    feedback_trends,
)
from whylens.insights.params import Params
from whylens.insights.segments.store import MissingSegment, resolve

EVENTS = ("$pageview", "view_item", "add_to_cart", "purchase", "use_compare")
DEVICES = ("mobile", "desktop")


def journeys(persons: int = 240, days: int = 120, seed: int = 7) -> list[dict[str, Any]]:
    """Persons arriving in the first half, active on a quarter of their days until they stop;
    sessions of page views, product views, carts, some purchases with revenue."""
    rng = np.random.default_rng(seed)
    rows = []
    for n in range(persons):
        person, device = f"p{n:03d}", DEVICES[(n // 2) % 2]
        start = int(rng.integers(0, days // 2))
        stop = min(days, start + int(rng.integers(10, days)))
        for day in range(start, stop):
            if rng.random() > 0.25:
                continue
            hour = float(rng.integers(8, 21))
            for k in range(int(rng.integers(1, 7))):
                event = EVENTS[min(k, int(rng.integers(0, len(EVENTS))))]
                row = {
                    "person": person,
                    "event": event,
                    "time": at(day, hour, 2 * k),
                    "device_type": device,
                    "path": "/" if event == "$pageview" else None,
                }
                if event == "purchase":
                    row["revenue"] = f"{rng.uniform(5, 120):.2f}"
                rows.append(row)
    return rows


ROWS = journeys()
TEXTS = (
    "Still waiting for my parcel, very late delivery",
    "Great prices and fast delivery",
    "The app keeps crashing at checkout",
    "Support never answered my emails",
    "Love the new search filter in the app",
    None,
)


def answers(rows: list[dict[str, Any]], seed: int = 11) -> list[dict[str, Any]]:
    """Two in three persons answer NPS a minute after one of their events, some with a comment
    or a CSAT score; a few answers have no person (in no segment)."""
    rng = np.random.default_rng(seed)
    times: dict[str, list] = {}
    for r in rows:
        times.setdefault(r["person"], []).append(r["time"])
    found = []
    for n, (person, seen) in enumerate(sorted(times.items())):
        if n % 3 == 2:
            continue
        answered = seen[int(rng.integers(0, len(seen)))] + (at(0, 0, 1) - at())
        found.append(
            {
                "person_id": person,
                "timestamp": answered,
                "kind": "nps",
                "score": float(rng.integers(0, 11)),
                "text": TEXTS[int(rng.integers(0, len(TEXTS)))],
                "source": ("survey", "email")[n % 2],
            }
        )
        if n % 4 == 0:
            found.append(
                {
                    "person_id": person,
                    "timestamp": answered + (at(1) - at()),
                    "kind": "csat",
                    "score": float(rng.integers(1, 6)),
                    "text": TEXTS[int(rng.integers(0, len(TEXTS)))],
                    "source": "support",
                }
            )
    for k in range(5):
        found.append(
            {
                "person_id": None,
                "timestamp": at(10 * k),
                "kind": "nps",
                "score": 0.0,
                "text": TEXTS[k],
                "source": "survey",
            }
        )
    return found


ANSWERS = answers(ROWS)


def with_feedback(ws: Any, persons: set[str] | None = None) -> Any:
    """The workspace with the answers of `persons` (every answer when None)."""
    kept = [a for a in ANSWERS if persons is None or a["person_id"] in persons]
    ws.add_feedback(pa.table({key: [a[key] for a in kept] for key in ANSWERS[0]}))
    return ws


@pytest.fixture(scope="module")
def full():
    ws = with_feedback(workspace(ROWS))
    ws.segments.save_members("even", [f"p{n:03d}" for n in range(0, 240, 2)])
    yield ws
    ws.close()


SEGMENTS = {
    "static": "even",
    "dynamic": {
        "or": [{"did": "purchase", "at_least": 3}, {"not": {"did": "view_item", "at_least": 2}}]
    },
}


@pytest.fixture(scope="module", params=sorted(SEGMENTS))
def pair(request, full):
    """(segment, the whole workspace, a workspace of the segment's persons only)."""
    segment = SEGMENTS[request.param]
    params = Params()
    sql = resolve(full.engine, full.project_id, segment).members(params)
    members = {r["person_id"] for r in full.engine.query(sql, params).to_pylist()}
    assert 20 < len(members) < 200
    only = with_feedback(workspace([r for r in ROWS if r["person"] in members]), members)
    yield segment, full, only
    only.close()


ANALYSES = {
    "trends": lambda ws, **s: ws.trends(["*"], "day", "persons", **s),
    "trends_breakdown": lambda ws, **s: ws.trends(
        ["purchase"], "week", breakdown="device_type", **s
    ),
    "sessions": lambda ws, **s: ws.sessions("week", **s),
    "funnel": lambda ws, **s: ws.funnel(
        ["view_item", "add_to_cart", "purchase"], trend="week", **s
    ),
    "funnel_correlation": lambda ws, **s: ws.funnel_correlation(["view_item", "purchase"], **s),
    "retention": lambda ws, **s: ws.retention("view_item", "*", "week", 4, **s),
    "paths": lambda ws, **s: ws.paths("view_item", None, 3, **s),
    "path_transitions": lambda ws, **s: ws.path_transitions(**s),
    "stickiness": lambda ws, **s: ws.stickiness("*", "week", **s),
    "lifecycle": lambda ws, **s: ws.lifecycle("*", "week", **s),
    "adoption": lambda ws, **s: ws.adoption(["use_compare"], **s),
    "clv": lambda ws, **s: ws.clv("purchase", value_property="revenue", top=20, **s),
    "churn": lambda ws, **s: ws.churn(inactive="14d", top=20, **s),
    "dated": lambda ws, **s: ws.trends(
        ["purchase"], "week", date_from="2024-02-01", where=["device_type = mobile"], **s
    ),
    "feedback_list": lambda ws, **s: feedback_list(ws.engine, ws.project_id, **s),
    "feedback_themes": lambda ws, **s: feedback_themes(ws.engine, interval="week", **s),
    "feedback_trends": lambda ws, **s: feedback_trends(ws.engine, by="source", **s),
    "feedback_behavior": lambda ws, **s: feedback_behavior(
        ws.engine, churn_days=14, before_days=14, **s
    ),
}


def same(a: Any, b: Any, where: str = "") -> None:
    """Equal documents; floats to 1e-6: sums may add up in another order, and a fitted model
    (CLV's maximum likelihood) stops within its optimiser's tolerance of the same optimum."""
    if isinstance(a, dict):
        assert isinstance(b, dict) and a.keys() == b.keys(), where
        for key in a:
            same(a[key], b[key], f"{where}.{key}")
    elif isinstance(a, list | tuple):
        assert isinstance(b, list | tuple) and len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b)):
            same(x, y, f"{where}[{i}]")
    elif isinstance(a, float) and isinstance(b, float):
        assert (math.isnan(a) and math.isnan(b)) or math.isclose(a, b, rel_tol=1e-6), where
    else:
        assert a == b, where


@pytest.mark.parametrize("analysis", sorted(ANALYSES))
def test_every_analysis_honours_the_segment(pair, analysis):
    segment, full, only = pair
    run = ANALYSES[analysis]
    limited = run(full, segment=segment).to_dict()
    alone = run(only).to_dict()
    named = segment if isinstance(segment, str) else "(unsaved definition)"
    if "scope" in limited:  # (funnel correlation's document has none)
        assert limited["scope"].pop("segment") == named
        assert alone["scope"].pop("segment") is None
    same(limited, alone, analysis)
    unlimited = run(full).to_dict()
    unlimited.get("scope", {}).pop("segment", None)
    assert unlimited != limited  # the segment changed the answer


@pytest.mark.parametrize("analysis", [a for a in sorted(ANALYSES) if a.startswith("feedback")])
def test_an_unknown_segment_is_the_error_every_analysis_gives(full, analysis):
    with pytest.raises(MissingSegment) as expected:
        full.trends(segment="nobody")
    with pytest.raises(MissingSegment, match=re.escape(str(expected.value))):
        ANALYSES[analysis](full, segment="nobody")


def test_the_segment_is_in_the_sql_an_analysis_shows(full):
    shown = " ".join(full.trends(segment="even").sql)
    assert "segment_members" in shown
