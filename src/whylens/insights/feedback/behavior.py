"""What people who answered did: churn rate by NPS band and by sentiment, which events promoters
and detractors use, and what they did in the days before they answered (before.py). Churn is
inactivity churn (insights/inactivity.py) by the data's last event: no event in the data's last
`churn_days` days. The answers are those in scope (dates, filters, segment: scoped.py); the
events are all those of the answering persons (with a segment, of its persons only), so a range
chooses whose answers count, not how long their behaviour is followed."""

from __future__ import annotations

import math
import uuid
from typing import Any

from whylens.engines.base import Engine
from whylens.errors import QueryError
from whylens.insights.dialects import per_dialect
from whylens.insights.feedback import scoped
from whylens.insights.feedback.answers import answers
from whylens.insights.feedback.before import BEFORE_DAYS, before_answer
from whylens.insights.feedback.result import FeedbackResult
from whylens.insights.feedback.store import score_feedback
from whylens.insights.inactivity import CHURN_DAYS, churned
from whylens.insights.params import Params
from whylens.insights.result import recorded
from whylens.insights.scope import Scope

Z95 = 1.959964
EVENTS_SHOWN = 10


def _answering(scope: Scope, params: Params, churn_days: int) -> str:
    """WITH … answering: each answering person with events, their band, label and churn (not
    named `persons`: a segment's SQL inside reads the persons table)."""
    last_seen = scoped.history(scope).events(params, "e.person_id, e.timestamp")
    days = params.add(int(churn_days))
    return f"""
    WITH last_seen AS (
        SELECT person_id, max(timestamp) AS last_event FROM {last_seen} e GROUP BY person_id
    ), window_end AS (SELECT max(last_event) AS t FROM last_seen),
    answering AS (
        SELECT a.person_id, a.nps_band, a.sentiment_label,
            {churned("l.last_event", "(SELECT t FROM window_end)", days)} AS churned
        FROM ({answers(scoped.rows(scope, params), params)}) a JOIN last_seen l USING (person_id)
    )"""


def checked(before_days: float) -> None:
    if not before_days > 0:
        raise QueryError(f"before_days must be a positive number of days, not {before_days!r}")


@per_dialect("feedback_behavior")
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
    """Churn rate (with a 95% Wilson interval) per NPS band and per sentiment label; events of
    promoters and detractors; what each band did in the `before_days` days before answering."""
    checked(before_days)
    scope = scoped.feedback_scope(engine, project_id, date_from, date_to, where, segment)
    score_feedback(engine, project_id)
    with recorded(engine) as (rec, log):
        params = Params()
        # the answering persons are found once (it reads every event's time) and kept for
        # both questions asked of them
        found = rec.query(
            _answering(scope, params, churn_days) + " SELECT * FROM answering", params
        )
        with rec.registered(f"_whylens_answering_{uuid.uuid4().hex}", found) as kept:
            answering = f"WITH answering AS (SELECT * FROM {kept})"
            churn = rec.query(
                answering
                + """
                SELECT 'nps_band' AS by, nps_band AS "group", count(*) AS persons,
                    count(*) FILTER (churned) AS churned
                FROM answering WHERE nps_band IS NOT NULL GROUP BY ALL
                UNION ALL
                SELECT 'sentiment', sentiment_label, count(*), count(*) FILTER (churned)
                FROM answering WHERE sentiment_label IS NOT NULL GROUP BY ALL
                ORDER BY 1, 2"""
            ).to_pylist()
            params = Params()
            events = scoped.history(scope).events(params, "e.person_id, e.event")
            usage = rec.query(
                answering
                + f"""
                , used AS (
                    SELECT p.nps_band, e.event, count(DISTINCT e.person_id) AS users
                    FROM {events} e JOIN answering p USING (person_id)
                    WHERE p.nps_band IN ('promoter', 'detractor')
                        AND NOT starts_with(e.event, '$')
                    GROUP BY ALL
                ), sizes AS (
                    SELECT nps_band, count(*) AS n FROM answering
                    WHERE nps_band IN ('promoter', 'detractor') GROUP BY ALL
                )
                SELECT event,
                    coalesce(max(users / n) FILTER (nps_band = 'promoter'), 0) AS promoters,
                    coalesce(max(users / n) FILTER (nps_band = 'detractor'), 0) AS detractors
                FROM used JOIN sizes USING (nps_band) GROUP BY event
                ORDER BY abs(promoters - detractors) DESC, event
                LIMIT {params.add(EVENTS_SHOWN)}""",
                params,
            ).to_pylist()
        before = before_answer(rec, scope, before_days)
    return behaved(scope, churn_days, churn, usage, before, log)


def behaved(
    scope: Scope,
    churn_days: int,
    churn: list[dict[str, Any]],
    usage: list[dict[str, Any]],
    before: dict[str, Any],
    log: Any,
) -> FeedbackResult:
    """The document from the queries' rows (the same on every engine)."""
    rows = [{**r, **_rate(r["churned"], r["persons"])} for r in churn]
    for r in usage:
        r["difference"] = r["promoters"] - r["detractors"]
    document = {
        "scope": scope.describe(),
        "churn_days": churn_days,
        "churn": rows,
        "feature_use": usage,
        "before_answer": before,
    }
    return FeedbackResult("feedback_behavior", document, log, "churn", "group", "churn_rate")


def _rate(k: int, n: int) -> dict[str, Any]:
    """Share with its Wilson 95% interval (sound for small groups and rates near 0 or 1)."""
    if n == 0:
        return {"churn_rate": None, "churn_rate_low": None, "churn_rate_high": None}
    p = k / n
    centre = (p + Z95**2 / (2 * n)) / (1 + Z95**2 / n)
    half = Z95 * math.sqrt(p * (1 - p) / n + Z95**2 / (4 * n * n)) / (1 + Z95**2 / n)
    return {"churn_rate": p, "churn_rate_low": centre - half, "churn_rate_high": centre + half}
