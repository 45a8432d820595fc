"""Recurring themes in feedback: mentions, share of negative mentions, trend and example quotes.

Themes come from the tags stored per row (topics.THEMES); the phrases that recur inside each
theme are counted as word pairs in SQL, so a new complaint shows up even without a rule for it.
Only the feedback in scope is read (answered in the range, of persons passing the filters, of a
segment: scoped.py).
"""

from __future__ import annotations

from typing import Any

from whylens.engines.base import Engine
from whylens.errors import QueryError
from whylens.insights.dialects import per_dialect
from whylens.insights.feedback import scoped
from whylens.insights.feedback.result import FeedbackResult
from whylens.insights.feedback.store import score_feedback
from whylens.insights.params import Params
from whylens.insights.result import recorded
from whylens.insights.scope import Scope

INTERVALS = ("week", "month")
EXAMPLES = 3
PHRASES = 5
#: words that make a pair of words uninteresting when they start or end it
_STOP = """
    a an and are as at be but by for from had has have i in is it its me my of on or our so
    that the their them then this to too was we were with you your very again just not |
"""
STOPWORDS = sorted(_STOP.split())


def checked(interval: str) -> None:
    if interval not in INTERVALS:
        raise QueryError(f"interval must be one of {', '.join(INTERVALS)}, not {interval!r}")


@per_dialect("feedback_themes")
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
    """Per theme: mentions, negative share, mean sentiment, trend, phrases and three quotes."""
    checked(interval)
    scope = scoped.feedback_scope(engine, project_id, date_from, date_to, where, segment)
    score_feedback(engine, project_id)
    params = Params()
    base = f"""
        WITH tagged AS (
            SELECT feedback_id, timestamp, text, sentiment, label, unnest(themes) AS theme
            FROM feedback f WHERE {scoped.rows(scope, params)} AND themes IS NOT NULL
        )"""
    with recorded(engine) as (rec, log):
        totals = rec.query(
            base
            + """
            SELECT theme, count(*) AS mentions,
                avg(CASE WHEN label = 'negative' THEN 1.0 WHEN label IN ('positive', 'neutral')
                    THEN 0.0 END) AS negative_share,
                avg(sentiment) AS sentiment_mean
            FROM tagged GROUP BY theme ORDER BY mentions DESC, theme""",
            params,
        ).to_pylist()
        trend = rec.query(
            base
            + """
            SELECT theme, date_trunc($interval, timestamp) AS date, count(*) AS mentions,
                avg(CASE WHEN label = 'negative' THEN 1.0 WHEN label IN ('positive', 'neutral')
                    THEN 0.0 END) AS negative_share
            FROM tagged GROUP BY ALL ORDER BY theme, date""",
            {**params, "interval": interval},
        ).to_pylist()
        quotes = rec.query(
            base
            + """
            SELECT theme, text, sentiment, label FROM (
                SELECT theme, text, any_value(sentiment) AS sentiment, any_value(label) AS label,
                    count(*) AS n
                FROM tagged WHERE text IS NOT NULL GROUP BY theme, text
            ) QUALIFY row_number() OVER (
                PARTITION BY theme ORDER BY abs(coalesce(sentiment, 0)) DESC, n DESC, text
            ) <= """
            + str(EXAMPLES)
            + " ORDER BY theme, abs(coalesce(sentiment, 0)) DESC, n DESC, text",
            params,
        ).to_pylist()
        phrases = rec.query(
            base
            + """,
            words AS (
                SELECT theme, feedback_id,
                    list_filter(string_split_regex(
                        regexp_replace(lower(text), '[.!?,;:]+', ' | ', 'g'), '[^a-z''|]+'),
                        lambda w: w <> '') AS w
                FROM tagged WHERE text IS NOT NULL
            ),
            pairs AS (
                SELECT theme, feedback_id, w[i] || ' ' || w[i + 1] AS phrase,
                    w[i] AS first, w[i + 1] AS last
                FROM words, range(1, len(w)) t(i)
            )
            SELECT theme, phrase, count(DISTINCT feedback_id) AS count FROM pairs
            WHERE NOT list_contains($stop, first) AND NOT list_contains($stop, last)
            GROUP BY theme, phrase HAVING count(DISTINCT feedback_id) >= 2
            QUALIFY row_number() OVER (PARTITION BY theme ORDER BY count DESC, phrase) <= """
            + str(PHRASES),
            {**params, "stop": STOPWORDS},
        ).to_pylist()
    return themed(scope, interval, totals, trend, quotes, phrases, log)


def themed(
    scope: Scope,
    interval: str,
    totals: list[dict[str, Any]],
    trend: list[dict[str, Any]],
    quotes: list[dict[str, Any]],
    phrases: list[dict[str, Any]],
    log: Any,
) -> FeedbackResult:
    """The document from the four queries' rows (the same on every engine)."""
    themes = [
        {
            **row,
            "trend": [
                {k: t[k] for k in ("date", "mentions", "negative_share")}
                for t in trend
                if t["theme"] == row["theme"]
            ],
            "phrases": [
                {"phrase": p["phrase"], "count": p["count"]}
                for p in sorted(phrases, key=lambda p: (-p["count"], p["phrase"]))
                if p["theme"] == row["theme"]
            ],
            "examples": [
                {k: q[k] for k in ("text", "sentiment", "label")}
                for q in quotes
                if q["theme"] == row["theme"]
            ],
        }
        for row in totals
    ]
    document = {"scope": scope.describe(), "interval": interval, "themes": themes}
    return FeedbackResult("feedback_themes", document, log, "themes", "theme", "mentions")
