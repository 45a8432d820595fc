"""Churn prediction: behavioral features per person at a cutoff, a model judged on a later period
than it learned from, and the persons most at risk now with their reasons (see docs/churn.md).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from whylens.engines.base import Engine
from whylens.insights.churn.features import Events
from whylens.insights.churn.model import ChurnModel, score, train
from whylens.insights.result import InsightResult, recorded
from whylens.insights.scope import Scope

#: per-person fields of the at-risk list besides the score and reasons
SHOWN = (
    "days_since_last_seen",
    "sessions_recent",
    "sessions_previous",
    "active_days_recent",
    "key_event",
)

__all__ = ["ChurnModel", "ChurnResult", "Events", "at_risk", "churn", "score", "train"]


class ChurnResult(InsightResult):
    kind = "churn"

    @property
    def df(self) -> pd.DataFrame:
        rows = [{**p, "reasons": "; ".join(p["reasons"])} for p in self.document["persons"]]
        return pd.DataFrame(rows, columns=["person_id", "score", "reasons", *SHOWN])

    def plot(self) -> Any:
        import plotly.graph_objects as go

        deciles = self.document["model"]["evaluation"]["deciles"] if self.document["model"] else []
        figure = go.Figure()
        figure.add_bar(
            x=[d["decile"] for d in deciles], y=[d["lift"] for d in deciles], name="lift"
        )
        figure.update_layout(
            title="Lift by score decile on the held-out period",
            xaxis_title="decile (1 = highest risk)",
            yaxis_title="lift",
        )
        return figure


def at_risk(
    engine: Engine,
    scope: Scope,
    model: ChurnModel,
    at: Any = None,
    top: int | None = 100,
    with_model: bool = True,
) -> ChurnResult:
    """The at-risk list of a trained model (most at risk first), as an insight result."""
    with recorded(engine) as (logged, log):
        frame = score(logged, scope, model, at, top)
    persons = [
        {
            "person_id": row["person_id"],
            "score": float(row["score"]),
            "reasons": row["reasons"],
            **{k: (None if pd.isna(row[k]) else row[k]) for k in SHOWN},
        }
        for row in frame.to_dict("records")
    ]
    document = {
        "cutoff": frame.attrs["cutoff"].isoformat(),
        "inactive_days": model.inactive_days,
        "scope": scope.describe(),
        "model": model.summary() if with_model else None,
        "persons": persons,
    }
    return ChurnResult(document, log)


def churn(
    engine: Engine,
    scope: Scope,
    inactive: str = "30d",
    top: int | None = 100,
    names: Events = Events(),
    at: Any = None,
) -> ChurnResult:
    """Train on the history (time-split evaluation included) and list who is at risk now."""
    model = train(engine, scope, inactive, names)
    return at_risk(engine, scope, model, at, top)
