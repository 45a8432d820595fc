"""The sessions and overview references on DuckDB: the sessions table read with each session's
bounce and source computed once (a materialised CTE), every grouped list in one GROUPING SETS
pass. See `bench.handwritten` for what a reference is.
"""

from __future__ import annotations

from typing import Any

from bench.handwritten import DURATION_BINS, TOP, bin_counts, bin_sum, query_rows

_BOUNCE = (
    "CASE WHEN pageviews = 0 THEN NULL"
    " ELSE NOT (pageviews > 1 OR interactions > 0 OR duration_s >= 10) END"
)
_HOST = (
    "nullif(regexp_replace(lower(regexp_extract(entry_url,"
    " '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^@/?#]*@)?([^/:?#]*)', 1)), '^www[.]', ''), '')"
)
_SOURCE = (
    "coalesce(utm_source, CASE WHEN referring_domain IS DISTINCT FROM "
    f"{_HOST} THEN referring_domain END, '(direct)')"
)
#: the sessions insight's grouped lists: (name, column, label, whether NULL is left out)
SESSION_GROUPS = (
    ("entry_pages", "entry_path", "path", True),
    ("sources", "source", "source", False),
    ("utm_source", "utm_source", "source", True),
    ("utm_medium", "utm_medium", "medium", True),
    ("utm_campaign", "utm_campaign", "campaign", True),
    ("devices", "device_type", "device_type", False),
    ("browsers", "browser", "browser", False),
    ("os", "os", "os", False),
    ("countries", "country", "country", False),
)


#: the sessions of the project with their bounce and source, read once per query
_BASE = (
    f"s AS MATERIALIZED (SELECT person_id, started_at, duration_s, pageviews, is_first_session,"
    f" {', '.join(c for _, c, _, _ in SESSION_GROUPS if c != 'source')},"
    f" {_BOUNCE}::DOUBLE AS bounce, {_SOURCE} AS source"
    " FROM sessions WHERE project_id = $project)"
)


def sessions(engine: Any, project: str) -> dict[str, Any]:
    """Totals, duration histogram, the grouped lists, exit pages and the daily timeline."""
    totals = query_rows(
        engine,
        f"""
        WITH {_BASE},
        people AS (SELECT count(*) AS n, bool_or(is_first_session) AS new FROM s GROUP BY person_id)
        SELECT count(*) AS sessions, avg(bounce) AS bounce_rate,
            sum(pageviews) / count(*) AS pages_per_session, avg(duration_s) AS mean,
            median(duration_s) AS median, quantile_cont(duration_s, 0.9) AS p90,
            (SELECT count(*) FROM people) AS persons,
            (SELECT count(*) FILTER (WHERE n >= 2) / count(*) FROM people) AS repeat,
            (SELECT count(*) FILTER (WHERE new) FROM people) AS new,
            histogram({bin_sum("duration_s", DURATION_BINS)}) AS bins
        FROM s
        """,
        project,
    )[0]
    grouped = grouped_rows(engine, project, tuple(c for _, c, _, _ in SESSION_GROUPS))
    exits = query_rows(
        engine,
        """
        WITH x AS (SELECT exit_path AS path, count(*) AS exits FROM sessions
                   WHERE project_id = $project AND exit_path IS NOT NULL GROUP BY 1),
        v AS (SELECT path, count(*) AS pageviews FROM events
              WHERE project_id = $project AND session_id IS NOT NULL
                AND event IN ('$pageview', '$screen', 'pageview', 'page_view') GROUP BY 1)
        SELECT x.path, x.exits, v.pageviews, x.exits / v.pageviews AS exit_rate
        FROM x JOIN v USING (path) ORDER BY x.exits DESC, x.path LIMIT 10
        """,
        project,
    )
    timeline = query_rows(
        engine,
        f"""
        WITH {_BASE},
        d AS (SELECT date_trunc('day', started_at) AS day, person_id, count(*) AS n,
                     avg(bounce) AS b, count(bounce) AS nb, bool_or(is_first_session) AS new
              FROM s GROUP BY 1, 2)
        SELECT day, sum(n) AS sessions, sum(b * nb) / nullif(sum(nb), 0) AS bounce_rate,
            count(*) AS persons, count(*) FILTER (WHERE new) AS new_persons,
            count(*) FILTER (WHERE NOT new) AS returning_persons,
            count(*) FILTER (WHERE n >= 2) / count(*) AS repeat_visit_rate
        FROM d GROUP BY 1 ORDER BY 1
        """,
        project,
    )
    return sessions_document(totals, grouped, exits, timeline)


