"""`whylens trends`: events over time."""

from __future__ import annotations

from pathlib import Path

import typer

from whylens.cli import insight_options as io
from whylens.cli import options
from whylens.insights.trends import MEASURES

SHOWN = 14


def trends(
    events: list[str] = typer.Argument(
        None, help="Event names; 'a|b' for any of several; '*' for all."
    ),
    interval: str = typer.Option("day", "--interval", help="hour, day, week or month."),
    measure: str = typer.Option("total", "--measure", help=f"One of: {', '.join(MEASURES)}."),
    compare: bool = typer.Option(
        False, "--compare", help="Add the previous period of equal length."
    ),
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
    """Counts, unique persons, per-person averages or DAU/WAU/MAU per interval."""
    with options.open_workspace(db, project=project, read_only=True) as ws:
        result = ws.trends(
            events or ["*"],
            interval,
            measure,
            breakdown=breakdown,
            breakdown_limit=breakdown_limit,
            compare=compare,
            **io.scope_args(date_from, date_to, where, segment),
        )
    document = result.to_dict()
    labels = [
        s["name"] + ("" if s["breakdown"] is None and not breakdown else f" · {s['breakdown']}")
        for s in document["series"]
    ]
    dates = [p["date"] for p in document["series"][0]["data"]] if document["series"] else []
    rows = [
        {
            "date": d.replace("T00:00:00", ""),
            **{label: s["data"][i]["value"] for label, s in zip(labels, document["series"])},
        }
        for i, d in enumerate(dates)
    ][-SHOWN:]
    totals = {label: s["total"] for label, s in zip(labels, document["series"])}
    rows.append({"date": "total", **totals})
    if compare:
        rows.append(
            {
                "date": "change vs previous",
                **{
                    label: _percent(s.get("change")) for label, s in zip(labels, document["series"])
                },
            }
        )
    io.emit(result, json, f"Trends: {measure} per {interval}", plot, rows, limit=SHOWN + 2)


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:+.1%}"


def register(app: typer.Typer) -> None:
    app.command()(trends)
