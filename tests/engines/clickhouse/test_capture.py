"""The capture service's writer on ClickHouse: logged requests reach the store in batches through
ClickHouse's importer, the checkpoint is kept, and a replay adds nothing."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import orjson

from whylens.ingest.capture.records import timestamp_us
from whylens.ingest.wal import WriteAheadLog
from whylens.ingest.writer import CHECKPOINT, LogWriter, checkpoint
from whylens.workspace import Workspace

T = timestamp_us("2024-05-01T12:00:00Z")


def entry(project: str, *events: tuple[str, str, str, int]) -> bytes:
    """A logged request: (event id, name, person, seconds after T) per event."""
    return orjson.dumps(
        {
            "project": project,
            "source": "/batch/",
            "events": [
                {"event_id": i, "event": name, "user_id": who, "timestamp": T + s * 1_000_000}
                for i, name, who, s in events
            ],
            "rejects": [],
        }
    )


def test_logged_requests_reach_clickhouse_in_batches(chdb, tmp_path):
    ws = Workspace(chdb, "captured")
    wal = WriteAheadLog(tmp_path / "log")
    try:
        wal.append_sync(entry("captured", ("c1", "view", "u1", 0), ("c2", "buy", "u1", 60)))
        end = wal.append_sync(entry("captured", ("c3", "view", "u2", 5), ("c1", "view", "u1", 0)))
        writer = LogWriter(chdb, wal)
        assert writer.apply_once() == 2  # both requests in one batch
        assert writer.backlog == 0 and checkpoint(chdb) == end
        info = ws.info()
        assert (info["events"], info["persons"], info["sessions"]) == (3, 2, 2)
        assert ws.funnel(["view", "buy"]).to_dict()["steps"][1]["persons"] == 1

        # the store took the batch, then the process died before the position was recorded
        chdb.execute("DELETE FROM settings WHERE key = $key", {"key": CHECKPOINT})
        replay = LogWriter(chdb, wal)
        assert replay.backlog > 0
        assert replay.drain() and ws.info()["events"] == 3
    finally:
        wal.close()


def test_captured_traits_and_feedback_reach_clickhouse(chdb, tmp_path):
    ws = Workspace(chdb, "captured-traits")
    wal = WriteAheadLog(tmp_path / "log")
    event = {"event_id": "t1", "event": "signup", "user_id": "ann", "timestamp": T}
    answer = {"id": "f1", "person_id": "ann", "timestamp": T + 300_000_000, "kind": "nps",
              "score": 9, "text": "Quick checkout", "source": "api"}  # fmt: skip
    try:
        wal.append_sync(
            orjson.dumps(
                {
                    "project": "captured-traits",
                    "source": "/batch/",
                    "events": [{**event, "set": {"plan": "pro"}, "set_once": {"first": "ad"}}],
                    "feedback": [answer],
                    "rejects": [],
                }
            )
        )
        chdb.execute("DELETE FROM settings WHERE key = $key", {"key": CHECKPOINT})  # a new log
        assert LogWriter(chdb, wal).drain()
        traits = ws.sql("SELECT traits FROM persons WHERE project_id = 'captured-traits'")
        assert orjson.loads(traits["traits"][0]) == {"plan": "pro", "first": "ad"}
        assert (
            ws.sql("SELECT count(*) AS n FROM rejects WHERE project_id = 'captured-traits'")["n"][0]
            == 0
        )
        stored = ws.sql("SELECT person_id, score, label FROM feedback"
                        " WHERE project_id = 'captured-traits'")  # fmt: skip
        assert stored.to_dict("records") == [
            {"person_id": "ann", "score": 9.0, "label": "positive"}
        ]
    finally:
        wal.close()


def test_captured_rejects_keep_their_arrival_times_on_clickhouse(chdb, tmp_path):
    project = "captured-rejects"
    wal = WriteAheadLog(tmp_path / "log")

    def request(received: int | None, *rows: int) -> bytes:
        rejects = [
            {"index": i, "field": "event", "reason": "is missing", "raw": "{}"} for i in rows
        ]
        document = {"project": project, "source": "/batch/", "events": [], "rejects": rejects}
        return orjson.dumps(document if received is None else {**document, "received": received})

    try:
        wal.append_sync(request(T + 2_000_000, 0, 1))
        wal.append_sync(request(T + 1_000_000, 2))
        wal.append_sync(request(None, 3))  # logged before records carried `received`
        chdb.execute("DELETE FROM settings WHERE key = $key", {"key": CHECKPOINT})  # a new log
        before = datetime.now(timezone.utc).replace(tzinfo=None)
        assert LogWriter(chdb, wal).apply_once() == 3
        rows = chdb.query(
            "SELECT row_number, rejected_at FROM rejects WHERE project_id = $p ORDER BY row_number",
            {"p": project},
        ).to_pylist()
    finally:
        wal.close()
    at = [r["rejected_at"] for r in rows]
    epoch = datetime(1970, 1, 1)
    assert [(t - epoch) // timedelta(microseconds=1) for t in at[:3]] == [
        T + 2_000_000,
        T + 2_000_000,
        T + 1_000_000,
    ]
    assert at[3] >= before.replace(microsecond=0)  # the time it was stored, as before
