"""The log read by DuckDB: the same events table as the records converted in memory, in log
order and by project, with the traits, rejects and feedback items the writer needs besides."""

from __future__ import annotations

import duckdb
import msgspec
import orjson
import pytest

from whylens.ingest import logged
from whylens.ingest.capture.records import timestamp_us
from whylens.ingest.writer import event_table

T = timestamp_us("2024-05-01T12:00:00Z")


def entry(project: str, events: list[dict], **rest) -> bytes:
    return msgspec.json.encode({"project": project, "source": "/batch/", "events": events, **rest})


def event(n: int, **fields) -> dict:
    return {
        "event_id": f"e{n}",
        "event": "view",
        "user_id": f"u{n % 2}",
        "timestamp": T + n,
        **fields,
    }


@pytest.fixture
def connection():
    with duckdb.connect() as con:
        yield con


def test_events_of_each_project_make_the_table_of_their_records(connection):
    web = [
        event(0, properties={"i": 0, "name": "é\u001f", "big": 2**70}, url="https://a.example/"),
        event(1, set={"plan": "pro"}, anonymous_id="a1", session_id="s1"),
        event(2, properties={}, set_once={"source": "ads"}, country="DE", user_agent="UA"),
    ]
    app = [event(3, utm_source="news", os="iOS")]
    payloads = [entry("web", web[:2]), entry("app", app), entry("web", web[2:])]
    read = logged.read(connection, payloads)
    assert read.projects() == ["app", "web"]
    for project, records in (("web", web), ("app", app)):
        table, traits, documents = read.of(project)
        expected = event_table(records)
        assert table.drop_columns(["properties"]).equals(expected.drop_columns(["properties"]))
        got = [orjson.loads(p) for p in table.column("properties").to_pylist()]
        assert got == [r.get("properties", {}) for r in records]
        assert documents == []
    _, traits, _ = read.of("web")
    assert [(t["user_id"], t.get("set"), t.get("set_once")) for t in traits] == [
        ("u1", {"plan": "pro"}, None),
        ("u0", None, {"source": "ads"}),
    ]


def test_rejects_and_feedback_items_come_with_their_request(connection):
    rejects = [{"index": 1, "field": "event", "reason": "is missing or empty", "raw": "{}"}]
    items = [{"text": "great", "timestamp": T, "kind": "text", "source": "api"}]
    payloads = [
        entry("web", [event(0)], rejects=rejects),
        msgspec.json.encode({"project": "fb", "source": "/v1/feedback", "feedback": items}),
        entry("web", [event(1)], rejects=[]),
    ]
    read = logged.read(connection, payloads)
    assert read.projects() == ["fb", "web"]
    assert read.of("web")[2] == [
        {"project": "web", "source": "/batch/", "rejects": rejects, "feedback": []}
    ]
    assert read.of("fb")[0].num_rows == 0
    assert read.of("fb")[2][0]["feedback"] == items


def test_a_record_without_a_time_is_an_error_and_no_records_an_empty_table(connection):
    with pytest.raises(ValueError, match="no time"):
        logged.read(connection, [entry("web", [{"event": "x", "timestamp": "soon"}])])
    empty = logged.read(connection, [])
    assert empty.events.num_rows == 0 and empty.projects() == []
