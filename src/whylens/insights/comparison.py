"""A period and the one of the same length just before it, and how a number changed between them:
what "compared with the previous period" means wherever whylens shows a change."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta
from typing import Any

from whylens.insights.scope import Scope

#: the overview's period when the scope names no dates: four whole weeks, so both periods
#: hold the same weekdays
DEFAULT_DAYS = 28


@dataclass(frozen=True)
class Periods:
    """[start, end) and [previous_start, start); `partial` when the data's first day begins
    after previous_start, so that the previous period is only partly observed."""

    start: datetime
    end: datetime
    previous_start: datetime
    partial: bool

    @property
    def length(self) -> timedelta:
        return self.end - self.start

    def current(self, scope: Scope) -> Scope:
        return replace(scope, date_from=self.start, date_to=self.end)

    def previous(self, scope: Scope) -> Scope:
        return replace(scope, date_from=self.previous_start, date_to=self.start)

    def both(self, scope: Scope) -> Scope:
        """The two periods as one range, for a query that splits them itself."""
        return replace(scope, date_from=self.previous_start, date_to=self.end)

    def days(self) -> list[datetime]:
        """Midnight of every day of the current period."""
        first = datetime.combine(self.start.date(), time())
        count = (self.end - first + timedelta(days=1) - timedelta(microseconds=1)).days
        return [first + timedelta(days=i) for i in range(count)]

    def describe(self) -> dict[str, Any]:
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "days": self.length / timedelta(days=1),
            "previous": {
                "from": self.previous_start.isoformat(),
                "to": self.start.isoformat(),
                "partial": self.partial,
            },
        }


def periods(
    scope: Scope, span: tuple[datetime, datetime], days: int | None = DEFAULT_DAYS
) -> Periods:
    """The scope's own dates where it has them; otherwise the data's last `days` days, ending at
    midnight after the last event of `span` (all of the data when `days` is None). Data shorter
    than two such periods gives half of its days to each, so that the previous period is seen."""
    first_day = datetime.combine(span[0].date(), time())
    end = scope.date_to or datetime.combine(span[1].date() + timedelta(days=1), time())
    if scope.date_from is not None:
        start = scope.date_from
    elif days is None:
        start = min(first_day, end - timedelta(days=1))
    else:
        observed = (end - first_day).days
        start = end - timedelta(days=days if observed >= 2 * days else max(observed // 2, 1))
    previous_start = start - (end - start)
    return Periods(start, end, previous_start, partial=first_day > previous_start)


def change(value: float | None, previous: float | None) -> dict[str, float | None]:
    """`value` against `previous`: the difference, and the relative change (None from 0)."""
    if value is None or previous is None:
        return {"change": None, "change_pct": None}
    return {
        "change": value - previous,
        "change_pct": (value / previous - 1) if previous else None,
    }
