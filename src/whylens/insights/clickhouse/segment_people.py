"""The per-person rows behind segment comparison and auto-segmentation, on ClickHouse: the rows
of insights/segments/compare.py and features.py, each from one group per person over the scope's
events (the week-1 return tested on the person's event times as an array, not by joining the
events again)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pandas as pd

from whylens.engines.base import Engine
from whylens.insights.clickhouse import where
from whylens.insights.clickhouse.funnel_sql import FunnelRelation
from whylens.insights.dialects import implements
from whylens.insights.params import Params
from whylens.insights.properties import Property
from whylens.insights.scope import Scope
from whylens.insights.segments.compare import CHURN_INACTIVE_DAYS
from whylens.insights.segments.features import MIX_EVENTS, NOT_MIX, Money


def _amount(params: Params, value_property: str | None) -> str:
    """The value property as a number (NULL when it is missing or not a number)."""
    if not value_property:
        return "CAST(NULL AS Nullable(Float64))"
    return where.fragment(
        f"TRY_CAST({Property(value_property).sql(params, 'e')} AS DOUBLE)", params
    )


@implements("segment_mix_events", "clickhouse")
def mix_events(engine: Engine, scope: Scope, limit: int = MIX_EVENTS) -> list[str]:
    params = Params()
    rows = engine.query(
        f"SELECT e.event AS event, count() AS n FROM {where.events(scope)}"
        f" WHERE {where.conditions(scope, params)} AND e.event NOT IN {params.add_all(list(NOT_MIX))}"
        f" GROUP BY event ORDER BY n DESC, event LIMIT {int(limit)}",
        params,
    ).to_pylist()
    return [r["event"] for r in rows]


@implements("segment_behavior", "clickhouse")
def behavior_rows(engine: Engine, scope: Scope, money: Money, events: list[str]) -> pd.DataFrame:
    params = Params()
    purchase = params.add(money.event)
    counts = "".join(
        f", countIf(event = {params.add(name)}) AS c{i}" for i, name in enumerate(events)
    )
    ev = (
        f"SELECT e.person_id AS person_id, e.session_id AS session_id, e.timestamp AS ts,"
        f" e.event AS event, if(e.event = {purchase}, {_amount(params, money.value)}, NULL)"
        f" AS amount FROM {where.events(scope)} WHERE {where.conditions(scope, params)}"
    )
    stop = f"(SELECT max(e.timestamp) FROM {where.events(scope)} WHERE {where.conditions(scope, params)})"
    sql = f"""
        SELECT p.person_id AS person_id,
            dateDiff('second', p.last, {stop}) / 86400.0 AS recency_days,
            dateDiff('second', p.first, {stop}) / 86400.0 AS tenure_days,
            p.active_days AS active_days, p.sessions AS sessions,
            p.sessions / (greatest(tenure_days, 7) / 7) AS sessions_per_week,
            coalesce(l.session_minutes, 0) AS session_minutes,
            p.events / greatest(p.sessions, 1) AS events_per_session,
            p.purchases AS purchases, p.revenue AS revenue, toInt32(p.purchases > 0) AS buyer,
            p.events AS events{"".join(f", p.c{i} AS c{i}" for i in range(len(events)))}
        FROM (
            SELECT person_id, count() AS events, uniqExact(session_id) AS sessions,
                uniqExact(toDate32(ts)) AS active_days, min(ts) AS first, max(ts) AS last,
                countIf(event = {purchase}) AS purchases,
                coalesce(sum(amount), 0) AS revenue{counts}
            FROM ({ev}) GROUP BY person_id
        ) p
        LEFT JOIN (
            SELECT person_id, avg(minutes) AS session_minutes FROM (
                SELECT person_id, session_id,
                    dateDiff('millisecond', min(ts), max(ts)) / 60000.0 AS minutes
                FROM ({ev}) GROUP BY person_id, session_id
            ) GROUP BY person_id
        ) l ON l.person_id = p.person_id
        ORDER BY person_id
    """
    return engine.query(sql, params).to_pandas()


@implements("segment_compare_persons", "clickhouse")
def compare_persons(
    engine: Engine, scope: Scope, span: Any, purchase_event: str, value_property: str | None
) -> pd.DataFrame:
    params = Params()
    purchase = params.add(purchase_event)
    project = params.add(scope.project_id)
    # without events in range nobody is active, so the moment does not matter
    cutoff = params.add(span[1] - timedelta(days=14) if span else datetime(1970, 1, 1))
    sessions_in = (
        f"SELECT e.session_id FROM {where.events(scope)} WHERE {where.conditions(scope, params)}"
    )
    sql = f"""
        SELECT p.person_id AS person_id, p.sessions AS sessions, p.buyer AS buyer, 1 AS one,
            p.revenue AS revenue, coalesce(v.counted, 0) AS counted,
            coalesce(v.bounced, 0) AS bounced, toInt32(p.first <= {cutoff}) AS eligible,
            if(p.first <= {cutoff}, p.returned, 0) AS returned, c.score AS churn_score
        FROM (
            SELECT e.person_id AS person_id, uniqExact(e.session_id) AS sessions,
                min(e.timestamp) AS first, toInt32(countIf(e.event = {purchase}) > 0) AS buyer,
                coalesce(sumIf({_amount(params, value_property)}, e.event = {purchase}), 0)
                    AS revenue,
                toInt32(arrayExists(t -> t >= first + toIntervalDay(7)
                    AND t < first + toIntervalDay(14), groupArray(e.timestamp))) AS returned
            FROM {where.events(scope)} WHERE {where.conditions(scope, params)}
            GROUP BY person_id
        ) p
        LEFT JOIN (
            SELECT person_id, countIf(is_bounce IS NOT NULL) AS counted,
                countIf(is_bounce) AS bounced
            FROM sessions WHERE project_id = {project} AND session_id IN ({sessions_in})
            GROUP BY person_id
        ) v ON v.person_id = p.person_id
        LEFT JOIN (
            SELECT person_id, score FROM churn_scores
            WHERE project_id = {project} AND inactive_days = {params.add(CHURN_INACTIVE_DAYS)}
        ) c ON c.person_id = p.person_id
        ORDER BY person_id
    """
    frame = engine.query(sql, params).to_pandas()
    frame["eligible"] = frame["eligible"].fillna(0)
    return frame


@implements("segment_compare_funnel", "clickhouse")
def funnel_reached(engine: Engine, spec: Any, scope: Scope) -> dict[str, int]:
    params = Params()
    sql = f"SELECT pid, reached FROM ({FunnelRelation(spec, scope, params).sql()})"
    return {r["pid"]: r["reached"] for r in engine.query(sql, params).to_pylist()}
