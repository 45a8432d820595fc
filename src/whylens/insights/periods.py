"""Calendar periods numbered from a base period (0, 1, 2, …), shared by retention, stickiness
and lifecycle so that they cut time the same way, in SQL and in Python.

Numbered periods allow activity bitmaps: a BITSTRING per person with bit i set when the person
did the event in period i (`bitstring_agg`). One pass over events grouped by person builds it,
several times cheaper than distinct (person, period) pairs; "active in period i and not in
i - 1" is then a bit lookup on one row per person instead of a join over events.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from whylens.engines.base import Engine
from whylens.errors import QueryError
from whylens.insights import units
from whylens.insights.dialects import per_dialect
from whylens.insights.params import Params
from whylens.insights.scope import Scope

#: SQL: whole periods from period start `{a}` to `{b}` (at or after `{a}`); date_diff counts
#: boundaries crossed, and weeks are whole 7-day steps from a Monday
_INDEX = {
    "hour": "date_diff('hour', {a}, {b})",
    "day": "date_diff('day', {a}, {b})",
    "week": "(date_diff('day', {a}, {b}) // 7)",
    "month": "date_diff('month', {a}, {b})",
}
_FIXED = {"hour": timedelta(hours=1), "day": timedelta(days=1), "week": timedelta(weeks=1)}
#: intervals, finest first
ORDER = ("hour", "day", "week", "month")


def checked(value: str, allowed: tuple[str, ...]) -> str:
    """An interval name among `allowed`, or a QueryError naming the choices."""
    name = units.interval(value)
    if name not in allowed:
        raise QueryError(f"{value!r} is not offered here; use one of {', '.join(allowed)}")
    return name


def position(interval: str, base: str, column: str) -> str:
    """SQL: the number of the period holding timestamp `column`, period start `base` being 0.

    Exact for any `column` at or after `base`; earlier moments give a number below 1 (enough
    where only periods 1, 2, … are compared).
    """
    return _INDEX[units.interval(interval)].format(a=base, b=column)


def offset(interval: str, count: str = "1") -> str:
    """SQL: an INTERVAL of `count` periods (`count` is SQL: a number or a column)."""
    return f"to_{units.interval(interval)}s({count})"


def start_of(moment: datetime, interval: str) -> datetime:
    """The start of the period holding `moment` (Python twin of `timeline.bucket`)."""
    if interval == "hour":
        return moment.replace(minute=0, second=0, microsecond=0)
    day = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    if interval == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1) if interval == "month" else day


def shift(moment: datetime, interval: str, count: int) -> datetime:
    """`moment` (a period start) moved by `count` whole periods."""
    if interval == "month":
        months = moment.year * 12 + moment.month - 1 + count
        return moment.replace(year=months // 12, month=months % 12 + 1)
    return moment + _FIXED[interval] * count


def between(base: datetime, moment: datetime, interval: str) -> int:
    """The number of the period holding `moment`, period start `base` being 0."""
    start = start_of(moment, interval)
    if interval == "month":
        return (start.year - base.year) * 12 + start.month - base.month
    return (start - base) // _FIXED[interval]


def label(moment: datetime, interval: str) -> str:
    """How a period is named in results: its first day (or hour)."""
    return moment.isoformat(timespec="minutes") if interval == "hour" else moment.date().isoformat()


@per_dialect("event_range")
def event_range(engine: Engine, scope: Scope) -> tuple[datetime, datetime] | None:
    """[first, last] moments of the scope: its date bounds, else its first and last event."""
    last = scope.date_to - timedelta(microseconds=1) if scope.date_to else None
    if scope.date_from and last:
        return scope.date_from, last
    params = Params()
    row = engine.query(
        f"SELECT min(timestamp) AS lo, max(timestamp) AS hi"
        f" FROM {scope.events(params, 'e.timestamp')}",
        params,
    ).to_pylist()[0]
    if row["lo"] is None:
        return None
    return scope.date_from or row["lo"], last or row["hi"]


def person_join(scope: Scope, needed: bool) -> str:
    """The persons join on `e`, when the scope's or the analysis's own filters read traits."""
    join = scope.person_join("e")
    if join or not needed:
        return join
    return " LEFT JOIN persons pe ON pe.project_id = e.project_id AND pe.person_id = e.person_id"
