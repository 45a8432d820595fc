"""`whylens privacy`: the properties a project's events lose before they are stored, and the
options that add to them (`--drop-property`, `--mask-property`, `--geoip` on serve and import)."""

from __future__ import annotations

from pathlib import Path

import typer

from whylens.cli import options
from whylens.cli.output import err, print_json, print_table
from whylens.ingest import privacy_rules

DROP = typer.Option(
    None,
    "--drop-property",
    help="A property never stored (repeatable; case-insensitive; a.b for nested keys). Kept"
    " as a rule: later imports and captures drop it too.",
    show_default=False,
)
MASK = typer.Option(
    None,
    "--mask-property",
    help="A property stored as a keyed hash: equal values stay equal, none is readable"
    " (repeatable; kept as a rule like --drop-property).",
    show_default=False,
)
GEOIP = typer.Option(
    None,
    "--geoip",
    help="GeoIP CSV (start_ip,end_ip,country_code, e.g. DB-IP's IP to Country Lite): the"
    " country of events from their IP address, which is never stored (default $WHYLENS_GEOIP).",
    show_default=False,
)
ALL = typer.Option(
    False, "--all-projects", help="The rules for every project rather than for --project."
)

app = typer.Typer(
    help="Privacy rules: properties dropped or masked before events are stored.",
    no_args_is_help=True,
)


@app.command()
def show(
    db: Path | None = options.DB,
    project: str | None = options.PROJECT,
    json: bool = options.JSON,
) -> None:
    """The rules a project's events go through: built-in (IP addresses), all projects', its own."""
    with options.open_workspace(db, project=project, read_only=True) as ws:
        rows = privacy_rules.listing(ws.engine, ws.project_id)
    if json:
        print_json(rows)
        return
    print_table(rows, columns=["property", "action", "scope"], title="Privacy rules")


@app.command()
def add(
    drop: list[str] | None = DROP,
    mask: list[str] | None = MASK,
    all_projects: bool = ALL,
    db: Path | None = options.DB,
    project: str | None = options.PROJECT,
    json: bool = options.JSON,
) -> None:
    """Add rules; they apply to events stored from now on (stored events are not changed)."""
    if not drop and not mask:
        raise typer.BadParameter("name a property with --drop-property or --mask-property")
    with options.open_workspace(db, project=project) as ws:
        scope = privacy_rules.ALL_PROJECTS if all_projects else ws.project_id
        privacy_rules.add(ws.engine, scope, drop or (), mask or ())
        if mask:
            privacy_rules.secret(ws.engine)
        rows = privacy_rules.listing(ws.engine, ws.project_id)
    if json:
        print_json(rows)
        return
    print_table(rows, columns=["property", "action", "scope"], title="Privacy rules")


@app.command()
def remove(
    names: list[str] = typer.Argument(..., help="Property names, as they were added."),
    all_projects: bool = ALL,
    db: Path | None = options.DB,
    project: str | None = options.PROJECT,
    json: bool = options.JSON,
) -> None:
    """Remove rules (drop or mask) of the project, or with --all-projects of every project."""
    with options.open_workspace(db, project=project) as ws:
        scope = privacy_rules.ALL_PROJECTS if all_projects else ws.project_id
        removed = privacy_rules.remove(ws.engine, scope, names)
    if json:
        print_json({"removed": removed})
        return
    missing = sorted(set(n.strip().lower() for n in names) - set(removed))
    if removed:
        err.print(f"removed: {', '.join(removed)}", highlight=False)
    if missing:
        err.print(f"[yellow]no such rule in this scope: {', '.join(missing)}[/yellow]")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="privacy")
