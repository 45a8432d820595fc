"""`whylens retention`, `stickiness` and `lifecycle`: who comes back, how often, and in which
state each period finds them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from whylens.cli import insight_options as io
from whylens.cli import options
from whylens.cli.output import out, print_table

SHOWN = 50
EVENT = typer.Argument("*", help="Event name; 'a|b' for any of several; '*' (default) for any.")


def retention(
    start: str = typer.Option("*", "--start", help="Start event (the cohort's); '*' for any."),
    returning: str = typer.Option("*", "--return", help="Return event; '*' for any."),
    period: str = typer.Option("week", "--period", help="day, week (from Monday) or month."),
    periods: int = typer.Option(8, "--periods", min=1, help="Periods followed after period 0."),
    recurring: bool = typer.Option(
        False, "--recurring", help="A cohort per period with a start event, not only the first."
    ),
    unbounded: bool = typer.Option(
        False, "--unbounded", help="Period k counts returns in k or any later period."
    ),
    average: str = typer.Option("weighted", "--average", help="weighted (by size) or simple."),
    breakdown: str | None = io.BREAKDOWN,
    breakdown_limit: int = io.BREAKDOWN_LIMIT,
    date_from: str | None = io.FROM,
    date_to: str | None = io.TO,
    where: list[str] | None = io.WHERE,
    segment: str | None = io.SEGMENT,
    db: Path | None = options.DB,
    project: str | None = options.PROJECT,
    json: bool = options.JSON,
    plot: Path | None = io.PLOT,
) -> None:
    """Cohorts by period of their start event, and the share back in each later period."""
    with options.open_workspace(db, project=project, read_only=True) as ws:
        result = ws.retention(
            start,
            returning,
            period,
            periods,
            cohort="recurring" if recurring else "first_time",
            mode="on_or_after" if unbounded else "on",
            average=average,
            breakdown=breakdown,
            breakdown_limit=breakdown_limit,
            **io.scope_args(date_from, date_to, where, segment),
        )
    document = result.to_dict()
    rows = [_cohort_row(c, period) for c in document["cohorts"]]
    rows.append(
        _cohort_row({"cohort": f"average ({average})", "rates": document["average"]}, period)
    )
    io.emit(
        result,
        json,
        f"Retention per {period}: {document['query']['start']} → {document['query']['return']}",
        plot,
        rows,
        limit=SHOWN + 1,
    )


def _cohort_row(cohort: dict[str, Any], period: str) -> dict[str, Any]:
    row = {"breakdown": cohort["breakdown"]} if "breakdown" in cohort else {}
    row.update(cohort=cohort["cohort"], size=cohort.get("size", ""))
    row.update({f"{period} {k}": f"{rate:.1%}" for k, rate in enumerate(cohort["rates"])})
    return row


def stickiness(
    event: str = EVENT,
    period: str = typer.Option("week", "--period", help="week or month (or day, with hours)."),
    interval: str = typer.Option("day", "--interval", help="day, or hour: what is counted."),
    date_from: str | None = io.FROM,
    date_to: str | None = io.TO,
    where: list[str] | None = io.WHERE,
    segment: str | None = io.SEGMENT,
    db: Path | None = options.DB,
    project: str | None = options.PROJECT,
    json: bool = options.JSON,
    plot: Path | None = io.PLOT,
) -> None:
    """Persons by number of active days per week or month, and the DAU/MAU ratio per day."""
    with options.open_workspace(db, project=project, read_only=True) as ws:
        result = ws.stickiness(
            event, period, interval, **io.scope_args(date_from, date_to, where, segment)
        )
    document = result.to_dict()
    active = {p["period"]: p["persons"] for p in document["periods"]}
    key = f"{interval}s"
    rows = [
        {
            "period": r["period"],
            key: r[key],
            "persons": r["persons"],
            "share": f"{r['persons'] / active[r['period']]:.1%}",
        }
        for r in document["distribution"]
    ]
    io.emit(
        result, json, f"Stickiness: persons by {key} active per {period}", plot, rows, limit=SHOWN
    )
    if not json and document["dau_mau"]:
        days = document["dau_mau"][-14:]
        print_table(
            [{**d, "ratio": "—" if d["ratio"] is None else f"{d['ratio']:.1%}"} for d in days],
            title="DAU / MAU (last 14 days)",
        )
        if len(document["dau_mau"]) > len(days):
            out.print(f"({len(document['dau_mau']):,} days; --json for all)")


def lifecycle(
    event: str = EVENT,
    interval: str = typer.Option("day", "--interval", help="day, week or month."),
    date_from: str | None = io.FROM,
    date_to: str | None = io.TO,
    where: list[str] | None = io.WHERE,
    segment: str | None = io.SEGMENT,
    db: Path | None = options.DB,
    project: str | None = options.PROJECT,
    json: bool = options.JSON,
    plot: Path | None = io.PLOT,
) -> None:
    """New, returning, resurrecting and dormant persons per interval (PostHog's rule)."""
    with options.open_workspace(db, project=project, read_only=True) as ws:
        result = ws.lifecycle(event, interval, **io.scope_args(date_from, date_to, where, segment))
    rows = result.to_dict()["intervals"]
    io.emit(result, json, f"Lifecycle per {interval}", plot, rows[-SHOWN:], limit=SHOWN)
    if not json and len(rows) > SHOWN:
        out.print(f"({len(rows):,} intervals, the last {SHOWN} shown; --json for all)")


def register(app: typer.Typer) -> None:
    app.command()(retention)
    app.command()(stickiness)
    app.command()(lifecycle)
