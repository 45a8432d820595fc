"""The log read by DuckDB: each project's events as the table of their records and as the
loader's rows, in log order, with the traits, rejects and feedback items the writer needs."""

from __future__ import annotations

import msgspec
import orjson
import pytest

from tests.ingest.logged_records import entry, event_table
from whylens.engines.duckdb import DuckDBEngine
from whylens.ingest import logged
from whylens.ingest.append import append_logged
from whylens.ingest.capture.records import timestamp_us

T = timestamp_us("2024-05-01T12:00:00Z")


def event(n: int, **fields) -> dict:
    return {
        "event_id": f"e{n}",
        "event": "view",
        "user_id": f"u{n % 2}",
        "timestamp": T + n,
        **fields,
    }


@pytest.fixture
def engine():
    scratch = DuckDBEngine()
    yield scratch
    scratch.close()


def test_events_of_each_project_make_the_table_of_their_records(engine):
    web = [
        event(0, properties={"i": 0, "name": "é\u001f", "big": 2**70}, url="https://a.example/"),
        event(1, set={"plan": "pro"}, anonymous_id="a1", session_id="s1"),
        event(2, properties={}, set_once={"source": "ads"}, country="DE", user_agent="UA"),
    ]
    app = [event(3, utm_source="news", os="iOS")]
    payloads = [entry("web", web[:2]), entry("app", app), entry("web", web[2:])]
    read = logged.read(engine, payloads)
    assert read.projects == ["app", "web"] and read.counts == {"app": 1, "web": 3}
    for project, records in (("web", web), ("app", app)):
        table = read.table(project)
        expected = event_table(records)
        assert table.drop_columns(["properties"]).equals(expected.drop_columns(["properties"]))
        got = [orjson.loads(p) for p in table.column("properties").to_pylist()]
        assert got == [r.get("properties", {}) for r in records]
        assert read.documents_of(project) == []
    assert [(t["user_id"], t.get("set"), t.get("set_once")) for t in read.traits("web")] == [
        ("u1", {"plan": "pro"}, None),
        ("u0", None, {"source": "ads"}),
    ]
    read.close()


def test_the_rows_of_a_project_are_its_records_numbered_in_log_order(engine):
    records = [event(n, url=f"https://a.example/{n}", properties={"n": n}) for n in range(5)]
    logged.read(engine, [entry("web", records[:2])]).close()
    read = logged.read(engine, [entry("web", records[2:4]), entry("app", [event(9)])])
    read = logged.read(engine, [entry("app", [event(8)]), entry("web", records[2:])])
    rows = read.rows("web")  # the last batch read: each replaces the one before
    got = engine.query(f"SELECT * FROM ({rows.sql}) ORDER BY _row", rows.params).to_pylist()
    assert [(r["_row"], r["given_id"], r["url"]) for r in got] == [
        (1, "e2", "https://a.example/2"),
        (2, "e3", "https://a.example/3"),
        (3, "e4", "https://a.example/4"),
    ]
    assert [orjson.loads(r["properties"]) for r in got] == [{"n": 2}, {"n": 3}, {"n": 4}]
    assert all(r["_field"] is None for r in got)
    read.close()


def test_a_logged_event_that_fails_the_checks_is_kept_in_rejects_with_its_record(ws):
    bad = [event(0, timestamp=5 * 10**18), {"event": "x", "timestamp": T, "event_id": "e1"}]
    read = logged.read(ws.engine, [entry("default", [*bad, event(2)])])
    summary = append_logged(ws.engine, read, "default", "capture")
    read.close()
    assert (summary.read, summary.imported, summary.rejected) == (3, 1, 2)
    kept = ws.engine.query(
        "SELECT source, row_number, field, reason, raw FROM rejects ORDER BY row_number"
    ).to_pylist()
    assert [(r["source"], r["row_number"], r["field"], r["reason"]) for r in kept] == [
        ("capture", 1, "timestamp", "is outside 1970-01-01 .. 2100-01-01"),
        ("capture", 2, "user_id", "is empty (no user_id or anonymous_id)"),
    ]
    assert orjson.loads(kept[1]["raw"])["event_id"] == "e1"
    assert ws.engine.scalar("SELECT event_id FROM events") == "e2"


def test_rejects_and_feedback_items_come_with_their_request(engine):
    rejects = [{"index": 1, "field": "event", "reason": "is missing or empty", "raw": "{}"}]
    items = [{"text": "great", "timestamp": T, "kind": "text", "source": "api"}]
    fb = {"project": "fb", "source": "/v1/feedback", "received": T + 5, "feedback": items}
    payloads = [
        entry("web", [event(0)], rejects=rejects),  # as logged before records had `received`
        msgspec.json.encode(fb),
        entry("web", [event(1)], rejects=[]),
    ]
    read = logged.read(engine, payloads)
    assert read.projects == ["fb", "web"] and read.counts["fb"] == 0
    assert read.documents_of("web") == [
        {
            "project": "web",
            "source": "/batch/",
            "received": None,
            "rejects": rejects,
            "feedback": [],
        }
    ]
    assert read.table("fb").num_rows == 0
    assert read.documents_of("fb")[0]["feedback"] == items
    assert read.documents_of("fb")[0]["received"] == T + 5
    read.close()


def test_a_record_without_a_time_is_an_error_and_no_records_no_projects(engine):
    with pytest.raises(ValueError, match="no time"):
        logged.read(engine, [entry("web", [{"event": "x", "timestamp": "soon"}])])
    empty = logged.read(engine, [])
    assert empty.projects == [] and empty.with_traits == [] and empty.documents == []
    empty.close()
