"""The official Python clients, unchanged but for their host, against a real server on loopback:
every event arrives, and identify / alias stitch persons."""

from __future__ import annotations

from collections.abc import Iterator

import orjson
import posthog
import pytest
from segment import analytics

from tests.server.live import drained, serving
from whylens.model.keys import create_key
from whylens.server.app import create_app
from whylens.server.capture import CaptureSettings


@pytest.fixture
def server(ws, tmp_path) -> Iterator[tuple[str, str, object]]:
    key = create_key(ws.engine, "shop", "write")["key"]
    app = create_app(ws, capture=CaptureSettings(log_dir=tmp_path / "log"))
    with serving(app) as url:
        yield url, key, app


def stored(app, sql: str) -> list[dict]:
    drained(app)
    return app.state.workspace.engine.query(sql).to_pylist()


def test_segment_client(server):
    url, key, app = server
    errors: list[Exception] = []
    client = analytics.Client(
        key, host=url, gzip=True, max_retries=2, upload_interval=0.05,
        on_error=lambda error, batch: errors.append(error),
    )  # fmt: skip
    sent = [
        client.track(anonymous_id="a1", event="Viewed Product", properties={"sku": "p1"}),
        client.page(anonymous_id="a1", name="Home", properties={"url": "https://shop.example/"}),
        client.screen(anonymous_id="a1", name="Cart"),
        client.identify(user_id="u1", anonymous_id="a1", traits={"plan": "pro", "seats": 2}),
        client.track(user_id="u1", event="Order Completed", properties={"revenue": 9.5}),
        client.group(user_id="u1", group_id="acme", traits={"industry": "retail"}),
        client.alias(previous_id="crm-17", user_id="u1"),
    ]
    sent += [client.track(user_id=f"bulk{i % 7}", event="Bulk") for i in range(150)]
    client.flush()
    client.shutdown()
    assert not errors
    ids = {message["messageId"] for _, message in sent}
    rows = stored(app, "SELECT event_id, event, person_id, project_id FROM events")
    assert {r["event_id"] for r in rows} == ids and len(rows) == len(ids)
    assert {r["project_id"] for r in rows} == {"shop"}
    first = {r["event"]: r["person_id"] for r in rows if not r["person_id"].startswith("bulk")}
    assert set(first.values()) == {"u1"}  # the anonymous page, screen and track are u1's
    assert first["$pageview"] == "u1"
    traits = stored(app, "SELECT traits FROM persons WHERE person_id = 'u1'")[0]["traits"]
    assert orjson.loads(traits) == {"plan": "pro", "seats": 2}
    linked = stored(app, "SELECT distinct_id, person_id FROM identities ORDER BY 1")
    assert linked == [
        {"distinct_id": "a1", "person_id": "u1"},
        {"distinct_id": "crm-17", "person_id": "u1"},
    ]


def test_posthog_client(server):
    url, key, app = server
    errors: list[Exception] = []
    client = posthog.Posthog(
        key, host=url, gzip=True, flush_at=20, flush_interval=0.05, max_retries=2,
        on_error=lambda error, batch: errors.append(error),
    )  # fmt: skip
    sent = [
        client.capture(
            "$pageview",
            distinct_id="anon-9",
            properties={"$current_url": "https://shop.example/pricing"},
        ),
        client.capture("signup", distinct_id="anon-9"),
        client.alias(previous_id="anon-9", distinct_id="u9"),
        client.set(distinct_id="u9", properties={"plan": "team"}),
        client.set_once(distinct_id="u9", properties={"plan": "ignored", "source": "ads"}),
        client.capture("purchase", distinct_id="u9", properties={"amount": 30}),
    ]
    sent += [client.capture("bulk", distinct_id=f"p{i % 5}") for i in range(120)]
    client.flush()
    client.shutdown()
    assert not errors and all(sent)
    rows = stored(app, "SELECT event_id, event, person_id, path FROM events")
    assert {r["event_id"] for r in rows} == set(sent) and len(rows) == len(sent)
    people = {r["event"]: r["person_id"] for r in rows if r["event"] != "bulk"}
    assert set(people.values()) == {"u9"}  # the alias stitched the anonymous page view and signup
    assert next(r["path"] for r in rows if r["event"] == "$pageview") == "/pricing"
    traits = stored(app, "SELECT traits FROM persons WHERE person_id = 'u9'")[0]["traits"]
    assert orjson.loads(traits) == {"plan": "team", "source": "ads"}
