"""Lifecycle (PostHog's rule): per interval, the active persons who are new, returning or
resurrecting, and those who went dormant. Defined once here and in docs/metrics.md#lifecycle.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

import pandas as pd

from whylens.engines.base import Engine
from whylens.insights import periods as cal
from whylens.insights.dialects import per_dialect
from whylens.insights.matchers import EventMatcher, matcher
from whylens.insights.params import Params
from whylens.insights.result import InsightResult, recorded
from whylens.insights.scope import Scope

INTERVALS = ("day", "week", "month")
STATUSES = ("new", "returning", "resurrecting", "dormant")
_COLORS = {
    "new": "#2ca02c",
    "returning": "#1f77b4",
    "resurrecting": "#9467bd",
    "dormant": "#d62728",
}


#: Intervals are numbered from the one before the first shown; bit i of a person's `active`
#: bitmap is set when they did the event in interval i. Creation is the person's first event
#: ever (persons.first_seen), whatever the date range and filters.
_STATUSES = """
    WITH bits AS (
        SELECT e.person_id, bitstring_agg({idx}, 0, {last}) AS active
        FROM {events} GROUP BY e.person_id
    ),
    people AS (
        SELECT b.active, {created} AS created
        FROM bits b LEFT JOIN persons p ON p.project_id = {project} AND p.person_id = b.person_id
    ),
    marks AS (
        SELECT i, get_bit(active, i) = 1 AS now, get_bit(active, i - 1) = 1 AS before,
            coalesce(created = i, false) AS creating
        FROM (SELECT CAST(range AS INTEGER) AS i FROM range(1, {last} + 1))
        LEFT JOIN people ON true
    )
    SELECT {start} AS interval,
        count(*) FILTER (now AND creating) AS new,
        count(*) FILTER (now AND NOT creating AND before) AS returning,
        count(*) FILTER (now AND NOT creating AND NOT before) AS resurrecting,
        -count(*) FILTER (before AND NOT now) AS dormant
    FROM marks GROUP BY i ORDER BY i
"""


class LifecycleResult(InsightResult):
    kind = "lifecycle"

    @property
    def df(self) -> pd.DataFrame:
        return pd.DataFrame(self.document["intervals"], columns=["interval", *STATUSES, "active"])

    def plot(self) -> Any:
        """Stacked bars per interval; dormant persons below zero."""
        import plotly.graph_objects as go

        rows = self.document["intervals"]
        figure = go.Figure()
        for status in STATUSES:
            figure.add_bar(
                x=[r["interval"] for r in rows],
                y=[r[status] for r in rows],
                name=status,
                marker_color=_COLORS[status],
            )
        query = self.document["query"]
        figure.update_layout(
            barmode="relative",
            title=f"Lifecycle: {query['event']} per {query['interval']}",
            yaxis_title="persons",
        )
        return figure


@per_dialect("lifecycle")
def lifecycle(
    engine: Engine, scope: Scope, event: Any = "*", interval: str = "day"
) -> LifecycleResult:
    """Each interval of the range with its new, returning, resurrecting and dormant persons."""
    interval = cal.checked(interval, INTERVALS)
    wanted = matcher(event)
    with recorded(engine) as (logged, log):
        span = cal.event_range(logged, scope)
        rows = (
            logged.query(*_lifecycle_sql(scope, wanted, interval, span)).to_pylist() if span else []
        )
    return LifecycleResult(document(wanted, interval, scope, rows), log)


def document(
    wanted: EventMatcher, interval: str, scope: Scope, rows: list[dict[str, Any]]
) -> dict[str, Any]:
    """The result's JSON from (interval start, new, returning, resurrecting, dormant) rows,
    whichever engine counted them."""
    return {
        "query": {"event": wanted.name, "interval": interval},
        "scope": scope.describe(),
        "intervals": [
            {
                "interval": cal.label(r["interval"], interval),
                **{s: r[s] for s in STATUSES},
                "active": r["new"] + r["returning"] + r["resurrecting"],
            }
            for r in rows
        ],
    }


def _lifecycle_sql(
    scope: Scope, wanted: EventMatcher, interval: str, span: tuple[datetime, datetime]
) -> tuple[str, Params]:
    """Per interval of the range: active persons by status, and those gone dormant.

    Activity is also read in the interval before the first shown one, so that the first shown
    interval's returning and dormant persons are right.
    """
    params = Params()
    first = cal.shift(cal.start_of(span[0], interval), interval, -1)
    conditions = [*replace(scope, date_from=first).conditions(params, "e"), wanted.sql(params, "e")]
    base = params.add(first)
    return _STATUSES.format(
        events=f"events e{cal.person_join(scope, wanted.needs_person)}"
        f" WHERE {' AND '.join(conditions)}",
        idx=cal.position(interval, base, "e.timestamp"),
        created=cal.position(interval, base, "p.first_seen"),
        last=params.add(cal.between(first, span[1], interval)),
        project=params.add(scope.project_id),
        start=f"{base} + {cal.offset(interval, 'i')}",
    ), params
