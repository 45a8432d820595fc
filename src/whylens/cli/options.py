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
    help=f"Database file (default ${config.DB_ENV} or ./{config.DEFAULT_DB}).",
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
    db: Path | None, *, read_only: bool = False, project: str | None = None
) -> Workspace:
    """Open the database for a command; read-only commands never take the write lock."""
    path = config.database_path(db)
    if read_only and not path.exists():
        raise whylens.StoreError(f"{path}: no such database (import data or run `whylens demo`)")
    return whylens.open(path, read_only=read_only, project=project)
