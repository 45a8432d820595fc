"""Churn scores kept in the database for the `churn_risk_above` condition: scoring trains a model
(seconds), too slow to repeat inside every query that uses a segment, so the scores of the latest
scoring are stored and conditions read them (a refresh of the segment scores again)."""

from __future__ import annotations

from datetime import datetime

import pyarrow as pa

from whylens.engines.base import Engine
from whylens.errors import QueryError
from whylens.insights.scope import Scope

_TABLE = "_whylens_churn_scores"


def stored(engine: Engine, project_id: str, inactive_days: float) -> datetime | None:
    """When the stored scores were computed (their cutoff), or None if there are none."""
    return engine.scalar(
        "SELECT max(cutoff) FROM churn_scores WHERE project_id = $project AND inactive_days = $days",
        {"project": project_id, "days": inactive_days},
    )


def store(engine: Engine, project_id: str, inactive_days: float) -> int:
    """Train the churn model on the project's history, score every person of today's population
    and keep those scores in place of the previous ones; returns the persons scored."""
    from whylens.insights.churn import score, train  # scikit-learn: only when scoring

    if not engine.writable:
        raise QueryError("storing churn scores needs a writable database")
    scope = Scope(project_id)
    model = train(engine, scope, f"{inactive_days:g}d")
    frame = score(engine, scope, model, top=None)
    table = pa.table(
        {
            "person_id": pa.array(frame["person_id"].astype(str), pa.string()),
            "score": pa.array(frame["score"].astype(float), pa.float64()),
        }
    )
    p = {"project": project_id, "days": inactive_days, "cutoff": frame.attrs["cutoff"]}
    with engine.registered(_TABLE, table), engine.transaction():
        engine.execute(
            "DELETE FROM churn_scores WHERE project_id = $project AND inactive_days = $days",
            {"project": project_id, "days": inactive_days},
        )
        engine.execute(
            "INSERT INTO churn_scores (project_id, inactive_days, person_id, score, cutoff)"
            f" SELECT $project, $days, person_id, score, $cutoff FROM {_TABLE}",
            p,
        )
    return table.num_rows
