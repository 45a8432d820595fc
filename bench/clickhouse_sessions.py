"""The sessions and overview references on ClickHouse, written by hand: the sessions table read
with the bounce and source of each session computed once per query, every grouped list of the
sessions page in one GROUPING SETS pass. Same numbers, in the same shapes, as the DuckDB
references of `bench.handwritten_sessions`.
"""

from __future__ import annotations

from typing import Any

from bench.clickhouse_handwritten import midnight, rows
from bench.handwritten import DURATION_BINS, TOP
from bench.handwritten_sessions import SESSION_GROUPS, sessions_document, top_groups

_HOST = (
    "nullIf(replaceRegexpOne(lower(extract(entry_url,"
    " '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^@/?#]*@)?([^/:?#]*)')), '^www[.]', ''), '')"
)
_SOURCE = (
    "coalesce(utm_source, if(referring_domain IS NOT NULL"
    f" AND ({_HOST} IS NULL OR referring_domain != {_HOST}), referring_domain, NULL), '(direct)')"
)
#: the sessions in scope with their bounce (NULL without a page view) and source
_BASE = (
    "(SELECT person_id, started_at, duration_s, pageviews, is_first_session,"
    f" {', '.join(c for _, c, _, _ in SESSION_GROUPS if c != 'source')},"
    " toFloat64(if(pageviews = 0, NULL, NOT (pageviews > 1 OR interactions > 0"
    f" OR duration_s >= 10))) AS bounce, {_SOURCE} AS source"
    " FROM sessions WHERE project_id = {project:String})"
)
_BINS = " + ".join(f"(duration_s >= {edge})" for edge in DURATION_BINS[1:])
_GROUPED = ("sessions", "persons", "bounce_rate", "mean_duration_s", "pages_per_session")


def sessions(chdb: Any, project: str) -> dict[str, Any]:
    """Totals, duration histogram, the grouped lists, exit pages and the daily timeline."""
    counts = ", ".join(f"countIf(bin = {i})" for i in range(len(DURATION_BINS)))
    totals = rows(
        chdb,
        f"""
        SELECT count() AS sessions, avg(bounce) AS bounce_rate,
            sum(pageviews) / count() AS pages_per_session, avg(duration_s) AS mean,
            quantileExactInclusive(0.5)(duration_s) AS median,
            quantileExactInclusive(0.9)(duration_s) AS p90,
            [{counts}] AS bins,
            any(people.1) AS persons, any(people.2) AS repeat, any(people.3) AS new
        FROM (SELECT *, {_BINS} AS bin FROM {_BASE}) s
        CROSS JOIN (
            SELECT (count(), countIf(n >= 2) / count(), countIf(new)) AS people FROM (
                SELECT count() AS n, max(is_first_session) AS new FROM {_BASE}
                GROUP BY person_id)
        ) persons
        """,
        project=project,
    )[0]
    totals["bins"] = list(enumerate(totals["bins"]))
    days = [{**r, "day": midnight(r["day"])} for r in timeline(chdb, project)]
    return sessions_document(totals, grouped(chdb, project), exit_pages(chdb, project), days)


def grouped(chdb: Any, project: str, columns: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """The grouped lists by `columns` (default: every one of the sessions page) in one pass
    (GROUPING SETS; grouping() is 0 for the set's own key)."""
    columns = columns or tuple(c for _, c, _, _ in SESSION_GROUPS)
    return rows(
        chdb,
        f"""
        SELECT {", ".join(f"grouping({c}) = 0 AS by_{c}" for c in columns)},
            coalesce({", ".join(f"CAST({c} AS Nullable(String))" for c in columns)}) AS value,
            count() AS sessions, uniqExact(person_id) AS persons, avg(bounce) AS bounce_rate,
            avg(duration_s) AS mean_duration_s, sum(pageviews) / count() AS pages_per_session
        FROM {_BASE}
        GROUP BY GROUPING SETS ({", ".join(f"({c})" for c in columns)})
        SETTINGS group_by_use_nulls = 1
        """,
        project=project,
    )


def exit_pages(chdb: Any, project: str) -> list[dict[str, Any]]:
    return rows(
        chdb,
        f"""
        SELECT x.path AS path, x.exits AS exits, v.pageviews AS pageviews,
            x.exits / v.pageviews AS exit_rate
        FROM (SELECT exit_path AS path, count() AS exits FROM sessions
              WHERE project_id = {{project:String}} AND exit_path IS NOT NULL GROUP BY path) x
        INNER JOIN (SELECT path, count() AS pageviews FROM events
                    WHERE project_id = {{project:String}} AND session_id IS NOT NULL
                    AND event IN ('$pageview', '$screen', 'pageview', 'page_view')
                    GROUP BY path) v ON v.path = x.path
        ORDER BY exits DESC, path LIMIT {TOP}
        """,
        project=project,
    )


def timeline(chdb: Any, project: str) -> list[dict[str, Any]]:
    """Per day: sessions and bounce rate, persons, new and returning ones, repeat visitors."""
    return rows(
        chdb,
        f"""
        SELECT day, sum(n) AS sessions, sum(bounced) / nullIf(sum(counted), 0) AS bounce_rate,
            count() AS persons, countIf(new) AS new_persons,
            countIf(NOT new) AS returning_persons,
            countIf(n >= 2) / count() AS repeat_visit_rate
        FROM (SELECT toDate(started_at) AS day, count() AS n, sum(bounce) AS bounced,
                     count(bounce) AS counted, max(is_first_session) AS new
              FROM {_BASE} GROUP BY day, person_id)
        GROUP BY day ORDER BY day
        """,
        project=project,
    )


def overview(chdb: Any, project: str) -> dict[str, Any]:
    """The overview's numbers over the whole history: totals, events and persons per day, top
    events, landing pages and sources (as `bench.analyses.overview_pandas` computes them)."""
    totals = rows(
        chdb,
        f"""
        SELECT count() AS sessions, uniqExact(person_id) AS persons, avg(bounce) AS bounce_rate,
            quantileExactInclusive(0.5)(duration_s) AS median_session_s,
            sum(pageviews) / count() AS pages_per_session,
            (SELECT count() FROM events WHERE project_id = {{project:String}}) AS events
        FROM {_BASE}
        """,
        project=project,
    )[0]
    daily = rows(
        chdb,
        "SELECT toDate(timestamp) AS day, count() AS events, uniqExact(person_id) AS persons"
        " FROM events WHERE project_id = {project:String} GROUP BY day ORDER BY day",
        project=project,
    )
    top = rows(
        chdb,
        "SELECT event, count() AS events, uniqExact(person_id) AS persons FROM events"
        f" WHERE project_id = {{project:String}} GROUP BY event ORDER BY events DESC, event"
        f" LIMIT {TOP}",
        project=project,
    )
    lists = grouped(chdb, project, ("entry_path", "source"))
    return {
        "totals": totals,
        "daily": [{**r, "day": r["day"].isoformat()} for r in daily],
        "top_events": top,
        "landing_pages": top_groups(lists, "entry_path", "path", True),
        "sources": top_groups(lists, "source", "source", False),
    }
