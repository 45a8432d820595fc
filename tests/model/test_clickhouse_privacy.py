"""Deleting a person on chdb does what it does on DuckDB: the same counts, the person's rows
gone from every table, the other persons untouched, and the ids they used blocked for later
events."""

from __future__ import annotations

from datetime import timedelta

import pyarrow as pa
import pytest

from tests.engines.pairs import pair
from tests.insights.journeys import T0
from whylens.errors import QueryError

EVENTS = pa.table(
    {
        "user_id": [None, "a", "a", "b"],
        "anonymous_id": ["anon-1", "anon-1", None, None],
        "event": ["view", "signup", "buy", "view"],
        "timestamp": pa.array([T0 + timedelta(hours=h) for h in range(4)], pa.timestamp("us")),
    }
)
LATER = pa.table(
    {
        "user_id": [None, "b"],
        "anonymous_id": ["anon-1", None],
        "event": ["view", "buy"],
        "timestamp": pa.array([T0 + timedelta(days=1, hours=h) for h in range(2)]),
    }
)
TABLES = ("events", "sessions", "persons", "feedback", "identities", "deleted_ids")


def contents(ws) -> dict[str, list]:
    found = {}
    for table in TABLES:
        person = "distinct_id" if table in ("identities", "deleted_ids") else "person_id"
        rows = ws.engine.query(
            f"SELECT {person} AS who FROM {table} WHERE project_id = $p", {"p": ws.project_id}
        )
        found[table] = sorted(rows.column("who").to_pylist())
    return found


def test_a_deleted_person_is_gone_as_on_duckdb(chdb):
    with pair(chdb, EVENTS) as (duck, other):
        answers = pa.table(
            {"person_id": ["a", "b"], "timestamp": [T0, T0], "kind": ["text", "text"],
             "text": ["Charged me twice", "Fast delivery"]}
        )  # fmt: skip
        for ws in (duck, other):
            ws.add_feedback(answers)
        removed = [ws.delete_person("a") for ws in (duck, other)]
        assert removed[0] == removed[1]
        assert removed[1]["events"] == 3 and removed[1]["feedback"] == 1
        after = contents(other)
        assert after == contents(duck)
        assert "a" not in after["persons"] and after["persons"] == ["b"]
        assert {"a", "anon-1"} <= set(after["deleted_ids"])
        for ws in (duck, other):
            ws.import_table(LATER)
        assert contents(other)["events"] == contents(duck)["events"] == ["b", "b"]


def test_an_unknown_person_is_an_error(chdb):
    with pair(chdb, EVENTS) as (_, other), pytest.raises(QueryError, match="no person 'zed'"):
        other.delete_person("zed")
