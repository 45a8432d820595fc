"""Every feedback item with its sentiment, label and themes: what `whylens feedback list` shows.

Unscored rows are scored first when the database is writable, so the list is never stale. Like
every analysis it takes a date range, property filters and a segment (scoped.py).
"""

from __future__ import annotations

from typing import Any

from whylens.engines.base import Engine
from whylens.insights.dialects import per_dialect
from whylens.insights.feedback import scoped
from whylens.insights.feedback.result import FeedbackResult
from whylens.insights.feedback.store import score_feedback
from whylens.insights.params import Params
from whylens.insights.result import recorded
from whylens.insights.scope import Scope

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
    date_from: Any = None,
    date_to: Any = None,
    where: Any = None,
    segment: Any = None,
) -> FeedbackResult:
    """Feedback items, newest first, optionally only one label, theme or kind, and only those
    in scope (answered in the range, of persons passing the filters, of a segment)."""
    scope = scoped.feedback_scope(engine, project_id, date_from, date_to, where, segment)
    score_feedback(engine, project_id)
    params = Params()
    conditions = [scoped.rows(scope, params)]
    if label is not None:
        conditions.append(f"coalesce(label, 'unscored') = {params.add(label)}")
    if kind is not None:
        conditions.append(f"kind = {params.add(kind)}")
    if theme is not None:
        conditions.append(f"list_contains(themes, {params.add(theme)})")
    limit_sql = "" if limit is None else f" LIMIT {params.add(int(limit))}"
    with recorded(engine) as (rec, log):
        table = rec.query(
            f"""
            SELECT feedback_id, person_id, timestamp, kind, score, text, source, sentiment,
                coalesce(label, 'unscored') AS label, language, scorer,
                coalesce(themes, []::VARCHAR[]) AS themes,
                coalesce(from_json(json_extract(properties, '$.tags'), '["VARCHAR"]'),
                    []::VARCHAR[]) AS tags
            FROM feedback f WHERE {" AND ".join(conditions)}
            ORDER BY timestamp DESC, feedback_id{limit_sql}
            """,
            params,
        )
    return listed(scope, table.to_pylist(), log)


def listed(scope: Scope, items: list[dict[str, Any]], log: Any) -> FeedbackResult:
    """The list's document from its rows (the same on every engine)."""
    counts = {name: sum(item["label"] == name for item in items) for name in LABELS}
    document = {
        "scope": scope.describe(),
        "count": len(items),
        "labels": counts,
        "items": items,
    }
    return FeedbackResult("feedback_list", document, log, "items", "timestamp", "sentiment")
