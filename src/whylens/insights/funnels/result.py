"""A funnel's answer: steps (and per breakdown value, and by entry period) as data and a chart,
plus the questions that follow from it, asked of the same funnel: who dropped off, and why."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import pandas as pd
import pyarrow as pa

from whylens.engines.base import Engine
from whylens.errors import QueryError
from whylens.insights.funnels import summary
from whylens.insights.funnels.correlation import DEFAULT_PROPERTIES, FunnelCorrelation, correlate
from whylens.insights.funnels.spec import FunnelSpec
from whylens.insights.result import InsightResult, QueryLog, recorded
from whylens.insights.scope import Scope

STEP_COLUMNS = [
    "step",
    "name",
    "persons",
    "conversion",
    "conversion_from_previous",
    "dropped_off",
    "drop_off_rate",
    "mean_time_from_previous_s",
    "median_time_from_previous_s",
]


class FunnelResult(InsightResult):
    """`df`: persons and conversion per step; `breakdown_df`, `trend_df`, `time_to_convert_df`;
    `dropped(step)` and `correlation()` ask the same funnel more, from its attempts (one row per
    person who entered), found once and kept while the result lives."""

    kind = "funnel"

    def __init__(
        self,
        document: dict[str, Any],
        queries: QueryLog,
        engine: Engine,
        spec: FunnelSpec,
        scope: Scope,
    ) -> None:
        super().__init__(document, queries)
        self._engine, self.spec, self.scope = engine, spec, scope
        self._attempts: pa.Table | None = None

    @contextmanager
    def kept(self, engine: Engine | None = None) -> Iterator[str]:
        """The funnel's attempts registered on the engine for a block, under the name yielded
        (found with `engine`, which records the query, the first time)."""
        engine = engine or self._engine
        if self._attempts is None:
            self._attempts = summary.attempts(engine, self.spec, self.scope)
        with engine.registered(f"_whylens_funnel_{uuid.uuid4().hex}", self._attempts) as name:
            yield name

    @property
    def df(self) -> pd.DataFrame:
        return pd.DataFrame(self.document["steps"], columns=STEP_COLUMNS)

    @property
    def breakdown_df(self) -> pd.DataFrame:
        """One row per breakdown value and step (empty without a breakdown)."""
        values = self.document.get("breakdown", {}).get("values", [])
        rows = [
            {"value": v["value"], **{c: s[c] for c in STEP_COLUMNS}}
            for v in values
            for s in v["steps"]
        ]
        return pd.DataFrame(rows, columns=["value", *STEP_COLUMNS])

    @property
    def trend_df(self) -> pd.DataFrame:
        periods = self.document.get("trend", {}).get("periods", [])
        return pd.DataFrame(periods, columns=["period", "entered", "converted", "conversion"])

    @property
    def time_to_convert_df(self) -> pd.DataFrame:
        """Histogram of the time from the previous step, per step from step 2."""
        rows = [
            {"step": s["step"], **b} for s in self.document["steps"] for b in s["time_histogram"]
        ]
        return pd.DataFrame(rows, columns=["step", "from_s", "to_s", "persons"])

    def dropped(self, step: int) -> pd.DataFrame:
        """The persons whose furthest step was `step` (they did not reach step + 1)."""
        if not 1 <= step < self.spec.n:
            raise QueryError(f"dropped(step) needs 1 <= step < {self.spec.n}, not {step}")
        with self.kept() as kept:
            rows = summary.dropped(self._engine, self.spec, self.scope, step, kept)
        columns = ["person_id", "last_step_time"] + (["breakdown"] if self.spec.breakdown else [])
        return pd.DataFrame(rows, columns=columns)

    def correlation(
        self, properties: Sequence[str] = DEFAULT_PROPERTIES, top: int = 10
    ) -> FunnelCorrelation:
        """What converters did (or had) that drop-offs did not, and the reverse."""
        with recorded(self._engine) as (engine, log), self.kept(engine) as kept:
            document = correlate(engine, self.spec, self.scope, properties, top, kept)
        return FunnelCorrelation(document, log)

    def plot(self) -> Any:
        import plotly.graph_objects as go

        figure = go.Figure()
        groups = self.document.get("breakdown", {}).get("values") or [
            {"value": "all", "steps": self.document["steps"]}
        ]
        for group in groups:
            steps = group["steps"]
            figure.add_bar(
                x=[f"{s['step']}. {s['name']}" for s in steps],
                y=[s["persons"] for s in steps],
                name=str(group["value"]),
                text=[
                    f"{s['conversion']:.1%}" if s["conversion"] is not None else "" for s in steps
                ],
            )
        figure.update_layout(
            title=f"Funnel ({self.document['order']})",
            yaxis_title="persons",
            barmode="group",
            showlegend=len(groups) > 1,
        )
        return figure
