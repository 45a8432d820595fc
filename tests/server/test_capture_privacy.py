"""Privacy through the capture endpoints: countries from a GeoIP file (the event's address, else
the request's), addresses stored nowhere (not in the log either), rules applied to properties and
traits, masked values equal to an import's, and rule changes picked up by a running server.
The official clients are used too, over a real socket."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import orjson
import posthog
import pytest
from fastapi.testclient import TestClient
from segment import analytics

from tests.server.live import drained, serving
from whylens.ingest import privacy_rules
from whylens.ingest.privacy import Policy
from whylens.model.keys import create_key
from whylens.server.app import create_app
from whylens.server.capture import CaptureSettings

GEOIP = (
    "127.0.0.0,127.255.255.255,AQ\n198.51.100.0,198.51.100.255,NL\n2001:db8::,2001:db8::ffff,DE\n"
)
ADDRESSES = ("198.51.100.4", "2001:db8::7", "203.0.113.50")
TS = "2024-05-01T12:00:00Z"


@pytest.fixture
def geoip(tmp_path) -> Path:
    path = tmp_path / "countries.csv"
    path.write_text(GEOIP)
    return path


def stored_text(ws) -> str:
    tables = ws.engine.query(
        "SELECT schema_name, table_name FROM duckdb_tables() WHERE NOT internal"
    ).to_pylist()
    rows = [ws.engine.query(f'SELECT * FROM "{t["schema_name"]}"."{t["table_name"]}"')
            for t in tables]  # fmt: skip
    return orjson.dumps([r.to_pylist() for r in rows], default=str).decode()


def log_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())


def test_countries_rules_and_no_address_anywhere(ws, tmp_path, geoip):
    key = create_key(ws.engine, "web", "write")["key"]
    privacy_rules.add(ws.engine, privacy_rules.ALL_PROJECTS, drop=["phone"])  # as serve does
    privacy_rules.add(ws.engine, "web", mask=["email"])
    log = tmp_path / "log"
    settings = CaptureSettings(log_dir=log, geoip=geoip, start_writer=False)
    with TestClient(create_app(ws, capture=settings)) as client:
        segment_batch = {"writeKey": key, "batch": [
            {"type": "identify", "userId": "u1", "messageId": "m1", "timestamp": TS,
             "traits": {"Email": "a@b.example", "phone": "+31 6", "plan": "pro"},
             "context": {"ip": "198.51.100.4"}},
            {"type": "track", "userId": "u1", "event": "Order", "messageId": "m2",
             "timestamp": TS, "properties": {"email": "a@b.example", "total": 5},
             "context": {"ip": "203.0.113.50"}},  # no range: no country
            {"type": "track", "event": "bad", "context": {"ip": "198.51.100.4"},
             "properties": {"email": "a@b.example"}},  # rejected: no user id
        ]}  # fmt: skip
        assert client.post("/v1/batch", json=segment_batch).json()["success"] is True
        posthog_batch = {"api_key": key, "batch": [
            {"event": "$pageview", "distinct_id": "d1", "uuid": "p1", "timestamp": TS,
             "properties": {"$ip": "2001:db8::7", "$set": {"email": "c@d.example"}}},
            {"event": "$pageview", "distinct_id": "d2", "uuid": "p2", "timestamp": TS,
             "properties": {"$geoip_disable": True, "$ip": "2001:db8::7"}},
        ]}  # fmt: skip
        assert client.post("/batch/", json=posthog_batch).json() == {"status": 1}
        in_log = log_bytes(log)
        client.app.state.capture.writer.drain()
    secret = privacy_rules.secret(ws.engine)
    hashed = Policy(mask=["email"], secret=secret).masked
    rows = ws.engine.query(
        "SELECT event_id, country, properties FROM events ORDER BY event_id"
    ).to_pylist()
    assert [(r["event_id"], r["country"]) for r in rows] == [
        ("m1", "NL"), ("m2", None), ("p1", "DE"), ("p2", None),
    ]  # fmt: skip
    assert orjson.loads(rows[1]["properties"])["email"] == hashed("a@b.example")
    traits = {r["person_id"]: orjson.loads(r["traits"] or "{}") for r in
              ws.engine.query("SELECT person_id, traits FROM persons").to_pylist()}  # fmt: skip
    assert traits["u1"] == {"Email": hashed("a@b.example"), "plan": "pro"}
    assert traits["d1"] == {"email": hashed("c@d.example")}
    everything = stored_text(ws).encode() + in_log
    for secret_value in (*ADDRESSES, "a@b.example", "c@d.example", "+31 6"):
        assert secret_value.encode() not in everything, secret_value
    raw = orjson.loads(ws.engine.scalar("SELECT raw FROM rejects"))
    assert raw == {"type": "track", "event": "bad", "context": {},
                   "properties": {"email": hashed("a@b.example")}}  # fmt: skip


def test_masks_join_across_capture_and_import_and_new_rules_apply_at_once(ws, tmp_path, write):
    key = create_key(ws.engine, "default", "write")["key"]
    with TestClient(create_app(ws, capture=CaptureSettings(log_dir=tmp_path / "log"))) as client:
        event = {"api_key": key, "event": "signup", "distinct_id": "u1", "uuid": "c1",
                 "timestamp": TS, "properties": {"email": "a@b.example", "plan": "pro"}}  # fmt: skip
        client.post("/capture/", json=event)
        drained(client.app)  # no rule yet: stored as sent
        imported = write("more.csv", "user_id,event,timestamp,email\n"
                                     "u2,signup,2024-05-01T13:00:00Z,a@b.example\n")  # fmt: skip
        ws.import_file(imported, mask_properties=["email"], drop_properties=["plan"])
        client.post("/capture/", json={**event, "uuid": "c2", "distinct_id": "u3"})
        drained(client.app)
    rows = ws.engine.query(
        "SELECT distinct_id, properties->>'email' AS email, properties->>'plan' AS plan"
        " FROM events ORDER BY distinct_id"
    ).to_pylist()
    hashed = Policy(mask=["email"], secret=privacy_rules.secret(ws.engine)).masked("a@b.example")
    assert rows == [
        {"distinct_id": "u1", "email": "a@b.example", "plan": "pro"},  # before the rules
        {"distinct_id": "u2", "email": hashed, "plan": None},  # import
        {"distinct_id": "u3", "email": hashed, "plan": None},  # capture, after the import
    ]


def test_a_body_that_is_not_json_is_kept_without_its_addresses(ws, tmp_path):
    key = create_key(ws.engine, "web", "write")["key"]
    with TestClient(create_app(ws, capture=CaptureSettings(log_dir=tmp_path / "log"))) as client:
        response = client.post(
            "/v1/track",
            content=b'{"userId": "u", "context": {"ip": "198.51.100.4"',
            headers={"Authorization": f"Bearer {key}"},
        )
        assert response.status_code == 400
        drained(client.app)
    assert ws.engine.scalar("SELECT raw FROM rejects") == (
        '{"userId": "u", "context": {"ip": "[address removed]"'
    )


@pytest.fixture
def server(ws, tmp_path, geoip) -> Iterator[tuple[str, str, object]]:
    key = create_key(ws.engine, "shop", "write")["key"]
    app = create_app(ws, capture=CaptureSettings(log_dir=tmp_path / "log", geoip=geoip))
    with serving(app) as url:
        yield url, key, app


def test_the_official_clients_get_the_country_of_the_request_address(server, ws):
    url, key, app = server
    client = analytics.Client(key, host=url, max_retries=2, upload_interval=0.05)
    client.track(user_id="u1", event="Order Completed", properties={"total": 30})
    client.flush()
    client.shutdown()
    # a server-side PostHog client sends `$geoip_disable` (its address is not the user's) unless
    # told otherwise, and whylens honours it like PostHog
    for disable in (True, False):
        ph = posthog.Posthog(key, host=url, max_retries=2, flush_interval=0.05,
                             disable_geoip=disable)  # fmt: skip
        ph.capture(f"signup {disable}", distinct_id="d1", properties={"plan": "pro"})
        ph.flush()
        ph.shutdown()
    drained(app)
    rows = ws.engine.query("SELECT event, country FROM events ORDER BY event").to_pylist()
    assert rows == [{"event": "Order Completed", "country": "AQ"},
                    {"event": "signup False", "country": "AQ"},
                    {"event": "signup True", "country": None}]  # fmt: skip
    assert "127.0.0.1" not in stored_text(ws)
