"""Lifecycle on ClickHouse: the document of insights/lifecycle.py (PostHog's rule). Each person's
active intervals are kept as an array; a person matters only to the intervals in which they were
active and to the ones just after (dormant), so only those are spread out and counted."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from whylens.engines.base import Engine
from whylens.insights import periods as cal
from whylens.insights.clickhouse import where
from whylens.insights.dialects import implements
from whylens.insights.lifecycle import INTERVALS, LifecycleResult, document
from whylens.insights.matchers import EventMatcher, matcher
from whylens.insights.params import Params
from whylens.insights.result import recorded
from whylens.insights.scope import Scope

#: SQL: whole intervals from interval start `{a}` to `{b}` (dateDiff counts boundaries crossed)
INDEX = {
    "day": "dateDiff('day', {a}, {b})",
    "week": "intDiv(dateDiff('day', {a}, {b}), 7)",
    "month": "dateDiff('month', {a}, {b})",
}


@implements("lifecycle", "clickhouse")
def lifecycle(
    engine: Engine, scope: Scope, event: Any = "*", interval: str = "day"
) -> LifecycleResult:
    interval = cal.checked(interval, INTERVALS)
    wanted = matcher(event)
    with recorded(engine) as (logged, log):
        span = where.event_range(logged, scope)
        rows = _statuses(logged, scope, wanted, interval, span) if span else []
    return LifecycleResult(document(wanted, interval, scope, rows), log)


def _statuses(
    engine: Engine,
    scope: Scope,
    wanted: EventMatcher,
    interval: str,
    span: tuple[datetime, datetime],
) -> list[dict[str, Any]]:
    """Per interval of the range (numbered from the one before the first shown, which is read
    so that the first shown one's returning and dormant persons are right): persons by status."""
    params = Params()
    first = cal.shift(cal.start_of(span[0], interval), interval, -1)
    last = cal.between(first, span[1], interval)
    base = params.add(first)
    read_from = replace(scope, date_from=first)
    sql = f"""
        SELECT i, coalesce(new, 0) AS new, coalesce(returning, 0) AS returning,
            coalesce(resurrecting, 0) AS resurrecting, coalesce(dormant, 0) AS dormant FROM (
            SELECT arrayJoin(range(1, {params.add(last)} + 1)) AS i
        ) g LEFT JOIN (
            SELECT i, countIf(now AND creating) AS new,
                countIf(now AND NOT creating AND before) AS returning,
                countIf(now AND NOT creating AND NOT before) AS resurrecting,
                -countIf(before AND NOT now) AS dormant
            FROM (
                SELECT i, has(active, i) AS now, has(active, i - 1) AS before,
                    coalesce(created = i, false) AS creating
                FROM (
                    SELECT b.active AS active,
                        {INDEX[interval].format(a=base, b="p.first_seen")} AS created
                    FROM (
                        SELECT e.person_id AS person_id,
                            groupUniqArray({INDEX[interval].format(a=base, b="e.timestamp")})
                            AS active
                        FROM {where.events(scope, wanted.needs_person)}
                        WHERE {where.conditions(read_from, params, wanted.sql(params, "e"))}
                        GROUP BY person_id
                    ) b LEFT JOIN persons p
                        ON p.project_id = {params.add(scope.project_id)}
                        AND p.person_id = b.person_id
                ) ARRAY JOIN arrayDistinct(arrayConcat(active, arrayMap(x -> x + 1, active))) AS i
            ) GROUP BY i
        ) c USING i
        ORDER BY i
    """
    return [
        {**row, "interval": cal.shift(first, interval, row.pop("i"))}
        for row in engine.query(sql, params).to_pylist()
    ]
