"""The query API in-process: every analysis endpoint answers what the library answers for the
same options, and a question that cannot be answered is a 4xx with a message, never a 500."""

from __future__ import annotations

from typing import Any

import orjson
import pytest
from fastapi.testclient import TestClient

from tests.insights.journeys import at, workspace
from whylens.server.api import JSONDocument
from whylens.server.app import create_app
from whylens.server.capture import CaptureSettings


def plain(document: Any) -> Any:
    """A library document as it reads once sent as JSON."""
    return orjson.loads(JSONDocument(document).body)


@pytest.fixture(scope="module")
def shop():
    """Four persons over three weeks: views, carts, purchases, a campaign, two devices."""
    rows = []
    for n, person in enumerate(("ann", "bob", "cy", "dee")):
        source = "google" if n % 2 == 0 else "newsletter"
        device = "mobile" if n < 2 else "desktop"
        for week in range(n % 3 + 1):
            day = n + 7 * week
            common = {"person": person, "utm_source": source, "device_type": device}
            rows.append({**common, "event": "$pageview", "time": at(day, 9), "path": "/"})
            rows.append({**common, "event": "view_item", "time": at(day, 9, 1)})
            if n != 3:
                rows.append({**common, "event": "add_to_cart", "time": at(day, 9, 2)})
            if n in (0, 2):
                rows.append({**common, "event": "purchase", "time": at(day, 9, 5)})
                rows.append({**common, "event": "use_wishlist", "time": at(day, 9, 6)})
    ws = workspace(rows)
    yield ws, TestClient(create_app(ws, capture=CaptureSettings(demo_key=True)))
    ws.close()


CASES = [
    (
        "/api/trends?events=purchase&events=view_item&interval=week&measure=persons",
        lambda ws: ws.trends(["purchase", "view_item"], "week", "persons"),
    ),
    (
        "/api/trends?breakdown=utm_source&from=2024-01-01&to=2024-01-10",
        lambda ws: ws.trends(
            ["*"], breakdown="utm_source", date_from="2024-01-01", date_to="2024-01-10"
        ),
    ),
    (
        "/api/sessions?bounce_rule=ga4&where=device_type%20%3D%20mobile",
        lambda ws: ws.sessions(bounce_rule="ga4", where=["device_type = mobile"]),
    ),
    (
        "/api/funnel?steps=view_item&steps=add_to_cart&steps=purchase&window=1h&order=strict",
        lambda ws: ws.funnel(["view_item", "add_to_cart", "purchase"], window="1h", order="strict"),
    ),
    (
        "/api/funnel?steps=view_item&steps=purchase&breakdown=utm_source&trend=week",
        lambda ws: ws.funnel(["view_item", "purchase"], breakdown="utm_source", trend="week"),
    ),
    (
        "/api/retention?start=view_item&return=purchase&period=week&periods=3&unbounded=true",
        lambda ws: ws.retention("view_item", "purchase", "week", 3, mode="on_or_after"),
    ),
    ("/api/paths?start=view_item&depth=3", lambda ws: ws.paths("view_item", None, 3)),
    ("/api/paths?transitions=true&collapse=true", lambda ws: ws.path_transitions(collapse=True)),
    ("/api/stickiness?event=view_item&period=week", lambda ws: ws.stickiness("view_item", "week")),
    ("/api/lifecycle?event=*&interval=week", lambda ws: ws.lifecycle("*", "week")),
    (
        "/api/adoption?features=use_wishlist&features=purchase&weeks_retained=1",
        lambda ws: ws.adoption(["use_wishlist", "purchase"], weeks_retained=1),
    ),
]


@pytest.mark.parametrize(("url", "library"), CASES, ids=[c[0].split("?")[0] for c in CASES])
def test_endpoint_equals_library(shop, url, library):
    ws, client = shop
    response = client.get(url)
    assert response.status_code == 200, response.text
    assert response.json() == plain(library(ws).to_dict())


def test_funnel_dropped_persons(shop):
    ws, client = shop
    url = "/api/funnel?steps=view_item&steps=add_to_cart&steps=purchase&dropped_at=2"
    document = client.get(url).json()
    steps = [s["persons"] for s in document["steps"]]
    assert steps == [4, 3, 2]
    assert document["dropped"]["count"] == 1
    assert [p["person_id"] for p in document["dropped"]["persons"]] == ["bob"]
    assert document["steps"] == plain(
        ws.funnel(["view_item", "add_to_cart", "purchase"]).to_dict()["steps"]
    )


def test_persons_search_and_profile(shop):
    _, client = shop
    found = client.get("/api/persons?q=BO").json()["persons"]
    assert [p["person_id"] for p in found] == ["bob"]
    assert client.get("/api/persons?q=nobody-like-this").json()["persons"] == []
    profile = client.get("/api/persons/cy").json()
    assert profile["person_id"] == "cy"
    assert profile["totals"] == {"events": 15, "sessions": 3}
    assert len(profile["sessions"]) == 3 and len(profile["events"]) == 15
    assert profile["events"][0]["event"] == "use_wishlist"  # latest first
    assert client.get("/api/persons/zed").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/api/trends?interval=fortnight",  # not one of the choices
        "/api/trends?from=yesterday-ish",  # not a date (library: QueryError)
        "/api/trends?from=2024-02-01&to=2024-01-01",  # empty range
        "/api/trends?where=price%20~~%2010",  # unreadable filter
        "/api/funnel?steps=view_item",  # one step
        "/api/funnel?steps=a&steps=b&window=forever",  # unreadable window
        "/api/funnel?steps=a&steps=b&dropped_at=2",  # step 2 of 2 has no drop-off
        "/api/retention?periods=0",
        "/api/paths?transitions=true&start=view_item",
        "/api/adoption",  # no feature
        "/api/sessions?breakdown=shoe_size",  # not a session attribute
    ],
)
def test_errors_are_4xx_with_a_message(shop, url):
    _, client = shop
    response = client.get(url)
    assert 400 <= response.status_code < 500, (url, response.status_code, response.text)
    assert response.json()["detail"]


def test_every_analysis_is_in_the_openapi_spec(shop):
    _, client = shop
    paths = client.get("/openapi.json").json()["paths"]
    for name in (
        "trends",
        "sessions",
        "funnel",
        "retention",
        "paths",
        "stickiness",
        "lifecycle",
        "adoption",
        "persons",
    ):
        assert f"/api/{name}" in paths
    assert "/api/persons/{person_id}" in paths
