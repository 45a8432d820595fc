"""`whylens adoption`: which features active persons use, how soon, how often and for how long,
and which ones are gathering dust."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from whylens.cli import insight_options as io
from whylens.cli import options
from whylens.cli.output import print_table


def adoption(
    features: list[str] = typer.Argument(
        ..., help="Feature events, one per feature; 'a|b' counts either as the same feature."
    ),
    active: str = typer.Option(
        "*", "--active", help="Events that make a person active ('*': any event)."
    ),
    weeks_retained: int = typer.Option(
        4, "--weeks-retained", min=1, help="N: still using a feature N weeks after first use."
    ),
    interval: str = typer.Option(
        "week", "--interval", help="Trend interval: hour, day, week, month."
    ),
    low_adoption: float = typer.Option(
        0.2,
        "--low-adoption",
        min=0,
        max=1,
        help="Adoption rate below which a falling feature is gathering dust.",
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
    """Feature adoption: rate, time to adopt, depth, retention and trend per feature; breadth."""
    with options.open_workspace(db, project=project, read_only=True) as ws:
        result = ws.adoption(
            features,
            active=active,
            weeks_retained=weeks_retained,
            interval=interval,
            low_adoption=low_adoption,
            **io.scope_args(date_from, date_to, where, segment),
        )
    document = result.to_dict()
    rows = [_row(f) for f in document["features"]]
    io.emit(result, json, "Feature adoption (gathering dust first)", plot, rows)
    if not json:
        breadth = document["breadth"]
        print_table(
            breadth["distribution"],
            title=f"Breadth: mean {_number(breadth['mean'])} features per active person",
        )


def _row(feature: dict[str, Any]) -> dict[str, Any]:
    """Short headings and percentages, so the table fits a terminal (--json has every field)."""
    slope = feature["trend_slope"]
    return {
        "feature": feature["feature"],
        "adopters": feature["adopters"],
        "adoption": _percent(feature["adoption_rate"]),
        "days": _number(feature["median_days_to_adopt"]),
        "uses/wk": _number(feature["uses_per_adopter_week"]),
        "retained": _percent(feature["retained_rate"]),
        "active a/o": f"{_percent(feature['adopter_active_rate'])}"
        f"/{_percent(feature['non_adopter_active_rate'])}",
        "trend": "—" if slope is None else f"{slope * 100:+.1f}pt",
        "dust": "yes" if feature["gathering_dust"] else "",
    }


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def register(app: typer.Typer) -> None:
    app.command()(adoption)
