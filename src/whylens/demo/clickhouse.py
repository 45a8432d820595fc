"""The demo shop in ClickHouse's engine (`whylens demo --engine chdb:FOLDER`): made on a scratch
DuckDB database exactly as on DuckDB (events, traits, feedback), then copied whole into the
ClickHouse store, so both engines serve the same shop.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import whylens
from whylens.config import EngineSpec
from whylens.demo.generator import generate
from whylens.demo.load import DEMO_KEY, finish, load
from whylens.errors import ConfigError, StoreError
from whylens.ingest.clickhouse import copy_project
from whylens.sql import identifier
from whylens.workspace import Workspace


def create_clickhouse_demo(spec: EngineSpec, users: int, days: int, seed: int) -> Workspace:
    """A fresh demo in a project of a chdb folder; refuses a project that holds data other than
    a demo."""
    if spec.kind != "chdb":
        raise ConfigError(
            "the demo makes a database of its own: a DuckDB file or chdb:FOLDER, not a server"
        )
    ws = whylens.open(engine=f"chdb:{spec.path}")
    try:
        if ws.info()["events"]:
            if ws.setting(DEMO_KEY) is None:
                raise StoreError(
                    f"{spec.path} holds data that is not demo data in project {ws.project_id!r};"
                    " choose another folder"
                )
            _empty(ws)
        data = generate(users=users, days=days, seed=seed)
        with (
            tempfile.TemporaryDirectory() as folder,
            whylens.open(Path(folder) / "demo.duckdb", project=ws.project_id) as scratch,
        ):
            load(scratch, data)
            copy_project(scratch.engine, ws.engine, ws.project_id)  # type: ignore[arg-type]
        finish(ws, seed)
    except BaseException:
        ws.close()
        raise
    return ws


def _empty(ws: Workspace) -> None:
    """The demo project's rows removed from every table that has projects."""
    names = ws.engine.query(
        "SELECT DISTINCT table FROM system.columns WHERE database = currentDatabase()"
        " AND name = 'project_id' AND table != 'projects'"
    ).column("table")
    for name in names.to_pylist():
        ws.engine.execute(
            f"DELETE FROM {identifier(name)} WHERE project_id = $p", {"p": ws.project_id}
        )
