"""`feedback list` on ClickHouse: insights/feedback/listing.py's rows and document, with the
stored tags read by JSONExtract (a missing or null tag list is empty, as on DuckDB)."""

from __future__ import annotations

from typing import Any

from whylens.engines.base import Engine
from whylens.insights.clickhouse import feedback_rows
from whylens.insights.dialects import implements
from whylens.insights.feedback import scoped
from whylens.insights.feedback.listing import listed
from whylens.insights.feedback.result import FeedbackResult
from whylens.insights.feedback.store import score_feedback
from whylens.insights.params import Params
from whylens.insights.result import recorded


@implements("feedback_list", "clickhouse")
def feedback_list(
    engine: Engine,
    project_id: str = "default",
    *,
    label: str | None = None,
    theme: str | None = None,
    kind: str | None = None,
    limit: int | None = None,
    date_from: Any = None,
    date_to: Any = None,
    where: Any = None,
    segment: Any = None,
) -> FeedbackResult:
    """listing.feedback_list."""
    scope = scoped.feedback_scope(engine, project_id, date_from, date_to, where, segment)
    score_feedback(engine, project_id)
    params = Params()
    conditions = [feedback_rows.rows(scope, params)]
    if label is not None:
        conditions.append(f"coalesce(f.label, 'unscored') = {params.add(label)}")
    if kind is not None:
        conditions.append(f"f.kind = {params.add(kind)}")
    if theme is not None:
        conditions.append(f"has(f.themes, {params.add(theme)})")
    limit_sql = "" if limit is None else f" LIMIT {params.add(int(limit))}"
    with recorded(engine) as (rec, log):
        table = rec.query(
            f"""
            SELECT f.feedback_id AS feedback_id, f.person_id AS person_id,
                f.timestamp AS timestamp, toString(f.kind) AS kind, f.score AS score,
                f.text AS text, f.source AS source, f.sentiment AS sentiment,
                toString(coalesce(f.label, 'unscored')) AS label,
                CAST(f.language AS Nullable(String)) AS language, f.scorer AS scorer,
                f.themes AS themes,
                if(JSONType(coalesce(f.properties, '{{}}'), 'tags') = 'Array',
                    JSONExtract(coalesce(f.properties, '{{}}'), 'tags', 'Array(String)'),
                    CAST([] AS Array(String))) AS tags
            FROM feedback f WHERE {" AND ".join(conditions)}
            ORDER BY f.timestamp DESC, f.feedback_id{limit_sql}
            """,
            params,
        )
    return listed(scope, table.to_pylist(), log)
