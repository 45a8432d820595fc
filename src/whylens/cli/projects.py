"""`whylens project`: projects, each with a write key (send events) and a read key (query)."""

from __future__ import annotations

from pathlib import Path

import typer

from whylens.cli import options
from whylens.cli.output import err, print_json, print_table
from whylens.model import keys

app = typer.Typer(
    help="Projects: each has its own data, a write key and a read key.", no_args_is_help=True
)


@app.command()
def create(
    name: str = typer.Argument(..., help="Project name (letters, digits, - and _)."),
    db: Path | None = options.DB,
    json: bool = options.JSON,
) -> None:
    """Create a project and print its write key and read key (shown this once)."""
    with options.open_workspace(db) as ws:
        document = keys.create_project(ws.engine, name)
    if json:
        print_json(document)
        return
    print_table([document], title="Project created")
    err.print("keep the keys: only their hashes are stored")


@app.command("list")
def list_(db: Path | None = options.DB, json: bool = options.JSON) -> None:
    """Projects with their number of keys and events."""
    with options.open_workspace(db, read_only=True) as ws:
        rows = keys.list_projects(ws.engine)
    if json:
        print_json(rows)
        return
    print_table(rows, title="Projects")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="project")
