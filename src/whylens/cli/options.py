"""Options shared by every command, declared once."""

from __future__ import annotations

from pathlib import Path

import typer

import whylens
from whylens import config
from whylens.workspace import Workspace

DB = typer.Option(
    None,
    "--db",
    "--engine",
    help=(
        "Database: a DuckDB file, or duckdb:PATH, chdb:PATH,"
        " clickhouse://user:password@host:8123/database"
        f" (default ${config.ENGINE_ENV}, ${config.DB_ENV} or ./{config.DEFAULT_DB})."
    ),
    # text, not a Path: a clickhouse:// URL would lose a slash as a path
    parser=str,
    show_default=False,
)
JSON = typer.Option(False, "--json", help="Print one JSON document on stdout and nothing else.")
PROJECT = typer.Option(
    None,
    "--project",
    help=f"Project (default ${config.PROJECT_ENV} or default).",
    show_default=False,
)


def open_workspace(
    db: str | Path | None, *, read_only: bool = False, project: str | None = None
) -> Workspace:
    """Open the database for a command; read-only commands never take the write lock."""
    spec = config.engine_spec(db)
    if spec.kind != "clickhouse" and read_only and not spec.path.exists():
        raise whylens.StoreError(
            f"{spec.path}: no such database (import data or run `whylens demo`)"
        )
    return whylens.open(engine=str(db) if db else None, read_only=read_only, project=project)
