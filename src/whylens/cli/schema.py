"""`whylens init`: create (or upgrade) a database, or print the DDL of a ClickHouse cluster."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from whylens.cli import options
from whylens.cli.output import print_json, print_table
from whylens.model.cluster import ClusterSchema
from whylens.model.migrate import applied_versions


def init(
    db: Path | None = options.DB,
    project: str | None = options.PROJECT,
    cluster: str | None = typer.Option(
        None,
        "--cluster",
        help="Print (do not run) the DDL for ClickHouse cluster NAME: replicated tables, sharded"
        " by person behind Distributed ones (docs/scaling.md).",
    ),
    json: bool = options.JSON,
) -> None:
    """Create the database and its tables (or bring them up to date); with --cluster, print the
    DDL for a ClickHouse cluster instead."""
    if cluster is not None:
        statements = ClusterSchema(cluster).statements()
        if json:
            print_json({"cluster": cluster, "statements": statements})
        else:
            sys.stdout.write("".join(f"{s};\n\n" for s in statements))
        return
    with options.open_workspace(db, project=project) as ws:
        document = {
            "engine": ws.engine.dialect,
            "project": ws.project_id,
            "schema_version": max(applied_versions(ws.engine), default=0),
        }
    if json:
        print_json(document)
        return
    print_table([document], title="whylens database ready")


def register(app: typer.Typer) -> None:
    app.command()(init)
