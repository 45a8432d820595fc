"""The analyses written for ClickHouse: the same documents as insights/, from SQL in ClickHouse's
idiom (per-person arrays, uniqExact), with the scope and event filters of insights/ transpiled
so that a filter means the same thing on both engines. Importing this package registers them
(insights/dialects.py)."""

from whylens.insights.clickhouse import (
    funnels,
    lifecycle,
    paths,
    retention,
    sessions,
    stickiness,
    trends,
)

__all__ = ["funnels", "lifecycle", "paths", "retention", "sessions", "stickiness", "trends"]
