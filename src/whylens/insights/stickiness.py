"""Stickiness: in each week (or month), persons by the number of days they did an event, and the
DAU/MAU ratio per day. Defined once here and in docs/metrics.md#stickiness.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import pandas as pd

from whylens.engines.base import Engine
from whylens.errors import QueryError
from whylens.insights import periods as cal
from whylens.insights import timeline
from whylens.insights.dialects import per_dialect
from whylens.insights.matchers import EventMatcher, matcher
from whylens.insights.params import Params
from whylens.insights.result import InsightResult, recorded
from whylens.insights.scope import Scope

PERIODS = ("day", "week", "month")
INTERVALS = ("hour", "day")
#: the trailing window of "monthly" active persons, in days ending with the day itself
MAU_DAYS = 30


#: A person's active day counts them in MAU from that day until their next active day, at most
#: MAU_DAYS days: these spans do not overlap, so MAU is a running sum of +1 / -1 at their edges.
_DAU_MAU = """
    WITH active AS MATERIALIZED (
        SELECT DISTINCT e.person_id, {day} AS d FROM {events}
    ),
    spans AS (
        SELECT d AS since, least(d + {window}, coalesce(
            lead(d) OVER (PARTITION BY person_id ORDER BY d), d + {window})) AS until
        FROM active
    ),
    edges AS (
        SELECT d, sum(change) AS change FROM (
            SELECT since AS d, 1 AS change FROM spans UNION ALL SELECT until, -1 FROM spans
        ) GROUP BY d
    ),
    daily AS (SELECT d, count(*) AS dau FROM active GROUP BY d),
    counted AS (
        SELECT t.d, coalesce(y.dau, 0) AS dau,
            CAST(sum(coalesce(x.change, 0)) OVER (ORDER BY t.d) AS BIGINT) AS mau
        FROM range(0, {last} + 1) t(d)
        LEFT JOIN edges x ON x.d = t.d LEFT JOIN daily y ON y.d = t.d
    )
    SELECT {date} AS day, dau, mau, dau / nullif(mau, 0) AS ratio
    FROM counted WHERE d >= {window} - 1 ORDER BY d
