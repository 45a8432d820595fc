"""Trends on ClickHouse: the document of insights/trends.py. The events are read once: each
bucket keeps its aggregate states, merged into the series' total, and the buckets without events
are filled in from the time line (one entry per bucket); trailing active persons (DAU/WAU/MAU)
spread each active day over the days whose window holds it (arrayJoin), instead of a range
join."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from whylens.engines.base import Engine
from whylens.errors import QueryError
from whylens.insights.clickhouse import where
from whylens.insights.dialects import implements
from whylens.insights.matchers import matchers
from whylens.insights.params import Params
from whylens.insights.properties import Property
from whylens.insights.result import recorded
from whylens.insights.scope import Scope
from whylens.insights.trends import (
    _TRAILING_DAYS,
    MEASURES,
    OTHER,
    TrendsResult,
    attach_previous,
    previous_period,
)
from whylens.insights.units import interval as check_interval

#: per measure: the aggregate states kept per bucket (`n` events, `u` persons), and the value
#: of a bucket (and of a series' total) from them
STATES = {
    "total": ("countState() AS n",),
    "persons": ("uniqExactState(person_id) AS u",),
    "per_person": ("countState() AS n", "uniqExactState(person_id) AS u"),
}
VALUES = {"total": "toFloat64({n})", "persons": "toFloat64({u})", "per_person": "{n} / {u}"}


@implements("trends", "clickhouse")
def trends(
    engine: Engine,
    scope: Scope,
    events: Sequence[Any] = ("*",),
    interval: str = "day",
    measure: str = "total",
    breakdown: str | None = None,
    breakdown_limit: int = 10,
    compare: bool = False,
) -> TrendsResult:
    interval = check_interval(interval)
    if measure not in MEASURES:
        raise QueryError(f"unknown measure {measure!r}; use one of {', '.join(MEASURES)}")
    if measure in _TRAILING_DAYS and interval != "day":
        raise QueryError(f"{measure} is evaluated per day: use interval 'day'")
    question = (matchers(list(events) or ["*"]), interval, measure, breakdown, breakdown_limit)
    with recorded(engine) as (logged, log):
        # the time line spans the scope's events: those of series of any event already
        span = where.data_range(logged, scope) if _needs_range(question, compare) else ()
        series = [] if span is None else _series(logged, scope, question, span)
        if compare and span is not None:
            _attach_previous(logged, scope, question, span, series)
    document = {
        "interval": interval,
        "measure": measure,
        "breakdown": breakdown,
        "scope": scope.describe(),
        "series": series,
    }
    return TrendsResult(document, log)


def _needs_range(question: tuple, compare: bool) -> bool:
    """Whether the scope's time range must be asked apart: trailing measures spread over it
    and the comparison shifts it; otherwise a series of every event (`*`, unfiltered) sees the
    whole range."""
    steps, measure = question[0], question[2]
    every = all(not m.names and not m.filters for m in steps)
    return compare or measure in _TRAILING_DAYS or not every


def _series(engine: Engine, scope: Scope, question: tuple, span: tuple) -> list[dict]:
    """Each series over the time line of `span` (empty: the span of the rows found)."""
    steps = question[0]
    sql, params = _query(scope, question, span)
    rows = engine.query(sql, params).to_pylist()
    if question[2] not in _TRAILING_DAYS:
        rows = _filled(rows, scope, question[1], question[2], span)
    found: dict[tuple[int, Any], dict] = {}
    for row in rows:
        value = row["value"]
        if question[2] in ("total", "persons") or question[2] in _TRAILING_DAYS:
            value = int(value)
        key = (row["series"], row["breakdown"])
        entry = found.setdefault(
            key,
            {
                "name": steps[row["series"]].name,
                "breakdown": row["breakdown"],
                "data": [],
                "total": _total(row["total"], question[2]),
            },
        )
        entry["data"].append({"date": row["bucket"].isoformat(), "value": value})
    order = sorted(found, key=lambda k: (k[0], k[1] == OTHER, -(found[k]["total"] or 0), str(k[1])))
    return [found[k] for k in order]


def _filled(
    rows: list[dict[str, Any]], scope: Scope, interval: str, measure: str, span: tuple
) -> list[dict[str, Any]]:
    """Every bucket of the time line for each series, 0 where it has no rows (the query gives
    the buckets found); without a span, the line runs from the scope's start (else the first
    bucket found) to the last bucket found."""
    if not rows:
        return rows
    if not span:
        span = (scope.date_from or min(r["bucket"] for r in rows), max(r["bucket"] for r in rows))
    grid = where.buckets(interval, span[0], span[1])
    zero = 0.0 if measure == "per_person" else 0
    found = {(r["series"], r["breakdown"], r["bucket"]): r for r in rows}
    totals = {(r["series"], r["breakdown"]): r["total"] for r in rows}
    return [
        found.get((series, split, bucket))
        or {"series": series, "breakdown": split, "total": total, "bucket": bucket, "value": zero}
        for (series, split), total in totals.items()
        for bucket in grid
    ]


def _total(value: Any, measure: str) -> Any:
    if measure in _TRAILING_DAYS:
        return None
    return int(value) if measure in ("total", "persons") else value


def _query(scope: Scope, question: tuple, span: tuple) -> tuple[str, Params]:
    steps, interval, measure, breakdown, limit = question
    params = Params()
    prop = Property(breakdown) if breakdown else None
    split = where.fragment(prop.sql(params, "e", "pe"), params) if prop else "NULL"
    trailing = measure in _TRAILING_DAYS
    # grouped by a cheap key, made a DateTime64 once per bucket (trailing days add intervals)
    bucket = (where.BUCKET if trailing else where.BUCKET_KEY)[interval].format(c="e.timestamp")
    chosen = " UNION ALL ".join(
        f"SELECT toUInt32({i}) AS series, {bucket} AS bucket, e.person_id AS person_id,"
        f" {split} AS raw_breakdown"
        f" FROM {where.events(scope, bool(prop and prop.on_person) or m.needs_person)}"
        f" WHERE {where.conditions(scope, params, m.sql(params, 'e'))}"
        for i, m in enumerate(steps)
    )
    label = (
        "if(k.series IS NULL AND m.raw_breakdown IS NOT NULL, 'other', m.raw_breakdown)"
        if breakdown
        else "CAST(NULL AS Nullable(String))"
    )
    kept = (
        f"LEFT JOIN (SELECT series, raw_breakdown FROM matched GROUP BY series, raw_breakdown"
        f" ORDER BY count() DESC, raw_breakdown ASC NULLS LAST LIMIT {int(limit)} BY series) k"
        " ON k.series = m.series AND k.raw_breakdown IS NOT DISTINCT FROM m.raw_breakdown"
        if breakdown
        else ""
    )
    common = f"""
        WITH matched AS ({chosen}),
        labelled AS (
            SELECT m.series AS series, m.bucket AS bucket, m.person_id AS person_id,
                {label} AS breakdown
            FROM matched m {kept}
        )"""
    if trailing:
        grid = params.add(where.buckets(interval, span[0], span[1]))
        return common + _trailing(grid, _TRAILING_DAYS[measure]), params
    value = VALUES[measure]
    total = value.format(n="countMerge(n)", u="uniqExactMerge(u)")
    each = value.format(n="finalizeAggregation(n)", u="finalizeAggregation(u)")
    # without a breakdown, grouped by series only (a NULL key would double the grouping's cost)
    keys = "series, breakdown" if breakdown else "series"
    none = "" if breakdown else ", CAST(NULL AS Nullable(String)) AS breakdown"
    return (
        common
        + f""",
        per AS (SELECT {keys}, bucket, {", ".join(STATES[measure])} FROM labelled
                GROUP BY {keys}, bucket)
        SELECT series, breakdown, total, bucket, value FROM (
            SELECT {keys}{none}, {total} AS total,
                groupArray((toDateTime64(bucket, 6, 'UTC'), {each})) AS points
            FROM per GROUP BY {keys}
        ) ARRAY JOIN points.1 AS bucket, points.2 AS value
        ORDER BY series, breakdown, bucket
    """,
        params,
    )


def _trailing(grid: str, days: int) -> str:
    """Distinct persons active in the `days` days ending with each day of the grid: each
    (person, active day) counts for that day and the `days - 1` days after it."""
    return f""",
        active AS (SELECT DISTINCT series, breakdown, bucket AS day, person_id FROM labelled),
        keys AS (SELECT DISTINCT series, breakdown FROM active),
        per AS (
            SELECT series, breakdown, day + toIntervalDay(arrayJoin(range({days}))) AS bucket,
                uniqExact(person_id) AS value
            FROM active GROUP BY series, breakdown, bucket
        )
        SELECT k.series AS series, k.breakdown AS breakdown, NULL AS total, g.bucket AS bucket,
            coalesce(p.value, 0) AS value
        FROM keys k CROSS JOIN (SELECT arrayJoin({grid}) AS bucket) g
        LEFT JOIN per p ON p.series = k.series AND p.bucket = g.bucket
            AND p.breakdown IS NOT DISTINCT FROM k.breakdown
        ORDER BY series, breakdown, bucket
    """


def _attach_previous(engine, scope, question, span, series) -> None:
    """The same series over the equally long period just before (trends.previous_period)."""
    earlier, earlier_span = previous_period(scope, span)
    attach_previous(series, _series(engine, earlier, question, earlier_span))
