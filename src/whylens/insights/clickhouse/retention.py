"""Retention on ClickHouse: the document of insights/retention.py. Each person's return periods
are kept as an array (groupUniqArray) instead of DuckDB's bitstring, and a cohort entry tests
period k with has(); a person's first cohort and returns come from one group of their events,
and a cohort's counts per period are summed as one array (sumForEach). Period numbers, cohorts
and averages are those of insights/retention.py."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from whylens.engines.base import Engine
from whylens.insights import periods as cal
from whylens.insights.clickhouse import where
from whylens.insights.dialects import implements
from whylens.insights.matchers import matcher
from whylens.insights.params import Params
from whylens.insights.properties import Property
from whylens.insights.result import recorded
from whylens.insights.retention import (
    OTHER,
    PERIODS,
    RetentionQuery,
    RetentionResult,
    document,
)
from whylens.insights.scope import Scope

#: SQL: whole periods from period start `{a}` to `{b}` (ClickHouse counts boundaries crossed)
_INDEX = {
    "day": "dateDiff('day', {a}, {b})",
    "week": "intDiv(dateDiff('day', {a}, {b}), 7)",
    "month": "dateDiff('month', {a}, {b})",
}
#: per mode: what is kept of a person's return periods (of the rows where `{c}` holds), and
#: when it counts them in period k
_RETURN = {
    "on": ("groupUniqArrayIf(idx, {c})", "has(returned, cohort + k)"),
    "on_or_after": ("maxIf(idx, {c})", "returned >= cohort + k"),
}
#: the breakdown value of a person's cohort: that of its first start event
_SPLIT = "argMinIf(tuple(split), (timestamp, isNull(split), split), {c}).1"
#: per cohort kind: `entries` (cohort, split, returned), one per person and cohort. A person's
#: first cohort and returns come from one group of their events; recurring cohorts (one per
#: start period) meet the person's returns in a join.
_ENTRIES = {
    "first_time": """
    entries AS (
        SELECT minIf(idx, is_start) AS cohort, {first_split} AS split,
            {kept_returns_if} AS returned
        FROM ev GROUP BY person_id HAVING countIf(is_start) > 0
    )""",
    "recurring": """
    starts AS (
        SELECT person_id, idx AS cohort, {split} AS split
        FROM ev WHERE is_start GROUP BY person_id, idx
    ),
    returns AS (
        SELECT person_id, {kept_returns} AS returned FROM ev WHERE is_return GROUP BY person_id
    ),
    entries AS (
        SELECT s.cohort AS cohort, s.split AS split, r.returned AS returned
        FROM starts s LEFT JOIN returns r ON r.person_id = s.person_id
    )""",
}
#: the breakdown values with most cohort entries are kept (ties by value), the rest `other`
_KEPT = """
    SELECT cohort, returned, if(rank <= {limit}, split, {other}) AS split FROM (
        SELECT *, dense_rank() OVER (ORDER BY n DESC, split ASC NULLS LAST) AS rank
        FROM (SELECT *, count() OVER (PARTITION BY split) AS n FROM entries)
    )"""

_CELLS = """
    WITH ev AS (
        SELECT e.person_id AS person_id, e.timestamp AS timestamp, {idx} AS idx,
            {start} AS is_start, {return} AS is_return, {split} AS split
        FROM {events} WHERE {where} AND ({start} OR {return})
    ),{entries}
    SELECT cohort, split, k, size, n FROM (
        SELECT {keys}, count() AS size, sumForEach(arrayMap(k -> toUInt64(k = 0
            OR (cohort + k <= {last} AND coalesce({returned_in_k}, false))),
            range(0, {periods} + 1))) AS counts
        FROM ({labelled}) GROUP BY {groups}
    ) ARRAY JOIN range(0, {periods} + 1) AS k, counts AS n
"""
#: without a breakdown, the split is none: grouping by a NULL key would double the cost
_NO_SPLIT = "CAST(NULL AS Nullable(String))"


@implements("retention", "clickhouse")
def retention(
    engine: Engine,
    scope: Scope,
    start: Any = "*",
    returning: Any = "*",
    period: str = "week",
    periods: int = 8,
    cohort: str = "first_time",
    mode: str = "on",
    average: str = "weighted",
    breakdown: str | None = None,
    breakdown_limit: int = 10,
) -> RetentionResult:
    query = RetentionQuery(
        matcher(start),
        matcher(returning),
        cal.checked(period, PERIODS),
        int(periods),
        cohort,
        mode,
        average,
        breakdown,
        int(breakdown_limit),
    )
    with recorded(engine) as (logged, log):
        span = where.event_range(logged, scope)
        rows = _cells(logged, query, scope, span) if span else []
    end = scope.date_to or (span[1] if span else None)
    return RetentionResult(document(query, scope, end, rows), log)


def _cells(
    engine: Engine, query: RetentionQuery, scope: Scope, span: tuple[datetime, datetime]
) -> list[dict[str, Any]]:
    """(cohort start, breakdown, k, size, persons) for every period k that has fully elapsed,
    in the order insights/retention.py gives them."""
    params = Params()
    prop = Property(query.breakdown) if query.breakdown else None
    base = cal.start_of(span[0], query.period)
    last = cal.between(base, span[1], query.period)
    kept_returns, returned_in_k = _RETURN[query.mode]
    entries = _ENTRIES[query.cohort].format(
        kept_returns=kept_returns.format(c="true"),
        kept_returns_if=kept_returns.format(c="is_return"),
        first_split=_SPLIT.format(c="is_start") if prop else _NO_SPLIT,
        split=_SPLIT.format(c="true") if prop else _NO_SPLIT,
    )
    labelled = (
        _KEPT.format(limit=params.add(query.breakdown_limit), other=params.add(OTHER))
        if prop
        else "SELECT cohort, returned FROM entries"
    )
    sql = _CELLS.format(
        entries=entries,
        labelled=labelled,
        keys="cohort, split" if prop else f"cohort, {_NO_SPLIT} AS split",
        groups="cohort, split" if prop else "cohort",
        idx=_INDEX[query.period].format(a=params.add(base), b="e.timestamp"),
        start=where.fragment(query.start.sql(params, "e"), params),
        split=where.fragment(prop.sql(params, "e"), params) if prop else _NO_SPLIT,
        events=where.events(
            scope,
            query.start.needs_person
            or query.returning.needs_person
            or bool(prop and prop.on_person),
        ),
        where=where.conditions(scope, params),
        returned_in_k=returned_in_k,
        last=params.add(last),
        periods=params.add(query.periods),
        **{"return": where.fragment(query.returning.sql(params, "e"), params)},
    )
    end = scope.date_to or span[1]
    rows = []
    for row in engine.query(sql, params).to_pylist():
        if row["k"] == 0 or cal.shift(base, query.period, row["cohort"] + row["k"] + 1) <= end:
            rows.append({**row, "cohort": cal.shift(base, query.period, row["cohort"])})
    sizes: dict[Any, int] = {}
    for row in rows:
        if row["k"] == 0:
            sizes[row["split"]] = sizes.get(row["split"], 0) + row["size"]
    rows.sort(
        key=lambda r: (
            r["split"] == OTHER,
            -sizes.get(r["split"], 0),
            r["split"] is None,
            r["split"] or "",
            r["cohort"],
            r["k"],
        )
    )
    return rows
