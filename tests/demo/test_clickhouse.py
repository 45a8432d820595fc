"""The demo in ClickHouse's engine (`whylens demo --engine chdb:FOLDER`): the same shop as on
DuckDB, made again on request, and no other data replaced."""

from __future__ import annotations

from datetime import datetime

import pyarrow as pa
import pytest

from tests.engines.pairs import same
from whylens.demo.load import DEMO_KEY, create_demo
from whylens.errors import ConfigError, StoreError


def test_the_demo_on_chdb_is_the_duckdb_demo(chdb, tmp_path, monkeypatch):
    monkeypatch.setenv("WHYLENS_PROJECT", "demo_shop")
    with (
        create_demo(tmp_path / "demo.duckdb", users=200, days=14, seed=4) as duck,
        create_demo(f"chdb:{chdb.path}", users=200, days=14, seed=4) as other,
    ):
        assert other.project_id == "demo_shop" and other.setting(DEMO_KEY) == "4"
        assert duck.info() == other.info()
        funnel = {"steps": ["view_item", "purchase"], "breakdown": "person.plan"}
        same(duck.funnel(**funnel).to_dict(), other.funnel(**funnel).to_dict())
        count = "SELECT count(*) AS n FROM feedback WHERE project_id = 'demo_shop'"
        assert duck.sql(count)["n"][0] == other.sql(count)["n"][0] > 0
    with create_demo(f"chdb:{chdb.path}", users=50, days=7, seed=5) as again:
        assert again.setting(DEMO_KEY) == "5"
        assert again.info()["persons"] == 50


def test_the_demo_refuses_other_data_and_servers(chdb, monkeypatch):
    from whylens.workspace import Workspace

    monkeypatch.setenv("WHYLENS_PROJECT", "not_a_demo")
    Workspace(chdb, "not_a_demo").import_table(
        pa.table({"user_id": ["u"], "event": ["e"], "timestamp": [datetime(2024, 1, 1)]})
    )
    chdb.execute("DELETE FROM settings WHERE key = $k", {"k": DEMO_KEY})
    with pytest.raises(StoreError, match="not demo data"):
        create_demo(f"chdb:{chdb.path}", users=20, days=7, seed=0)
    with pytest.raises(ConfigError, match="not a server"):
        create_demo("clickhouse://u:p@localhost:8123/db", users=20, days=7, seed=0)
