"""The rows an analysis reads on ClickHouse: the scope's and the steps' conditions, written once
in insights/ (DuckDB SQL) and transpiled (sql/clickhouse.py), and the persons join they need."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from whylens.engines.base import Engine
from whylens.insights import periods, timeline
from whylens.insights.dialects import implements
from whylens.insights.params import Params
from whylens.insights.scope import Scope
from whylens.sql.clickhouse import transpile

#: SQL: the start of the calendar interval holding `{c}` (weeks start on Monday) as a DateTime
#: or Date, cheaper to group by than DateTime64 (BUCKET turns it into one after grouping)
BUCKET_KEY = {
    "hour": "toStartOfHour({c})",
    "day": "toDate({c})",
    "week": "toStartOfWeek({c}, 1)",
    "month": "toStartOfMonth({c})",
}
#: the same start as DateTime64, the type of timestamps
BUCKET = {name: f"toDateTime64({key}, 6, 'UTC')" for name, key in BUCKET_KEY.items()}


def conditions(scope: Scope, params: Params, *extra: str) -> str:
    """ClickHouse WHERE text for the scope on alias `e` (persons as `pe`), and `extra`."""
    unsegmented = replace(scope, segment=None)
    found = transpile(" AND ".join([*unsegmented.conditions(params, "e"), *extra]), params)
    return f"({found}) AND {segment(scope, params, 'e.person_id')}" if scope.segment else found


def segment(scope: Scope, params: Params, column: str) -> str:
    """The scope's segment as a condition on a person id column, in ClickHouse SQL already (a
    segment's rule is built for the engine it runs on: it is not transpiled)."""
    if scope.segment is None:
        return "true"
    return scope.segment.sql(params, column)


def events(scope: Scope, needs_person: bool = False) -> str:
    """`events e`, joined to its persons when a filter reads traits."""
    return "events e" + periods.person_join(scope, needs_person)


def fragment(sql: str, params: Params) -> str:
    """One DuckDB expression (an event matcher, a property) as ClickHouse SQL."""
    return transpile(sql, params)


def buckets(interval: str, first: datetime, last: datetime) -> list[datetime]:
    """Every interval start from the one holding `first` to the one holding `last` (refused
    past timeline.MAX_BUCKETS, as on DuckDB)."""
    timeline.buckets_sql(interval, Params(), first, last)
    start, stop = periods.start_of(first, interval), periods.start_of(last, interval)
    found = []
    while start <= stop:
        found.append(start)
        start = periods.shift(start, interval, 1)
    return found


@implements("data_range", "clickhouse")
def data_range(engine: Engine, scope: Scope) -> tuple[datetime, datetime] | None:
    """timeline.data_range with the scope transpiled: [first, last] event time in scope, the
    range's own ends taking precedence."""
    found = _min_max(engine, scope)
    if found is None:
        return None
    hi = found[1] if scope.date_to is None else min(found[1], scope.date_to)
    return scope.date_from or found[0], hi


@implements("event_range", "clickhouse")
def event_range(engine: Engine, scope: Scope) -> tuple[datetime, datetime] | None:
    """periods.event_range with the scope transpiled: its date bounds, else its first and last
    event."""
    last = scope.date_to - timedelta(microseconds=1) if scope.date_to else None
    if scope.date_from and last:
        return scope.date_from, last
    found = _min_max(engine, scope)
    if found is None:
        return None
    return scope.date_from or found[0], last or found[1]


def _min_max(engine: Engine, scope: Scope) -> tuple[datetime, datetime] | None:
    params = Params()
    row = engine.query(
        f"SELECT min(e.timestamp) AS lo, max(e.timestamp) AS hi FROM {events(scope)}"
        f" WHERE {conditions(scope, params)}",
        params,
    ).to_pylist()[0]
    return None if row["lo"] is None else (row["lo"], row["hi"])
