"""What the two ClickHouse engines share: the `$name` seam translated to server-side parameters,
the session settings that make ClickHouse answer like standard SQL, Arrow results in the form
DuckDB gives them, registered tables, and statements that commit one by one.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pyarrow as pa

from whylens.engines.base import Engine, Params
from whylens.engines.clickhouse.params import bind
from whylens.errors import QueryError
from whylens.sql import identifier

#: Session settings, each for a reason:
#: - join_use_nulls: an outer join's missing side is NULL (ClickHouse's default is a zero value);
#: - aggregate_functions_null_for_empty: min, max, sum of no rows are NULL, as in standard SQL
#:   (count stays 0);
#: - cast_keep_nullable: CAST(x AS VARCHAR) of a NULL is NULL, not an error;
#: - final: ReplacingMergeTree tables are read as merged, so a row written twice counts once;
#: - do_not_merge_across_partitions_select_final: FINAL merges within a partition only, and
#:   reads a partition of one part as it is (a row's partition follows from its sort key in
#:   events; docs/clickhouse.md says what it means for sessions);
#: - session_timezone: calendar functions and DateTime parsing in UTC whatever the host says;
#: - lightweight_deletes_sync / mutations_sync: a DELETE has taken effect when it returns.
SETTINGS: dict[str, Any] = {
    "join_use_nulls": 1,
    "aggregate_functions_null_for_empty": 1,
    "cast_keep_nullable": 1,
    "final": 1,
    "do_not_merge_across_partitions_select_final": 1,
    "session_timezone": "UTC",
    "lightweight_deletes_sync": 2,
    "mutations_sync": 2,
}

#: Arrow types of registered tables, as ClickHouse columns (everything nullable, as in DuckDB)
_COLUMN_TYPES = (
    (pa.types.is_boolean, "Nullable(Bool)"),
    (pa.types.is_integer, "Nullable(Int64)"),
    (pa.types.is_floating, "Nullable(Float64)"),
    (pa.types.is_timestamp, "Nullable(DateTime64(6, 'UTC'))"),
    (pa.types.is_date, "Nullable(Date32)"),
    (lambda t: pa.types.is_string(t) or pa.types.is_large_string(t), "Nullable(String)"),
)


class ClickHouseEngine(Engine):
    """ClickHouse behind the seam; subclasses say how statements reach it (in-process or HTTP).

    ClickHouse has no multi-statement transactions: each INSERT of one block is atomic and
    nothing more, so `transaction` only groups statements. Loads stay safe by writing new
    rows (with a higher `_version`) before removing the ones they replace
    (see docs/clickhouse.md).
    """

    dialect = "clickhouse"

    # -- what a subclass provides ----------------------------------------------------------------
    @abstractmethod
    def _select(self, sql: str, params: dict[str, Any]) -> pa.Table:
        """Run bound SQL that returns rows."""

    @abstractmethod
    def _command(self, sql: str, params: dict[str, Any]) -> None:
        """Run bound SQL for its effect."""

    @abstractmethod
    def insert_arrow(self, table: str, data: pa.Table) -> None:
        """Append Arrow rows to a table; columns are matched by name."""

    # -- the seam ---------------------------------------------------------------------------------
    def query(self, sql: str, params: Params = None) -> pa.Table:
        bound, values = bind(sql, params)
        return plain(self._select(bound, values))

    def execute(self, sql: str, params: Params = None) -> None:
        bound, values = bind(sql, params)
        self._command(bound, values)

    def read_only_query(self, sql: str, params: Params = None) -> pa.Table:
        """`query`, refusing anything but one SELECT (for SQL typed by people)."""
        import sqlglot
        from sqlglot import exp

        try:
            statements = sqlglot.parse(sql, read="clickhouse")
        except sqlglot.errors.ParseError as exc:
            raise QueryError(str(exc).splitlines()[0]) from exc
        if len(statements) != 1 or not isinstance(statements[0], exp.Query):
            raise QueryError("only a single SELECT statement can run here")
        return self.query(sql, params)

    def register(self, name: str, table: pa.Table) -> None:
        """A temporary table of the session holding `table` (ClickHouse cannot read Arrow
        memory of another process, and a server may be another machine)."""
        columns = ", ".join(
            f"{identifier(field.name)} {column_type(field.type)}" for field in table.schema
        )
        self.execute(f"DROP TEMPORARY TABLE IF EXISTS {identifier(name)}")
        self.execute(f"CREATE TEMPORARY TABLE {identifier(name)} ({columns}) ENGINE = Memory")
        if table.num_rows:
            self.insert_arrow(name, table)

    def unregister(self, name: str) -> None:
        self.execute(f"DROP TEMPORARY TABLE IF EXISTS {identifier(name)}")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Statements run and commit one by one (ClickHouse has no multi-statement commit)."""
        yield


def first_line(exc: BaseException) -> str:
    """The first line of a driver's error: ClickHouse appends a stack trace and hints."""
    message = str(exc).strip()
    return message.splitlines()[0] if message else type(exc).__name__


def column_type(arrow_type: pa.DataType) -> str:
    """The ClickHouse column type of a registered Arrow column."""
    for test, name in _COLUMN_TYPES:
        if test(arrow_type):
            return name
    if pa.types.is_list(arrow_type) or pa.types.is_large_list(arrow_type):
        return f"Array({column_type(arrow_type.value_type)})"
    raise QueryError(f"a column of type {arrow_type} cannot be sent to ClickHouse")


def plain(table: pa.Table) -> pa.Table:
    """Results as DuckDB gives them: UTC timestamps without a zone (whylens stores UTC wall
    time), text as strings, dictionaries decoded."""
    columns, fields = [], []
    for field, column in zip(table.schema, table.columns):
        target = _plain_type(field.type)
        columns.append(column.cast(target) if target != field.type else column)
        fields.append(pa.field(field.name, target))
    return pa.Table.from_arrays(columns, schema=pa.schema(fields))


def _plain_type(t: pa.DataType) -> pa.DataType:
    if pa.types.is_timestamp(t) and t.tz is not None:
        return pa.timestamp(t.unit)
    if pa.types.is_dictionary(t):
        return _plain_type(t.value_type)
    if pa.types.is_binary(t) or pa.types.is_large_binary(t):
        return pa.string()
    if pa.types.is_large_string(t):
        return pa.string()
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        return pa.list_(_plain_type(t.value_type))
    return t
