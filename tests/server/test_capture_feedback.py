"""`POST /v1/feedback` and survey events by capture: acknowledged once on disk, stored and scored
by the writer, bad items named and the rest kept, persons resolved like events."""

from __future__ import annotations

import base64
import time

import orjson
import pytest
from fastapi.testclient import TestClient

from whylens.insights.feedback import feedback_list
from whylens.model.keys import create_key
from whylens.server.app import create_app
from whylens.server.capture import CaptureSettings

TS = "2026-05-01T12:00:00Z"


@pytest.fixture
def keys(ws):
    return {
        "write": create_key(ws.engine, "web", "write")["key"],
        "read": create_key(ws.engine, "web", "read")["key"],
    }


def client(ws, tmp_path, **settings) -> TestClient:
    return TestClient(create_app(ws, capture=CaptureSettings(log_dir=tmp_path / "log", **settings)))


def caught_up(app) -> None:
    writer = app.state.capture.writer
    deadline = time.monotonic() + 20
    while writer.backlog and time.monotonic() < deadline:
        time.sleep(0.02)
    assert writer.backlog == 0


def feedback(ws) -> list[dict]:
    return ws.engine.query(
        "SELECT project_id, feedback_id, person_id, kind, score, text, source, label, themes,"
        " properties FROM feedback ORDER BY timestamp, kind"
    ).to_pylist()


def test_items_are_stored_scored_and_linked_to_their_person(ws, tmp_path, keys):
    basic = base64.b64encode(f"{keys['write']}:".encode()).decode()
    with client(ws, tmp_path) as c:
        identify = {"event": "$identify", "distinct_id": "u1", "uuid": "i1", "timestamp": TS,
                    "properties": {"$anon_distinct_id": "anon-1"}}  # fmt: skip
        assert (
            c.post("/batch/", json={"api_key": keys["write"], "batch": [identify]}).status_code
            == 200
        )
        caught_up(c.app)
        item = {"person": "anon-1", "kind": "nps", "score": 2, "text": "Still waiting for my parcel",
                "timestamp": TS, "source": "email", "tags": ["q2", "eu"], "id": "fb-1"}  # fmt: skip
        response = c.post("/v1/feedback", json=item, headers={"Authorization": f"Basic {basic}"})
        assert (response.status_code, response.json()) == (200, {"success": True})
        more = [{"text": "Great support, thanks!", "timestamp": TS}, {"kind": "csat", "score": 5}]
        response = c.post(
            "/v1/feedback", json=more, headers={"Authorization": f"Bearer {keys['write']}"}
        )
        assert response.status_code == 200
        response = c.post("/v1/feedback", json={"writeKey": keys["write"], "batch": [item]})
        assert response.status_code == 200  # a retry of fb-1
        caught_up(c.app)
        rows = feedback(ws)
    assert len(rows) == 3 and {r["project_id"] for r in rows} == {"web"}
    first = next(r for r in rows if r["feedback_id"] == "fb-1")
    assert first["person_id"] == "u1"  # the anonymous id resolved to the person
    assert (first["kind"], first["score"], first["source"]) == ("nps", 2.0, "email")
    assert first["label"] == "negative" and first["themes"] == ["delivery"]  # scored by the writer
    assert orjson.loads(first["properties"]) == {"tags": ["q2", "eu"]}
    listed = {i["feedback_id"]: i for i in feedback_list(ws.engine, "web").to_dict()["items"]}
    assert listed["fb-1"]["tags"] == ["q2", "eu"] and listed["fb-1"]["person_id"] == "u1"
    labels = {r["text"]: r["label"] for r in rows}
    assert labels["Great support, thanks!"] == "positive" and labels[None] == "unscored"
    assert {r["source"] for r in rows if r["feedback_id"] != "fb-1"} == {"api"}


def test_bad_items_are_named_and_kept_and_the_rest_stored(ws, tmp_path, keys):
    body = {"writeKey": keys["write"], "batch": [{"text": "Fine"}, {"kind": "nps", "score": 12}]}
    with client(ws, tmp_path) as c:
        response = c.post("/v1/feedback", json=body)
        assert response.status_code == 200
        assert response.json() == {
            "success": True,
            "rejected": [
                {"index": 1, "field": "score", "reason": "12 is out of range for nps (0-10)"}
            ],
        }
        response = c.post("/v1/feedback", json={"writeKey": keys["write"], "kind": "stars"})
        assert response.status_code == 400
        assert response.json()["field"] == "kind" and response.json()["rejected"][0]["index"] == 0
        caught_up(c.app)
    assert [r["text"] for r in feedback(ws)] == ["Fine"]
    # rejects keep the time their request arrived, also when one writer batch stores both
    rejects = ws.engine.query(
        "SELECT source, row_number, field, raw FROM rejects ORDER BY rejected_at"
    ).to_pylist()
    assert [(r["source"], r["row_number"], r["field"]) for r in rejects] == [
        ("/v1/feedback", 2, "score"),
        ("/v1/feedback", 1, "kind"),
    ]
    assert orjson.loads(rejects[0]["raw"]) == {"kind": "nps", "score": 12}


def test_keys_are_checked_as_for_events(ws, tmp_path, keys):
    with client(ws, tmp_path) as c:
        assert c.post("/v1/feedback", json={"text": "x"}).status_code == 401
        read = {"Authorization": f"Bearer {keys['read']}"}
        response = c.post("/v1/feedback", json={"text": "x"}, headers=read)
        assert response.status_code == 401 and "read key" in response.json()["message"]
        assert c.options("/v1/feedback").status_code == 204  # browsers may send it


def test_acknowledged_only_once_in_the_log_and_stored_after_a_restart(ws, tmp_path, keys):
    body = {"writeKey": keys["write"], "text": "The app keeps crashing", "timestamp": TS}
    with client(ws, tmp_path, start_writer=False) as c:
        service = c.app.state.capture
        assert c.post("/v1/feedback", json=body).status_code == 200
        assert service.wal.durable > 0 and service.writer.backlog > 0  # on disk, not stored yet
        assert feedback(ws) == []
        service.writer.stop = lambda: True  # as if killed: the shutdown drain does not run
    assert feedback(ws) == []
    with client(ws, tmp_path) as c:  # the next start replays the log into the store
        caught_up(c.app)
    (row,) = feedback(ws)
    assert row["text"] == "The app keeps crashing" and row["label"] == "negative"


def test_survey_events_sent_by_capture_become_feedback(ws, tmp_path, keys):
    survey = {
        "event": "survey sent",
        "distinct_id": "u9",
        "uuid": "s1",
        "timestamp": TS,
        "properties": {
            "$survey_id": "nps",
            "$survey_questions": [
                {"id": "n", "question": "How likely are you to recommend us?"},
                {"id": "w", "question": "What should we improve?"},
            ],
            "$survey_response_n": 10,
            "$survey_response_w": "Nothing, checkout is quick and easy",
        },
    }
    with client(ws, tmp_path) as c:
        for _ in range(2):  # a client's retry
            response = c.post("/batch/", json={"api_key": keys["write"], "batch": [survey]})
            assert response.status_code == 200
        caught_up(c.app)
    rows = feedback(ws)
    assert [(r["person_id"], r["kind"], r["score"], r["source"]) for r in rows] == [
        ("u9", "nps", 10.0, "survey"),
        ("u9", "text", None, "survey"),
    ]
    assert rows[1]["label"] == "positive"  # scored by the writer
