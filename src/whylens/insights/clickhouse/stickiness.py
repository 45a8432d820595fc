"""Stickiness on ClickHouse: the document of insights/stickiness.py. Active intervals per person
and period are counted with uniqExact; DAU and MAU of every day come from one pass that spreads
each (person, active day) over the MAU_DAYS days whose window holds it."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from whylens.engines.base import Engine
from whylens.errors import QueryError
from whylens.insights import periods as cal
from whylens.insights.clickhouse import where
from whylens.insights.dialects import implements
from whylens.insights.matchers import EventMatcher, matcher
from whylens.insights.params import Params
from whylens.insights.result import recorded
from whylens.insights.scope import Scope
from whylens.insights.stickiness import INTERVALS, MAU_DAYS, PERIODS, StickinessResult, document

#: SQL: the interval holding `{c}`, as a value that differs between intervals
_INTERVAL = {"hour": "toStartOfHour({c})", "day": "toDate32({c})"}


@implements("stickiness", "clickhouse")
def stickiness(
    engine: Engine,
    scope: Scope,
    event: Any = "*",
    period: str = "week",
    interval: str = "day",
) -> StickinessResult:
    period, interval = cal.checked(period, PERIODS), cal.checked(interval, INTERVALS)
    if cal.ORDER.index(interval) >= cal.ORDER.index(period):
        raise QueryError(f"the interval ({interval}) must be shorter than the period ({period})")
    wanted = matcher(event)
    with recorded(engine) as (logged, log):
        span = where.event_range(logged, scope)
        rows: list[dict[str, Any]] = []
        days: list[dict[str, Any]] = []
        if span:
            rows = _distribution(logged, scope, wanted, period, interval)
            days = _dau_mau(logged, scope, wanted, span)
    query = {"event": wanted.name, "period": period, "interval": interval}
    return StickinessResult(document(query, scope, rows, days), log)


def _distribution(
    engine: Engine, scope: Scope, wanted: EventMatcher, period: str, interval: str
) -> list[dict[str, Any]]:
    """(period, number of active intervals, persons) for the events in scope."""
    params = Params()
    sql = f"""
        SELECT period, active, count() AS persons FROM (
            SELECT e.person_id AS person_id, {where.BUCKET[period].format(c="e.timestamp")} AS period,
                uniqExact({_INTERVAL[interval].format(c="e.timestamp")}) AS active
            FROM {where.events(scope, wanted.needs_person)}
            WHERE {where.conditions(scope, params, wanted.sql(params, "e"))}
            GROUP BY person_id, period
        ) GROUP BY period, active ORDER BY period, active
    """
    return engine.query(sql, params).to_pylist()


def _dau_mau(
    engine: Engine, scope: Scope, wanted: EventMatcher, span: tuple[datetime, datetime]
) -> list[dict[str, Any]]:
    """Per day of the range: persons active that day and in the MAU_DAYS days ending with it
    (events that far before the first day are read, with the same filters)."""
    params = Params()
    first_day = cal.start_of(span[0], "day")
    days = [first_day.date()]
    while days[-1] < span[1].date():
        days.append(days[-1] + timedelta(days=1))
    read_from = replace(scope, date_from=first_day - timedelta(days=MAU_DAYS - 1))
    sql = f"""
        SELECT g.day AS day, coalesce(c.dau, 0) AS dau, coalesce(c.mau, 0) AS mau,
            dau / nullIf(mau, 0) AS ratio
        FROM (SELECT arrayJoin({params.add(days)}) AS day) g
        LEFT JOIN (
            SELECT d + k AS day, uniqExactIf(person_id, k = 0) AS dau, uniqExact(person_id) AS mau
            FROM (
                SELECT DISTINCT e.person_id AS person_id, toDate32(e.timestamp) AS d
                FROM {where.events(scope, wanted.needs_person)}
                WHERE {where.conditions(read_from, params, wanted.sql(params, "e"))}
            ) ARRAY JOIN range({MAU_DAYS}) AS k
            GROUP BY day
        ) c ON c.day = g.day
        ORDER BY day
    """
    return engine.query(sql, params).to_pylist()
