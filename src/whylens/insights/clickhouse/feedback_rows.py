"""The feedback rows a feedback analysis reads on ClickHouse (insights/feedback/scoped.py): the
project's and range's conditions transpiled, the segment as built for ClickHouse, and a filter
as the persons with an event in scope, read with the scope's ClickHouse conditions."""

from __future__ import annotations

from whylens.insights.clickhouse import where
from whylens.insights.feedback.answers import band
from whylens.insights.feedback.sentiment import NEUTRAL_BAND
from whylens.insights.params import Params
from whylens.insights.scope import Scope
from whylens.sql.clickhouse import transpile


def rows(scope: Scope, params: Params, alias: str = "f") -> str:
    """scoped.rows: the condition on feedback rows (alias `alias`) of the scope."""
    answered = Scope(scope.project_id, scope.date_from, scope.date_to)
    found = [transpile(" AND ".join(answered.conditions(params, alias)), params)]
    if scope.segment is not None:
        found.append(where.segment(scope, params, f"{alias}.person_id"))
    if scope.filters:
        acting = Scope(scope.project_id, scope.date_from, scope.date_to, scope.filters)
        found.append(
            f"{alias}.person_id IN (SELECT e.person_id FROM {where.events(acting)}"
            f" WHERE {where.conditions(acting, params)})"
        )
    return " AND ".join(f"({c})" for c in found)


def history(scope: Scope, params: Params, columns: str) -> str:
    """scoped.history's events as a parenthesised relation: every event of the project (of the
    segment's persons)."""
    every = Scope(scope.project_id, segment=scope.segment)
    return f"(SELECT {columns} FROM events e WHERE {where.conditions(every, params)})"


def answers(condition: str, params: Params) -> str:
    """answers.answers on ClickHouse: one row per answering person, their NPS band (latest NPS
    answer, ties broken by feedback id), its time and their sentiment label."""
    neutral = params.add(NEUTRAL_BAND)
    nps = "kind = 'nps' AND score IS NOT NULL"
    return f"""
        SELECT person_id, {band("nps")} AS nps_band, answered_at,
            CASE WHEN sentiment >= {neutral} THEN 'positive'
                WHEN sentiment <= -{neutral} THEN 'negative'
                WHEN sentiment IS NOT NULL THEN 'neutral' END AS sentiment_label
        FROM (
            SELECT f.person_id AS person_id,
                argMaxIf(f.score, (f.timestamp, f.feedback_id), {nps}) AS nps,
                maxIf(f.timestamp, {nps}) AS answered_at,
                avg(f.sentiment) AS sentiment
            FROM feedback f WHERE {condition} AND f.person_id IS NOT NULL GROUP BY f.person_id
        )"""


def lookback(days: float) -> int:
    """`days` as whole microseconds, as DuckDB's to_seconds(days * 86400) makes its interval."""
    return round(days * 86400 * 1_000_000)
