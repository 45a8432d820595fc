"""Every feedback item with its sentiment, label and themes: what `whylens feedback list` shows.

Unscored rows are scored first when the database is writable, so the list is never stale.
"""

from __future__ import annotations

from typing import Any

from whylens.engines.base import Engine
from whylens.insights.dialects import per_dialect
from whylens.insights.feedback.result import FeedbackResult
from whylens.insights.feedback.store import score_feedback
from whylens.insights.result import recorded

LABELS = ("positive", "neutral", "negative", "unscored")


@per_dialect("feedback_list")
def feedback_list(
    engine: Engine,
    project_id: str = "default",
    *,
    label: str | None = None,
    theme: str | None = None,
    kind: str | None = None,
    limit: int | None = None,
) -> FeedbackResult:
    """Feedback items, newest first, optionally only one label, theme or kind."""
    score_feedback(engine, project_id)
    params: dict[str, Any] = {"p": project_id}
    where = ["project_id = $p"]
    for name, value in (("label", label), ("kind", kind)):
        if value is not None:
            params[name] = value
            where.append(
                f"coalesce(label, 'unscored') = ${name}" if name == "label" else "kind = $kind"
            )
    if theme is not None:
        params["theme"] = theme
        where.append("list_contains(themes, $theme)")
    limit_sql = ""
    if limit is not None:
        params["limit"] = int(limit)
        limit_sql = " LIMIT $limit"
    with recorded(engine) as (rec, log):
        table = rec.query(
            f"""
            SELECT feedback_id, person_id, timestamp, kind, score, text, source, sentiment,
                coalesce(label, 'unscored') AS label, language,
                coalesce(themes, []::VARCHAR[]) AS themes,
                coalesce(from_json(json_extract(properties, '$.tags'), '["VARCHAR"]'),
                    []::VARCHAR[]) AS tags
            FROM feedback WHERE {" AND ".join(where)}
            ORDER BY timestamp DESC, feedback_id{limit_sql}
            """,
            params,
        )
    items = table.to_pylist()
    counts = {name: sum(item["label"] == name for item in items) for name in LABELS}
    document = {"count": len(items), "labels": counts, "items": items}
    return FeedbackResult("feedback_list", document, log, "items", "timestamp", "sentiment")
