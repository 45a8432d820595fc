"""/api/feedback/…: the CLI's documents for the caller's project, bad options answered 4xx."""

from __future__ import annotations

from datetime import datetime

import orjson
import pyarrow as pa
import pytest
from fastapi.testclient import TestClient

from whylens.insights.feedback import (
    feedback_behavior,
    feedback_list,
    feedback_themes,
    feedback_trends,
)
from whylens.model.keys import create_project
from whylens.server.api import JSONDocument
from whylens.server.app import create_app
from whylens.server.capture import CaptureSettings
from whylens.workspace import Workspace

ROWS = {
    "person_id": ["a", "b", "c", "d", "e", "a"],
    "timestamp": [datetime(2026, 5, d, 12) for d in (4, 5, 6, 12, 13, 14)],
    "kind": ["nps", "nps", "text", "csat", "ces", "text"],
    "score": [2.0, 10.0, None, 4.0, 6.0, None],
    "text": [
        "Still waiting for my parcel",
        "Great prices, fast delivery!",
        "The app keeps crashing",
        None,
        None,
        "Support never answered my emails",
    ],
    "source": ["survey", "survey", "app", "support", "support", "email"],
}


@pytest.fixture
def client(ws, tmp_path):
    ws.add_feedback(pa.table(ROWS))
    ws.import_table(
        pa.table(
            {
                "user_id": ["a", "b"],
                "event": ["view", "view"],
                "timestamp": [datetime(2026, 4, 1), datetime(2026, 6, 20)],
            }
        )  # fmt: skip
    )
    app = create_app(ws, capture=CaptureSettings(log_dir=tmp_path / "log", demo_key=True))
    with TestClient(app) as c:
        yield c


def same(response, result) -> None:
    assert response.status_code == 200, response.text
    assert response.json() == orjson.loads(JSONDocument(result.to_dict()).body)


def test_each_endpoint_answers_what_the_library_does(client, ws):
    engine = ws.engine
    same(client.get("/api/feedback/list?label=negative"), feedback_list(engine, label="negative"))
    listed = client.get("/api/feedback/list?kind=ces").json()
    assert listed["count"] == 1 and listed["items"][0]["score"] == 6.0
    same(client.get("/api/feedback/themes?interval=week"), feedback_themes(engine, interval="week"))
    same(client.get("/api/feedback/trends?by=source"), feedback_trends(engine, by="source"))
    same(
        client.get("/api/feedback/behavior?churn_days=10&before_days=40"),
        feedback_behavior(engine, churn_days=10, before_days=40),
    )
    trends = client.get("/api/feedback/trends?interval=month").json()
    (period,) = trends["periods"]
    assert (period["nps_n"], period["csat_n"], period["ces_n"], period["ces"]) == (2, 1, 1, 6.0)


def test_the_list_is_limited_and_newest_first(client):
    document = client.get("/api/feedback/list?limit=2").json()
    assert document["count"] == 2
    assert [i["text"] for i in document["items"]] == ["Support never answered my emails", None]


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/feedback/trends?interval=day", 422),
        ("/api/feedback/trends?by=colour", 400),
        ("/api/feedback/list?label=angry", 422),
        ("/api/feedback/list?kind=stars", 422),
        ("/api/feedback/list?limit=0", 422),
        ("/api/feedback/behavior?churn_days=0", 422),
        ("/api/feedback/behavior?before_days=0", 422),
        ("/api/feedback/themes?interval=year", 422),
        ("/api/feedback/list?segment=" + "x" * 65, 422),
    ],
)
def test_bad_options_are_the_callers_mistake(client, path, status):
    response = client.get(path)
    assert response.status_code == status, response.text
    if status == 400:
        assert "by must be one of" in response.json()["detail"]


