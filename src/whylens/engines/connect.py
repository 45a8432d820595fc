"""An engine from an EngineSpec (config.engine_spec): one opener per kind of engine."""

from __future__ import annotations

from collections.abc import Callable

from whylens.config import EngineSpec
from whylens.engines.base import Engine
from whylens.engines.duckdb import DuckDBEngine


def _duckdb(spec: EngineSpec, read_only: bool) -> Engine:
    return DuckDBEngine(spec.path or ":memory:", read_only=read_only)


def _chdb(spec: EngineSpec, read_only: bool) -> Engine:
    from whylens.engines.clickhouse.chdb import ChdbEngine

    engine = ChdbEngine(spec.path)
    engine.writable = not read_only
    return engine


def _clickhouse(spec: EngineSpec, read_only: bool) -> Engine:
    from whylens.engines.clickhouse.server import ClickHouseServerEngine

    engine = ClickHouseServerEngine(spec.host, spec.port, spec.database, spec.user, spec.password)
    engine.writable = not read_only
    return engine


OPENERS: dict[str, Callable[[EngineSpec, bool], Engine]] = {
    "duckdb": _duckdb,
    "chdb": _chdb,
    "clickhouse": _clickhouse,
}


def connect(spec: EngineSpec, *, read_only: bool = False) -> Engine:
    """Open the engine a spec names; `read_only` engines run no migration or import."""
    return OPENERS[spec.kind](spec, read_only)
