"""Calendar buckets shared by the analyses that draw a line over time: the bucket of a
timestamp, and every bucket of a range, so that empty intervals show as zero, not as gaps."""

from __future__ import annotations

from datetime import datetime

from whylens.engines.base import Engine
from whylens.errors import QueryError
from whylens.insights.dialects import per_dialect
from whylens.insights.params import Params
from whylens.insights.scope import Scope
from whylens.insights.units import interval as check_interval

STEP = {
    "hour": "INTERVAL 1 HOUR",
    "day": "INTERVAL 1 DAY",
    "week": "INTERVAL 7 DAY",
    "month": "INTERVAL 1 MONTH",
}


def bucket(interval: str, column: str) -> str:
    """SQL: the start of the interval holding `column` (weeks start on Monday)."""
    name = check_interval(interval)
    return f"date_trunc('{name}', {column})"


@per_dialect("data_range")
def data_range(engine: Engine, scope: Scope) -> tuple[datetime, datetime] | None:
    """[first, last] event time in scope, the range's own ends taking precedence."""
    params = Params()
    row = engine.query(
        f"SELECT min(timestamp) AS lo, max(timestamp) AS hi FROM {scope.events(params, 'e.timestamp')}",
        params,
    ).to_pylist()[0]
    if row["lo"] is None:
        return None
    lo = scope.date_from or row["lo"]
    hi = row["hi"] if scope.date_to is None else min(row["hi"], scope.date_to)
    return lo, hi


#: longest time line drawn, in intervals: beyond it, a longer interval says the same
MAX_BUCKETS = 20_000
_APPROX_S = {"hour": 3600, "day": 86400, "week": 7 * 86400, "month": 28 * 86400}


def buckets_sql(interval: str, params: Params, first: datetime, last: datetime) -> str:
    """SQL relation `(bucket)`: every interval start from the one holding `first` to `last`'s."""
    name = check_interval(interval)
    if (last - first).total_seconds() / _APPROX_S[name] > MAX_BUCKETS:
        raise QueryError(
            f"{first:%Y-%m-%d} to {last:%Y-%m-%d} is more than {MAX_BUCKETS:,} {name}s:"
            " choose a longer interval or a shorter range"
        )
    return (
        f"(SELECT unnest(generate_series(date_trunc('{name}', CAST({params.add(first)} AS TIMESTAMP)),"
        f" date_trunc('{name}', CAST({params.add(last)} AS TIMESTAMP)), {STEP[name]})) AS bucket)"
    )
