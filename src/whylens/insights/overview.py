"""The overview: the few numbers a person opens whylens to see first, in one round trip, each
with its line over the period and its change against the period of the same length before.

It defines no metric of its own: sessions, bounce and duration are the sessions insight's, the
conversion is the funnel's (docs/metrics.md, "Overview" says which period is shown).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from whylens.engines.base import Engine
from whylens.insights import periods as cal
from whylens.insights import timeline
from whylens.insights.comparison import DEFAULT_DAYS, Periods, change, periods
from whylens.insights.dialects import per_dialect
from whylens.insights.funnels import summary as funnel_summary
from whylens.insights.funnels.spec import DEFAULT_WINDOW, FunnelSpec, build_spec
from whylens.insights.params import Params
from whylens.insights.scope import Scope
from whylens.insights.sessions import SessionQueries, bounce_sql
from whylens.model import vocabulary

#: the overview's key numbers, and the direction in which each is good news
KPIS = {
    "persons": "up",
    "sessions": "up",
    "bounce_rate": "down",
    "median_session_s": "up",
    "conversion": "up",
}
_VISIT_KPIS = ("persons", "sessions", "bounce_rate", "median_session_s")


@dataclass(frozen=True)
class MainFunnel:
    """The funnel whose conversion the overview follows: a saved funnel's steps and options."""

    steps: Sequence[Any]
    window: str | int | float | None = DEFAULT_WINDOW
    order: str = "ordered"
    exclusions: Sequence[Any] = ()
    hold: str | None = None
    name: str | None = None

    def describe(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "steps": [s if isinstance(s, str) else s.get("event") for s in self.steps],
            "window": self.window,
            "order": self.order,
        }


@per_dialect("overview")
def overview(
    engine: Engine,
    scope: Scope,
    top: int = 10,
    funnel: MainFunnel | None = None,
    days: int | None = DEFAULT_DAYS,
) -> dict[str, Any]:
    """Key numbers with their daily line and change, activity per day, top events, landing
    pages and sources, over the scope's dates or else the data's last `days` days."""
    return report(OverviewQueries(engine), scope, top, funnel, days)


def report(
    ask: OverviewQueries,
    scope: Scope,
    top: int,
    funnel: MainFunnel | None,
    days: int | None,
) -> dict[str, Any]:
    """The overview document, each number asked through `ask` (an engine's SQL for it)."""
    engine = ask.engine
    span = timeline.data_range(engine, replace(scope, date_from=None, date_to=None))
    if span is None:
        return _empty(funnel)
    chosen = periods(scope, span, days)
    current = chosen.current(scope)
    sessions = ask.sessions(current)
    visits = _visits(ask, scope, chosen)
    kpis = [_kpi(name, visits, chosen) for name in _VISIT_KPIS]
    if funnel is not None:
        kpis.append(_conversion(ask, scope, chosen, funnel))
    events, daily = ask.daily(current)
    now = visits["current"]
    return {
        "period": chosen.describe(),
        "funnel": funnel.describe() if funnel else None,
        "kpis": kpis,
        "totals": {
            "events": events,
            "persons": now["persons"],
            "sessions": now["sessions"],
            "bounce_rate": now["bounce_rate"],
            "median_session_s": now["median_session_s"],
            "pages_per_session": now["pages_per_session"],
        },
        "daily": daily,
        "top_events": ask.top_events(current, top),
        "landing_pages": sessions.grouped("s.entry_path", "path", top, "s.entry_path IS NOT NULL"),
        "sources": sessions.grouped("s.source", "source", top),
    }


class OverviewQueries:
    """The overview's own questions in DuckDB SQL; another engine's twin overrides them (the
    numbers it shares with the sessions and funnel insights are asked through theirs)."""

    sessions_class: type[SessionQueries] = SessionQueries

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def sessions(self, scope: Scope) -> SessionQueries:
        return self.sessions_class(self.engine, scope, "posthog", BOUNCE)

    def visit_rows(self, scope: Scope, chosen: Periods) -> list[dict[str, Any]]:
        """Session numbers of both periods, in total (`day` NULL) and per day, in one pass."""
        params = Params()
        start = params.add(chosen.start)
        return self.sessions(chosen.both(scope)).rows(
            f"""
            SELECT s.started_at >= {start} AS is_current, date_trunc('day', s.started_at) AS day,
                count(*) AS sessions, count(DISTINCT s.person_id) AS persons,
                avg(CAST({BOUNCE} AS DOUBLE)) AS bounce_rate,
                median(s.duration_s) AS median_session_s,
                sum(s.pageviews) / count(*) AS pages_per_session
            FROM {{sessions}} s
            GROUP BY GROUPING SETS ((is_current), (is_current, day))
            """,
            params,
        )

    def daily(self, scope: Scope) -> tuple[int, list[dict[str, Any]]]:
        """Events in scope, and events and persons per day (the trends insight's numbers, over
        its time line: from the scope's start, else the first active day, to the last active
        day, 0 on a day without events), from one pass over the events."""
        rows = self.daily_rows(scope)
        if not rows:
            return 0, []
        found = {r["day"]: r for r in rows}
        day, last = cal.start_of(scope.date_from or rows[0]["day"], "day"), rows[-1]["day"]
        days = []
        while day <= last:
            days.append(
                {
                    "day": day.date().isoformat(),
                    "events": found[day]["events"] if day in found else 0,
                    "persons": found[day]["persons"] if day in found else 0,
                }
            )
            day = cal.shift(day, "day", 1)
        return sum(r["events"] for r in rows), days

    def daily_rows(self, scope: Scope) -> list[dict[str, Any]]:
        """(day, events, persons) of the days with events in scope, in order."""
        params = Params()
        return self.engine.query(
            f"SELECT date_trunc('day', e.timestamp) AS day, count(*) AS events,"
            f" count(DISTINCT e.person_id) AS persons"
            f" FROM {scope.events(params, 'e.timestamp, e.person_id')} e GROUP BY 1 ORDER BY 1",
            params,
        ).to_pylist()

    def conversion_trend(self, spec: FunnelSpec, scope: Scope) -> list[dict[str, Any]]:
        """The funnel's trend by day of entry (funnels.summary.trend)."""
        return funnel_summary.trend(self.engine, spec, scope, "day")

    def top_events(self, scope: Scope, top: int) -> list[dict[str, Any]]:
        params = Params()
        return self.engine.query(
            f"SELECT e.event, count(*) AS events, count(DISTINCT e.person_id) AS persons"
            f" FROM {scope.events(params, 'e.event, e.person_id')} e"
            f" GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT {int(top)}",
            params,
        ).to_pylist()


