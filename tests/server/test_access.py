"""Read keys: every /api answer is about the key's project only; write keys and strangers get
nothing; without a key only a demo-mode server answers."""

from __future__ import annotations

import html
import json
import re

import pyarrow as pa
import pytest
from fastapi.testclient import TestClient

import whylens
from whylens.model import keys
from whylens.server.app import PAGES, create_app
from whylens.server.capture import CaptureSettings

#: every query route, with the options it needs, over the two projects' events below
QUERIES = [
    "/api/info",
    "/api/overview",
    "/api/trends?events=buy",
    "/api/sessions",
    "/api/funnel?steps=view&steps=buy",
    "/api/retention?start=view&return=buy",
    "/api/paths?start=view",
    "/api/stickiness?event=view",
    "/api/lifecycle?event=view",
    "/api/adoption?features=buy",
    "/api/persons",
    "/api/insights",
    "/api/dashboards",
]


def _events(persons: list[str], event_count: int) -> pa.Table:
    rows = [
        {"user_id": p, "event": name, "timestamp": f"2024-03-0{1 + i % 5} 10:0{i % 9}:00"}
        for p in persons
        for i in range(event_count)
        for name in ("view", "buy")
    ]
    return pa.Table.from_pylist(rows)


@pytest.fixture(scope="module")
def served():
    """Projects shop (2 persons) and blog (3 persons), a key of each kind, and a keyed server."""
    with whylens.open(":memory:") as ws:
        made = {name: keys.create_project(ws.engine, name) for name in ("shop", "blog")}
        for name, persons in (("shop", ["ann", "bob"]), ("blog", ["x1", "x2", "x3"])):
            whylens.workspace.Workspace(ws.engine, name).import_table(_events(persons, 2), name)
        with TestClient(create_app(ws, capture=CaptureSettings())) as client:
            yield client, made


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


@pytest.mark.parametrize("url", QUERIES)
def test_each_query_route_needs_a_read_key(served, url):
    client, made = served
    assert client.get(url).status_code == 401
    assert client.get(url, headers=bearer("wlr_made_up")).status_code == 401
    refused = client.get(url, headers=bearer(made["shop"]["write_key"]))
    assert refused.status_code == 403 and "write key" in refused.json()["detail"]
    assert client.get(url, headers=bearer(made["shop"]["read_key"])).status_code == 200
    assert client.get(url, headers={"X-Whylens-Key": made["blog"]["read_key"]}).status_code == 200


def test_a_read_key_sees_its_project_only(served):
    client, made = served
    shop = client.get("/api/info", headers=bearer(made["shop"]["read_key"])).json()
    blog = client.get("/api/info", headers=bearer(made["blog"]["read_key"])).json()
    assert (shop["persons"], shop["events"]) == (2, 8)
    assert (blog["persons"], blog["events"]) == (3, 12)
    found = client.get("/api/persons?q=x", headers=bearer(made["shop"]["read_key"])).json()
    assert found["persons"] == []
    funnel = client.get(
        "/api/funnel?steps=view&steps=buy", headers=bearer(made["blog"]["read_key"])
    ).json()
    assert funnel["steps"][0]["persons"] == 3
    assert (
        client.get("/api/persons/x1", headers=bearer(made["shop"]["read_key"])).status_code == 404
    )


def test_saved_insights_and_deletions_stay_in_their_project(served):
    client, made = served
    shop, blog = bearer(made["shop"]["read_key"]), bearer(made["blog"]["read_key"])
    saved = client.post(
        "/api/insights", json={"name": "buyers", "kind": "trends", "options": {}}, headers=shop
    )
    assert saved.status_code == 201
    assert [i["name"] for i in client.get("/api/insights", headers=shop).json()] == ["buyers"]
    assert client.get("/api/insights", headers=blog).json() == []
    insight = saved.json()["insight_id"]
    assert client.delete(f"/api/insights/{insight}", headers=blog).status_code == 404
    # a person of blog cannot be deleted with shop's key, and stays
    assert client.delete("/api/persons/x1", headers=shop).status_code == 404
    assert client.get("/api/info", headers=blog).json()["persons"] == 3
    assert client.delete("/api/persons/x1", headers=blog).status_code == 200
    assert client.get("/api/info", headers=blog).json()["persons"] == 2


def test_access_tells_the_dashboard_what_it_needs(served, tmp_path):
    client, made = served
    assert client.get("/api/access").json() == {"demo": False, "project": None, "key": False}
    known = client.get("/api/access", headers=bearer(made["blog"]["read_key"])).json()
    assert known == {"demo": False, "project": "blog", "key": True}
    with whylens.open(":memory:") as ws:
        demo = TestClient(create_app(ws, capture=CaptureSettings(demo_key=True)))
        assert demo.get("/api/access").json() == {"demo": True, "project": "default", "key": False}
        assert demo.get("/api/info").status_code == 200


def _served_access(page: str) -> dict:
    """The key-less /api/access answer a dashboard page carries on its <html>."""
    found = re.search(r'<html lang="en" data-access="([^"]*)">', page)
    assert found, page[:200]
    return json.loads(html.unescape(found.group(1)))


@pytest.mark.parametrize("path", ["/", *(f"/{page}" for page in PAGES)])
def test_pages_carry_the_answer_without_a_key(served, path):
    client, made = served
    keyless = client.get("/api/access").json()
    assert _served_access(client.get(path).text) == keyless
    # a key sent with the page changes nothing: it is checked by /api/access, never echoed
    sent = client.get(path, headers=bearer(made["blog"]["read_key"])).text
    assert _served_access(sent) == keyless == {"demo": False, "project": None, "key": False}
    with whylens.open(":memory:") as ws:
        demo = TestClient(create_app(ws, capture=CaptureSettings(demo_key=True)))
        assert _served_access(demo.get(path).text) == demo.get("/api/access").json()


def test_a_key_created_after_start_is_honoured(served):
    client, _ = served
    app_ws = client.app.state.workspace
    late = keys.create_key(app_ws.engine, "shop", "read")["key"]
    assert client.get("/api/info", headers=bearer(late)).json()["persons"] == 2
