"""`whylens churn`: who is about to stop coming, and why — train a model on the history, check it
on a later period, and list the persons most at risk with their reasons (`train`, `score`)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import typer

from whylens.cli import insight_options as io
from whylens.cli import options
from whylens.cli.output import err, print_json, print_table
from whylens.errors import ConfigError
from whylens.insights import churn as churn_insight
from whylens.insights.churn import ChurnModel, ChurnResult, Events

app = typer.Typer(help="Churn prediction: train, check on a later period, list persons at risk.")

INACTIVE = typer.Option("30d", "--inactive", help="Churned = no event for this long (e.g. 30d).")
CANCEL = typer.Option(
    "cancel_subscription",
    "--cancel-event",
    help="An event that means the person left (churned at once).",
)
TOP = typer.Option(100, "--top", min=1, help="Persons listed, most at risk first.")
CSV = typer.Option(None, "--csv", help="Also write the at-risk list to this CSV file.")
MODEL = typer.Option(Path("whylens-churn.joblib"), "--model", help="Model file written by train.")
AT = typer.Option(
    None, "--at", help="Score as of this date (default: the day after the data ends)."
)


@app.callback(invoke_without_command=True)
def churn(
    ctx: typer.Context,
    inactive: str = INACTIVE,
    cancel_event: str = CANCEL,
    top: int = TOP,
    csv_path: Path | None = CSV,
    date_from: str | None = io.FROM,
    date_to: str | None = io.TO,
    where: list[str] | None = io.WHERE,
    segment: str | None = io.SEGMENT,
    db: Path | None = options.DB,
    project: str | None = options.PROJECT,
    json: bool = options.JSON,
) -> None:
    """Without a subcommand: train, then list the persons most at risk with their reasons."""
    if ctx.invoked_subcommand is not None:
        return
    with options.open_workspace(db, project=project, read_only=True) as ws:
        scope = ws.scope(**io.scope_args(date_from, date_to, where, segment))
        result = churn_insight.churn(ws.engine, scope, inactive, top, Events(cancel=cancel_event))
    _emit(result, json, csv_path)


@app.command()
def train(
    inactive: str = INACTIVE,
    cancel_event: str = CANCEL,
    model: Path = MODEL,
    date_from: str | None = io.FROM,
    date_to: str | None = io.TO,
    where: list[str] | None = io.WHERE,
    segment: str | None = io.SEGMENT,
    db: Path | None = options.DB,
    project: str | None = options.PROJECT,
    json: bool = options.JSON,
) -> None:
    """Train on an earlier cutoff, report AUC, precision at k, calibration, lift and drivers on
    the later one, and save the model (refit on the latest labelled period) to --model."""
    with options.open_workspace(db, project=project, read_only=True) as ws:
        scope = ws.scope(**io.scope_args(date_from, date_to, where, segment))
        fitted = churn_insight.train(ws.engine, scope, inactive, Events(cancel=cancel_event))
    import joblib  # with scikit-learn; not at start-up

    joblib.dump(fitted, model)
    summary = {**fitted.summary(), "model_file": str(model)}
    if json:
        print_json(summary)
        return
    evaluation = summary["evaluation"]
    print_table(
        [
            {
                "held-out persons": evaluation["persons"],
                "churn rate": evaluation["churn_rate"],
                "AUC": evaluation["auc"],
                f"precision at top {evaluation['k']}": evaluation["precision_at_k"],
            }
        ],
        title=f"Trained at {summary['train_cutoff'][:10]}, checked at "
        f"{summary['eval_cutoff'][:10]}",
    )
    print_table(evaluation["deciles"], title="Calibration and lift by score decile")
    print_table(summary["drivers"][:8], title="Drivers (permutation importance, held-out AUC)")
    err.print(f"model saved to {model}")


@app.command()
def score(
    model: Path = MODEL,
    top: int = TOP,
    at: str | None = AT,
    csv_path: Path | None = CSV,
    date_from: str | None = io.FROM,
    date_to: str | None = io.TO,
    where: list[str] | None = io.WHERE,
    segment: str | None = io.SEGMENT,
    db: Path | None = options.DB,
    project: str | None = options.PROJECT,
    json: bool = options.JSON,
) -> None:
    """Score persons with a saved model: the at-risk list with score and reasons."""
    fitted = _load(model)
    with options.open_workspace(db, project=project, read_only=True) as ws:
        scope = ws.scope(**io.scope_args(date_from, date_to, where, segment))
        result = churn_insight.at_risk(ws.engine, scope, fitted, at, top, with_model=False)
    _emit(result, json, csv_path)


def _load(path: Path) -> ChurnModel:
    if not path.exists():
        raise ConfigError(f"{path}: no such model file (run `whylens churn train` first)")
    import joblib

    fitted = joblib.load(path)
    if not isinstance(fitted, ChurnModel):
        raise ConfigError(f"{path} is not a whylens churn model")
    return fitted


def _emit(result: ChurnResult, json: bool, csv_path: Path | None) -> None:
    document = result.to_dict()
    if csv_path is not None:
        _write_csv(csv_path, document["persons"])
        err.print(f"at-risk list written to {csv_path}")
    if json:
        print_json(document)
        return
    model = document["model"]
    if model:
        auc = model["evaluation"]["auc"]
        err.print(
            f"held-out AUC {auc:.3f} at {model['eval_cutoff'][:10]}"
            if auc is not None
            else "held-out AUC not defined (one class only)"
        )
    rows = [
        {"person_id": p["person_id"], "score": p["score"], "reasons": "; ".join(p["reasons"])}
        for p in document["persons"]
    ]
    print_table(rows, title=f"Persons at risk as of {document['cutoff'][:10]}")


def _write_csv(path: Path, persons: list[dict[str, Any]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["person_id", "score", "reason_1", "reason_2", "reason_3"])
        for p in persons:
            writer.writerow(
                [p["person_id"], f"{p['score']:.6f}", *(p["reasons"] + ["", "", ""])[:3]]
            )


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="churn")
