"""GET /api/overview: the library's overview, following the main funnel the caller names or else
the project's most recently saved funnel."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.insights.journeys import at, workspace
from tests.server.test_api import plain
from whylens.insights.overview import MainFunnel, overview
from whylens.server.app import create_app
from whylens.server.capture import CaptureSettings

STEPS = ["view_item", "add_to_cart", "purchase"]


@pytest.fixture
def shop():
    """Two weeks: every person views; most add to cart; a few buy, more in the second week."""
    rows = []
    for n in range(12):
        person, day = f"p{n}", n + 1
        rows.append({"person": person, "event": "$pageview", "time": at(day, 9)})
        rows.append({"person": person, "event": "view_item", "time": at(day, 9, 1)})
        if n % 4 != 3:
            rows.append({"person": person, "event": "add_to_cart", "time": at(day, 9, 2)})
        if n % 3 == 0 or n > 8:
            rows.append({"person": person, "event": "purchase", "time": at(day, 9, 3)})
    ws = workspace(rows)
    yield ws, TestClient(create_app(ws, capture=CaptureSettings(demo_key=True)))
    ws.close()


def save_funnel(client, name, steps, window="7d"):
    body = {"name": name, "kind": "funnel", "options": {"steps": steps, "window": window}}
    response = client.post("/api/insights", json=body)
    assert response.status_code == 201, response.text
    return response.json()["insight_id"]


def conversion(document):
    found = [k for k in document["kpis"] if k["metric"] == "conversion"]
    return found[0] if found else None


def test_without_a_saved_funnel_there_is_no_conversion(shop):
    ws, client = shop
    document = client.get("/api/overview?days=6").json()
    assert document["funnel"] is None and conversion(document) is None
    assert document == plain(overview(ws.engine, ws.scope(), days=6))


def test_the_latest_saved_funnel_is_the_main_one_unless_another_is_named(shop):
    ws, client = shop
    first = save_funnel(client, "view to buy", ["view_item", "purchase"])
    latest = save_funnel(client, "cart", STEPS)
    document = client.get("/api/overview?days=6").json()
    assert document["funnel"] == {
        "name": "cart",
        "steps": STEPS,
        "window": "7d",
        "order": "ordered",
        "insight_id": latest,
    }
    expected = overview(ws.engine, ws.scope(), funnel=MainFunnel(STEPS, "7d"), days=6)
    assert conversion(document) == plain(conversion(expected))
    named = client.get(f"/api/overview?days=6&funnel={first}").json()
    assert named["funnel"]["name"] == "view to buy"
    view_to_buy = MainFunnel(["view_item", "purchase"], "7d")
    assert (
        conversion(named)["value"]
        == conversion(overview(ws.engine, ws.scope(), funnel=view_to_buy, days=6))["value"]
    )


def test_steps_in_the_query_make_an_unsaved_main_funnel(shop):
    ws, client = shop
    save_funnel(client, "cart", STEPS)
    url = "/api/overview?steps=add_to_cart&steps=purchase&window=1h&from=2024-01-02&to=2024-01-07"
    document = client.get(url).json()
    assert document["funnel"]["steps"] == ["add_to_cart", "purchase"]
    assert document["funnel"]["insight_id"] is None
    scope = ws.scope("2024-01-02", "2024-01-07")
    steps = ws.funnel(
        ["add_to_cart", "purchase"], window="1h", date_from="2024-01-02", date_to="2024-01-07"
    ).to_dict()["steps"]
    assert conversion(document)["value"] == pytest.approx(steps[-1]["conversion"])
    assert document["period"]["from"] == scope.date_from.isoformat()


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/overview?funnel=nope", 404),
        ("/api/overview?steps=purchase", 400),  # a funnel has two steps or more
        ("/api/overview?steps=a&steps=b&window=forever", 400),
        ("/api/overview?days=0", 422),
        ("/api/overview?from=2024-02-01&to=2024-01-01", 400),
    ],
)
def test_errors_are_4xx_with_a_message(shop, url, status):
    _, client = shop
    response = client.get(url)
    assert response.status_code == status, response.text
    assert response.json()["detail"]


def test_a_saved_funnel_that_cannot_run_leaves_the_rest_standing(shop):
    _, client = shop
    body = {"name": "typo", "kind": "funnel", "options": {"steps": ["view_item"], "window": "7d"}}
    assert client.post("/api/insights", json=body).status_code == 201
    response = client.get("/api/overview?days=6")
    assert response.status_code == 200
    document = response.json()
    assert document["funnel"]["name"] == "typo" and "2 to 20 steps" in document["funnel"]["error"]
    assert conversion(document) is None and document["kpis"][0]["value"] > 0
