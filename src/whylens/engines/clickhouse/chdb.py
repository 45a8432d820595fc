"""ClickHouse in-process (the `chdb` package): a data directory, no server to run. chdb serves
one data directory per process (sessions on the same directory share it).

One chdb session per engine; the session keeps the settings and temporary tables between
statements, and a lock keeps one statement at a time (as DuckDBEngine does).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pyarrow as pa

from whylens.engines.clickhouse.base import SETTINGS, ClickHouseEngine, first_line
from whylens.engines.clickhouse.params import text
from whylens.errors import ConfigError, QueryError, StoreError
from whylens.sql import identifier, literal


class ChdbEngine(ClickHouseEngine):
    """ClickHouse's engine in this process, storing its tables under `path`."""

    def __init__(self, path: str | Path) -> None:
        try:
            from chdb import session
        except ImportError as exc:
            raise ConfigError(
                "the chdb engine needs the clickhouse extra: pip install 'whylens[clickhouse]'"
            ) from exc
        self.path = str(path)
        Path(self.path).mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        try:
            self._session = session.Session(self.path)
        except Exception as exc:  # chdb raises plain RuntimeError for a path it cannot use
            if "already initialized" in str(exc):
                raise StoreError(
                    f"cannot open {self.path}: chdb serves one data folder per process,"
                    " and another is open"
                ) from exc
            raise StoreError(f"cannot open {self.path} with chdb: {first_line(exc)}") from exc
        for name, value in SETTINGS.items():
            self._command(f"SET {name} = {literal(value)}", {})

    def _select(self, sql: str, params: dict[str, Any]) -> pa.Table:
        return self._run(sql, params, "ArrowTable")

    def _command(self, sql: str, params: dict[str, Any]) -> None:
        self._run(sql, params, "CSV")

    def _run(self, sql: str, params: dict[str, Any], fmt: str) -> Any:
        values = {name: text(value) for name, value in params.items()}
        with self._lock:
            if self._session is None:
                raise StoreError(f"{self.path}: the chdb session is closed")
            try:
                return self._session.query(sql, fmt, params=values or None)
            except Exception as exc:  # chdb's errors are RuntimeError subclasses
                raise QueryError(first_line(exc)) from exc

    def insert_arrow(self, table: str, data: pa.Table) -> None:
        """chdb reads the Arrow table in place through its Python() table function."""
        columns = ", ".join(identifier(c) for c in data.column_names)
        arrow_rows = data  # noqa: F841 -- read by name by chdb's Python() table function
        self._run(
            f"INSERT INTO {identifier(table)} ({columns}) SELECT {columns} FROM Python(arrow_rows)",
            {},
            "CSV",
        )

    def close(self) -> None:
        with self._lock:
            if self._session is not None:
                self._session.close()
                self._session = None
