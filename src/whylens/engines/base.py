"""The narrow seam between whylens and a SQL engine.

Insights build SQL and hand it here; nothing above this layer knows which engine runs it, so a
ClickHouse engine (or a test fake) plugs in without touching a metric definition.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, ClassVar

import pyarrow as pa

Params = Sequence[Any] | Mapping[str, Any] | None


class Engine(ABC):
    """Runs SQL with bound parameters and returns Arrow tables."""

    #: dialect name, used to pick per-engine SQL and migrations
    dialect: ClassVar[str]
    #: whether this engine can take writes (imports, migrations)
    writable: bool = True

    @abstractmethod
    def query(self, sql: str, params: Params = None) -> pa.Table:
        """Run a statement that returns rows."""

    def read_only_query(self, sql: str, params: Params = None) -> pa.Table:
        """`query` for SQL typed by people: engines that can tell refuse anything but SELECT."""
        return self.query(sql, params)

    @abstractmethod
    def execute(self, sql: str, params: Params = None) -> None:
        """Run a statement for its effect."""

    @abstractmethod
    def register(self, name: str, table: pa.Table) -> None:
        """Expose an Arrow table to SQL under `name` until `unregister`."""

    @abstractmethod
    def unregister(self, name: str) -> None:
        """Forget a table exposed by `register`."""

    @abstractmethod
    def close(self) -> None:
        """Release the database."""

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All statements inside commit together or not at all."""
        self.execute("BEGIN TRANSACTION")
        try:
            yield
        except BaseException:
            self.execute("ROLLBACK")
            raise
        self.execute("COMMIT")

    @contextmanager
    def registered(self, name: str, table: pa.Table) -> Iterator[str]:
        """`register` for the duration of a block."""
        self.register(name, table)
        try:
            yield name
        finally:
            self.unregister(name)

    @contextmanager
    def bulk_load(self) -> Iterator[None]:
        """A block that loads a lot of data; engines may trade speed for a smaller footprint."""
        yield

    def scalar(self, sql: str, params: Params = None) -> Any:
        """The first column of the first row, or None."""
        table = self.query(sql, params)
        return table.column(0)[0].as_py() if table.num_rows else None
