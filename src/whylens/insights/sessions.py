"""Sessions and web metrics: how visits go — duration, bounce, pages, where they enter and
leave, where they come from, new against returning, and how many people come back."""

from __future__ import annotations

from typing import Any

import pandas as pd

from whylens.engines.base import Engine
from whylens.errors import QueryError
from whylens.ingest import enrich
from whylens.insights import timeline
from whylens.insights.dialects import per_dialect
from whylens.insights.params import Params
from whylens.insights.result import InsightResult, recorded
from whylens.insights.scope import Scope
from whylens.insights.units import interval as check_interval
from whylens.model import vocabulary
from whylens.sql import literal

BOUNCE_RULES = ("posthog", "plausible", "ga4")
#: GA4 counts a session with a conversion as engaged
CONVERSION_EVENTS = ("purchase", "signup")
#: session attributes a breakdown may use (from the session's first event)
SESSION_ATTRIBUTES = (
    "source",
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "referring_domain",
    "device_type",
    "browser",
    "os",
    "country",
    "entry_path",
)
#: duration histogram bin edges, seconds
DURATION_BINS = (0, 10, 30, 60, 180, 600, 1800, 3600)
#: where a session came from: its UTM source, else the referring site unless that is the site
#: itself (a self-referral, e.g. a visit resumed after the timeout), else direct
SOURCE = (
    "coalesce(s.utm_source, CASE WHEN s.referring_domain IS DISTINCT FROM "
    f"{enrich.host('s.entry_url')} THEN s.referring_domain END, '(direct)')"
)


class SessionsResult(InsightResult):
    kind = "sessions"

    @property
    def df(self) -> pd.DataFrame:
        """Per interval: sessions, persons, new and returning, bounce and repeat-visit rates."""
        return pd.DataFrame(self.document["timeline"])

    def plot(self) -> Any:
        from plotly.subplots import make_subplots

        frame = self.df
        figure = make_subplots(specs=[[{"secondary_y": True}]])
        if not frame.empty:
            figure.add_bar(x=frame["date"], y=frame["new_persons"], name="new")
            figure.add_bar(x=frame["date"], y=frame["returning_persons"], name="returning")
            figure.add_scatter(
                x=frame["date"], y=frame["bounce_rate"], name="bounce rate", secondary_y=True
            )
        figure.update_layout(barmode="stack", title="Sessions: visitors and bounce rate")
        return figure


def bounce_sql(rule: str, threshold_s: float) -> str:
    """Bounce of a session row `s` by a named rule (docs/metrics.md); NULL = not counted."""
    t = float(threshold_s)
    if rule == "posthog":
        return (
            f"CASE WHEN s.pageviews = 0 THEN NULL ELSE NOT (s.pageviews > 1"
            f" OR s.interactions > 0 OR s.duration_s >= {t}) END"
        )
    if rule == "plausible":
        return "CASE WHEN s.pageviews = 0 THEN NULL ELSE s.pageviews = 1 AND s.interactions = 0 END"
    if rule == "ga4":
        return f"NOT (s.duration_s > {t} OR s.conversions > 0 OR s.pageviews >= 2)"
    raise QueryError(f"unknown bounce rule {rule!r}; use one of {', '.join(BOUNCE_RULES)}")


def _sessions_relation(scope: Scope, params: Params, rule: str) -> str:
    """The sessions that started in range and have an event passing the filters."""
    where = [f"s.project_id = {params.add(scope.project_id)}"]
    if scope.date_from:
        where.append(f"s.started_at >= {params.add(scope.date_from)}")
    if scope.date_to:
        where.append(f"s.started_at < {params.add(scope.date_to)}")
    if scope.narrowed:
        where.append(
            f"s.session_id IN (SELECT e.session_id FROM {scope.events(params, 'e.session_id')} e)"
        )
    conversions, join = "0", ""
    if rule == "ga4":  # counted once per session, not looked up by each session
        names = ", ".join(literal(n) for n in CONVERSION_EVENTS)
        conversions = "coalesce(c.n, 0)"
        join = (
            " LEFT JOIN (SELECT session_id, count(*) AS n FROM events"
            f" WHERE project_id = {params.add(scope.project_id)} AND event IN ({names})"
            " GROUP BY session_id) c ON c.session_id = s.session_id"
        )
    return (
        f"(SELECT s.*, {SOURCE} AS source, {conversions} AS conversions FROM sessions s{join}"
        f" WHERE {' AND '.join(where)})"
    )