BOUNCE = bounce_sql("posthog", vocabulary.BOUNCE_MIN_DURATION_S)
_NO_VISITS = {"sessions": 0, "persons": 0, "bounce_rate": None, "median_session_s": None}


def _visits(ask: OverviewQueries, scope: Scope, chosen: Periods) -> dict[str, Any]:
    """Both periods' session numbers, in total and per day."""
    empty = {**_NO_VISITS, "pages_per_session": None}
    found: dict[str, Any] = {"current": dict(empty), "previous": dict(empty), "days": {}}
    for row in ask.visit_rows(scope, chosen):
        which = "current" if row.pop("is_current") else "previous"
        day = row.pop("day")
        if day is None:
            found[which] = row
        else:
            found["days"][(which, _position(day, chosen, which))] = row
    return found


def _position(day: datetime, chosen: Periods, which: str) -> int:
    """Index of a day within its period: the previous period's days line up with the current's."""
    origin = chosen.start if which == "current" else chosen.previous_start
    return (day - origin.replace(hour=0, minute=0, second=0, microsecond=0)).days


def _kpi(name: str, visits: dict[str, Any], chosen: Periods) -> dict[str, Any]:
    zero = _NO_VISITS[name]
    series = [
        {
            "date": day.isoformat(),
            "value": visits["days"].get(("current", i), {}).get(name, zero),
            "previous": visits["days"].get(("previous", i), {}).get(name, zero),
        }
        for i, day in enumerate(chosen.days())
    ]
    return _document(name, visits["current"][name], visits["previous"][name], series)


def _document(
    name: str, value: Any, previous: Any, series: list[dict[str, Any]], **extra: Any
) -> dict[str, Any]:
    return {
        "metric": name,
        "good": KPIS[name],
        "value": value,
        "previous": previous,
        **change(value, previous),
        **extra,
        "series": series,
    }


def _conversion(
    ask: OverviewQueries, scope: Scope, chosen: Periods, funnel: MainFunnel
) -> dict[str, Any]:
    """Conversion of persons entering the funnel in each period, and per day of entry (the
    funnel's trend; its sums are the funnel's first and last step)."""
    spec = build_spec(
        funnel.steps, funnel.window, funnel.order, funnel.exclusions, hold=funnel.hold
    )
    now = ask.conversion_trend(spec, chosen.current(scope))
    before = ask.conversion_trend(spec, chosen.previous(scope))
    shift = chosen.start - chosen.previous_start
    by_day = {p["period"]: p for p in now}
    earlier = {
        (datetime.fromisoformat(p["period"]) + shift).isoformat(): p["conversion"] for p in before
    }
    series = [
        {
            "date": day.isoformat(),
            "value": by_day.get(day.isoformat(), {}).get("conversion"),
            "previous": earlier.get(day.isoformat()),
        }
        for day in chosen.days()
    ]
    entered, converted = (sum(p[k] for p in now) for k in ("entered", "converted"))
    previous = _rate(sum(p["converted"] for p in before), sum(p["entered"] for p in before))
    return _document(
        "conversion",
        _rate(converted, entered),
        previous,
        series,
        entered=entered,
        converted=converted,
    )


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _empty(funnel: MainFunnel | None) -> dict[str, Any]:
    """No events in scope: every number is empty, not an error."""
    names = [*_VISIT_KPIS, *(["conversion"] if funnel else [])]
    return {
        "period": None,
        "funnel": funnel.describe() if funnel else None,
        "kpis": [_document(n, _NO_VISITS.get(n), None, []) for n in names],
        "totals": {"events": 0, **_NO_VISITS, "pages_per_session": None},
        "daily": [],
        "top_events": [],
        "landing_pages": [],
        "sources": [],
    }
