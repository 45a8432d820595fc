"""Funnels on ClickHouse: the documents of insights/funnels/, each an aggregate over the funnel
relation of funnel_sql.py (one attempt per person), as insights/funnels/summary.py computes them
over DuckDB's: persons per step with times between steps (mean, exact median, histogram) overall
and per breakdown value, the trend by entry period, and who dropped off at a step.

Why not windowFunnel: it answers how far each person got, but not when each step happened, which
attempt that was or its breakdown value (every document here needs them); and at one instant it
lets one event serve two steps, which docs/metrics.md rules out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from whylens.engines.base import Engine
from whylens.errors import QueryError
from whylens.insights.clickhouse import where
from whylens.insights.clickhouse.funnel_correlation import correlate
from whylens.insights.clickhouse.funnel_sql import FunnelRelation
from whylens.insights.dialects import implements
from whylens.insights.funnels import summary
from whylens.insights.funnels.correlation import DEFAULT_PROPERTIES, FunnelCorrelation
from whylens.insights.funnels.query import breakdown_document
from whylens.insights.funnels.result import FunnelResult
from whylens.insights.funnels.spec import DEFAULT_WINDOW, FunnelSpec, build_spec
from whylens.insights.params import Params
from whylens.insights.result import recorded
from whylens.insights.scope import Scope
from whylens.insights.units import interval as check_interval


class ClickHouseFunnel:
    """The SQL of one funnel's reports over its relation."""

    def __init__(self, spec: FunnelSpec, scope: Scope) -> None:
        self.spec, self.scope = spec, scope

    def labelled(self, params: Params) -> str:
        """(pid, reached, us, value): the breakdown value of each attempt, the values with most
        persons kept (ties by value), the rest `other`, no value `(none)`."""
        funnel = FunnelRelation(self.spec, self.scope, params).sql()
        if self.spec.breakdown is None:
            return (
                f"SELECT pid, reached, us, CAST(NULL AS Nullable(String)) AS value FROM ({funnel})"
            )
        none, other = params.add(summary.NONE), params.add(summary.OTHER)
        limit = params.add(self.spec.breakdown_limit)
        return (
            f"SELECT pid, reached, us, if(r <= {limit}, raw, {other}) AS value FROM ("
            "SELECT *, dense_rank() OVER (ORDER BY n DESC, raw) AS r FROM ("
            f"SELECT pid, reached, us, coalesce(b, {none}) AS raw,"
            f" count() OVER (PARTITION BY coalesce(b, {none})) AS n FROM ({funnel})))"
        )

    def step_rows(self, engine: Engine) -> list[dict[str, Any]]:
        """summary.step_rows: per step (and value) persons, mean and median seconds from the
        previous step and their histogram; `total` marks the rows over all values."""
        params = Params()
        seconds = "if(k > 1, (us[k] - us[k - 1]) / 1e6, NULL)"
        bins = " + ".join(f"(d >= {edge})" for edge in summary.TIME_BINS[1:])
        counts = ", ".join(f"countIf(bin = {i})" for i in range(len(summary.TIME_BINS)))
        # without a breakdown, only the step groups (a NULL key would double the grouping's cost)
        groups = "GROUPING SETS ((k), (value, k))" if self.spec.breakdown else "k"
        total = "grouping(value) = 1" if self.spec.breakdown else "true"
        value = "value" if self.spec.breakdown else "CAST(NULL AS Nullable(String)) AS value"
        sql = (
            f"SELECT {value}, k AS step, count() AS persons, avg(d) AS mean_s,"
            f" quantileExactInclusive(0.5)(d) AS median_s, [{counts}] AS bins, {total} AS total"
            f" FROM (SELECT value, k, {seconds} AS d, if(d IS NULL, NULL, {bins}) AS bin"
            f" FROM ({self.labelled(params)}) ARRAY JOIN range(1, reached + 1) AS k)"
            f" GROUP BY {groups}"
        )
        rows = engine.query(sql, params).to_pylist()
        for row in rows:
            row["bins"] = [(i, n) for i, n in enumerate(row["bins"]) if n]
            if not self.spec.breakdown:
                row["value"] = None
        return rows

    def trend(self, engine: Engine, interval: str) -> list[dict[str, Any]]:
        """summary.trend: per period of the attempt's step-1 event, persons entered and
        converted, and the rate."""
        params = Params()
        start = where.BUCKET[interval].format(c="fromUnixTimestamp64Micro(us[1], 'UTC')")
        sql = (
            f"SELECT {start} AS period, count() AS entered,"
            f" countIf(reached = {self.spec.n}) AS converted"
            f" FROM ({FunnelRelation(self.spec, self.scope, params).sql()})"
            " GROUP BY period ORDER BY period"
        )
        return [
            {
                **r,
                "period": r["period"].isoformat(),
                "conversion": r["converted"] / r["entered"] if r["entered"] else None,
            }
            for r in engine.query(sql, params).to_pylist()
        ]

    def dropped(self, engine: Engine, step: int) -> list[dict[str, Any]]:
        """summary.dropped: persons whose attempt stopped at `step`, with its time (and value)."""
        params = Params()
        value = ", value AS breakdown" if self.spec.breakdown else ""
        at = params.add(step)
        sql = (
            f"SELECT pid AS person_id, fromUnixTimestamp64Micro(us[{at}], 'UTC')"
            f" AS last_step_time{value} FROM ({self.labelled(params)})"
            f" WHERE reached = {at} ORDER BY person_id"
        )
        return engine.query(sql, params).to_pylist()


