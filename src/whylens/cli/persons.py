"""`whylens person`: one person's data, and deleting it."""

from __future__ import annotations

from pathlib import Path

import typer

from whylens.cli import options
from whylens.cli.output import print_json, print_table

app = typer.Typer(help="A person's data: delete it.", no_args_is_help=True)


@app.command()
def delete(
    person_id: str = typer.Argument(..., help="The person (their user id, or anonymous id)."),
    yes: bool = typer.Option(False, "--yes", help="Do not ask for confirmation."),
    db: Path | None = options.DB,
    project: str | None = options.PROJECT,
    json: bool = options.JSON,
) -> None:
    """Delete a person: events, identities, traits, sessions and feedback; their ids are not
    linked again (events sent later under them are dropped)."""
    if not (yes or json) and not typer.confirm(f"Delete everything about {person_id}?"):
        raise typer.Abort()
    with options.open_workspace(db, project=project) as ws:
        removed = ws.delete_person(person_id)
    if json:
        print_json(removed)
        return
    print_table([removed], title="Deleted")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="person")
