"""Analyses on engines other than DuckDB: each analysis names itself with `per_dialect`, and an
engine's module registers its own implementation with `implements`. An analysis that has none
for the engine says so with a NotOnThisEngine error, instead of sending DuckDB SQL there.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from typing import Any, TypeVar

from whylens.engines.base import Engine
from whylens.errors import QueryError

F = TypeVar("F", bound=Callable[..., Any])

#: (analysis, dialect) -> implementation taking the same arguments as the DuckDB one
RUNNERS: dict[tuple[str, str], Callable[..., Any]] = {}
#: dialect -> module whose import registers its implementations
MODULES = {"clickhouse": "whylens.insights.clickhouse"}
#: the dialect the analyses in insights/ are written for
HOME = "duckdb"


class NotOnThisEngine(QueryError):
    """The analysis has no implementation for the engine in use yet."""


def implements(name: str, dialect: str) -> Callable[[F], F]:
    def register(function: F) -> F:
        RUNNERS[(name, dialect)] = function
        return function

    return register


def per_dialect(name: str) -> Callable[[F], F]:
    """The DuckDB definition of analysis `name`; other dialects run their registered twin."""

    def wrap(function: F) -> F:
        @functools.wraps(function)
        def run(engine: Engine, *args: Any, **kwargs: Any) -> Any:
            return pick(name, engine.dialect, function)(engine, *args, **kwargs)

        return run  # type: ignore[return-value]

    return wrap


def pick(name: str, dialect: str, home: F) -> F:
    """`home` (the DuckDB definition of `name`) on DuckDB, else the dialect's registered twin:
    for SQL built before any engine runs it (a segment's condition inside another query)."""
    return home if dialect == HOME else runner(name, dialect)  # type: ignore[return-value]


def runner(name: str, dialect: str) -> Callable[..., Any]:
    if dialect in MODULES:
        importlib.import_module(MODULES[dialect])
    found = RUNNERS.get((name, dialect))
    if found is None:
        ported = sorted(n for n, d in RUNNERS if d == dialect)
        raise NotOnThisEngine(
            f"{name} does not run on {dialect} yet (it runs: {', '.join(ported) or 'nothing'});"
            " use a DuckDB database for it"
        )
    return found
