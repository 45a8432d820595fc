"""Saved insights and dashboards: create, list, read, update, delete, stored in the database
(they survive the app), and bad bodies or unknown ids are 4xx."""

from __future__ import annotations

from fastapi.testclient import TestClient

import whylens
from whylens.server.app import create_app
from whylens.server.capture import CaptureSettings


def test_insights_and_dashboards_round_trip(tmp_path):
    path = tmp_path / "saved.duckdb"
    with whylens.open(path) as ws:
        client = TestClient(create_app(ws, capture=CaptureSettings(demo_key=True)))
        body = {
            "name": "Checkout",
            "kind": "funnel",
            "options": {"steps": ["view_item", "purchase"], "window": "7d"},
        }
        created = client.post("/api/insights", json=body)
        assert created.status_code == 201
        insight = created.json()
        assert insight["options"] == body["options"] and insight["kind"] == "funnel"
        other = client.post("/api/insights", json={"name": "Daily", "kind": "trends"}).json()
        assert other["options"] == {}
        renamed = client.put(
            f"/api/insights/{insight['insight_id']}", json={**body, "name": "Checkout (7d)"}
        )
        assert renamed.json()["name"] == "Checkout (7d)"
        board = client.post(
            "/api/dashboards",
            json={
                "name": "Shop",
                "items": [
                    {"insight_id": insight["insight_id"], "x": 0, "y": 0, "w": 6, "h": 4},
                    {"insight_id": other["insight_id"], "x": 6},
                ],
            },
        ).json()
        assert [i["insight"]["name"] for i in board["items"]] == ["Checkout (7d)", "Daily"]
        assert client.delete(f"/api/insights/{other['insight_id']}").status_code == 200
        kept = client.get(f"/api/dashboards/{board['dashboard_id']}").json()
        assert [i["insight_id"] for i in kept["items"]] == [insight["insight_id"]]
    with whylens.open(path) as ws:  # stored in the database, not in the app
        client = TestClient(create_app(ws, capture=CaptureSettings(demo_key=True)))
        assert [i["name"] for i in client.get("/api/insights").json()] == ["Checkout (7d)"]
        assert [d["name"] for d in client.get("/api/dashboards").json()] == ["Shop"]
        renamed = client.put(
            f"/api/dashboards/{board['dashboard_id']}", json={"name": "Shop 2", "items": []}
        ).json()
        assert renamed["name"] == "Shop 2" and renamed["items"] == []
        assert client.delete(f"/api/dashboards/{board['dashboard_id']}").json() == {
            "deleted": board["dashboard_id"]
        }
        assert client.get("/api/dashboards").json() == []


def test_bad_bodies_and_unknown_ids_are_4xx(ws):
    client = TestClient(create_app(ws, capture=CaptureSettings(demo_key=True)))
    assert client.post("/api/insights", json={"name": "", "kind": "trends"}).status_code == 422
    assert client.post("/api/insights", json={"name": "x", "kind": "astrology"}).status_code == 422
    assert client.get("/api/insights/nope").status_code == 404
    assert client.put("/api/insights/nope", json={"name": "x", "kind": "trends"}).status_code == 404
    assert client.delete("/api/dashboards/nope").status_code == 404
    response = client.post("/api/dashboards", json={"name": "d", "items": [{"insight_id": "zz"}]})
    assert response.status_code == 400 and "zz" in response.json()["detail"]
