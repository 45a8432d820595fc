"""What people who answered did: churn rate by NPS band and by sentiment, and which events
promoters and detractors use. Churn is inactivity churn (insights/inactivity.py) by the data's
last event: no event in the data's last `churn_days` days."""

from __future__ import annotations

import math
from typing import Any

from whylens.engines.base import Engine
from whylens.insights.dialects import per_dialect
from whylens.insights.feedback.result import FeedbackResult
from whylens.insights.feedback.sentiment import NEUTRAL_BAND
from whylens.insights.feedback.store import score_feedback
from whylens.insights.inactivity import CHURN_DAYS, churned
from whylens.insights.result import recorded

Z95 = 1.959964
EVENTS_SHOWN = 10

_PERSONS = f"""
    WITH last_seen AS (
        SELECT person_id, max(timestamp) AS last_event FROM events WHERE project_id = $p
        GROUP BY person_id
    ), window_end AS (SELECT max(last_event) AS t FROM last_seen),
    answers AS (
        SELECT person_id,
            arg_max(score, timestamp) FILTER (kind = 'nps' AND score IS NOT NULL) AS nps,
            avg(sentiment) AS sentiment
        FROM feedback WHERE project_id = $p AND person_id IS NOT NULL GROUP BY person_id
    ),
    persons AS (
        SELECT a.person_id,
            CASE WHEN a.nps >= 9 THEN 'promoter' WHEN a.nps >= 7 THEN 'passive'
                 WHEN a.nps IS NOT NULL THEN 'detractor' END AS nps_band,
            CASE WHEN a.sentiment >= $band THEN 'positive' WHEN a.sentiment <= -$band
                 THEN 'negative' WHEN a.sentiment IS NOT NULL THEN 'neutral' END AS sentiment_label,
            {churned("l.last_event", "(SELECT t FROM window_end)", "$days")} AS churned
        FROM answers a JOIN last_seen l USING (person_id)
    )"""


@per_dialect("feedback_behavior")
def feedback_behavior(
    engine: Engine, project_id: str = "default", *, churn_days: int = CHURN_DAYS
) -> FeedbackResult:
    """Churn rate (with a 95% Wilson interval) per NPS band and per sentiment label."""
    score_feedback(engine, project_id)
    params = {"p": project_id, "band": NEUTRAL_BAND, "days": int(churn_days)}
    with recorded(engine) as (rec, log):
        churn = rec.query(
            _PERSONS
            + """
            SELECT 'nps_band' AS by, nps_band AS "group", count(*) AS persons,
                count(*) FILTER (churned) AS churned
            FROM persons WHERE nps_band IS NOT NULL GROUP BY ALL
            UNION ALL
            SELECT 'sentiment', sentiment_label, count(*), count(*) FILTER (churned)
            FROM persons WHERE sentiment_label IS NOT NULL GROUP BY ALL
            ORDER BY 1, 2""",
            params,
        ).to_pylist()
        usage = rec.query(
            _PERSONS
            + """
            , used AS (
                SELECT p.nps_band, e.event, count(DISTINCT e.person_id) AS users
                FROM events e JOIN persons p USING (person_id)
                WHERE e.project_id = $p AND p.nps_band IN ('promoter', 'detractor')
                    AND NOT starts_with(e.event, '$')
                GROUP BY ALL
            ), sizes AS (
                SELECT nps_band, count(*) AS n FROM persons
                WHERE nps_band IN ('promoter', 'detractor') GROUP BY ALL
            )
            SELECT event,
                coalesce(max(users / n) FILTER (nps_band = 'promoter'), 0) AS promoters,
                coalesce(max(users / n) FILTER (nps_band = 'detractor'), 0) AS detractors
            FROM used JOIN sizes USING (nps_band) GROUP BY event
            ORDER BY abs(promoters - detractors) DESC, event LIMIT $shown""",
            {**params, "shown": EVENTS_SHOWN},
        ).to_pylist()
    rows = [{**r, **_rate(r["churned"], r["persons"])} for r in churn]
    for r in usage:
        r["difference"] = r["promoters"] - r["detractors"]
    document = {"churn_days": churn_days, "churn": rows, "feature_use": usage}
    return FeedbackResult("feedback_behavior", document, log, "churn", "group", "churn_rate")


def _rate(k: int, n: int) -> dict[str, Any]:
    """Share with its Wilson 95% interval (sound for small groups and rates near 0 or 1)."""
    if n == 0:
        return {"churn_rate": None, "churn_rate_low": None, "churn_rate_high": None}
    p = k / n
    centre = (p + Z95**2 / (2 * n)) / (1 + Z95**2 / n)
    half = Z95 * math.sqrt(p * (1 - p) / n + Z95**2 / (4 * n * n)) / (1 + Z95**2 / n)
    return {"churn_rate": p, "churn_rate_low": centre - half, "churn_rate_high": centre + half}
