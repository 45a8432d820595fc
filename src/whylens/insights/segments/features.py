"""Behavior features per person for auto-segmentation, computed in SQL over the scope's events:
recency, frequency, monetary value, session patterns and the mix of the most common events."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from whylens.engines.base import Engine
from whylens.insights.dialects import per_dialect
from whylens.insights.params import Params
from whylens.insights.properties import Property
from whylens.insights.scope import Scope

#: the events whose per-person counts describe what persons do (the most common in scope)
MIX_EVENTS = 8
#: page views and bookkeeping: navigation, not actions, so not part of the event mix
NOT_MIX = ("$pageview", "$pageleave", "$identify", "$set", "$groupidentify", "$create_alias")

#: feature -> (what it means, how it is shown)
BEHAVIOR = {
    "recency_days": "days since the person's last event (to the end of the data)",
    "tenure_days": "days since the person's first event",
    "active_days": "days with an event",
    "sessions": "sessions",
    "sessions_per_week": "sessions per week since the first event (at least one week)",
    "session_minutes": "mean session length, in minutes",
    "events_per_session": "events per session",
    "purchases": "purchase events",
    "revenue": "sum of the value property over purchase events",
    "buyer": "1 if the person made a purchase",
}


@dataclass(frozen=True)
class Money:
    """Which event is a purchase and which of its properties holds the amount."""

    event: str = "purchase"
    value: str | None = "revenue"


@per_dialect("segment_mix_events")
def mix_events(engine: Engine, scope: Scope, limit: int = MIX_EVENTS) -> list[str]:
    """The scope's most common event names (bookkeeping events left out)."""
    params = Params()
    rows = engine.query(
        f"SELECT e.event, count(*) AS n FROM {scope.events(params, 'e.event')} e"
        f" WHERE e.event NOT IN {params.add_all(list(NOT_MIX))}"
        f" GROUP BY 1 ORDER BY n DESC, 1 LIMIT {int(limit)}",
        params,
    ).to_pylist()
    return [r["event"] for r in rows]


def behavior(engine: Engine, scope: Scope, money: Money, events: list[str]) -> pd.DataFrame:
    """One row per person with events in scope: `person_id`, the BEHAVIOR columns and
    `n:<event>` (count of each of `events`)."""
    frame = behavior_rows(engine, scope, money, events)
    frame = frame.rename(columns={f"c{i}": f"n:{name}" for i, name in enumerate(events)})
    numeric = [c for c in frame.columns if c != "person_id"]
    frame[numeric] = frame[numeric].astype(float)
    return frame


@per_dialect("segment_behavior")
def behavior_rows(engine: Engine, scope: Scope, money: Money, events: list[str]) -> pd.DataFrame:
    """person_id, the BEHAVIOR columns, `events` and the count of each of `events` as c0, c1, …
    (by person id)."""
    params = Params()
    purchase = params.add(money.event)
    amount = (
        f"TRY_CAST({Property(money.value).sql(params, 'e')} AS DOUBLE)"
        if money.value
        else "NULL::DOUBLE"
    )
    relation = scope.events(
        params,
        f"e.person_id, e.session_id, e.timestamp, e.event, CASE WHEN e.event = {purchase}"
        f" THEN {amount} END AS amount",
    )
    counts = "".join(
        f", count(*) FILTER (event = {params.add(name)}) AS c{i}" for i, name in enumerate(events)
    )
    sql = f"""
        WITH ev AS {relation},
        ends AS (SELECT max(timestamp) AS stop FROM ev),
        visits AS (
            SELECT person_id, session_id,
                date_diff('millisecond', min(timestamp), max(timestamp)) / 60000.0 AS minutes
            FROM ev GROUP BY person_id, session_id
        ),
        lengths AS (SELECT person_id, avg(minutes) AS session_minutes FROM visits GROUP BY 1),
        per AS (
            SELECT person_id, count(*) AS events, count(DISTINCT session_id) AS sessions,
                count(DISTINCT CAST(timestamp AS DATE)) AS active_days,
                min(timestamp) AS first, max(timestamp) AS last,
                count(*) FILTER (event = {purchase}) AS purchases,
                coalesce(sum(amount), 0) AS revenue{counts}
            FROM ev GROUP BY person_id
        )
        SELECT p.person_id,
            date_diff('second', p.last, ends.stop) / 86400.0 AS recency_days,
            date_diff('second', p.first, ends.stop) / 86400.0 AS tenure_days,
            p.active_days, p.sessions,
            p.sessions / (greatest(date_diff('second', p.first, ends.stop) / 86400.0, 7) / 7)
                AS sessions_per_week,
            coalesce(l.session_minutes, 0) AS session_minutes,
            p.events / greatest(p.sessions, 1) AS events_per_session,
            p.purchases, p.revenue, (p.purchases > 0)::INT AS buyer,
            p.events{"".join(f", p.c{i}" for i in range(len(events)))}
        FROM per p CROSS JOIN ends LEFT JOIN lengths l ON l.person_id = p.person_id
        ORDER BY p.person_id
    """
    return engine.query(sql, params).to_pandas()


#: behavior columns the clustering reads, on a log scale (recency as it is)
CLUSTERED = ("sessions_per_week", "revenue", "session_minutes", "events_per_session")


def matrix(frame: pd.DataFrame, events: list[str]) -> np.ndarray:
    """What the clustering sees, each column scaled to mean 0 and variance 1: recency; frequency
    (sessions a week), monetary value, session length and depth on a log scale (they are skewed);
    and the event mix, each mix event's share of all the person's events."""
    logged = np.log1p(frame[list(CLUSTERED)].to_numpy(float))
    counts = frame[[f"n:{e}" for e in events]].to_numpy(float)
    shares = counts / np.maximum(frame[["events"]].to_numpy(float), 1)
    columns = np.hstack([frame[["recency_days"]].to_numpy(float), logged, shares])
    spread = columns.std(axis=0)
    return (columns - columns.mean(axis=0)) / np.where(spread > 0, spread, 1)
