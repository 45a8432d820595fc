"""Sessions on ClickHouse: the document of insights/sessions.py. The grouped tables and the
duration histogram are the same SQL on both engines (SessionQueries); the sessions in scope, the
totals, the exit pages and the timeline are written here (exact quantiles, conversions joined
rather than looked up per session)."""

from __future__ import annotations

from typing import Any

from whylens.engines.base import Engine
from whylens.insights.clickhouse import where
from whylens.insights.dialects import implements
from whylens.insights.params import Params
from whylens.insights.scope import Scope
from whylens.insights.sessions import (
    CONVERSION_EVENTS,
    SOURCE,
    SessionQueries,
    SessionsResult,
    report,
)
from whylens.model import vocabulary


class ClickHouseSessionQueries(SessionQueries):
    """SessionQueries whose own SQL is ClickHouse's."""

    def relation(self, params: Params) -> str:
        scope = self.scope
        conditions = [f"s.project_id = {params.add(scope.project_id)}"]
        if scope.date_from:
            conditions.append(f"s.started_at >= {params.add(scope.date_from)}")
        if scope.date_to:
            conditions.append(f"s.started_at < {params.add(scope.date_to)}")
        if scope.narrowed:
            conditions.append(
                f"s.session_id IN (SELECT e.session_id FROM {where.events(scope)}"
                f" WHERE {where.conditions(scope, params)})"
            )
        conversions, join = "0", ""
        if self.rule == "ga4":
            conversions = "coalesce(c.n, 0)"
            join = (
                " LEFT JOIN (SELECT session_id, count() AS n FROM events"
                f" WHERE project_id = {params.add(scope.project_id)}"
                f" AND event IN {params.add_all(list(CONVERSION_EVENTS))} GROUP BY session_id) c"
                " ON c.session_id = s.session_id"
            )
        return (
            f"(SELECT s.*, {where.fragment(SOURCE, params)} AS source,"
            f" {conversions} AS conversions FROM sessions s{join}"
            f" WHERE {' AND '.join(conditions)})"
        )

    def totals(self) -> dict[str, Any]:
        row = self.rows(f"""
            SELECT count() AS sessions, avg(CAST({self.bounce} AS DOUBLE)) AS bounce_rate,
                sum(pageviews) / nullIf(count(), 0) AS pages_per_session,
                avg(duration_s) AS mean_s, quantileExactInclusive(0.5)(duration_s) AS median_s,
                quantileExactInclusive(0.9)(duration_s) AS p90_s
            FROM {{sessions}} s
        """)[0]
        people = self.rows("""
            SELECT count() AS persons, countIf(n >= 2) / nullIf(count(), 0) AS repeat_visit_rate,
                countIf(is_new) AS new_persons
            FROM (
                SELECT person_id, count() AS n, max(is_first_session) AS is_new
                FROM {sessions} s GROUP BY person_id
            )
        """)[0]
        return {
            "sessions": row["sessions"],
            "persons": people["persons"],
            "bounce_rate": row["bounce_rate"],
            "pages_per_session": row["pages_per_session"],
            "duration_s": {"mean": row["mean_s"], "median": row["median_s"], "p90": row["p90_s"]},
            "repeat_visit_rate": people["repeat_visit_rate"],
            "new_persons": people["new_persons"],
            "returning_persons": people["persons"] - people["new_persons"],
        }

    def exit_pages(self, top: int) -> list[dict[str, Any]]:
        """Exit rate of a page = sessions that ended on it / its page views."""
        params = Params()
        views = (
            "SELECT e.path AS path, count() AS pageviews FROM events e"
            f" WHERE e.project_id = {params.add(self.scope.project_id)}"
            f" AND e.event IN {params.add_all(list(vocabulary.PAGEVIEW_EVENTS))}"
            " AND e.session_id IN (SELECT session_id FROM {sessions} s) GROUP BY path"
        )
        return self.rows(
            f"""
            SELECT x.path AS path, x.exits AS exits, v.pageviews AS pageviews,
                x.exits / v.pageviews AS exit_rate
            FROM (SELECT exit_path AS path, count() AS exits FROM {{sessions}} s
                  WHERE exit_path IS NOT NULL GROUP BY path) x
            INNER JOIN ({views}) v ON v.path = x.path
            ORDER BY exits DESC, path LIMIT {int(top)}
        """,
            params,
        )

    def timeline(self, interval: str) -> list[dict[str, Any]]:
        bucket = where.BUCKET[interval].format(c="s.started_at")
        rows = self.rows(f"""
            SELECT t.bucket AS bucket, t.sessions AS sessions, t.bounce_rate AS bounce_rate,
                p.persons AS persons, p.new_persons AS new_persons,
                p.persons - p.new_persons AS returning_persons,
                p.repeat_visit_rate AS repeat_visit_rate
            FROM (SELECT {bucket} AS bucket, count() AS sessions,
                         avg(CAST({self.bounce} AS DOUBLE)) AS bounce_rate
                  FROM {{sessions}} s GROUP BY bucket) t
            INNER JOIN (
                SELECT bucket, count() AS persons, countIf(is_new) AS new_persons,
                    countIf(n >= 2) / count() AS repeat_visit_rate
                FROM (SELECT {bucket} AS bucket, person_id, count() AS n,
                             max(is_first_session) AS is_new
                      FROM {{sessions}} s GROUP BY bucket, person_id)
                GROUP BY bucket
            ) p ON p.bucket = t.bucket
            ORDER BY bucket
        """)
        return [{"date": r.pop("bucket").isoformat(), **r} for r in rows]


@implements("sessions", "clickhouse")
def sessions(
    engine: Engine,
    scope: Scope,
    interval: str = "day",
    bounce_rule: str = "posthog",
    bounce_threshold_s: float = vocabulary.BOUNCE_MIN_DURATION_S,
    breakdown: str | None = None,
    top: int = 10,
) -> SessionsResult:
    return report(
        ClickHouseSessionQueries,
        engine,
        scope,
        interval,
        bounce_rule,
        bounce_threshold_s,
        breakdown,
        top,
    )
