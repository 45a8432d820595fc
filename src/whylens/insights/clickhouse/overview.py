"""The overview on ClickHouse: the document of insights/overview.py, whose numbers shared with
the sessions and funnel insights are asked through their ClickHouse twins, and whose own
questions (both periods' visits per day, events and persons per day, the top events) are
written here."""

from __future__ import annotations

from typing import Any

from whylens.engines.base import Engine
from whylens.insights.clickhouse import where
from whylens.insights.clickhouse.funnels import ClickHouseFunnel
from whylens.insights.clickhouse.sessions import ClickHouseSessionQueries
from whylens.insights.comparison import DEFAULT_DAYS, Periods
from whylens.insights.dialects import implements
from whylens.insights.funnels.spec import FunnelSpec
from whylens.insights.overview import BOUNCE, MainFunnel, OverviewQueries, report
from whylens.insights.params import Params
from whylens.insights.scope import Scope


class ClickHouseOverviewQueries(OverviewQueries):
    sessions_class = ClickHouseSessionQueries

    def visit_rows(self, scope: Scope, chosen: Periods) -> list[dict[str, Any]]:
        """OverviewQueries.visit_rows: a grouping set's missing key is NULL, as in DuckDB
        (group_by_use_nulls), and the median is exact and interpolated, as DuckDB's."""
        params = Params()
        start = params.add(chosen.start)
        return self.sessions(chosen.both(scope)).rows(
            f"""
            SELECT s.started_at >= {start} AS is_current,
                {where.BUCKET["day"].format(c="s.started_at")} AS day,
                count() AS sessions, uniqExact(s.person_id) AS persons,
                avg(CAST({BOUNCE} AS DOUBLE)) AS bounce_rate,
                quantileExactInclusive(0.5)(s.duration_s) AS median_session_s,
                sum(s.pageviews) / count() AS pages_per_session
            FROM {{sessions}} s
            GROUP BY GROUPING SETS ((is_current), (is_current, day))
            SETTINGS group_by_use_nulls = 1
            """,
            params,
        )

    def daily_rows(self, scope: Scope) -> list[dict[str, Any]]:
        params = Params()
        return self.engine.query(
            f"SELECT toDateTime64(day, 6, 'UTC') AS day, events, persons FROM ("
            f"SELECT toDate(e.timestamp) AS day, count() AS events,"
            f" uniqExact(e.person_id) AS persons FROM {where.events(scope)}"
            f" WHERE {where.conditions(scope, params)} GROUP BY day) ORDER BY day",
            params,
        ).to_pylist()

    def conversion_trend(self, spec: FunnelSpec, scope: Scope) -> list[dict[str, Any]]:
        return ClickHouseFunnel(spec, scope).trend(self.engine, "day")

    def top_events(self, scope: Scope, top: int) -> list[dict[str, Any]]:
        params = Params()
        return self.engine.query(
            f"SELECT e.event AS event, count() AS events, uniqExact(e.person_id) AS persons"
            f" FROM {where.events(scope)} WHERE {where.conditions(scope, params)}"
            f" GROUP BY event ORDER BY events DESC, event LIMIT {int(top)}",
            params,
        ).to_pylist()


@implements("overview", "clickhouse")
def overview(
    engine: Engine,
    scope: Scope,
    top: int = 10,
    funnel: MainFunnel | None = None,
    days: int | None = DEFAULT_DAYS,
) -> dict[str, Any]:
    return report(ClickHouseOverviewQueries(engine), scope, top, funnel, days)
