"""Customer lifetime value for non-contractual purchasing: BG/NBD for how many purchases and
whether a customer is still alive, Gamma-Gamma for how much they spend (see docs/clv.md).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from whylens.engines.base import Engine
from whylens.insights.clv import bgnbd, gamma_gamma
from whylens.insights.clv.summaries import Summaries, summaries, unit_days
from whylens.insights.result import InsightResult, recorded
from whylens.insights.scope import Scope
from whylens.insights.units import duration_s

PERSON_COLUMNS = (
    "person_id",
    "frequency",
    "recency",
    "T",
    "monetary",
    "p_alive",
    "expected_purchases",
    "expected_spend",
    "expected_value",
)


class ClvResult(InsightResult):
    kind = "clv"

    @property
    def df(self) -> pd.DataFrame:
        return pd.DataFrame(self.document["persons"], columns=list(PERSON_COLUMNS))

    def plot(self) -> Any:
        import plotly.graph_objects as go

        frame = self.df
        figure = go.Figure()
        figure.add_scatter(
            x=frame["recency"],
            y=frame["frequency"],
            mode="markers",
            text=frame["person_id"],
            marker={
                "color": frame["p_alive"],
                "colorscale": "Viridis",
                "showscale": True,
                "colorbar": {"title": "P(alive)"},
            },
        )
        figure.update_layout(
            title="P(alive) by recency and frequency",
            xaxis_title=f"recency ({self.document['unit']}s)",
            yaxis_title="repeat purchase days",
        )
        return figure


def clv(
    engine: Engine,
    scope: Scope,
    purchase_event: Any,
    value_property: str | None = None,
    until: Any = None,
    unit: str = "day",
    horizon: str = "39w",
    top: int | None = None,
) -> ClvResult:
    """Fit BG/NBD (and Gamma-Gamma with a value property) on purchases up to `until` (inclusive);
    per person P(alive), expected purchases and value over `horizon` after it."""
    per_unit = unit_days(unit)
    span = float(duration_s(horizon)) / 86400 / per_unit
    with recorded(engine) as (logged, log):
        data = summaries(logged, scope, purchase_event, value_property, until, unit)
    model = bgnbd.fit(data.frequency, data.recency, data.age)
    spend = gamma_gamma.fit(data.frequency, data.monetary) if value_property else None
    document = {
        "purchase_event": str(purchase_event),
        "value_property": value_property,
        "until": data.until.isoformat(),
        "unit": unit,
        "horizon": horizon,
        "horizon_units": span,
        "customers": len(data),
        "bgnbd": model.to_dict(),
        "gamma_gamma": spend.to_dict() if spend else None,
        "scope": scope.describe(),
        "persons": _persons(data, model, spend, span, top),
    }
    return ClvResult(document, log)


def _persons(
    data: Summaries,
    model: bgnbd.BgNbd,
    spend: gamma_gamma.GammaGamma | None,
    span: float,
    top: int | None,
) -> list[dict[str, Any]]:
    """Per-person predictions, by expected value (or purchases) first, ties by person id."""
    x, t_x, T = data.frequency, data.recency, data.age
    purchases = model.expected_purchases(span, x, t_x, T)
    per_purchase = spend.expected_spend(x, data.monetary) if spend else np.full(len(x), np.nan)
    frame = pd.DataFrame(
        {
            "person_id": data.person_id,
            "frequency": x.astype(int),
            "recency": t_x,
            "T": T,
            "monetary": np.where(x > 0, data.monetary, np.nan),
            "p_alive": model.p_alive(x, t_x, T),
            "expected_purchases": purchases,
            "expected_spend": per_purchase,
            "expected_value": purchases * per_purchase,
        }
    )
    key = "expected_value" if spend else "expected_purchases"
    frame = frame.sort_values([key, "person_id"], ascending=[False, True], kind="stable")
    if top is not None:
        frame = frame.head(int(top))
    records = frame.astype(object).where(frame.notna(), None).to_dict("records")
    return [
        {k: (float(v) if isinstance(v, np.floating) else v) for k, v in r.items()} for r in records
    ]
