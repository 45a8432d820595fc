"""Saved insights and dashboards through the API on chdb: created, changed (twice in a row, each
change read back at once), listed once each, and deleted, as on DuckDB (tests/server/test_saved.py)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.engines.pairs import pair
from whylens.engines.base import Engine
from whylens.model import keys
from whylens.server.app import create_app


def test_saved_views_are_created_changed_and_deleted_on_chdb(chdb: Engine):
    with pair(chdb, None) as (_, ws):
        read = keys.create_key(ws.engine, ws.project_id, "read")["key"]
        client = TestClient(create_app(ws), headers={"Authorization": f"Bearer {read}"})
        body = {"name": "Checkout", "kind": "funnel", "options": {"steps": ["a", "b"]}}
        insight = client.post("/api/insights", json=body).json()
        url = f"/api/insights/{insight['insight_id']}"
        for name in ("Checkout (7d)", "Checkout (30d)"):
            changed = client.put(url, json={**body, "name": name, "options": {"window": name}})
            assert changed.status_code == 200, changed.text
            assert changed.json()["name"] == name and changed.json()["options"] == {"window": name}
        listed = client.get("/api/insights").json()
        assert [(i["insight_id"], i["name"]) for i in listed] == [
            (insight["insight_id"], "Checkout (30d)")
        ]
        assert listed[0]["created_at"] == insight["created_at"]
        assert listed[0]["updated_at"] > insight["updated_at"]
        other = client.post("/api/insights", json={"name": "Daily", "kind": "trends"}).json()

        tiles = [{"insight_id": insight["insight_id"]}, {"insight_id": other["insight_id"], "x": 6}]
        board = client.post("/api/dashboards", json={"name": "Shop", "items": tiles[:1]}).json()
        board_url = f"/api/dashboards/{board['dashboard_id']}"
        moved = client.put(board_url, json={"name": "Shop 2", "items": tiles})
        assert moved.status_code == 200, moved.text
        assert [t["insight_id"] for t in moved.json()["items"]] == [t["insight_id"] for t in tiles]
        assert [d["name"] for d in client.get("/api/dashboards").json()] == ["Shop 2"]

        assert client.delete(url).json() == {"deleted": insight["insight_id"]}
        assert client.get(url).status_code == 404
        assert client.put(url, json=body).status_code == 404
        kept = client.get(board_url).json()["items"]
        assert [t["insight_id"] for t in kept] == [other["insight_id"]]
        assert client.delete(board_url).status_code == 200
        assert client.get("/api/dashboards").json() == []
        assert [i["name"] for i in client.get("/api/insights").json()] == ["Daily"]
