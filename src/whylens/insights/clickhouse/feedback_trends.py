"""`feedback trends` on ClickHouse: insights/feedback/trends.py's counts per (group, period),
with -If aggregates for DuckDB's FILTER clauses and a standard deviation of fewer than two
values read as 0, as DuckDB's coalesce of its NULL does; the estimates and drops are trends.py's."""

from __future__ import annotations

from typing import Any

from whylens.engines.base import Engine
from whylens.insights.clickhouse import feedback_rows
from whylens.insights.clickhouse.where import BUCKET, fragment
from whylens.insights.dialects import implements
from whylens.insights.feedback import scoped
from whylens.insights.feedback.result import FeedbackResult
from whylens.insights.feedback.store import score_feedback
from whylens.insights.feedback.trends import checked, checked_by, trended
from whylens.insights.params import Params
from whylens.insights.properties import json_path
from whylens.insights.result import recorded
from whylens.insights.scope import Scope


def _spread(value: str, condition: str) -> str:
    """Sample standard deviation of `value` where `condition`, 0 for fewer than two values."""
    counted = f"countIf({value} IS NOT NULL AND {condition})"
    return f"if({counted} > 1, stddevSampStableIf({value}, {condition}), 0)"


@implements("feedback_trends", "clickhouse")
def feedback_trends(
    engine: Engine,
    project_id: str = "default",
    *,
    interval: str = "week",
    by: str | None = None,
    date_from: Any = None,
    date_to: Any = None,
    where: Any = None,
    segment: Any = None,
) -> FeedbackResult:
    """trends.feedback_trends."""
    checked(interval)
    scope = scoped.feedback_scope(engine, project_id, date_from, date_to, where, segment)
    checked_by(by)
    params = Params()
    source = _source(by, scope, params)
    score_feedback(engine, project_id)
    ces = "kind = 'ces'"
    with recorded(engine) as (rec, log):
        rows = rec.query(
            f"""
            SELECT "group", {BUCKET[interval].format(c="timestamp")} AS date,
                countIf(score IS NOT NULL AND kind = 'nps') AS nps_n,
                countIf(kind = 'nps' AND coalesce(score >= 9, false)) AS promoters,
                countIf(kind = 'nps' AND coalesce(score <= 6, false)) AS detractors,
                countIf(score IS NOT NULL AND kind = 'csat') AS csat_n,
                countIf(kind = 'csat' AND coalesce(score >= 4, false)) AS satisfied,
                countIf(score IS NOT NULL AND {ces}) AS ces_n,
                avgIf(score, {ces}) AS ces_mean, {_spread("score", ces)} AS ces_sd,
                count(sentiment) AS sentiment_n, avg(sentiment) AS sentiment_mean,
                {_spread("sentiment", "true")} AS sentiment_sd
            FROM ({source}) GROUP BY "group", date ORDER BY "group" ASC NULLS FIRST, date
            """,
            params,
        ).to_pylist()
    return trended(scope, interval, by, rows, log)


def _source(by: str | None, scope: Scope, params: Params) -> str:
    """The scope's feedback rows with a `group` column: the value they are split by."""
    columns = "f.timestamp AS timestamp, toString(f.kind) AS kind, f.score AS score"
    columns += ", f.sentiment AS sentiment"
    join = ""
    if by is None:
        group = "CAST(NULL AS Nullable(String))"
    elif by in ("source", "kind"):
        group = f"CAST(f.{by} AS Nullable(String))"
    elif by == "theme":
        group = "arrayJoin(if(empty(f.themes), ['(none)'], f.themes))"
    else:
        trait = params.add(json_path(by[6:]))
        group = fragment(f"json_extract_string(p.traits, {trait})", params)
        join = (
            " LEFT JOIN persons p ON p.project_id = f.project_id"
            " AND p.person_id = assumeNotNull(f.person_id)"
        )
    return (
        f'SELECT {columns}, {group} AS "group" FROM feedback f{join}'
        f" WHERE {feedback_rows.rows(scope, params)}"
    )
