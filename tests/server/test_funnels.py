"""The funnel endpoints beyond the steps: correlation, trend, and every person who dropped off
at a step as JSON or as the CSV `whylens funnel --dropped-at N --csv` writes."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from fastapi.testclient import TestClient

from tests.insights.journeys import at, workspace
from tests.server.test_api import plain
from whylens.server import funnels
from whylens.server.app import create_app
from whylens.server.capture import CaptureSettings

STEPS = ["view_item", "add_to_cart", "purchase"]
QUERY = "steps=view_item&steps=add_to_cart&steps=purchase&window=1d"


@pytest.fixture(scope="module")
def shop():
    """30 persons: all view, two in three add to cart (mobile ones less), one in three buys."""
    rows = []
    for n in range(30):
        person, device = f"p{n:02d}", "mobile" if n % 2 else "desktop"
        common = {"person": person, "device_type": device}
        rows.append({**common, "event": "view_item", "time": at(n % 10, 9)})
        if n % 3 != 0 and not (device == "mobile" and n % 5 == 0):
            rows.append({**common, "event": "add_to_cart", "time": at(n % 10, 9, 5)})
            rows.append({**common, "event": "use_wishlist", "time": at(n % 10, 9, 6)})
            if n % 3 == 1:
                rows.append({**common, "event": "purchase", "time": at(n % 10, 9, 9)})
    ws = workspace(rows)
    yield ws, TestClient(create_app(ws, capture=CaptureSettings(demo_key=True)))
    ws.close()


def test_correlation_and_trend_are_the_library_s(shop):
    ws, client = shop
    url = f"/api/funnel?{QUERY}&trend=day&correlation=true&correlation_property=device_type&top=5"
    document = client.get(url).json()
    result = ws.funnel(STEPS, window="1d", trend="day")
    assert document["trend"] == plain(result.to_dict()["trend"])
    assert document["correlation"] == plain(result.correlation(["device_type"], 5).to_dict())
    found = {(c["name"], c["value"]) for c in document["correlation"]["success"]}
    assert ("use_wishlist", None) in found  # every converter used it on the way


def test_every_dropped_person_as_json_and_csv(shop, monkeypatch):
    ws, client = shop
    monkeypatch.setattr(funnels, "DROPPED_SHOWN", 3)
    expected = ws.funnel(STEPS, window="1d").dropped(1)
    assert len(expected) > 3
    first_page = client.get(f"/api/funnel?{QUERY}&dropped_at=1").json()["dropped"]
    assert first_page["count"] == len(expected) and len(first_page["persons"]) == 3
    everyone = client.get(f"/api/funnel/dropped?{QUERY}&step=1").json()
    assert everyone["count"] == len(expected)
    assert everyone["persons"] == plain(expected.to_dict("records"))
    response = client.get(f"/api/funnel/dropped?{QUERY}&step=1&format=csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "dropped-step-1.csv" in response.headers["content-disposition"]
    assert response.text == expected.to_csv(index=False)
    read = pd.read_csv(io.StringIO(response.text))
    assert read["person_id"].tolist() == expected["person_id"].tolist()


@pytest.mark.parametrize(
    "url",
    [
        f"/api/funnel/dropped?{QUERY}&step=3",  # the last step has no drop-off
        f"/api/funnel/dropped?{QUERY}&step=0",
        "/api/funnel/dropped?steps=a&step=1",  # one step
        f"/api/funnel/dropped?{QUERY}&step=1&format=xml",
        f"/api/funnel?{QUERY}&correlation=true&top=0",
    ],
)
def test_errors_are_4xx(shop, url):
    _, client = shop
    response = client.get(url)
    assert 400 <= response.status_code < 500, (url, response.text)
    assert response.json()["detail"]