def grouped_rows(engine: Any, project: str, columns: tuple[str, ...]) -> list[dict[str, Any]]:
    """The grouped lists by `columns` in one pass (GROUPING SETS)."""
    return query_rows(
        engine,
        f"""
        WITH {_BASE}
        SELECT {", ".join(f"GROUPING({c}) = 0 AS by_{c}" for c in columns)},
            coalesce({", ".join(columns)}) AS value,
            count(*) AS sessions, count(DISTINCT person_id) AS persons,
            avg(bounce) AS bounce_rate, avg(duration_s) AS mean_duration_s,
            sum(pageviews) / count(*) AS pages_per_session
        FROM s GROUP BY GROUPING SETS ({", ".join(f"({c})" for c in columns)})
        """,
        project,
    )


def sessions_document(
    totals: dict[str, Any],
    grouped: list[dict[str, Any]],
    exits: list[dict[str, Any]],
    timeline: list[dict[str, Any]],
) -> dict[str, Any]:
    """The sessions answer from the references' rows (shared with the ClickHouse one)."""
    return {
        "totals": {
            "sessions": totals["sessions"],
            "persons": totals["persons"],
            "bounce_rate": totals["bounce_rate"],
            "pages_per_session": totals["pages_per_session"],
            "duration_s": {k: totals[k] for k in ("mean", "median", "p90")},
            "repeat_visit_rate": totals["repeat"],
            "new_persons": totals["new"],
            "returning_persons": totals["persons"] - totals["new"],
        },
        "histogram": bin_counts(totals["bins"], len(DURATION_BINS)),
        "groups": {
            name: top_groups(grouped, column, label, skip_null)
            for name, column, label, skip_null in SESSION_GROUPS
        },
        "exit_pages": exits,
        "timeline": [{**r, "day": r["day"].replace(tzinfo=None).isoformat()} for r in timeline],
    }


def top_groups(
    rows: list[dict[str, Any]], column: str, label: str, skip_null: bool
) -> list[dict[str, Any]]:
    """The most sessions first, ties by value, NULL last; at most TOP."""
    mine = [r for r in rows if r[f"by_{column}"] and not (skip_null and r["value"] is None)]
    mine.sort(key=lambda r: (-r["sessions"], r["value"] is None, r["value"] or ""))
    keys = ("sessions", "persons", "bounce_rate", "mean_duration_s", "pages_per_session")
    return [{label: r["value"], **{k: r[k] for k in keys}} for r in mine[:TOP]]


def overview(engine: Any, project: str) -> dict[str, Any]:
    """The overview's numbers over the whole history: totals, events and persons per day, top
    events, landing pages and sources (as `bench.analyses.overview_pandas` computes them)."""
    totals = query_rows(
        engine,
        f"""
        WITH {_BASE}
        SELECT count(*) AS sessions, count(DISTINCT person_id) AS persons,
            avg(bounce) AS bounce_rate, median(duration_s) AS median_session_s,
            sum(pageviews) / count(*) AS pages_per_session,
            (SELECT count(*) FROM events WHERE project_id = $project) AS events
        FROM s
        """,
        project,
    )[0]
    daily = query_rows(
        engine,
        "SELECT date_trunc('day', timestamp) AS day, count(*) AS events,"
        " count(DISTINCT person_id) AS persons FROM events WHERE project_id = $project"
        " GROUP BY 1 ORDER BY 1",
        project,
    )
    top = query_rows(
        engine,
        "SELECT event, count(*) AS events, count(DISTINCT person_id) AS persons FROM events"
        f" WHERE project_id = $project GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT {TOP}",
        project,
    )
    lists = grouped_rows(engine, project, ("entry_path", "source"))
    return {
        "totals": totals,
        "daily": [{**r, "day": r["day"].date().isoformat()} for r in daily],
        "top_events": top,
        "landing_pages": top_groups(lists, "entry_path", "path", True),
        "sources": top_groups(lists, "source", "source", False),
    }
