"""Inactivity churn, defined once (docs/metrics.md, "Churn"): a person has churned by a moment
when they have no event in the inactivity period before it. Churn prediction (its labels and the
population it scores) and churn by feedback answer both test it with `churned`."""

from __future__ import annotations

#: the inactivity period, in days, when none is chosen
CHURN_DAYS = 30


def churned(last_seen: str, end: str, days: str) -> str:
    """SQL: true when a person whose last event before `end` was at `last_seen` (NULL: none) has
    no event in the `days` days before `end`. Each argument is an SQL expression (a column or a
    placeholder, never a value); `days` is a number of days and may be fractional (`36h`)."""
    return f"coalesce({last_seen} < {end} - to_seconds(CAST({days} AS DOUBLE) * 86400), TRUE)"
