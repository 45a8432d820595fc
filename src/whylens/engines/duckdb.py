"""DuckDB, the default engine: one file, no server, fast columnar SQL in-process."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pyarrow as pa

from whylens.engines.base import Engine, Params
from whylens.errors import StoreError

BULK_LOAD_MEMORY = "1GB"
# DuckDB's lock error text; another process (usually `whylens serve`) holds the write lock.
_LOCK_MARKERS = ("Could not set lock", "Conflicting lock")


class DatabaseLocked(StoreError):
    """Another process holds the database file."""


class DuckDBEngine(Engine):
    """A DuckDB connection; sessions run in UTC so TIMESTAMP values are UTC wall time.

    DuckDB's memory limit bounds what it caches and holds for operators (it spills beyond);
    it is 1 GB for queries, and lower for bulk loads (`bulk_load`).
    """

    dialect = "duckdb"

    def __init__(
        self, path: str | Path = ":memory:", *, read_only: bool = False, memory_limit: str = "1GB"
    ) -> None:
        self.path = str(path)
        self.writable = not read_only
        config = {"memory_limit": memory_limit}
        try:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self._con = duckdb.connect(self.path, read_only=read_only, config=config)
        except duckdb.IOException as exc:
            if any(marker in str(exc) for marker in _LOCK_MARKERS):
                raise DatabaseLocked(f"{self.path} is in use by another process") from exc
            raise StoreError(f"cannot open {self.path}: {exc}") from exc
        _prepare(self._con)
        self._lock = threading.RLock()  # statements that write, and closing
        self._local = threading.local()
        self._local.connection = self._con
        self._cursors: list[duckdb.DuckDBPyConnection] = []

    @property
    def _connection(self) -> duckdb.DuckDBPyConnection:
        """This thread's connection to the database: the first thread's is the one opened,
        other threads get a cursor of their own, so that reads from several threads (a server's
        requests) run side by side instead of one after another; writes still take the lock."""
        connection = getattr(self._local, "connection", None)
        if connection is None:
            with self._lock:
                connection = self._con.cursor()
                _prepare(connection)
                self._cursors.append(connection)
            self._local.connection = connection
        return connection

    def query(self, sql: str, params: Params = None) -> pa.Table:
        try:
            return self._connection.sql(sql, params=params).to_arrow_table()
        except duckdb.Error as exc:
            raise _query_error(exc) from exc

    def read_only_query(self, sql: str, params: Params = None) -> pa.Table:
        """`query`, refusing anything but SELECT statements (for SQL typed by people)."""
        from whylens.errors import QueryError

        try:
            statements = self._connection.extract_statements(sql)
        except duckdb.Error as exc:
            raise _query_error(exc) from exc
        if len(statements) != 1 or statements[0].type != duckdb.StatementType.SELECT:
            raise QueryError("only a single SELECT statement can run here")
        return self.query(sql, params)

    def execute(self, sql: str, params: Params = None) -> None:
        with self._lock:
            try:
                self._connection.execute(sql, params)
            except duckdb.Error as exc:
                raise _query_error(exc) from exc

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """The lock is held for the whole transaction: no other thread writes meanwhile, so
        transactions of one process never conflict."""
        with self._lock, super().transaction():
            yield

    def register(self, name: str, table: pa.Table) -> None:
        self._connection.register(name, table)

    def unregister(self, name: str) -> None:
        self._connection.unregister(name)

    @contextmanager
    def bulk_load(self) -> Iterator[None]:
        """Imports run with DuckDB's limit at 1 GB: a 10M-row Parquet import then peaks at about
        1.5 GB of memory in all (BENCHMARKS.md), under the 2 GB the import promises; with less,
        the sort and aggregates of sessionization spill to disk and take longer."""
        previous = self.scalar("SELECT current_setting('memory_limit')")
        self.execute(f"SET memory_limit = '{BULK_LOAD_MEMORY}'")
        try:
            yield
        finally:
            self.execute(f"SET memory_limit = '{previous}'")

    def close(self) -> None:
        with self._lock:
            for cursor in self._cursors:
                cursor.close()
            self._con.close()

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A second connection to the same database, for a reader thread."""
        return self._con.cursor()


def _prepare(connection: duckdb.DuckDBPyConnection) -> None:
    """Session settings, per connection: UTC wall time, no progress bar on the terminal."""
    connection.execute("SET TimeZone = 'UTC'")
    connection.execute("SET enable_progress_bar = false")


def _query_error(exc: duckdb.Error) -> Exception:
    from whylens.errors import QueryError

    first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return QueryError(first_line)
