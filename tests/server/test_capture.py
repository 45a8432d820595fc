"""The capture endpoints in-process: every route and body form, both ways to send a key, bad
input answered precisely and kept, partial batches, retries, and 503 when the store is behind."""

from __future__ import annotations

import base64
import gzip
import time

import orjson
import pytest
from fastapi.testclient import TestClient

from whylens.cli.serving import _is_loopback
from whylens.model.keys import create_key
from whylens.server.app import create_app
from whylens.server.capture import CaptureSettings, capture_router

TS = "2024-05-01T12:00:00Z"


@pytest.fixture
def capture(ws, tmp_path):
    """A started app with a write key for project `web` and one for `default`."""
    web = create_key(ws.engine, "web", "write")["key"]
    default = create_key(ws.engine, "default", "write")["key"]
    read = create_key(ws.engine, "web", "read")["key"]

    def start(**settings) -> TestClient:
        app = create_app(ws, capture=CaptureSettings(log_dir=tmp_path / "log", **settings))
        return TestClient(app)

    with start() as client:
        client.keys = {"web": web, "default": default, "read": read}
        client.start = start
        yield client


def basic(key: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{key}:".encode()).decode()}


def stored(client: TestClient, sql: str) -> list[dict]:
    """Rows once the writer has caught up with everything acknowledged."""
    writer = client.app.state.capture.writer
    deadline = time.monotonic() + 20
    while writer.backlog and time.monotonic() < deadline:
        time.sleep(0.02)
    assert writer.backlog == 0
    return client.app.state.workspace.engine.query(sql).to_pylist()


def test_segment_routes_each_type_both_key_forms_and_gzip(capture):
    key = capture.keys["web"]
    common = {"anonymousId": "anon-1", "timestamp": TS}
    sends = [
        ("track", {"event": "Added To Cart", "messageId": "s1"}),
        (
            "page",
            {"name": "Home", "messageId": "s2", "context": {"page": {"url": "https://s.example/"}}},
        ),
        ("screen", {"name": "Settings", "messageId": "s3"}),
        ("identify", {"userId": "u1", "traits": {"plan": "pro"}, "messageId": "s4"}),
        ("group", {"userId": "u1", "groupId": "acme", "messageId": "s5"}),
        ("alias", {"userId": "u1", "previousId": "legacy-7", "messageId": "s6"}),
    ]
    for index, (kind, message) in enumerate(sends):
        body = {**common, **message}
        if index % 2:  # the key as HTTP Basic user name, or as writeKey in the body
            response = capture.post(f"/v1/{kind}", json=body, headers=basic(key))
        else:
            response = capture.post(f"/v1/{kind}", json={**body, "writeKey": key})
        assert (response.status_code, response.json()) == (200, {"success": True}), kind
    batch = {
        "batch": [{"type": "track", "event": "Checkout", "userId": "u1", "messageId": "s7"}],
        "sentAt": TS,
        "writeKey": key,
    }
    response = capture.post(
        "/v1/batch",
        content=gzip.compress(orjson.dumps(batch)),
        headers={"Content-Encoding": "gzip", "Content-Type": "application/json"},
    )
    assert response.json() == {"success": True}
    rows = stored(capture, "SELECT event_id, event, person_id, project_id FROM events ORDER BY 1")
    assert [r["event"] for r in rows] == [
        "Added To Cart", "$pageview", "$screen", "$identify", "$groupidentify", "$create_alias",
        "Checkout",
    ]  # fmt: skip
    assert {r["person_id"] for r in rows} == {"u1"}  # identify stitched the anonymous events
    assert {r["project_id"] for r in rows} == {"web"}
    persons = stored(capture, "SELECT person_id, traits FROM persons")
    assert [(p["person_id"], orjson.loads(p["traits"])) for p in persons] == [
        ("u1", {"plan": "pro"})
    ]
    identities = stored(capture, "SELECT distinct_id, person_id FROM identities ORDER BY 1")
    assert identities == [
        {"distinct_id": "anon-1", "person_id": "u1"},
        {"distinct_id": "legacy-7", "person_id": "u1"},
    ]


@pytest.mark.parametrize("path", ["/batch", "/batch/", "/capture", "/capture/", "/e", "/e/",
                                  "/i/v0/e", "/i/v0/e/"])  # fmt: skip
def test_posthog_routes_with_and_without_trailing_slash(capture, path):
    event = {"event": "clicked", "distinct_id": "d1", "uuid": f"id{path}", "timestamp": TS}
    response = capture.post(path, json={"api_key": capture.keys["web"], "batch": [event]})
    assert (response.status_code, response.json()) == (200, {"status": 1})
    assert stored(capture, "SELECT count(*) AS n FROM events")[0]["n"] == 1


def test_posthog_body_forms(capture):
    key = capture.keys["default"]
    event = {"event": "a", "distinct_id": "d", "timestamp": TS}
    forms = [
        ("/capture/", {"json": {**event, "api_key": key, "uuid": "p1"}}),  # a single event
        ("/e/", {"json": [{**event, "uuid": "p2", "properties": {"token": key}}]}),  # an array
        ("/batch/", {"json": {"token": key, "batch": [{**event, "uuid": "p3"}], "sentAt": TS}}),
        (  # gzip without any header saying so
            "/i/v0/e/",
            {"content": gzip.compress(orjson.dumps({"api_key": key, **event, "uuid": "p4"}))},
        ),
        (  # posthog-js' base64 form body
            "/e/",
            {
                "content": b"data="
                + base64.b64encode(
                    orjson.dumps({**event, "uuid": "p5", "properties": {"token": key}})
                ),
                "headers": {"Content-Type": "application/x-www-form-urlencoded"},
            },
        ),
    ]
    for path, request in forms:
        response = capture.post(path, **request)
        assert (response.status_code, response.json()) == (200, {"status": 1}), path
    rows = stored(capture, "SELECT event_id FROM events WHERE project_id = 'default' ORDER BY 1")
    assert [r["event_id"] for r in rows] == ["p1", "p2", "p3", "p4", "p5"]


def test_keys_unknown_read_or_missing_are_refused(capture):
    event = {"event": "a", "distinct_id": "d"}
    for body, headers in [
        ({**event, "api_key": "wlw_guess"}, {}),
        ({**event, "api_key": capture.keys["read"]}, {}),
        (event, {}),
        (event, basic("wlw_guess")),
    ]:
        response = capture.post("/capture/", json=body, headers=headers)
        assert response.status_code == 401
        assert response.json()["code"] == "unauthorized"
    assert (
        "read key"
        in capture.post("/capture/", json={**event, "api_key": capture.keys["read"]}).json()[
            "message"
        ]
    )
    assert capture.post("/capture/", json={**event, "api_key": "demo"}).status_code == 401


def test_the_demo_key_only_without_keys_and_only_when_enabled(ws, tmp_path):
    event = {"event": "a", "distinct_id": "d", "api_key": "demo"}
    with TestClient(
        create_app(ws, capture=CaptureSettings(log_dir=tmp_path / "a", demo_key=True))
    ) as c:
        assert c.post("/e/", json=event).status_code == 200
    with TestClient(create_app(ws, capture=CaptureSettings(log_dir=tmp_path / "b"))) as c:
        assert c.post("/e/", json=event).status_code == 401
    assert ws.sql("SELECT project_id FROM events")["project_id"].tolist() == ["default"]
    assert _is_loopback("127.0.0.1") and _is_loopback("::1") and _is_loopback("localhost")
    assert not _is_loopback("0.0.0.0") and not _is_loopback("192.168.1.10")


def test_bad_input_gets_precise_errors_and_is_kept(capture):
    key = capture.keys["web"]
    broken = capture.post("/v1/track", content=b'{"event": "a",', headers=basic(key))
    assert broken.status_code == 400 and "not valid JSON" in broken.json()["message"]
    assert "line 1 column" in broken.json()["message"]
    missing = capture.post("/capture/", json={"api_key": key, "event": "a"})
    assert missing.status_code == 400 and missing.json()["field"] == "distinct_id"
    typed = capture.post(
        "/v1/track", json={"writeKey": key, "userId": "u", "event": "a", "properties": "plan=pro"}
    )
    assert typed.status_code == 400
    assert typed.json()["message"] == "properties: must be a JSON object, not a string"
    huge_event = {"writeKey": key, "userId": "u", "event": "a", "properties": {"x": "y" * 33_000}}
    assert capture.post("/v1/track", json=huge_event).status_code == 413
    huge_body = {
        "writeKey": key,
        "batch": [{"type": "track", "userId": "u", "event": "a", "properties": {"x": "y" * 30_000}}]
        * 18,
    }
    assert capture.post("/v1/batch", json=huge_body).status_code == 413
    partial = capture.post(
        "/v1/batch",
        json={
            "writeKey": key,
            "batch": [
                {"type": "track", "userId": "u", "event": "ok", "messageId": "good"},
                {"type": "track", "userId": "u"},
                {"type": "identify", "traits": {"a": 1}},
            ],
        },
    )
    assert partial.status_code == 200
    assert partial.json() == {
        "success": True,
        "rejected": [
            {"index": 1, "field": "event", "reason": "is missing or empty"},
            {"index": 2, "field": "userId",
             "reason": "is missing: a message needs a userId or an anonymousId"},
        ],
    }  # fmt: skip
    assert stored(capture, "SELECT event_id FROM events") == [{"event_id": "good"}]
    rejects = stored(
        capture,
        "SELECT source, row_number, field, raw FROM rejects ORDER BY rejected_at, row_number",
    )
    assert [(r["source"], r["row_number"], r["field"]) for r in rejects] == [
        ("/v1/track", 1, None),  # the broken JSON, kept because its key came in a header
        ("/capture/", 1, "distinct_id"),
        ("/v1/track", 1, "properties"),
        ("/v1/track", 1, None),
        ("/v1/batch", 2, "event"),
        ("/v1/batch", 3, "userId"),
    ]
    assert rejects[0]["raw"] == '{"event": "a",'
    assert orjson.loads(rejects[4]["raw"]) == {"type": "track", "userId": "u"}


def test_rejects_of_requests_stored_in_one_batch_keep_their_arrival_times(ws, tmp_path):
    key = create_key(ws.engine, "web", "write")["key"]
    settings = CaptureSettings(log_dir=tmp_path / "log", start_writer=False)
    partial = {"writeKey": key, "batch": [{"type": "track", "userId": "u", "event": "ok"}, {}]}
    sends = [
        ("/v1/batch", {"json": partial}, 200),
        ("/v1/track", {"content": b'{"event":', "headers": basic(key)}, 400),  # kept bad body
        ("/capture/", {"json": {"api_key": key, "event": "a"}}, 400),
    ]
    with TestClient(create_app(ws, capture=settings)) as client:
        windows = []
        for path, request, status in sends:
            before = time.time_ns() // 1000
            assert client.post(path, **request).status_code == status
            windows.append((before, time.time_ns() // 1000))
        writer = client.app.state.capture.writer
        assert writer.apply_once() == 3 and writer.backlog == 0  # one batch stores all three
        rows = ws.engine.query(
            "SELECT source, epoch_us(rejected_at) AS at FROM rejects ORDER BY rejected_at"
        ).to_pylist()
    assert [r["source"] for r in rows] == ["/v1/batch", "/v1/track", "/capture/"]
    assert len({r["at"] for r in rows}) == 3
    for row, (before, after) in zip(rows, windows, strict=True):
        assert before <= row["at"] <= after, row  # when the request arrived, not when stored


def test_a_retried_batch_adds_nothing(capture):
    batch = {
        "api_key": capture.keys["web"],
        "batch": [
            {"event": "e", "distinct_id": "d", "uuid": f"u{i}", "timestamp": TS} for i in range(50)
        ],
    }
    for _ in range(3):
        assert capture.post("/batch/", json=batch).status_code == 200
    assert stored(capture, "SELECT count(*) AS n FROM events")[0]["n"] == 50


def test_503_with_retry_after_when_the_backlog_bound_is_hit(ws, tmp_path):
    key = create_key(ws.engine, "web", "write")["key"]
    settings = {"log_dir": tmp_path / "log", "max_backlog_bytes": 2000, "start_writer": False}
    with TestClient(create_app(ws, capture=CaptureSettings(**settings))) as client:
        statuses = []
        for i in range(20):  # bounded: the writer is stopped, so the backlog only grows
            event = {"event": "e", "distinct_id": "d", "uuid": f"x{i}", "api_key": key}
            response = client.post("/capture/", json=event)
            statuses.append(response.status_code)
            if response.status_code == 503:
                assert response.headers["Retry-After"] == "2"
                assert response.json()["code"] == "overloaded"
                break
        assert statuses[0] == 200 and statuses[-1] == 503
        accepted = statuses.count(200)
        writer = client.app.state.capture.writer
        writer.drain()
        later = {"event": "e", "distinct_id": "d", "uuid": "after", "api_key": key}
        assert client.post("/capture/", json=later).status_code == 200
    events = ws.sql("SELECT count(*) AS n FROM events WHERE project_id = 'web'")["n"][0]
    assert events == accepted + 1  # shutdown drained the last one


def test_keys_cli_creates_once_and_lists_prefixes(tmp_path):
    from typer.testing import CliRunner

    from whylens.cli.main import app

    runner, db = CliRunner(), str(tmp_path / "k.duckdb")
    made = runner.invoke(app, ["keys", "create", "--project", "web", "--db", db, "--json"])
    created = orjson.loads(made.stdout)
    assert created["key"].startswith("wlw_") and created["kind"] == "write"
    read = runner.invoke(app, ["keys", "create", "--project", "web", "--kind", "read", "--db", db])
    assert read.stdout.strip().startswith("wlr_")
    listed = orjson.loads(runner.invoke(app, ["keys", "list", "--db", db, "--json"]).stdout)
    assert sorted(k["kind"] for k in listed) == ["read", "write"]
    assert created["key"] not in str(listed) and created["key_id"] in str(listed)
    wrong = runner.invoke(
        app, ["keys", "create", "--project", "web", "--kind", "admin", "--db", db]
    )
    assert wrong.exit_code != 0


def test_cross_origin_preflight(capture):
    response = capture.options("/e/", headers={"Origin": "https://shop.example"})
    assert response.status_code == 204
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_every_capture_route_is_answered_before_fastapi(capture):
    """The app's table of capture routes is the capture router's POST routes, none missing (a
    missing one would still work, through FastAPI's slower path)."""
    app = capture.app
    table = set(app.capture_routes)
    posts = {r.path for r in capture_router(app.state.capture).routes if "POST" in r.methods}
    assert table == posts and "/v1/batch" in posts and "/batch/" in posts
    response = capture.get("/v1/batch")  # other methods go through FastAPI's routing
    assert response.status_code == 405
