"""`whylens sessions`: visits, bounce, duration, pages, sources, new and returning persons."""

from __future__ import annotations

from pathlib import Path

import typer

from whylens.cli import insight_options as io
from whylens.cli import options
from whylens.cli.output import print_table
from whylens.insights.sessions import BOUNCE_RULES, SESSION_ATTRIBUTES


def sessions(
    interval: str = typer.Option("day", "--interval", help="hour, day, week or month."),
    bounce_rule: str = typer.Option(
        "posthog", "--bounce-rule", help=f"One of: {', '.join(BOUNCE_RULES)}."
    ),
    bounce_threshold: float = typer.Option(
        10, "--bounce-threshold", help="Seconds that make a visit engaged."
    ),
    top: int = typer.Option(10, "--top", min=1, help="Rows per table (pages, sources, ...)."),
    breakdown: str | None = typer.Option(
        None, "--breakdown", help=f"A session attribute: {', '.join(SESSION_ATTRIBUTES)}."
    ),
    date_from: str | None = io.FROM,
    date_to: str | None = io.TO,
    where: list[str] | None = io.WHERE,
    segment: str | None = io.SEGMENT,
    db: Path | None = options.DB,
    project: str | None = options.PROJECT,
    json: bool = options.JSON,
    plot: Path | None = io.PLOT,
) -> None:
    """Sessions and web metrics (definitions: docs/metrics.md)."""
    with options.open_workspace(db, project=project, read_only=True) as ws:
        result = ws.sessions(
            interval,
            bounce_rule=bounce_rule,
            bounce_threshold_s=bounce_threshold,
            breakdown=breakdown,
            top=top,
            **io.scope_args(date_from, date_to, where, segment),
        )
    doc = result.to_dict()
    figures = {
        "sessions": doc["sessions"],
        "persons": doc["persons"],
        "bounce rate": _pct(doc["bounce_rate"]),
        "pages per session": doc["pages_per_session"],
        "duration median / mean / p90 (s)": " / ".join(
            f"{doc['duration_s'][k] or 0:,.1f}" for k in ("median", "mean", "p90")
        ),
        "repeat visit rate": _pct(doc["repeat_visit_rate"]),
        "new / returning persons": f"{doc['new_persons']:,} / {doc['returning_persons']:,}",
    }
    summary = [{"metric": k, "value": v} for k, v in figures.items()]
    io.emit(result, json, f"Sessions ({doc['bounce_rule']} bounce rule)", plot, summary)
    if json:
        return
    print_table(_percent_rows(doc["entry_pages"]), title="Entry pages")
    print_table(_percent_rows(doc["exit_pages"], ("exit_rate",)), title="Exit pages")
    print_table(_percent_rows(doc["sources"]), title="Sources")
    print_table(_percent_rows(doc["devices"]), title="Devices")
    if doc.get("breakdown"):
        print_table(_percent_rows(doc["breakdown"]), title=f"By {breakdown}")


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def _percent_rows(rows: list[dict], columns: tuple[str, ...] = ("bounce_rate",)) -> list[dict]:
    return [{k: _pct(v) if k in columns else v for k, v in row.items()} for row in rows]


def register(app: typer.Typer) -> None:
    app.command()(sessions)
