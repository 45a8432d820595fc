"""Which importer stores events in an engine, by its dialect: DuckDB's own, or ClickHouse's
(the same importer on a scratch DuckDB, written back; see ingest/clickhouse.py)."""

from __future__ import annotations

import importlib
from types import ModuleType

from whylens.engines.base import Engine

#: dialect -> module offering import_paths(engine, paths, options, progress, rejects_path) and
#: import_table(engine, table, source, options)
IMPORTERS = {"duckdb": "whylens.ingest.importer", "clickhouse": "whylens.ingest.clickhouse"}
#: dialect -> module offering append_logged(engine, logged, project_id, source): captured
#: events (DuckDB appends them, sessions extended; ClickHouse stores them as it imports them)
APPENDERS = {"duckdb": "whylens.ingest.append", "clickhouse": "whylens.ingest.clickhouse"}


def importer_for(engine: Engine) -> ModuleType:
    return importlib.import_module(IMPORTERS[engine.dialect])


def appender_for(engine: Engine) -> ModuleType:
    return importlib.import_module(APPENDERS[engine.dialect])
