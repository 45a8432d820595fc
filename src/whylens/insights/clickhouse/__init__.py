"""The analyses written for ClickHouse: the same documents as insights/, from SQL in ClickHouse's
idiom (per-person arrays, uniqExact), with the scope and event filters of insights/ transpiled
so that a filter means the same thing on both engines. Importing this package registers them
(insights/dialects.py)."""

from whylens.insights.clickhouse import (
    adoption,
    churn,
    clv,
    feedback_behavior,
    feedback_list,
    feedback_scores,
    feedback_themes,
    feedback_trends,
    funnels,
    lifecycle,
    overview,
    paths,
    retention,
    segment_people,
    segments,
    sessions,
    stickiness,
    trends,
)

__all__ = [
    "adoption",
    "churn",
    "clv",
    "feedback_behavior",
    "feedback_list",
    "feedback_scores",
    "feedback_themes",
    "feedback_trends",
    "funnels",
    "lifecycle",
    "overview",
    "paths",
    "retention",
    "segment_people",
    "segments",
    "sessions",
    "stickiness",
    "trends",
]
