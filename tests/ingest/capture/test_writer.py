"""The background writer: logged requests reach the store through the append path, traits and
rejects are kept (at the time their request arrived), and a replay of what the store already
holds adds nothing."""

from __future__ import annotations

import time
from datetime import datetime, timedelta

import orjson
import pytest

from whylens.ingest.capture.records import timestamp_us
from whylens.ingest.wal import WriteAheadLog
from whylens.ingest.writer import CHECKPOINT, LogWriter, checkpoint

T = timestamp_us("2024-05-01T12:00:00Z")


def entry(
    events: list[dict],
    rejects: list[dict] | None = None,
    project: str = "default",
    received: int | None = None,
) -> bytes:
    """A log record; without `received`, as versions before records carried it wrote them."""
    document = {
        "project": project,
        "source": "/v1/batch",
        "events": events,
        "rejects": rejects or [],
    }
    if received is not None:
        document["received"] = received
    return orjson.dumps(document)


def reject(index: int) -> dict:
    return {"index": index, "field": "event", "reason": "is missing or empty", "raw": "{}"}


def microseconds(moment: datetime) -> int:
    """A naive UTC timestamp of the store as microseconds since the epoch."""
    return (moment - datetime(1970, 1, 1)) // timedelta(microseconds=1)


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


def test_rejects_keep_the_time_their_request_arrived_and_old_records_the_time_stored(ws, wal):
    arrived = [T + 7_000_000, T + 3_000_000]  # a clock that stepped back is kept as it was
    wal.append_sync(entry([event("a", user_id="u")], [reject(1)], received=arrived[0]))
    wal.append_sync(entry([], [reject(0), reject(4)], received=arrived[1]))
    wal.append_sync(entry([], [reject(2)]))  # logged by an older version: no `received`
    before = time.time_ns() // 1000
    assert LogWriter(ws.engine, wal).apply_once() == 3  # all in one batch
    after = time.time_ns() // 1000
    rows = ws.engine.query("SELECT row_number, rejected_at FROM rejects ORDER BY row_number")
    at = {r["row_number"]: microseconds(r["rejected_at"]) for r in rows.to_pylist()}
    assert (at[2], at[1], at[5]) == (arrived[0], arrived[1], arrived[1])
    assert before <= at[3] <= after


def test_a_set_aside_record_keeps_the_time_its_request_arrived(ws, wal):
    bad = [{"event": "x", "user_id": "u", "timestamp": "not a number"}]
    wal.append_sync(entry(bad, received=T + 9_000_000))
    assert LogWriter(ws.engine, wal).drain()
    (kept,) = ws.engine.query("SELECT reason, rejected_at FROM rejects").to_pylist()
    assert kept["reason"].startswith("could not be stored")
    assert microseconds(kept["rejected_at"]) == T + 9_000_000
