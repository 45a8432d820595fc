"""`whylens funnel`: persons through a sequence of steps, where they stop, and why."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from whylens.cli import insight_options as io
from whylens.cli import options
from whylens.cli.output import err, out, print_table
from whylens.errors import QueryError
from whylens.insights.funnels.correlation import DEFAULT_PROPERTIES
from whylens.insights.funnels.result import FunnelResult
from whylens.insights.funnels.spec import steps_with_filters

DROPPED_SHOWN = 50


def funnel(
    steps: list[str] = typer.Argument(
        ..., help="2 to 20 steps: an event, 'a|b' for any of several, '*' for any event."
    ),
    window: str = typer.Option(
        "14d", "--window", help="Conversion window from the step-1 event (90s, 30m, 7d) or none."
    ),
    order: str = typer.Option("ordered", "--order", help="ordered, strict or unordered."),
    step_where: list[str] | None = typer.Option(
        None, "--step-where", help="Filter one step, repeatable: N:FILTER, e.g. 2:'price > 10'."
    ),
    exclude: list[str] | None = typer.Option(
        None, "--exclude", help="Drop persons who do EVENT between two steps: 'EVENT:FROM-TO'."
    ),
    breakdown: str | None = io.BREAKDOWN,
    breakdown_limit: int = io.BREAKDOWN_LIMIT,
    attribution: str = typer.Option(
        "first_touch", "--attribution", help="Breakdown value at: first_touch, last_touch, step:N."
    ),
    hold: str | None = typer.Option(
        None, "--hold", help="A property all steps must share, e.g. session_id."
    ),
    trend: str | None = typer.Option(
        None, "--trend", help="Conversion by the period persons entered: day, week or month."
    ),
    correlation: bool = typer.Option(
        False, "--correlation", help="Events and property values that go with converting or not."
    ),
    correlation_property: list[str] | None = typer.Option(
        None,
        "--correlation-property",
        help=f"Property to correlate, repeatable (default: {', '.join(DEFAULT_PROPERTIES)}).",
    ),
    top: int = typer.Option(10, "--top", min=1, help="Correlation results shown each way."),
    dropped_at: int | None = typer.Option(
        None, "--dropped-at", help="List the persons whose furthest step was N."
    ),
    csv: Path | None = typer.Option(None, "--csv", help="With --dropped-at: write them to a CSV."),
    date_from: str | None = io.FROM,
    date_to: str | None = io.TO,
    where: list[str] | None = io.WHERE,
    segment: str | None = io.SEGMENT,
    db: Path | None = options.DB,
    project: str | None = options.PROJECT,
    json: bool = options.JSON,
    plot: Path | None = io.PLOT,
) -> None:
    """Persons per step of a funnel, conversion, drop-off and time between steps."""
    if csv is not None and dropped_at is None:
        raise QueryError("--csv writes the persons of --dropped-at N; add --dropped-at")
    with options.open_workspace(db, project=project, read_only=True) as ws:
        result = ws.funnel(
            steps_with_filters(steps, step_where),
            window=window,
            order=order,
            exclusions=list(exclude or []),
            breakdown=breakdown,
            attribution=attribution,
            breakdown_limit=breakdown_limit,
            hold=hold,
            trend=trend,
            **io.scope_args(date_from, date_to, where, segment),
        )
        if correlation:
            found = result.correlation(correlation_property or DEFAULT_PROPERTIES, top)
            result.document["correlation"] = found.to_dict()
        if dropped_at is not None:
            result.document["dropped"] = _dropped(result, dropped_at, csv, json)
    io.emit(result, json, "Funnel", plot, rows=[_step_row(s) for s in result.document["steps"]])
    if not json:
        for key, show in EXTRAS.items():
            if key in result.document:
                show(result.document[key])


def _dropped(result: FunnelResult, step: int, csv: Path | None, json: bool) -> dict[str, Any]:
    frame = result.dropped(step)
    document: dict[str, Any] = {"step": step, "count": len(frame)}
    if csv is not None:
        frame.to_csv(csv, index=False)
        document["csv"] = str(csv)
        if not json:
            err.print(f"{len(frame):,} persons who stopped at step {step} written to {csv}")
    else:
        document["persons"] = frame.to_dict("records")
    return document


def _step_row(step: dict[str, Any]) -> dict[str, Any]:
    return {
        "step": step["step"],
        "name": step["name"],
        "persons": step["persons"],
        "conversion": _percent(step["conversion"]),
        "from previous": _percent(step["conversion_from_previous"]),
        "dropped off": step["dropped_off"],
        "median time": _duration(step["median_time_from_previous_s"]),
        "mean time": _duration(step["mean_time_from_previous_s"]),
    }


def _print_breakdown(b: dict[str, Any]) -> None:
    rows = [
        {"value": v["value"]}
        | {
            f"{s['step']}. {s['name']}": f"{s['persons']:,} ({_percent(s['conversion'])})"
            for s in v["steps"]
        }
        for v in b["values"]
    ]
    print_table(rows, title=f"By {b['property']} ({b['attribution']})")


def _print_trend(trend: dict[str, Any]) -> None:
    rows = [{**p, "conversion": _percent(p["conversion"])} for p in trend["periods"]]
    print_table(rows, title=f"Conversion by {trend['interval']} of entry")


def _print_correlation(c: dict[str, Any]) -> None:
    groups = f"{c['converters']:,} converters, {c['dropped']:,} dropped"
    for direction, meaning in (("success", "converting"), ("failure", "dropping off")):
        rows = [
            {
                "kind": r["kind"],
                "name": r["name"],
                "value": r["value"],
                "converters": r["converters"],
                "dropped": r["dropped"],
                "odds ratio": r["odds_ratio"],
                "p": r["p_value"],
            }
            for r in c[direction]
        ]
        print_table(rows, title=f"Goes with {meaning} ({groups})")


def _print_dropped(d: dict[str, Any]) -> None:
    if "persons" not in d:
        return
    print_table(d["persons"][:DROPPED_SHOWN], title=f"Stopped at step {d['step']}")
    if d["count"] > DROPPED_SHOWN:
        out.print(f"({d['count']:,} persons, {DROPPED_SHOWN} shown; --csv FILE for all)")


EXTRAS = {
    "breakdown": _print_breakdown,
    "trend": _print_trend,
    "correlation": _print_correlation,
    "dropped": _print_dropped,
}


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def _duration(seconds: float | None) -> str:
    """Seconds as the two largest units: 3h 5m, 2d 4h, 45s."""
    if seconds is None or seconds != seconds:
        return "—"
    remaining, parts = round(seconds), []
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        if remaining >= size or (unit == "s" and not parts):
            parts.append(f"{remaining // size}{unit}")
            remaining %= size
    return " ".join(parts[:2])


def register(app: typer.Typer) -> None:
    app.command("funnel")(funnel)
