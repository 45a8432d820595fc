"""Engines run SQL; every analysis depends only on the `Engine` seam in `base`."""

from whylens.engines.base import Engine
from whylens.engines.duckdb import DuckDBEngine

__all__ = ["DuckDBEngine", "Engine"]
