"""`feedback themes` on ClickHouse: insights/feedback/themes.py's four queries, the stored themes
spread with ARRAY JOIN, each text's word pairs as its word array zipped with itself shifted by
one, and the top quotes and phrases of a theme by row_number; the document is themes.py's."""

from __future__ import annotations

from typing import Any

from whylens.engines.base import Engine
from whylens.insights.clickhouse import feedback_rows
from whylens.insights.clickhouse.where import BUCKET
from whylens.insights.dialects import implements
from whylens.insights.feedback import scoped
from whylens.insights.feedback.result import FeedbackResult
from whylens.insights.feedback.store import score_feedback
from whylens.insights.feedback.themes import EXAMPLES, PHRASES, STOPWORDS, checked, themed
from whylens.insights.params import Params
from whylens.insights.result import recorded

_NEGATIVE = (
    "avg(CASE WHEN label = 'negative' THEN 1.0 WHEN label IN ('positive', 'neutral') THEN 0.0 END)"
)


@implements("feedback_themes", "clickhouse")
def feedback_themes(
    engine: Engine,
    project_id: str = "default",
    *,
    interval: str = "month",
    date_from: Any = None,
    date_to: Any = None,
    where: Any = None,
    segment: Any = None,
) -> FeedbackResult:
    """themes.feedback_themes."""
    checked(interval)
    scope = scoped.feedback_scope(engine, project_id, date_from, date_to, where, segment)
    score_feedback(engine, project_id)
    params = Params()
    tagged = f"""(
        SELECT f.feedback_id AS feedback_id, f.timestamp AS timestamp, f.text AS text,
            f.sentiment AS sentiment, toString(f.label) AS label, theme
        FROM feedback f ARRAY JOIN f.themes AS theme WHERE {feedback_rows.rows(scope, params)}
    )"""
    bucket = BUCKET[interval].format(c="timestamp")
    with recorded(engine) as (rec, log):
        totals = rec.query(
            f"""
            SELECT theme, count() AS mentions, {_NEGATIVE} AS negative_share,
                avg(sentiment) AS sentiment_mean
            FROM {tagged} GROUP BY theme ORDER BY mentions DESC, theme""",
            params,
        ).to_pylist()
        trend = rec.query(
            f"""
            SELECT theme, {bucket} AS date, count() AS mentions, {_NEGATIVE} AS negative_share
            FROM {tagged} GROUP BY theme, date ORDER BY theme, date""",
            params,
        ).to_pylist()
        quotes = rec.query(
            f"""
            SELECT theme, text, sentiment, label FROM (
                SELECT theme, text, sentiment, label, n, row_number() OVER (
                    PARTITION BY theme ORDER BY abs(coalesce(sentiment, 0)) DESC, n DESC, text
                ) AS rank
                FROM (
                    SELECT theme, text, any(sentiment) AS sentiment, any(label) AS label,
                        count() AS n
                    FROM {tagged} WHERE text IS NOT NULL GROUP BY theme, text
                )
            ) WHERE rank <= {params.add(EXAMPLES)}
            ORDER BY theme, abs(coalesce(sentiment, 0)) DESC, n DESC, text""",
            params,
        ).to_pylist()
        words = (
            "arrayFilter(w -> w != '', splitByRegexp('[^a-z''|]+',"
            " replaceRegexpAll(lower(assumeNotNull(text)), '[.!?,;:]+', ' | ')))"
        )
        stop = params.add(STOPWORDS)
        phrases = rec.query(
            f"""
            SELECT theme, phrase, count FROM (
                SELECT theme, phrase, count, row_number() OVER (
                    PARTITION BY theme ORDER BY count DESC, phrase) AS rank
                FROM (
                    SELECT theme, concat(pair.1, ' ', pair.2) AS phrase,
                        toInt64(uniqExact(feedback_id)) AS count
                    FROM (
                        SELECT theme, feedback_id, {words} AS w FROM {tagged}
                        WHERE text IS NOT NULL
                    ) ARRAY JOIN arrayZip(arrayPopBack(w), arrayPopFront(w)) AS pair
                    WHERE NOT has({stop}, pair.1) AND NOT has({stop}, pair.2)
                    GROUP BY theme, phrase HAVING count >= 2
                )
            ) WHERE rank <= {params.add(PHRASES)}""",
            params,
        ).to_pylist()
    return themed(scope, interval, totals, trend, quotes, phrases, log)
