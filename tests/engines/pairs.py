"""The same rows loaded into DuckDB and into ClickHouse, for tests that compare the engines.

One ClickHouse engine serves a whole test module (chdb starts in about a second); each data set
goes into a project of its own on it, so examples never see each other's rows.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pyarrow as pa

import whylens
from whylens.engines.base import Engine
from whylens.workspace import Workspace

_projects = itertools.count()


def table(rows: list[tuple]) -> pa.Table:
    """(person, event, time[, plan]) rows as an import table, one event each."""
    return pa.table(
        {
            "event_id": [f"e{i}" for i in range(len(rows))],
            "user_id": [r[0] for r in rows],
            "event": [r[1] for r in rows],
            "timestamp": pa.array([r[2] for r in rows], pa.timestamp("us")),
            "plan": pa.array([r[3] if len(r) > 3 else None for r in rows], pa.string()),
        }
    )


@contextmanager
def pair(clickhouse: Engine, data: pa.Table | None) -> Iterator[tuple[Workspace, Workspace]]:
    """(DuckDB workspace, ClickHouse workspace) holding the same imported rows."""
    project = f"t{next(_projects)}"
    duck = whylens.open(":memory:", project=project)
    other = Workspace(clickhouse, project)
    if data is not None and data.num_rows:
        duck.import_table(data)
        other.import_table(data)
    try:
        yield duck, other
    finally:
        duck.close()


def same(duck: Any, other: Any, path: str = "", rel: float = 1e-9) -> None:
    """Assert two documents are equal; floats to `rel` relative (a mean summed in another order
    can differ in its last bits, and a model fitted on it a little more), the rest exactly."""
    if isinstance(duck, float) and isinstance(other, float):
        if math.isnan(duck) or math.isnan(other):
            assert math.isnan(duck) and math.isnan(other), (path, duck, other)
        else:
            assert math.isclose(duck, other, rel_tol=rel, abs_tol=1e-12), (path, duck, other)
    elif isinstance(duck, dict) and isinstance(other, dict):
        assert list(duck) == list(other), (path, list(duck), list(other))
        for key in duck:
            same(duck[key], other[key], f"{path}.{key}", rel)
    elif isinstance(duck, list | tuple) and isinstance(other, list | tuple):
        assert len(duck) == len(other), (path, duck, other)
        for i, (a, b) in enumerate(zip(duck, other)):
            same(a, b, f"{path}[{i}]", rel)
    else:
        assert duck == other, (path, duck, other)
