"""Each answering person's NPS band and sentiment label, defined once: churn by answer and what
persons did before answering group the same persons the same way.

NPS band: the person's latest NPS answer (ties in time broken by feedback id), promoter 9-10,
passive 7-8, detractor 0-6. Sentiment label: the mean sentiment of their scored comments.
"""

from __future__ import annotations

from whylens.insights.feedback.sentiment import NEUTRAL_BAND
from whylens.insights.params import Params

#: the bands in the order they are shown
BANDS = ("detractor", "passive", "promoter")


def band(score: str) -> str:
    """SQL: the NPS band of the score expression `score` (NULL for no score)."""
    return (
        f"CASE WHEN {score} >= 9 THEN 'promoter' WHEN {score} >= 7 THEN 'passive'"
        f" WHEN {score} IS NOT NULL THEN 'detractor' END"
    )


def answers(rows: str, params: Params) -> str:
    """SELECT of one row per answering person with a person id: `person_id`, `nps_band`,
    `answered_at` (the time of the latest NPS answer) and `sentiment_label`, over the feedback
    rows (alias `f`) meeting the condition `rows`."""
    neutral = params.add(NEUTRAL_BAND)
    nps = "kind = 'nps' AND score IS NOT NULL"
    return f"""
        SELECT person_id, {band("nps")} AS nps_band, answered_at,
            CASE WHEN sentiment >= {neutral} THEN 'positive'
                WHEN sentiment <= -{neutral} THEN 'negative'
                WHEN sentiment IS NOT NULL THEN 'neutral' END AS sentiment_label
        FROM (
            SELECT person_id,
                arg_max(score, (timestamp, feedback_id)) FILTER ({nps}) AS nps,
                max(timestamp) FILTER ({nps}) AS answered_at,
                avg(sentiment) AS sentiment
            FROM feedback f WHERE {rows} AND person_id IS NOT NULL GROUP BY person_id
        )"""
