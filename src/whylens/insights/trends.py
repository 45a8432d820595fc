"""Trends: how often events happen over time — totals, unique persons, per-person averages and
trailing active persons (DAU/WAU/MAU) — for several series at once, split by a property, and
compared with the period before."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pandas as pd

from whylens.engines.base import Engine
from whylens.errors import QueryError
from whylens.insights import timeline
from whylens.insights.dialects import per_dialect
from whylens.insights.matchers import EventMatcher, matchers
from whylens.insights.params import Params
from whylens.insights.properties import Property
from whylens.insights.result import InsightResult, recorded
from whylens.insights.scope import Scope
from whylens.insights.units import interval as check_interval

MEASURES = ("total", "persons", "per_person", "dau", "wau", "mau")
_TRAILING_DAYS = {"dau": 1, "wau": 7, "mau": 30}
OTHER = "other"


class TrendsResult(InsightResult):
    kind = "trends"

    @property
    def df(self) -> pd.DataFrame:
        rows = [
            {
                "series": s["name"],
                "breakdown": s.get("breakdown"),
                "date": point["date"],
                "value": point["value"],
            }
            for s in self.document["series"]
            for point in s["data"]
        ]
        return pd.DataFrame(rows, columns=["series", "breakdown", "date", "value"])

    def plot(self) -> Any:
        import plotly.graph_objects as go

        figure = go.Figure()
        for s in self.document["series"]:
            label = s["name"] if s.get("breakdown") is None else f"{s['name']} · {s['breakdown']}"
            figure.add_scatter(
                x=[p["date"] for p in s["data"]],
                y=[p["value"] for p in s["data"]],
                mode="lines+markers",
                name=label,
            )
            if "previous" in s:
                figure.add_scatter(
                    x=[p["date"] for p in s["data"]],
                    y=[p["value"] for p in s["previous"]["data"]],
                    mode="lines",
                    line={"dash": "dot"},
                    name=f"{label} (previous)",
                )
        figure.update_layout(
            title=f"{self.document['measure']} per {self.document['interval']}",
            yaxis_title=self.document["measure"],
        )
        return figure


@per_dialect("trends")
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
    """One series per event specification (see `matchers`), bucketed by calendar interval."""
    interval = check_interval(interval)
    if measure not in MEASURES:
        raise QueryError(f"unknown measure {measure!r}; use one of {', '.join(MEASURES)}")
    if measure in _TRAILING_DAYS and interval != "day":
        raise QueryError(f"{measure} is evaluated per day: use interval 'day'")
    steps = matchers(list(events) or ["*"])
    with recorded(engine) as (logged, log):
        span = timeline.data_range(logged, scope)
        series = (
            []
            if span is None
            else _series(logged, scope, steps, interval, measure, breakdown, breakdown_limit, span)
        )
        if compare and span is not None:
            _attach_previous(
                logged, scope, steps, interval, measure, breakdown, breakdown_limit, span, series
            )
    document = {
        "interval": interval,
        "measure": measure,
        "breakdown": breakdown,
        "scope": scope.describe(),
        "series": series,
    }
    return TrendsResult(document, log)


def _series(engine, scope, steps, interval, measure, breakdown, limit, span) -> list[dict]:
    sql, params = _query(scope, steps, interval, measure, breakdown, limit, span)
    found: dict[tuple[int, Any], dict] = {}
    for row in engine.query(sql, params).to_pylist():
        key = (row["series"], row["breakdown"])
        entry = found.setdefault(
            key,
            {
                "name": steps[row["series"]].name,
                "breakdown": row["breakdown"],
                "data": [],
                "total": row["total"],
            },
        )
        entry["data"].append({"date": row["bucket"].isoformat(), "value": row["value"]})
    order = sorted(found, key=lambda k: (k[0], k[1] == OTHER, -(found[k]["total"] or 0), str(k[1])))
    return [found[k] for k in order]


def _query(scope, steps, interval, measure, breakdown, limit, span) -> tuple[str, Params]:
    params = Params()
    bucket = timeline.bucket(interval, "e.timestamp")
    split = Property(breakdown).sql(params, "e", "pe") if breakdown else "NULL"
    needs_person = breakdown and Property(breakdown).on_person
    # a count of events reads no person: the person column is the widest one it would scan
    person = "NULL::VARCHAR" if measure == "total" else "e.person_id"
    chosen = " UNION ALL ".join(
        f"SELECT {i} AS series, {bucket} AS bucket, {person} AS person_id,"
        f" {split} AS raw_breakdown "
        f"FROM events e{scope.person_join() if needs_person or _needs_person(scope, m) else ''} "
        f"WHERE {' AND '.join(scope.conditions(params) + [m.sql(params)])}"
        for i, m in enumerate(steps)
    )
    kept = (
        f"(SELECT series, raw_breakdown FROM matched GROUP BY series, raw_breakdown"
        f" QUALIFY row_number() OVER (PARTITION BY series ORDER BY count(*) DESC,"
        f" raw_breakdown NULLS LAST) <= {int(limit)})"
    )
    value = {
        "total": "count(*)",
        "persons": "count(DISTINCT m.person_id)",
        "per_person": "count(m.person_id) / nullif(count(DISTINCT m.person_id), 0)",
    }.get(measure)
    grid = timeline.buckets_sql(interval, params, span[0], span[1])
    if value is None:
        return _trailing_query(chosen, kept, breakdown, grid, _TRAILING_DAYS[measure]), params
    sql = f"""
        WITH matched AS ({chosen}),
        labelled AS (
            SELECT m.series, m.bucket, m.person_id,
                {
        "CASE WHEN k.raw_breakdown IS NULL AND m.raw_breakdown IS NOT NULL THEN 'other'"
        " ELSE m.raw_breakdown END"
        if breakdown
        else "NULL"
    } AS breakdown
            FROM matched m
            {
        "LEFT JOIN "
        + kept
        + " k ON k.series = m.series AND k.raw_breakdown IS NOT DISTINCT FROM m.raw_breakdown"
        if breakdown
        else ""
    }
        ),
        counted AS (
            SELECT series, breakdown, bucket, GROUPING(bucket) = 1 AS whole, {value} AS value
            FROM labelled m GROUP BY GROUPING SETS ((series, breakdown, bucket), (series, breakdown))
        ),
        keys AS (SELECT series, breakdown, value AS total FROM counted WHERE whole)
        SELECT k.series, k.breakdown, k.total, g.bucket, coalesce(c.value, 0) AS value
        FROM keys k CROSS JOIN {grid} g
        LEFT JOIN counted c ON NOT c.whole AND c.series = k.series AND c.bucket = g.bucket
            AND c.breakdown IS NOT DISTINCT FROM k.breakdown
        ORDER BY k.series, k.breakdown, g.bucket
    """
    return sql, params


def _needs_person(scope: Scope, m: EventMatcher) -> bool:
    return bool(scope.person_join()) or m.needs_person


def _trailing_query(chosen: str, kept: str, breakdown: str | None, grid: str, days: int) -> str:
    """Distinct persons active in the `days` days ending with each day of the grid."""
    label = (
        (
            "CASE WHEN k.raw_breakdown IS NULL AND m.raw_breakdown IS NOT NULL THEN 'other'"
            " ELSE m.raw_breakdown END"
        )
        if breakdown
        else "NULL"
    )
    join = (
        (
            f"LEFT JOIN {kept} k ON k.series = m.series"
            " AND k.raw_breakdown IS NOT DISTINCT FROM m.raw_breakdown"
        )
        if breakdown
        else ""
    )
    return f"""
        WITH matched AS ({chosen}),
        active AS (
            SELECT DISTINCT m.series, {label} AS breakdown, m.bucket AS day, m.person_id
            FROM matched m {join}
        ),
        keys AS (SELECT DISTINCT series, breakdown FROM active)
        SELECT k.series, k.breakdown, NULL AS total, g.bucket, count(DISTINCT a.person_id) AS value
        FROM keys k CROSS JOIN {grid} g
        LEFT JOIN active a ON a.series = k.series AND a.breakdown IS NOT DISTINCT FROM k.breakdown
            AND a.day > g.bucket - INTERVAL {days} DAY AND a.day <= g.bucket
        GROUP BY ALL ORDER BY k.series, k.breakdown, g.bucket
    """


def _attach_previous(engine, scope, steps, interval, measure, breakdown, limit, span, series):
    """The same series over the equally long period just before, aligned by position."""
    earlier, earlier_span = previous_period(scope, span)
    previous = _series(engine, earlier, steps, interval, measure, breakdown, limit, earlier_span)
    attach_previous(series, previous)


def previous_period(scope: Scope, span: tuple) -> tuple[Scope, tuple]:
    """The scope and data span of the equally long period just before the scope's (`--compare`;
    every engine computes the same one)."""
    start = scope.date_from or span[0]
    end = scope.date_to or span[1] + timedelta(microseconds=1)
    length = end - start
    earlier = replace(scope, date_from=start - length, date_to=start)
    return earlier, (start - length, start - timedelta(microseconds=1))


def attach_previous(series: list[dict], previous: list[dict]) -> None:
    """Give each series its values of the previous period, aligned by position from the end,
    and the change of its total."""
    by_key = {(p["name"], p["breakdown"]): p for p in previous}
    for entry in series:
        before = by_key.get((entry["name"], entry["breakdown"]))
        values = [p["value"] for p in before["data"]] if before else []
        values = ([0] * len(entry["data"]) + values)[-len(entry["data"]) :]
        total = before["total"] if before else 0
        entry["previous"] = {"data": [{"value": v} for v in values], "total": total}
        entry["change"] = (
            (entry["total"] / total - 1) if entry["total"] is not None and total else None
        )
