"""Deleting a person removes everything about them, and their ids are never re-linked."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timedelta

import pyarrow as pa
import pytest
from fastapi.testclient import TestClient

import whylens
from whylens.errors import QueryError
from whylens.server.app import create_app
from whylens.server.capture import CaptureSettings

T0 = datetime(2024, 5, 1, 9)


def rows(*items):
    return pa.table(
        {
            "user_id": pa.array([i[0] for i in items], pa.string()),
            "anonymous_id": pa.array([i[1] for i in items], pa.string()),
            "event": [i[2] for i in items],
            "timestamp": pa.array(
                [T0 + timedelta(minutes=i[3]) for i in items], pa.timestamp("us")
            ),
        }
    )


def seeded():
    ws = whylens.open(":memory:")
    ws.import_table(
        rows(
            (None, "anon-a", "view", 0), ("alice", "anon-a", "signup", 1), ("bob", None, "view", 2)
        )
    )
    ws.set_traits(pa.table({"person_id": ["alice"], "email": ["a@example.com"]}))
    ws.add_feedback(
        pa.table({"person_id": ["alice"], "timestamp": [T0], "kind": ["text"], "text": ["great"]})
    )
    return ws


def counts(ws, person):
    return {
        t: ws.sql(f"SELECT count(*) AS n FROM {t} WHERE person_id = $p", {"p": person})["n"][0]
        for t in ("events", "persons", "sessions", "feedback", "identities")
    }


def test_delete_removes_everything_and_later_events_are_dropped():
    with seeded() as ws:
        removed = ws.delete_person("alice")
        assert (removed["events"], removed["persons"], removed["feedback"]) == (2, 1, 1)
        assert set(counts(ws, "alice").values()) == {0}
        assert counts(ws, "bob")["events"] == 1  # nobody else is touched
        again = ws.import_table(
            rows(
                ("alice", None, "view", 10),
                (None, "anon-a", "view", 11),
                ("carol", "anon-a", "signup", 12),
            ),
            source="later",
        )
        assert again.imported == 0  # every event carries one of alice's ids
        assert (
            ws.sql("SELECT count(*) AS n FROM identities WHERE distinct_id = 'anon-a'")["n"][0] == 0
        )
        with pytest.raises(QueryError, match="no person"):
            ws.delete_person("alice")


def test_delete_over_http_and_cli(tmp_path):
    with seeded() as ws:
        client = TestClient(create_app(ws, capture=CaptureSettings(demo_key=True)))
        assert client.delete("/api/persons/alice").json()["events"] == 2
        assert client.delete("/api/persons/alice").status_code == 404
    db = tmp_path / "w.duckdb"
    with whylens.open(db) as ws:
        ws.import_table(rows(("dave", None, "view", 0)))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "whylens.cli.main",
            "person",
            "delete",
            "dave",
            "--db",
            str(db),
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["events"] == 1
