"""Per-person purchase summaries (frequency, recency, age, mean repeat spend) computed in SQL,
exactly as the BG/NBD and Gamma-Gamma papers define them, or their published estimates are not reproduced.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
import pyarrow as pa

from whylens.engines.base import Engine
from whylens.errors import QueryError
from whylens.insights.dialects import per_dialect
from whylens.insights.matchers import matcher
from whylens.insights.params import Params
from whylens.insights.properties import Property
from whylens.insights.scope import Scope

UNITS = {"day": 1.0, "week": 7.0}


@dataclass(frozen=True)
class Summaries:
    """Column arrays, one entry per person with a purchase up to the calibration end."""

    person_id: np.ndarray
    frequency: np.ndarray  # x
    recency: np.ndarray  # t_x
    age: np.ndarray  # T
    monetary: np.ndarray  # NaN when x = 0 or no value property
    until: date

    def __len__(self) -> int:
        return len(self.person_id)


def unit_days(unit: str) -> float:
    if unit not in UNITS:
        raise QueryError(f"unknown unit {unit!r}; use day or week")
    return UNITS[unit]


def calibration_end(value: Any) -> date | None:
    """The last day of the calibration period (inclusive), from a date or ISO text."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError as exc:
        raise QueryError(f"cannot read --until {value!r} as a date; use YYYY-MM-DD") from exc


def summaries(
    engine: Engine,
    scope: Scope,
    purchase_event: Any,
    value_property: str | None = None,
    until: Any = None,
    unit: str = "day",
) -> Summaries:
    """Frequency, recency, T and monetary value per person; `until` defaults to the last purchase day.

    Purchases are grouped by calendar day (UTC), amounts summed: x = purchase days after the
    first; t_x = last − first purchase day; T = `until` − first purchase day, `until` inclusive;
    whole days, /7 in weeks; monetary = mean per-day total of the repeat days (first excluded).
    """
    per_unit = unit_days(unit)
    end = calibration_end(until)
    table = purchase_days(engine, scope, purchase_event, value_property, end)
    if end is None:
        last = table.column("last_day").to_pylist()
        end = max(last) if last else None
    if end is None or table.num_rows == 0:
        raise QueryError(f"no {purchase_event!r} events in scope before the calibration end")
    return _arrays(table, end, per_unit)


@per_dialect("clv_summaries")
def purchase_days(
    engine: Engine,
    scope: Scope,
    purchase_event: Any,
    value_property: str | None,
    end: date | None,
) -> pa.Table:
    """Per person with a purchase up to `end` (inclusive; None: all): first_day, last_day,
    x, t_x and monetary (NULL when x = 0), by person id."""
    sql, params = _query(scope, purchase_event, value_property, end)
    return engine.query(sql, params)


def day_after(end: date) -> datetime:
    """The moment the calibration period ends: midnight after its last day."""
    return datetime.combine(end + timedelta(days=1), datetime.min.time())


def _query(
    scope: Scope, purchase_event: Any, value_property: str | None, end: date | None
) -> tuple[str, Params]:
    params = Params()
    step = matcher(purchase_event)
    where = step.sql(params)
    if end is not None:
        where += f" AND e.timestamp < {params.add(day_after(end))}"
    value = (
        f"TRY_CAST({Property(value_property).sql(params, 'e', 'pe')} AS DOUBLE)"
        if value_property
        else "NULL::DOUBLE"
    )
    relation = scope.events(params, f"e.person_id, e.timestamp, {value} AS amount", where)
    # sums in a fixed order: parallel aggregation adds in any order, and the last bits it moves
    # move the fitted parameters of a likelihood this flat by more than its tolerance
    sql = f"""
        WITH days AS (
            SELECT person_id, CAST(timestamp AS DATE) AS day,
                sum(amount ORDER BY timestamp, amount) AS amount
            FROM {relation} p GROUP BY person_id, day
        )
        SELECT person_id,
            min(day) AS first_day, max(day) AS last_day,
            count(*) - 1 AS x,
            date_diff('day', min(day), max(day)) AS t_x,
            (sum(amount ORDER BY day) - arg_min(amount, day)) / nullif(count(*) - 1, 0) AS monetary
        FROM days GROUP BY person_id ORDER BY person_id
    """
    return sql, params


def _arrays(table: pa.Table, end: date, per_unit: float) -> Summaries:
    first = np.array(table.column("first_day").to_pylist(), dtype="datetime64[D]")
    age_days = (np.datetime64(end, "D") - first).astype(np.int64)
    monetary = table.column("monetary").to_numpy(zero_copy_only=False)
    return Summaries(
        person_id=np.array(table.column("person_id").to_pylist(), dtype=object),
        frequency=table.column("x").to_numpy().astype(float),
        recency=table.column("t_x").to_numpy().astype(float) / per_unit,
        age=age_days.astype(float) / per_unit,
        monetary=np.array([np.nan if v is None else v for v in monetary], dtype=float),
        until=end,
    )
