"""Settings from flags and the environment, resolved in one place."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_DB = "whylens.duckdb"
DB_ENV = "WHYLENS_DB"


def database_path(flag: str | Path | None = None) -> Path:
    """The database file: the flag, else $WHYLENS_DB, else ./whylens.duckdb."""
    return Path(flag or os.environ.get(DB_ENV) or DEFAULT_DB)


PROJECT_ENV = "WHYLENS_PROJECT"
DEFAULT_PROJECT = "default"


def project(flag: str | None = None) -> str:
    """The project: the flag, else $WHYLENS_PROJECT, else `default`."""
    return flag or os.environ.get(PROJECT_ENV) or DEFAULT_PROJECT
