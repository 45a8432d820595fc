"""`whylens clv`: who will buy again, how often and for how much — BG/NBD and Gamma-Gamma fitted
on purchase events, with per-person P(alive), expected purchases and expected value."""

from __future__ import annotations

from pathlib import Path

import typer

from whylens.cli import insight_options as io
from whylens.cli import options
from whylens.cli.output import print_table


def clv(
    purchase_event: str = typer.Option(
        ..., "--purchase-event", help="The purchase event ('a|b' for any of several)."
    ),
    value_property: str | None = typer.Option(
        None, "--value-property", help="Property holding the purchase amount (fits Gamma-Gamma)."
    ),
    until: str | None = typer.Option(
        None,
        "--until",
        help="Last day of the calibration period, inclusive (default: last purchase day).",
    ),
    unit: str = typer.Option(
        "day", "--unit", help="Time unit of recency, T and alpha: day or week."
    ),
    horizon: str = typer.Option(
        "39w", "--horizon", help="Prediction horizon after --until, e.g. 39w, 90d."
    ),
    top: int | None = typer.Option(
        None, "--top", min=1, help="Only the N persons of highest expected value (or purchases)."
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
    """Customer lifetime value: BG/NBD (P(alive), expected purchases) and Gamma-Gamma (spend)."""
    with options.open_workspace(db, project=project, read_only=True) as ws:
        result = ws.clv(
            purchase_event,
            value_property=value_property,
            until=until,
            unit=unit,
            horizon=horizon,
            top=top if json else (top or 20),
            **io.scope_args(date_from, date_to, where, segment),
        )
    document = result.to_dict()
    if not json:
        fitted = {"model": "BG/NBD", **document["bgnbd"]}
        rows = [fitted]
        if document["gamma_gamma"]:
            rows.append({"model": "Gamma-Gamma", **document["gamma_gamma"]})
        print_table(
            rows,
            title=f"Fitted on {document['customers']:,} customers up to "
            f"{document['until']} (unit: {unit})",
        )
    title = f"Persons by expected {'value' if value_property else 'purchases'} over {horizon}"
    io.emit(result, json, title, plot, [_row(p) for p in document["persons"]])


def _row(person: dict) -> dict:
    return {
        key: person[key]
        for key in (
            "person_id",
            "frequency",
            "recency",
            "T",
            "monetary",
            "p_alive",
            "expected_purchases",
            "expected_value",
        )
    }


def register(app: typer.Typer) -> None:
    app.command()(clv)
