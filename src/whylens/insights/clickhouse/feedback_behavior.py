"""`feedback behavior` on ClickHouse: insights/feedback/behavior.py's churn by answer and feature
use, and before.py's look back from the answer, with -If aggregates for DuckDB's FILTER
clauses, exact interpolated medians, and the window's bounds tested after the person join
(ClickHouse joins on equalities); the documents are behavior.py's and before.py's."""

from __future__ import annotations

from typing import Any

from whylens.engines.base import Engine
from whylens.insights.clickhouse import feedback_rows
from whylens.insights.dialects import implements
from whylens.insights.feedback import scoped
from whylens.insights.feedback.before import BEFORE_DAYS, EVENTS_SHOWN, LAST_EVENTS_SHOWN, summary
from whylens.insights.feedback.behavior import EVENTS_SHOWN as USES_SHOWN
from whylens.insights.feedback.behavior import behaved, checked
from whylens.insights.feedback.result import FeedbackResult
from whylens.insights.feedback.store import score_feedback
from whylens.insights.inactivity import CHURN_DAYS
from whylens.insights.params import Params
from whylens.insights.result import recorded
from whylens.insights.scope import Scope
from whylens.model.vocabulary import SURVEY_EVENTS


def _answering(scope: Scope, params: Params, churn_days: int) -> str:
    """WITH … answering: each answering person with events, their band, label and churn."""
    seen = feedback_rows.history(scope, params, "e.person_id AS person_id, e.timestamp AS ts")
    who = feedback_rows.answers(feedback_rows.rows(scope, params), params)
    span = params.add(feedback_rows.lookback(churn_days))
    return f"""
    WITH last_seen AS (
        SELECT person_id, max(ts) AS last_event FROM {seen} GROUP BY person_id
    ), window_end AS (SELECT max(last_event) AS t FROM last_seen),
    answering AS (
        SELECT a.person_id AS person_id, a.nps_band AS nps_band,
            a.sentiment_label AS sentiment_label,
            coalesce(l.last_event < subtractMicroseconds((SELECT t FROM window_end), {span}),
                true) AS churned
        FROM ({who}) a INNER JOIN last_seen l ON l.person_id = a.person_id
    )"""


@implements("feedback_behavior", "clickhouse")
def feedback_behavior(
    engine: Engine,
    project_id: str = "default",
    *,
    churn_days: int = CHURN_DAYS,
    before_days: float = BEFORE_DAYS,
    date_from: Any = None,
    date_to: Any = None,
    where: Any = None,
    segment: Any = None,
) -> FeedbackResult:
    """behavior.feedback_behavior."""
    checked(before_days)
    scope = scoped.feedback_scope(engine, project_id, date_from, date_to, where, segment)
    score_feedback(engine, project_id)
    with recorded(engine) as (rec, log):
        params = Params()
        churn = rec.query(
            _answering(scope, params, churn_days)
            + """
            SELECT by, "group", persons, churned FROM (
                SELECT 'nps_band' AS by, nps_band AS "group", count() AS persons,
                    countIf(churned) AS churned
                FROM answering WHERE nps_band IS NOT NULL GROUP BY nps_band
                UNION ALL
                SELECT 'sentiment' AS by, sentiment_label AS "group", count() AS persons,
                    countIf(churned) AS churned
                FROM answering WHERE sentiment_label IS NOT NULL GROUP BY sentiment_label
            ) ORDER BY by, "group" """,
            params,
        ).to_pylist()
        params = Params()
        answering = _answering(scope, params, churn_days)
        events = feedback_rows.history(scope, params, "e.person_id AS person_id, e.event AS event")
        usage = rec.query(
            answering
            + f"""
            , used AS (
                SELECT p.nps_band AS nps_band, e.event AS event,
                    uniqExact(e.person_id) AS users
                FROM {events} e INNER JOIN answering p ON p.person_id = e.person_id
                WHERE p.nps_band IN ('promoter', 'detractor') AND NOT startsWith(e.event, '$')
                GROUP BY nps_band, event
            ), sizes AS (
                SELECT nps_band, count() AS n FROM answering
                WHERE nps_band IN ('promoter', 'detractor') GROUP BY nps_band
            )
            SELECT event,
                coalesce(maxIf(users / n, u.nps_band = 'promoter'), 0) AS promoters,
                coalesce(maxIf(users / n, u.nps_band = 'detractor'), 0) AS detractors
            FROM used u INNER JOIN sizes s ON s.nps_band = u.nps_band GROUP BY event
            ORDER BY abs(promoters - detractors) DESC, event
            LIMIT {params.add(USES_SHOWN)}""",
            params,
        ).to_pylist()
        before = _before(rec, scope, before_days)
    return behaved(scope, churn_days, churn, usage, before, log)