@per_dialect("sessions")
def sessions(
    engine: Engine,
    scope: Scope,
    interval: str = "day",
    bounce_rule: str = "posthog",
    bounce_threshold_s: float = vocabulary.BOUNCE_MIN_DURATION_S,
    breakdown: str | None = None,
    top: int = 10,
) -> SessionsResult:
    """Web metrics over the sessions that start in the scope's range."""
    return report(
        SessionQueries, engine, scope, interval, bounce_rule, bounce_threshold_s, breakdown, top
    )


def report(
    queries: type[SessionQueries],
    engine: Engine,
    scope: Scope,
    interval: str,
    bounce_rule: str,
    bounce_threshold_s: float,
    breakdown: str | None,
    top: int,
) -> SessionsResult:
    """The sessions document, each number asked through `queries` (an engine's SQL for it)."""
    interval = check_interval(interval)
    bounce = bounce_sql(bounce_rule, bounce_threshold_s)
    if breakdown and breakdown not in SESSION_ATTRIBUTES:
        raise QueryError(
            f"sessions break down by a session attribute: {', '.join(SESSION_ATTRIBUTES)}"
        )
    with recorded(engine) as (run, log):
        ask = queries(run, scope, bounce_rule, bounce)
        document = ask.totals()
        document.update(
            {
                "bounce_rule": bounce_rule,
                "duration_histogram": ask.histogram(),
                "entry_pages": ask.grouped("s.entry_path", "path", top, "s.entry_path IS NOT NULL"),
                "exit_pages": ask.exit_pages(top),
                "sources": ask.grouped("s.source", "source", top),
                "utm": {
                    f: ask.grouped(f"s.utm_{f}", f, top, f"s.utm_{f} IS NOT NULL")
                    for f in ("source", "medium", "campaign")
                },
                "devices": ask.grouped("s.device_type", "device_type", top),
                "browsers": ask.grouped("s.browser", "browser", top),
                "os": ask.grouped("s.os", "os", top),
                "countries": ask.grouped("s.country", "country", top),
                "timeline": ask.timeline(interval),
                "interval": interval,
                "scope": scope.describe(),
            }
        )
        if breakdown:
            document["breakdown"] = ask.grouped(f"s.{breakdown}", breakdown, top)
    return SessionsResult(document, log)