ENDPOINTS = ("list", "themes", "trends", "behavior")


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_each_endpoint_takes_a_segment(client, ws, endpoint):
    ws.segments.save_members("a-and-b", ["a", "b"])
    run = {
        "list": feedback_list,
        "themes": feedback_themes,
        "trends": feedback_trends,
        "behavior": feedback_behavior,
    }[endpoint]
    response = client.get(f"/api/feedback/{endpoint}?segment=a-and-b")
    same(response, run(ws.engine, segment="a-and-b"))
    assert response.json()["scope"]["segment"] == "a-and-b"
    assert response.json() != client.get(f"/api/feedback/{endpoint}").json()
    unknown = client.get(f"/api/feedback/{endpoint}?segment=nobody")
    assert unknown.status_code == 400
    assert unknown.json()["detail"] == (
        "no segment 'nobody' in project 'default' (see `whylens segments list`)"
    )
    assert client.get("/api/trends?segment=nobody").json() == unknown.json()


RUNS = {
    "list": feedback_list,
    "themes": feedback_themes,
    "trends": feedback_trends,
    "behavior": feedback_behavior,
}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_each_endpoint_takes_the_range_and_filters(client, ws, endpoint):
    # since 5 May, answers of persons with a view since then: b's alone (a viewed in April)
    query = "from=2026-05-05&to=2026-06-30&where=event = view&where=person_id in (a, b)"
    response = client.get(f"/api/feedback/{endpoint}?{query}")
    keywords = {
        "date_from": "2026-05-05",
        "date_to": "2026-06-30",
        "where": ["event = view", "person_id in (a, b)"],
    }
    same(response, RUNS[endpoint](ws.engine, **keywords))
    assert response.json()["scope"] == {
        "project": "default",
        "from": "2026-05-05T00:00:00",
        "to": "2026-07-01T00:00:00",
        "where": ["event = view", "person_id in ('a', 'b')"],
        "segment": None,
    }
    assert response.json() != client.get(f"/api/feedback/{endpoint}").json()
    if endpoint == "list":
        assert [i["person_id"] for i in response.json()["items"]] == ["b"]
    for bad, detail in (
        ("from=2026-05-10&to=2026-05-01", "the date range is empty"),
        ("where=price", "cannot read filter 'price'"),
        ("from=soon", "cannot read 'soon' as a date"),
    ):
        refused = client.get(f"/api/feedback/{endpoint}?{bad}")
        assert refused.status_code == 400 and detail in refused.json()["detail"], bad
        assert client.get(f"/api/trends?{bad}").json() == refused.json()


def test_a_read_key_sees_its_own_project_only(ws, tmp_path):
    ws.add_feedback(pa.table(ROWS))
    ws.import_table(
        pa.table({"user_id": ["a"], "event": ["view"], "timestamp": [datetime(2026, 4, 1)]})
    )
    ws.segments.save_members("ours", ["a"])
    created = create_project(ws.engine, "shop")
    shop = Workspace(ws.engine, "shop")
    shop.add_feedback(
        pa.table(
            {
                "person_id": ["s1", "s2"],
                "timestamp": [datetime(2026, 5, 1)] * 2,
                "kind": ["text"] * 2,
                "text": ["Lovely", "Meh"],
            }
        )
    )
    shop.import_table(
        pa.table({"user_id": ["s1"], "event": ["view"], "timestamp": [datetime(2026, 4, 1)]})
    )
    shop.segments.save_members("theirs", ["s1"])
    app = create_app(ws, capture=CaptureSettings(log_dir=tmp_path / "log"))
    with TestClient(app) as c:
        assert c.get("/api/feedback/list").status_code == 401
        headers = {"Authorization": f"Bearer {created['read_key']}"}
        document = c.get("/api/feedback/list", headers=headers).json()
        limited = c.get("/api/feedback/list?segment=theirs", headers=headers).json()
        other = c.get("/api/feedback/list?segment=ours", headers=headers)
    assert sorted(i["text"] for i in document["items"]) == ["Lovely", "Meh"]
    assert [i["text"] for i in limited["items"]] == ["Lovely"]
    assert (limited["scope"]["project"], limited["scope"]["segment"]) == ("shop", "theirs")
    assert other.status_code == 400  # another project's segment is not the key's to use
    assert other.json()["detail"].startswith("no segment 'ours' in project 'shop'")
