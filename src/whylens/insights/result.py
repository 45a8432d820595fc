"""The contract every insight returns: `.df` (pandas), `.to_dict()` (JSON-safe, the CLI's
`--json` and the API's answer), `.plot()` (a Plotly figure), and the SQL it ran with timings.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import pyarrow as pa

from whylens.engines.base import Engine, Params


@dataclass
class QueryLog:
    """The statements an insight ran, so a user can check the numbers (show your work)."""

    entries: list[dict[str, Any]] = field(default_factory=list)

    def to_list(self) -> list[dict[str, Any]]:
        return list(self.entries)


class RecordingEngine(Engine):
    """Wraps an engine, recording each query with its parameters and duration."""

    def __init__(self, inner: Engine, log: QueryLog) -> None:
        self.inner, self.log = inner, log
        self.dialect = inner.dialect  # type: ignore[misc]
        self.writable = inner.writable

    def query(self, sql: str, params: Params = None) -> pa.Table:
        started = time.perf_counter()
        table = self.inner.query(sql, params)
        self.log.entries.append(
            {
                "sql": " ".join(sql.split()),
                "params": _plain(params),
                "seconds": round(time.perf_counter() - started, 4),
                "rows": table.num_rows,
            }
        )
        return table

    def execute(self, sql: str, params: Params = None) -> None:
        self.inner.execute(sql, params)

    def register(self, name: str, table: pa.Table) -> None:
        self.inner.register(name, table)

    def unregister(self, name: str) -> None:
        self.inner.unregister(name)

    def close(self) -> None:
        """The wrapped engine belongs to the workspace."""


def _plain(params: Params) -> Any:
    if isinstance(params, dict):
        return {
            k: str(v) if not isinstance(v, int | float | str | None) else v
            for k, v in params.items()
        }
    return params


@contextmanager
def recorded(engine: Engine) -> Iterator[tuple[Engine, QueryLog]]:
    log = QueryLog()
    yield RecordingEngine(engine, log), log


class InsightResult(ABC):
    """Base of every insight's result; subclasses fill `document` and know their frame and plot."""

    kind: str = "insight"

    def __init__(self, document: dict[str, Any], queries: QueryLog | None = None) -> None:
        self.document = document
        self.queries = queries or QueryLog()

    def to_dict(self) -> dict[str, Any]:
        """The JSON document (what `--json` prints and the API returns)."""
        return self.document

    @property
    @abstractmethod
    def df(self) -> pd.DataFrame:
        """The main table of the result."""

    @abstractmethod
    def plot(self) -> Any:
        """A Plotly figure of the result."""

    @property
    def sql(self) -> list[str]:
        return [entry["sql"] for entry in self.queries.entries]

    def _repr_html_(self) -> str:
        return self.df._repr_html_()  # type: ignore[operator]

    def __repr__(self) -> str:
        return f"<{type(self).__name__}\n{self.df!r}>"