class SessionQueries:
    """The queries of one sessions insight, sharing its scope and bounce rule (the overview
    asks some of them too, so that a number means the same on both pages)."""

    def __init__(self, engine: Engine, scope: Scope, rule: str, bounce: str) -> None:
        self.engine, self.scope, self.rule, self.bounce = engine, scope, rule, bounce

    def rows(self, body: str, params: Params | None = None) -> list[dict[str, Any]]:
        """`body` with `{sessions}` standing for the sessions in scope; `params` may hold the
        body's own parameters."""
        params = params if params is not None else Params()
        relation = self.relation(params)
        return self.engine.query(body.replace("{sessions}", relation), params).to_pylist()

    def relation(self, params: Params) -> str:
        """The sessions in scope, with their source and conversions, as a subquery."""
        return _sessions_relation(self.scope, params, self.rule)

    def totals(self) -> dict[str, Any]:
        row = self.rows(f"""
            WITH s AS (SELECT * FROM {{sessions}} s),
            per_person AS (
                SELECT person_id, count(*) AS n, bool_or(is_first_session) AS is_new
                FROM s GROUP BY 1
            ),
            people AS (
                SELECT count(*) AS persons,
                    count(*) FILTER (WHERE n >= 2) / nullif(count(*), 0) AS repeat_visit_rate,
                    count(*) FILTER (WHERE is_new) AS new_persons
                FROM per_person
            )
            SELECT count(*) AS sessions, coalesce(any_value(people.persons), 0) AS persons,
                avg(CAST({self.bounce} AS DOUBLE)) AS bounce_rate,
                sum(pageviews) / nullif(count(*), 0) AS pages_per_session,
                avg(duration_s) AS mean_s, median(duration_s) AS median_s,
                quantile_cont(duration_s, 0.9) AS p90_s,
                any_value(people.repeat_visit_rate) AS repeat_visit_rate,
                coalesce(any_value(people.new_persons), 0) AS new_persons
            FROM s CROSS JOIN people
        """)[0]
        return {
            "sessions": row["sessions"],
            "persons": row["persons"],
            "bounce_rate": row["bounce_rate"],
            "pages_per_session": row["pages_per_session"],
            "duration_s": {"mean": row["mean_s"], "median": row["median_s"], "p90": row["p90_s"]},
            "repeat_visit_rate": row["repeat_visit_rate"],
            "new_persons": row["new_persons"],
            "returning_persons": row["persons"] - row["new_persons"],
        }

    def histogram(self) -> list[dict[str, Any]]:
        edges = list(DURATION_BINS)
        arms = " ".join(f"WHEN duration_s < {hi} THEN {i}" for i, hi in enumerate(edges[1:]))
        rows = self.rows(f"""
            SELECT CASE {arms} ELSE {len(edges) - 1} END AS bin, count(*) AS sessions
            FROM {{sessions}} s GROUP BY 1 ORDER BY 1
        """)
        counts = {r["bin"]: r["sessions"] for r in rows}
        bounds = list(zip(edges, edges[1:] + [None]))
        return [
            {"bin": _label(lo, hi), "from_s": lo, "to_s": hi, "sessions": counts.get(i, 0)}
            for i, (lo, hi) in enumerate(bounds)
        ]

    def grouped(
        self, column: str, name: str, top: int, where: str = "TRUE"
    ) -> list[dict[str, Any]]:
        return self.rows(f"""
            SELECT {column} AS "{name}", count(*) AS sessions, count(DISTINCT person_id) AS persons,
                avg(CAST({self.bounce} AS DOUBLE)) AS bounce_rate,
                avg(duration_s) AS mean_duration_s, sum(pageviews) / count(*) AS pages_per_session
            FROM {{sessions}} s WHERE {where}
            GROUP BY 1 ORDER BY sessions DESC, 1 NULLS LAST LIMIT {int(top)}
        """)

    def exit_pages(self, top: int) -> list[dict[str, Any]]:
        """Exit rate of a page = sessions that ended on it / its page views."""
        pageview = ", ".join(literal(n) for n in vocabulary.PAGEVIEW_EVENTS)
        return self.rows(f"""
            WITH chosen AS (SELECT session_id, exit_path FROM {{sessions}} s),
            views AS (
                SELECT e.path, count(*) AS pageviews FROM events e SEMI JOIN chosen c
                    ON e.session_id = c.session_id
                WHERE e.event IN ({pageview}) GROUP BY 1
            ),
            exits AS (SELECT exit_path AS path, count(*) AS exits FROM chosen
                      WHERE exit_path IS NOT NULL GROUP BY 1)
            SELECT x.path, x.exits, v.pageviews, x.exits / v.pageviews AS exit_rate
            FROM exits x JOIN views v USING (path)
            ORDER BY x.exits DESC, x.path LIMIT {int(top)}
        """)

    def timeline(self, interval: str) -> list[dict[str, Any]]:
        bucket = timeline.bucket(interval, "s.started_at")
        rows = self.rows(f"""
            WITH tagged AS (SELECT s.*, {bucket} AS bucket FROM {{sessions}} s),
            per_person AS (
                SELECT bucket, person_id, count(*) AS n, bool_or(is_first_session) AS is_new
                FROM tagged GROUP BY 1, 2
            )
            SELECT t.bucket, t.sessions, t.bounce_rate, p.persons, p.new_persons,
                p.persons - p.new_persons AS returning_persons, p.repeat_visit_rate
            FROM (SELECT bucket, count(*) AS sessions,
                         avg(CAST({self.bounce} AS DOUBLE)) AS bounce_rate
                  FROM tagged s GROUP BY 1) t
            JOIN (SELECT bucket, count(*) AS persons, count(*) FILTER (WHERE is_new) AS new_persons,
                         count(*) FILTER (WHERE n >= 2) / count(*) AS repeat_visit_rate
                  FROM per_person GROUP BY 1) p USING (bucket)
            ORDER BY 1
        """)
        return [{"date": r.pop("bucket").isoformat(), **r} for r in rows]


def _label(lo: float, hi: float | None) -> str:
    def short(s: float) -> str:
        return f"{s / 3600:g}h" if s >= 3600 else f"{s / 60:g}m" if s >= 60 else f"{s:g}s"

    return f"{short(lo)}+" if hi is None else f"{short(lo)}–{short(hi)}"
