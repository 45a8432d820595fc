"""The chdb engine behind the seam: values round-trip as bound parameters, results come back
as DuckDB gives them, registered tables, read-only SQL, errors users can cause."""

from __future__ import annotations

from datetime import datetime

import pyarrow as pa
import pytest

import whylens
from whylens.errors import ConfigError, QueryError, StoreError


def test_parameters_round_trip_through_the_server(chdb):
    tricky = "x'y\\z\ttab\nline é"
    row = chdb.query(
        "SELECT $s AS s, $t AS t, $l AS l, $n AS n",
        {"s": tricky, "t": datetime(2024, 1, 2, 3, 4, 5, 6), "l": [tricky, "b"], "n": None},
    ).to_pylist()[0]
    assert row == {
        "s": tricky,
        "t": datetime(2024, 1, 2, 3, 4, 5, 6),
        "l": [tricky, "b"],
        "n": None,
    }
    assert chdb.query("SELECT ? AS a, ? AS b", ["q", 7]).to_pylist() == [{"a": "q", "b": 7}]


def test_registered_tables_and_results_without_time_zones(chdb):
    data = pa.table(
        {"x": ["a", None], "ts": pa.array([datetime(2024, 1, 1), None], pa.timestamp("us"))}
    )
    with chdb.registered("_t", data):
        result = chdb.query("SELECT x, ts FROM _t ORDER BY x NULLS LAST")
    assert result.schema.field("ts").type == pa.timestamp("us")
    assert result.to_pylist() == [{"x": "a", "ts": datetime(2024, 1, 1)}, {"x": None, "ts": None}]


def test_sql_typed_by_people_is_read_only_and_errors_are_query_errors(chdb):
    assert chdb.read_only_query("SELECT 1 AS one").to_pylist() == [{"one": 1}]
    with pytest.raises(QueryError, match="single SELECT"):
        chdb.read_only_query("DROP TABLE events")
    with pytest.raises(QueryError, match="Syntax error"):
        chdb.query("SELEC 1")


def test_a_workspace_opens_migrates_and_keeps_projects_apart(chdb):
    from whylens.model.migrate import available
    from whylens.workspace import Workspace

    first, second = Workspace(chdb, "one"), Workspace(chdb, "two")
    shipped = len(available("clickhouse"))
    assert chdb.scalar("SELECT count() FROM schema_migrations") == shipped > 1  # each once
    first.import_table(
        pa.table({"user_id": ["u"], "event": ["e"], "timestamp": [datetime(2024, 1, 1)]})
    )
    assert first.info()["events"] == 1
    assert second.info() == {
        "events": 0,
        "persons": 0,
        "sessions": 0,
        "event_names": {},
        "first": None,
        "last": None,
    }


def test_open_names_the_engine(chdb, tmp_path):
    with whylens.open(engine=f"chdb:{chdb.path}", project="opened") as ws:
        assert ws.engine.dialect == "clickhouse"
        assert ws.info()["events"] == 0
    assert chdb.scalar("SELECT count() FROM projects WHERE project_id = 'opened'") == 1
    with pytest.raises(StoreError, match="one data folder per process"):
        whylens.open(engine=f"chdb:{tmp_path / 'other'}")
    with pytest.raises(ConfigError, match="not both"):
        whylens.open(tmp_path / "x.duckdb", engine="chdb:x")


def test_a_setting_is_replaced(chdb):
    from whylens.workspace import Workspace

    ws = Workspace(chdb, "settings")
    ws.set_setting("theme", "first")
    ws.set_setting("theme", "second")
    assert ws.setting("theme") == "second"
    assert chdb.scalar("SELECT count() FROM settings WHERE key = 'theme'") == 1
