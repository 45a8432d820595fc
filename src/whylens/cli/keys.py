"""`whylens keys`: create and list the project keys that capture requests authenticate with."""

from __future__ import annotations

import json as jsonlib
from pathlib import Path

import typer

from whylens.cli import options
from whylens.cli.output import err, print_json, print_table
from whylens.engines.remote import RemoteEngine
from whylens.model import keys as project_keys

app = typer.Typer(
    help="Project keys: write keys send events, read keys query.", no_args_is_help=True
)


@app.command()
def create(
    project: str = typer.Option(..., "--project", help="The project the key belongs to."),
    kind: str = typer.Option("write", "--kind", help="write (send events) or read (query)."),
    db: Path | None = options.DB,
    json: bool = options.JSON,
) -> None:
    """Create a key; it is shown this once (only its hash is stored)."""
    with options.open_workspace(db) as ws:
        if isinstance(ws.engine, RemoteEngine):  # `whylens serve` holds the database
            created = jsonlib.loads(
                ws.engine.post("/internal/keys", {"project": project, "kind": kind})
            )
        else:
            created = project_keys.create_key(ws.engine, project, kind)
    if json:
        print_json(created)
        return
    print(created["key"])
    err.print(
        f"{kind} key for project [bold]{project}[/bold]; keep it now: it is not shown again",
        highlight=False,
    )


@app.command("list")
def list_(db: Path | None = options.DB, json: bool = options.JSON) -> None:
    """Keys by project (their first characters; the keys themselves are not stored)."""
    with options.open_workspace(db, read_only=True) as ws:
        rows = project_keys.list_keys(ws.engine)
    if json:
        print_json(rows)
        return
    print_table(rows, columns=["key_id", "project", "kind", "created_at"], title="Keys")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="keys")
