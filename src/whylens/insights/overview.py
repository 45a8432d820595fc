"""The overview: the few numbers a person opens whylens to see first, in one round trip."""

from __future__ import annotations

from typing import Any

from whylens.engines.base import Engine


def overview(engine: Engine, project_id: str, top: int = 10) -> dict[str, Any]:
    """Totals, bounce and duration, activity per day, top events, landing pages and sources."""
    p = {"project": project_id, "top": top}
    totals = engine.query(
        """
        SELECT count(*) AS sessions, count(DISTINCT person_id) AS persons,
            avg(CASE WHEN is_bounce THEN 1.0 WHEN NOT is_bounce THEN 0.0 END) AS bounce_rate,
            median(duration_s) AS median_session_s,
            sum(pageviews) / nullif(count(*), 0) AS pages_per_session
        FROM sessions WHERE project_id = $project
    """,
        {"project": project_id},
    ).to_pylist()[0]
    totals["events"] = engine.scalar(
        "SELECT count(*) FROM events WHERE project_id = $project", {"project": project_id}
    )
    daily = engine.query(
        """
        SELECT CAST(date_trunc('day', timestamp) AS DATE) AS day, count(*) AS events,
            count(DISTINCT person_id) AS persons
        FROM events WHERE project_id = $project GROUP BY 1 ORDER BY 1
    """,
        {"project": project_id},
    ).to_pylist()
    events = engine.query(
        """
        SELECT event, count(*) AS events, count(DISTINCT person_id) AS persons
        FROM events WHERE project_id = $project GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT $top
    """,
        p,
    ).to_pylist()
    landing = engine.query(
        """
        SELECT entry_path AS path, count(*) AS sessions,
            avg(CASE WHEN is_bounce THEN 1.0 ELSE 0.0 END) AS bounce_rate
        FROM sessions WHERE project_id = $project AND entry_path IS NOT NULL
        GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT $top
    """,
        p,
    ).to_pylist()
    sources = engine.query(
        """
        SELECT coalesce(utm_source, referring_domain, '(direct)') AS source, count(*) AS sessions,
            count(DISTINCT person_id) AS persons
        FROM sessions WHERE project_id = $project GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT $top
    """,
        p,
    ).to_pylist()
    return {
        "totals": totals,
        "daily": daily,
        "top_events": events,
        "landing_pages": landing,
        "sources": sources,
    }
