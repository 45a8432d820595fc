"""Commands that bring data in and look at it as it is: import, info, sql, rejects."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import typer

from whylens import config
from whylens.cli import options, privacy
from whylens.cli.output import err, out, print_json, print_table
from whylens.cli.progress import import_progress
from whylens.ingest.columns import parse_map

REJECTS_SHOWN = 10


def import_(
    paths: list[str] = typer.Argument(
        ..., help="Files, folders or glob patterns (CSV, JSON lines, Parquet; .gz too)."
    ),
    db: Path | None = options.DB,
    project: str | None = options.PROJECT,
    column_map: str | None = typer.Option(
        None,
        "--map",
        help="Name the columns: FIELD=COLUMN,... e.g. user_id=visitor,event=action,timestamp=ts",
    ),
    tz: str | None = typer.Option(
        None, "--tz", help="Time zone of timestamps without one (default UTC)."
    ),
    fmt: str | None = typer.Option(
        None, "--format", help="csv, jsonl or parquet (default: detected)."
    ),
    rejects: Path | None = typer.Option(
        None, "--rejects", help="Where to write rejected rows (default ./whylens-rejects-TIME.csv)."
    ),
    geoip: Path | None = privacy.GEOIP,
    drop_property: list[str] | None = privacy.DROP,
    mask_property: list[str] | None = privacy.MASK,
    json: bool = options.JSON,
) -> None:
    """Import events from files; re-importing the same rows adds nothing."""
    rejects_path = rejects or Path(f"whylens-rejects-{datetime.now():%Y%m%d-%H%M%S}.csv")
    with (
        options.open_workspace(db, project=project) as ws,
        import_progress(not json and err.is_terminal) as progress,
    ):
        summary = ws.import_file(
            *paths,
            column_map=parse_map(column_map),
            tz=tz,
            fmt=fmt,
            progress=progress,
            rejects_path=rejects_path,
            drop_properties=drop_property or (),
            mask_properties=mask_property or (),
            geoip=config.geoip_path(geoip),
        )
    if json:
        print_json(summary.to_dict())
        return
    print_table(
        [
            {
                "files": len(summary.files),
                "read": summary.read,
                "imported": summary.imported,
                "duplicates": summary.duplicates,
                "rejected": summary.rejected,
            }
        ],
        title="Import",
    )
    for reject in summary.rejects[:REJECTS_SHOWN]:
        err.print(f"[yellow]rejected[/yellow] {reject.describe()}", markup=True, highlight=False)
    if summary.rejected > REJECTS_SHOWN:
        err.print(f"… and {summary.rejected - REJECTS_SHOWN:,} more")
    if summary.rejects_file:
        err.print(f"rejected rows written to {summary.rejects_file} (also: whylens rejects)")


def info(
    db: Path | None = options.DB, project: str | None = options.PROJECT, json: bool = options.JSON
) -> None:
    """Events, persons, sessions, event names and time range."""
    with options.open_workspace(db, project=project, read_only=True) as ws:
        document = ws.info()
    if json:
        print_json(document)
        return
    print_table(
        [{k: document[k] for k in ("events", "persons", "sessions", "first", "last")}],
        title="whylens",
    )
    print_table(
        [{"event": name, "count": n} for name, n in document["event_names"].items()],
        title="Events by name",
    )


def sql(
    query: str = typer.Argument(
        ..., help="A SELECT over events, persons, sessions, identities, feedback, rejects."
    ),
    db: Path | None = options.DB,
    project: str | None = options.PROJECT,
    json: bool = options.JSON,
    limit: int = typer.Option(100, "--limit", help="Rows shown in the table (JSON prints all)."),
) -> None:
    """Run SQL on the database (read-only)."""
    with options.open_workspace(db, project=project, read_only=True) as ws:
        table = ws.engine.read_only_query(query)
    rows = table.to_pylist()
    if json:
        print_json(rows)
        return
    print_table(rows[:limit], columns=table.column_names)
    if len(rows) > limit:
        out.print(f"({len(rows):,} rows, {limit} shown; --limit to see more)")


def rejects(
    db: Path | None = options.DB,
    project: str | None = options.PROJECT,
    json: bool = options.JSON,
    limit: int = typer.Option(50, "--limit", help="Most recent rejects shown."),
) -> None:
    """Rows and events that were rejected, with where they came from and why."""
    with options.open_workspace(db, project=project, read_only=True) as ws:
        rows = ws.engine.query(
            "SELECT rejected_at, source, row_number, field, reason, raw FROM rejects"
            " WHERE project_id = $project ORDER BY rejected_at DESC, source, row_number LIMIT $limit",
            {"project": ws.project_id, "limit": limit},
        ).to_pylist()
    if json:
        print_json(rows)
        return
    print_table(
        rows, columns=["rejected_at", "source", "row_number", "field", "reason"], title="Rejects"
    )


def register(app: typer.Typer) -> None:
    app.command("import")(import_)
    app.command()(info)
    app.command()(sql)
    app.command()(rejects)
