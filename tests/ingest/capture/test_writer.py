"""The background writer: logged requests reach the store through the append path, traits and
rejects are kept, and a replay of what the store already holds adds nothing."""

from __future__ import annotations

import orjson
import pytest

from whylens.ingest.capture.records import timestamp_us
from whylens.ingest.wal import WriteAheadLog
from whylens.ingest.writer import CHECKPOINT, LogWriter, checkpoint

T = timestamp_us("2024-05-01T12:00:00Z")


def entry(events: list[dict], rejects: list[dict] | None = None, project: str = "default") -> bytes:
    document = {
        "project": project,
        "source": "/v1/batch",
        "events": events,
        "rejects": rejects or [],
    }
    return orjson.dumps(document)


def event(event_id: str, name: str = "view", at: int = 0, **fields) -> dict:
    return {"event_id": event_id, "event": name, "timestamp": T + at * 1_000_000, **fields}


@pytest.fixture
def wal(tmp_path):
    log = WriteAheadLog(tmp_path / "log")
    yield log
    log.close()


def test_logged_events_reach_the_store_with_links_traits_and_rejects(ws, wal):
    wal.append_sync(
        entry(
            [
                event("e1", anonymous_id="anon", url="https://shop.example/p?utm_source=ads"),
                event(
                    "e2", "$identify", 5, user_id="u1", anonymous_id="anon", set={"plan": "free"}
                ),
            ],
            [{"index": 2, "field": "event", "reason": "is missing or empty", "raw": "{}"}],
        )
    )
    end = wal.append_sync(
        entry(
            [
                event("e3", "$set", 9, user_id="u1", set={"plan": "pro", "seats": 3}),
                event("e4", "$set_once", 10, user_id="u1", set_once={"plan": "x", "source": "ads"}),
                event("e5", "view", 11, user_id="u2", properties={"n": 1}),
            ]
        )
    )
    writer = LogWriter(ws.engine, wal)
    assert writer.backlog == end
    assert writer.drain() and writer.backlog == 0
    rows = ws.sql("SELECT event_id, person_id, utm_source FROM events ORDER BY event_id")
    assert rows["person_id"].tolist() == ["u1", "u1", "u1", "u1", "u2"]
    assert rows["utm_source"].tolist()[0] == "ads"
    traits = ws.sql("SELECT traits FROM persons WHERE person_id = 'u1'")["traits"][0]
    assert orjson.loads(traits) == {"plan": "pro", "seats": 3, "source": "ads"}
    rejects = ws.sql("SELECT source, row_number, field FROM rejects").to_dict("records")
    assert rejects == [{"source": "/v1/batch", "row_number": 3, "field": "event"}]
    assert checkpoint(ws.engine) == end


def test_a_replay_after_a_crash_before_the_checkpoint_adds_nothing(ws, wal):
    wal.append_sync(
        entry(
            [
                event("e1", user_id="u1"),
                event("e2", "$identify", 1, user_id="u1", set={"plan": "pro"}),
            ]
        )
    )
    wal.append_sync(entry([{"event": "no id", "timestamp": T, "user_id": "u1"}] * 2))
    LogWriter(ws.engine, wal).drain()
    assert ws.info()["events"] == 4
    # the store committed, then the process died before the position was recorded
    ws.engine.execute("DELETE FROM settings WHERE key = $key", {"key": CHECKPOINT})
    replay = LogWriter(ws.engine, wal)
    assert replay.backlog > 0
    replay.drain()
    assert ws.info()["events"] == 4
    assert ws.sql("SELECT count(DISTINCT event_id) AS n FROM events")["n"][0] == 4
    assert orjson.loads(ws.sql("SELECT traits FROM persons")["traits"][0]) == {"plan": "pro"}


def test_events_go_to_the_project_of_their_request(ws, wal):
    wal.append_sync(entry([event("a", user_id="u")], project="web"))
    wal.append_sync(entry([event("b", user_id="u")], project="default"))
    LogWriter(ws.engine, wal).drain()
    rows = ws.engine.query("SELECT project_id, event_id FROM events ORDER BY 1").to_pylist()
    assert rows == [
        {"project_id": "default", "event_id": "b"},
        {"project_id": "web", "event_id": "a"},
    ]


def test_the_background_thread_applies_and_stop_drains(ws, wal):
    writer = LogWriter(ws.engine, wal)
    writer.start()
    for i in range(20):
        wal.append_sync(entry([event(f"e{i}", at=i, user_id=f"u{i % 3}")]))
    wal.close()
    assert writer.stop() and writer.backlog == 0
    assert ws.info()["events"] == 20


def test_a_record_the_store_cannot_take_is_set_aside_and_the_rest_goes_on(ws, wal):
    wal.append_sync(entry([event("a", user_id="u")]))
    wal.append_sync(entry([{"event": "x", "user_id": "u", "timestamp": "not a number"}]))
    wal.append_sync(entry([event("b", at=1, user_id="u")]))
    assert LogWriter(ws.engine, wal).drain()
    assert sorted(ws.sql("SELECT event_id FROM events")["event_id"]) == ["a", "b"]
    (kept,) = ws.sql("SELECT source, reason, raw FROM rejects").to_dict("records")
    assert kept["source"] == "/v1/batch" and kept["reason"].startswith("could not be stored")
    assert '"not a number"' in kept["raw"]