def _prior(scope: Scope, days: float) -> tuple[str, Params]:
    """before._prior: WITH answered, sizes, prior."""
    params = Params()
    who = feedback_rows.answers(feedback_rows.rows(scope, params), params)
    events = feedback_rows.history(
        scope,
        params,
        "e.person_id AS person_id, e.event AS event, e.session_id AS session_id,"
        " e.timestamp AS timestamp, e.event_id AS event_id",
    )
    span = params.add(feedback_rows.lookback(days))
    survey = params.add(list(SURVEY_EVENTS))
    sql = f"""
    WITH answered AS (
        SELECT person_id, nps_band AS band, answered_at FROM ({who}) WHERE nps_band IS NOT NULL
    ),
    sizes AS (SELECT band, count() AS n FROM answered GROUP BY band),
    prior AS (
        SELECT a.person_id AS person_id, a.band AS band, e.event AS event,
            e.session_id AS session_id, e.timestamp AS timestamp, e.event_id AS event_id,
            NOT startsWith(e.event, '$') AND NOT has({survey}, e.event) AS chosen
        FROM answered a INNER JOIN {events} e ON e.person_id = a.person_id
        WHERE e.timestamp >= subtractMicroseconds(a.answered_at, {span})
            AND e.timestamp < a.answered_at
    )"""
    return sql, params


_MEDIAN = "quantileExactInclusive(0.5)"

_BANDS = f"""
    , per_person AS (
        SELECT a.band AS band, a.person_id AS person_id,
            uniqExact(p.session_id) AS sessions, count(p.event) AS events
        FROM answered a LEFT JOIN prior p ON p.person_id = a.person_id
        GROUP BY band, person_id
    ), per_session AS (
        SELECT band, session_id,
            dateDiff('microsecond', min(timestamp), max(timestamp)) / 1e6 AS duration_s
        FROM prior GROUP BY band, session_id
    ), durations AS (
        SELECT band, {_MEDIAN}(duration_s) AS duration_median FROM per_session GROUP BY band
    )
    SELECT pp.band AS band, count() AS persons, countIf(sessions > 0) AS active_persons,
        avg(sessions) AS sessions_mean, {_MEDIAN}(toFloat64(sessions)) AS sessions_median,
        avg(events) AS events_mean, any(d.duration_median) AS session_duration_median_s
    FROM per_person pp LEFT JOIN durations d ON d.band = pp.band GROUP BY pp.band"""

_EVENTS = """
    , did AS (
        SELECT event, band, uniqExact(person_id) AS persons FROM prior WHERE chosen
        GROUP BY event, band
    ), counts AS (
        SELECT event,
            coalesce(maxIf(persons, band = 'detractor'), 0) AS detractors_n,
            coalesce(maxIf(persons, band = 'passive'), 0) AS passives_n,
            coalesce(maxIf(persons, band = 'promoter'), 0) AS promoters_n
        FROM did GROUP BY event
    ), banded AS (
        SELECT maxIf(n, band = 'detractor') AS dn, maxIf(n, band = 'passive') AS vn,
            maxIf(n, band = 'promoter') AS pn
        FROM sizes
    ), shares AS (
        SELECT event, detractors_n, passives_n, promoters_n,
            detractors_n / dn AS detractors, passives_n / vn AS passives,
            promoters_n / pn AS promoters
        FROM counts CROSS JOIN banded
    )
    SELECT event, detractors, passives, promoters, detractors - promoters AS difference,
        detractors / nullIf(promoters, 0) AS ratio, toInt64(detractors_n) AS detractors_n,
        toInt64(promoters_n) AS promoters_n
    FROM shares WHERE detractors > promoters
    ORDER BY difference DESC, event LIMIT {shown}"""

_LAST = """
    , last AS (
        SELECT band, person_id, argMax(event, (timestamp, event_id)) AS event FROM prior
        WHERE chosen GROUP BY band, person_id
    )
    SELECT band, event, persons, share FROM (
        SELECT l.band AS band, l.event AS event, count() AS persons,
            count() / any(s.n) AS share,
            row_number() OVER (PARTITION BY l.band ORDER BY count() DESC, l.event) AS rank
        FROM last l INNER JOIN sizes s ON s.band = l.band GROUP BY l.band, l.event
    ) WHERE rank <= {shown}
    ORDER BY band, persons DESC, event"""


def _before(engine: Engine, scope: Scope, days: float) -> dict[str, Any]:
    """before.before_answer (run on the recording engine)."""
    sql, params = _prior(scope, days)
    per_band = {r["band"]: r for r in engine.query(sql + _BANDS, params).to_pylist()}
    sql, params = _prior(scope, days)
    last = engine.query(sql + _LAST.format(shown=params.add(LAST_EVENTS_SHOWN)), params).to_pylist()
    sql, params = _prior(scope, days)
    events = engine.query(sql + _EVENTS.format(shown=params.add(EVENTS_SHOWN)), params).to_pylist()
    return summary(days, per_band, last, events)
