"""A ClickHouse server or cluster over HTTP, through `clickhouse-connect`.

The client keeps one HTTP session (so temporary tables and settings last between statements);
a lock keeps one statement at a time on it, since ClickHouse refuses concurrent queries in a
session.
"""

from __future__ import annotations

import threading
from typing import Any

import pyarrow as pa

from whylens.engines.clickhouse.base import SETTINGS, ClickHouseEngine, first_line
from whylens.errors import ConfigError, QueryError, StoreError


class ClickHouseServerEngine(ClickHouseEngine):
    """A connection to `host:port`, reading and writing `database`."""

    def __init__(
        self,
        host: str,
        port: int = 8123,
        database: str = "default",
        user: str = "default",
        password: str = "",
        secure: bool = False,
    ) -> None:
        try:
            import clickhouse_connect
        except ImportError as exc:
            raise ConfigError(
                "the clickhouse engine needs the clickhouse extra:"
                " pip install 'whylens[clickhouse]'"
            ) from exc
        self.url = f"{'https' if secure else 'http'}://{host}:{port}/{database}"
        self._lock = threading.RLock()
        try:
            self._client = clickhouse_connect.get_client(
                host=host,
                port=port,
                username=user,
                password=password,
                database=database,
                secure=secure,
                settings=dict(SETTINGS),
                autogenerate_session_id=True,
            )
        except Exception as exc:  # network and authentication errors of the driver
            raise StoreError(f"cannot reach ClickHouse at {self.url}: {first_line(exc)}") from exc

    def _select(self, sql: str, params: dict[str, Any]) -> pa.Table:
        with self._lock:
            try:
                return self._client.query_arrow(sql, parameters=params or None, use_strings=True)
            except Exception as exc:
                raise QueryError(first_line(exc)) from exc

    def _command(self, sql: str, params: dict[str, Any]) -> None:
        with self._lock:
            try:
                self._client.command(sql, parameters=params or None)
            except Exception as exc:
                raise QueryError(first_line(exc)) from exc

    def insert_arrow(self, table: str, data: pa.Table) -> None:
        with self._lock:
            try:
                self._client.insert_arrow(table, data)
            except Exception as exc:
                raise QueryError(first_line(exc)) from exc

    def close(self) -> None:
        with self._lock:
            self._client.close()
