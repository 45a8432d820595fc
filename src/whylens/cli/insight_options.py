"""Options every analysis command shares (date range, filters, breakdown, output), declared once,
and the one way an analysis result is printed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from whylens.cli.output import err, out, print_json, print_table
from whylens.insights.result import InsightResult
from whylens.insights.scope import scope_options

FROM = typer.Option(None, "--from", help="Start: YYYY-MM-DD, ISO time, or -7d / -4w / -3m.")
TO = typer.Option(None, "--to", help="End (a bare date includes that day).")
WHERE = typer.Option(
    None,
    "--where",
    help="Property filter, repeatable: 'utm_source = google', 'price > 10', "
    "'person.plan in (pro, business)', 'email is set'.",
)
SEGMENT = typer.Option(
    None, "--segment", help="Only the persons of this saved segment (see `whylens segments`)."
)
BREAKDOWN = typer.Option(None, "--breakdown", help="Split by a property (top values + other).")
BREAKDOWN_LIMIT = typer.Option(10, "--breakdown-limit", min=1, help="Breakdown values kept.")
PLOT = typer.Option(None, "--plot", help="Also write the chart to this HTML file.")
#: the scope keywords of a Workspace analysis, from the shared options
scope_args = scope_options


def emit(
    result: InsightResult,
    json: bool,
    title: str,
    plot: Path | None = None,
    rows: list[dict[str, Any]] | None = None,
    limit: int = 50,
) -> None:
    """--json prints the result's document; otherwise a table (and the chart file if asked)."""
    if plot is not None:
        result.plot().write_html(str(plot), include_plotlyjs=True)
        err.print(f"chart written to {plot}")
    if json:
        print_json(result.to_dict())
        return
    records = rows if rows is not None else result.df.to_dict("records")
    print_table(records[:limit], title=title)
    if len(records) > limit:
        out.print(f"({len(records):,} rows, {limit} shown; --json for all)")
