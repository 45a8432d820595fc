"""Every /api endpoint the dashboard calls, on the demo shop served from chdb: it answers 200,
and what DuckDB's demo answers (apart from ids and times that differ by nature). The routes are
those the query API and access tests call on DuckDB, and the dashboard's other calls."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.engines.pairs import same
from tests.server.test_access import QUERIES
from tests.server.test_api import CASES
from whylens.insights.feedback.store import score_feedback
from whylens.server.app import create_app
from whylens.server.capture import CaptureSettings

STEPS = "steps=view_item&steps=add_to_cart&steps=purchase"
#: the dashboard's calls beyond the query API's and access tests' routes, answered alike
DASHBOARD = [
    "/api/overview?days=7",
    "/api/overview?segment=buyers",
    f"/api/overview?{STEPS}&window=1d&order=strict",
    "/api/trends?events=purchase&measure=persons&segment=buyers",
    "/api/sessions?segment=pro",
    f"/api/funnel?{STEPS}&segment=pro&trend=day",
    f"/api/funnel/dropped?{STEPS}&step=2",
    f"/api/funnel/dropped?{STEPS}&step=1&format=csv",
    "/api/retention?start=signup&return=purchase&period=day&periods=5&segment=buyers",
    "/api/paths?start=view_item&segment=pro",
    "/api/adoption?features=use_wishlist&features=use_compare&interval=day&segment=pro",
    "/api/clv?purchase_event=purchase&value_property=revenue&top=20",
    "/api/clv?purchase_event=purchase&unit=week&segment=pro",
    "/api/churn?inactive=7d&top=25",
    "/api/segments/compare?segments=buyers&segments=pro&funnel=view_item&funnel=purchase",
    "/api/segments/auto?k=4",
    "/api/persons?q=user-00001",
    "/api/persons/user-000010",
    "/api/feedback/trends",
    "/api/feedback/trends?by=theme&interval=month",
    "/api/feedback/trends?by=trait:plan&segment=pro",
    "/api/feedback/themes",
    "/api/feedback/themes?interval=week&segment=buyers",
    "/api/feedback/behavior?churn_days=7",
    "/api/feedback/behavior?segment=buyers&before_days=3",
    "/api/feedback/list?limit=50",
    "/api/feedback/list?label=negative&segment=pro",
]
#: answered with ids or times of their own on each engine: 200 is what is compared
ANSWERED = ["/api/access", "/api/segments", "/api/segments/pro", "/api/insights", "/api/dashboards"]
SAME = [*(c[0] for c in CASES), *QUERIES, *DASHBOARD]


@pytest.fixture(scope="module")
def clients(demo_pair) -> Iterator[tuple[TestClient, TestClient]]:
    """The two demos served, each with the same two saved segments."""
    made = []
    for ws in demo_pair:
        client = TestClient(create_app(ws, capture=CaptureSettings(demo_key=True)))
        for name, rule in (("buyers", {"did": "purchase"}), ("pro", {"person": "plan = pro"})):
            body = {"name": name, "definition": rule}
            assert client.post("/api/segments", json=body).status_code == 201
        made.append(client)
    yield made[0], made[1]
    for client in made:
        client.delete("/api/segments/buyers")
        client.delete("/api/segments/pro")
        client.close()


@pytest.mark.parametrize("url", sorted(set(SAME) - set(ANSWERED)))
def test_each_route_answers_as_on_duckdb(clients, url):
    duck, other = (c.get(url, timeout=600) for c in clients)
    assert (duck.status_code, other.status_code) == (200, 200), (url, other.text[:500])
    if "format=csv" in url:
        assert duck.text == other.text
    else:
        same(*(_without_ids(r.json()) for r in (duck, other)), rel=1e-6)


def _without_ids(document: Any) -> Any:
    """The overview names its saved main funnel by an id each store made itself."""
    if isinstance(document, dict) and isinstance(document.get("funnel"), dict):
        document["funnel"].pop("insight_id", None)
    return document


@pytest.mark.parametrize("url", ANSWERED)
def test_the_dashboard_s_own_routes_answer(clients, url):
    assert clients[1].get(url).status_code == 200


def test_feedback_is_scored_as_on_duckdb(demo_pair):
    """Scoring the stored feedback again on chdb sets the scores and themes DuckDB's does."""
    sql = (
        "SELECT feedback_id, sentiment, label, language, scorer, themes FROM feedback"
        " WHERE project_id = $p ORDER BY feedback_id"
    )
    found = []
    for ws in demo_pair:
        assert score_feedback(ws.engine, ws.project_id, rescore=True, workers=1) > 0
        found.append(ws.engine.query(sql, {"p": ws.project_id}).to_pylist())
    same(*found)