class ClickHouseFunnelResult(FunnelResult):
    """A FunnelResult whose follow-up questions (dropped, correlation) run on ClickHouse too."""

    def dropped(self, step: int) -> pd.DataFrame:
        if not 1 <= step < self.spec.n:
            raise QueryError(f"dropped(step) needs 1 <= step < {self.spec.n}, not {step}")
        rows = ClickHouseFunnel(self.spec, self.scope).dropped(self._engine, step)
        columns = ["person_id", "last_step_time"] + (["breakdown"] if self.spec.breakdown else [])
        return pd.DataFrame(rows, columns=columns)

    def correlation(
        self, properties: Sequence[str] = DEFAULT_PROPERTIES, top: int = 10
    ) -> FunnelCorrelation:
        with recorded(self._engine) as (engine, log):
            document = correlate(engine, self.spec, self.scope, properties, top)
        return FunnelCorrelation(document, log)


@implements("funnel", "clickhouse")
def funnel(
    engine: Engine,
    scope: Scope,
    steps: Sequence[Any],
    *,
    window: str | int | float | None = DEFAULT_WINDOW,
    order: str = "ordered",
    exclusions: Sequence[Any] | None = None,
    breakdown: str | None = None,
    attribution: str = "first_touch",
    breakdown_limit: int = 10,
    hold: str | None = None,
    trend: str | None = None,
) -> FunnelResult:
    spec = build_spec(
        steps, window, order, exclusions, breakdown, attribution, breakdown_limit, hold
    )
    interval = check_interval(trend) if trend else None
    queries = ClickHouseFunnel(spec, scope)
    with recorded(engine) as (logged, log):
        rows = queries.step_rows(logged)
        document: dict[str, Any] = {
            "kind": "funnel",
            "scope": scope.describe(),
            **spec.describe(),
            "steps": summary.steps_document(spec, [r for r in rows if r["total"]]),
        }
        if spec.breakdown:
            document["breakdown"] = breakdown_document(spec, rows)
        if interval:
            document["trend"] = {"interval": interval, "periods": queries.trend(logged, interval)}
    return ClickHouseFunnelResult(document, log, engine, spec, scope)


@implements("funnel_correlation", "clickhouse")
def funnel_correlation(
    engine: Engine,
    scope: Scope,
    steps: Sequence[Any],
    *,
    window: str | int | float | None = DEFAULT_WINDOW,
    order: str = "ordered",
    exclusions: Sequence[Any] | None = None,
    hold: str | None = None,
    properties: Sequence[str] = DEFAULT_PROPERTIES,
    top: int = 10,
) -> FunnelCorrelation:
    spec = build_spec(steps, window, order, exclusions, hold=hold)
    with recorded(engine) as (logged, log):
        document = correlate(logged, spec, scope, properties, top)
    return FunnelCorrelation(document, log)
