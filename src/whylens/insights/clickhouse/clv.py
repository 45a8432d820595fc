"""Lifetime value on ClickHouse: the per-person purchase summaries of insights/clv/summaries.py
(purchase days, their count after the first, the span, the mean repeat-day amount); the models
fitted on them are the same Python code on both engines."""

from __future__ import annotations

from datetime import date
from typing import Any

import pyarrow as pa

from whylens.engines.base import Engine
from whylens.insights.clickhouse import where
from whylens.insights.clv.summaries import day_after
from whylens.insights.dialects import implements
from whylens.insights.matchers import matcher
from whylens.insights.params import Params
from whylens.insights.properties import Property
from whylens.insights.scope import Scope


@implements("clv_summaries", "clickhouse")
def purchase_days(
    engine: Engine,
    scope: Scope,
    purchase_event: Any,
    value_property: str | None,
    end: date | None,
) -> pa.Table:
    """summaries.purchase_days. The first day's amount is the earliest day's with an amount,
    as DuckDB's arg_min skips a NULL one."""
    params = Params()
    step = matcher(purchase_event)
    prop = Property(value_property) if value_property else None
    extra = [step.sql(params, "e")]
    if end is not None:
        extra.append(f"e.timestamp < {params.add(day_after(end))}")
    amount = (
        where.fragment(f"TRY_CAST({prop.sql(params, 'e', 'pe')} AS DOUBLE)", params)
        if prop
        else "CAST(NULL AS Nullable(Float64))"
    )
    needs_person = step.needs_person or bool(prop and prop.on_person)
    sql = f"""
        SELECT person_id, min(day) AS first_day, max(day) AS last_day,
            toInt64(count() - 1) AS x, toInt64(dateDiff('day', first_day, last_day)) AS t_x,
            (sum(amount) - argMinIf(amount, day, amount IS NOT NULL)) / nullIf(x, 0) AS monetary
        FROM (
            SELECT e.person_id AS person_id, toDate32(e.timestamp) AS day, sum({amount}) AS amount
            FROM {where.events(scope, needs_person)}
            WHERE {where.conditions(scope, params, *extra)}
            GROUP BY person_id, day
        )
        GROUP BY person_id ORDER BY person_id
    """
    return engine.query(sql, params)
