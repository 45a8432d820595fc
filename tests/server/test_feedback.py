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
    same(
        client.get("/api/feedback/trends?segment=source"), feedback_trends(engine, segment="source")
    )
    same(
        client.get("/api/feedback/behavior?churn_days=10"), feedback_behavior(engine, churn_days=10)
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
        ("/api/feedback/trends?segment=colour", 400),
        ("/api/feedback/list?label=angry", 422),
        ("/api/feedback/list?kind=stars", 422),
        ("/api/feedback/list?limit=0", 422),
        ("/api/feedback/behavior?churn_days=0", 422),
        ("/api/feedback/themes?interval=year", 422),
    ],
)
def test_bad_options_are_the_callers_mistake(client, path, status):
    response = client.get(path)
    assert response.status_code == status, response.text
    if status == 400:
        assert "segment must be one of" in response.json()["detail"]


def test_a_read_key_sees_its_own_project_only(ws, tmp_path):
    ws.add_feedback(pa.table(ROWS))
    created = create_project(ws.engine, "shop")
    Workspace(ws.engine, "shop").add_feedback(
        pa.table({"timestamp": [datetime(2026, 5, 1)], "kind": ["text"], "text": ["Lovely"]})
    )
    app = create_app(ws, capture=CaptureSettings(log_dir=tmp_path / "log"))
    with TestClient(app) as c:
        assert c.get("/api/feedback/list").status_code == 401
        headers = {"Authorization": f"Bearer {created['read_key']}"}
        document = c.get("/api/feedback/list", headers=headers).json()
    assert [i["text"] for i in document["items"]] == ["Lovely"]