"""


class StickinessResult(InsightResult):
    kind = "stickiness"

    @property
    def df(self) -> pd.DataFrame:
        """The distribution: one row per (period, number of active intervals)."""
        return pd.DataFrame(
            self.document["distribution"], columns=["period", self.count_key, "persons"]
        )

    @property
    def count_key(self) -> str:
        return f"{self.document['query']['interval']}s"

    def plot(self) -> Any:
        """Bars of persons by active days for each period, above the DAU/MAU ratio per day."""
        from plotly.subplots import make_subplots

        query, key = self.document["query"], self.count_key
        figure = make_subplots(
            rows=2,
            cols=1,
            subplot_titles=(f"Persons by {key} active per {query['period']}", "DAU / MAU"),
        )
        for summary in self.document["periods"]:
            rows = [r for r in self.document["distribution"] if r["period"] == summary["period"]]
            figure.add_bar(
                x=[r[key] for r in rows],
                y=[r["persons"] for r in rows],
                name=summary["period"],
                row=1,
                col=1,
            )
        days = self.document["dau_mau"]
        figure.add_scatter(
            x=[d["date"] for d in days],
            y=[d["ratio"] for d in days],
            mode="lines",
            name="DAU/MAU",
            row=2,
            col=1,
        )
        figure.update_xaxes(title_text=key, dtick=1, row=1, col=1)
        figure.update_layout(barmode="group", title=f"Stickiness: {query['event']}")
        return figure


@per_dialect("stickiness")
def stickiness(
    engine: Engine,
    scope: Scope,
    event: Any = "*",
    period: str = "week",
    interval: str = "day",
) -> StickinessResult:
    """Persons by active days per period, and the daily DAU/MAU ratio, for one event."""
    period, interval = cal.checked(period, PERIODS), cal.checked(interval, INTERVALS)
    if cal.ORDER.index(interval) >= cal.ORDER.index(period):
        raise QueryError(f"the interval ({interval}) must be shorter than the period ({period})")
    wanted = matcher(event)
    with recorded(engine) as (logged, log):
        span = cal.event_range(logged, scope)
        rows = days = []
        if span:
            rows = logged.query(
                *_distribution_sql(scope, wanted, period, interval, span)
            ).to_pylist()
            days = logged.query(*_dau_mau_sql(scope, wanted, span)).to_pylist()
    query = {"event": wanted.name, "period": period, "interval": interval}
    return StickinessResult(document(query, scope, rows, days), log)


def document(
    query: dict[str, str], scope: Scope, rows: list[dict[str, Any]], days: list[dict[str, Any]]
) -> dict[str, Any]:
    """The result's JSON: per-period summaries, the distribution and the daily ratio (from
    (period, active, persons) rows and (day, dau, mau, ratio) rows, whichever engine counted)."""
    period, interval = query["period"], query["interval"]
    return {
        "query": query,
        "scope": scope.describe(),
        "periods": _summaries(rows, period, interval),
        "distribution": [
            {
                "period": cal.label(r["period"], period),
                f"{interval}s": r["active"],
                "persons": r["persons"],
            }
            for r in rows
        ],
        "dau_mau": [
            {"date": d["day"].isoformat(), "dau": d["dau"], "mau": d["mau"], "ratio": d["ratio"]}
            for d in days
        ],
    }


def _summaries(rows: list[dict[str, Any]], period: str, interval: str) -> list[dict[str, Any]]:
    """Per period: its active persons (the distribution's total) and how many intervals it has."""
    found: dict[datetime, dict[str, Any]] = {}
    for row in rows:
        start = row["period"]
        entry = found.setdefault(
            start,
            {
                "period": cal.label(start, period),
                "persons": 0,
                "intervals": cal.between(start, cal.shift(start, period, 1), interval),
            },
        )
        entry["persons"] += row["persons"]
    return list(found.values())


def _distribution_sql(
    scope: Scope, wanted: EventMatcher, period: str, interval: str, span: tuple[datetime, datetime]
) -> tuple[str, Params]:
    """(period, number of active intervals, persons) for the events in scope."""
    params = Params()
    where = " AND ".join([*scope.conditions(params, "e"), wanted.sql(params, "e")])
    join = cal.person_join(scope, wanted.needs_person)
    base = params.add(cal.start_of(span[0], period))
    sql = f"""
        WITH counted AS (
            SELECT e.person_id, {timeline.bucket(period, "e.timestamp")} AS period,
                count(DISTINCT {cal.position(interval, base, "e.timestamp")}) AS active
            FROM events e{join} WHERE {where} GROUP BY 1, 2
        )
        SELECT period, active, count(*) AS persons FROM counted GROUP BY 1, 2 ORDER BY 1, 2
    """
    return sql, params


def _dau_mau_sql(
    scope: Scope, wanted: EventMatcher, span: tuple[datetime, datetime]
) -> tuple[str, Params]:
    """Per day of the range: persons active that day (DAU) and in the MAU_DAYS ending with it.

    Days are numbered from MAU_DAYS - 1 days before the first shown day, whose window is then
    whole: events that far back are read, with the same filters.
    """
    params = Params()
    first = cal.start_of(span[0], "day") - timedelta(days=MAU_DAYS - 1)
    conditions = [*replace(scope, date_from=first).conditions(params, "e"), wanted.sql(params, "e")]
    base = params.add(first)
    return _DAU_MAU.format(
        events=f"events e{cal.person_join(scope, wanted.needs_person)}"
        f" WHERE {' AND '.join(conditions)}",
        day=cal.position("day", base, "e.timestamp"),
        last=params.add(cal.between(first, span[1], "day")),
        window=params.add(MAU_DAYS),
        date=f"CAST({base} + {cal.offset('day', 'CAST(d AS INTEGER)')} AS DATE)",
    ), params
