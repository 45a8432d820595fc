"""What every analysis is limited to: a project, a date range, property filters and a segment.

`Scope.events(params)` is the one relation analyses read events from, so a filter means the
same thing in every insight.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, Protocol

from whylens.errors import QueryError
from whylens.insights import filters as filters_
from whylens.insights.filters import Filter
from whylens.insights.params import Params

_RELATIVE = re.compile(r"^-(\d+)([hdwmy])$")
_UNIT_DAYS = {"d": 1, "w": 7, "m": 30, "y": 365}


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def parse_moment(value: str | date | datetime | None, *, end: bool = False) -> datetime | None:
    """A point in time (see `_parse_moment`); one out of the calendar's range is a QueryError."""
    try:
        return _parse_moment(value, end=end)
    except (OverflowError, ValueError) as exc:
        raise QueryError(f"{value!r} is outside the dates whylens can use") from exc


def _parse_moment(value: str | date | datetime | None, *, end: bool = False) -> datetime | None:
    """A point in time (UTC) from a date, a datetime, ISO text or a relative `-7d`.

    With `end`, a bare date means the end of that day: `--to 2024-01-31` includes the 31st.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).replace(tzinfo=None) if value.tzinfo else value
    if isinstance(value, date):
        moment = datetime.combine(value, time())
        return moment + timedelta(days=1) if end else moment
    text = str(value).strip()
    relative = _RELATIVE.match(text)
    if relative:
        amount, unit = int(relative[1]), relative[2]
        delta = (
            timedelta(hours=amount) if unit == "h" else timedelta(days=amount * _UNIT_DAYS[unit])
        )
        return _now() - delta
    if text in ("now", "today"):
        today = datetime.combine(_now().date(), time())
        return _now() if text == "now" else (today + timedelta(days=1) if end else today)
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise QueryError(
            f"cannot read {text!r} as a date; use YYYY-MM-DD, an ISO timestamp or -7d / -4w / -3m"
        ) from exc
    if len(text) == 10:
        return _parse_moment(parsed.date(), end=end)
    return _parse_moment(parsed)


class PersonSet(Protocol):
    """A group of persons an analysis can be limited to (a segment, see insights/segments)."""

    name: str

    def sql(self, params: Params, column: str) -> str:
        """A condition true when the person id in `column` belongs to the set."""


@dataclass(frozen=True)
class Scope:
    """Project, [date_from, date_to) in UTC, property filters, and the persons of a segment."""

    project_id: str = "default"
    date_from: datetime | None = None
    date_to: datetime | None = None
    filters: tuple[Filter, ...] = field(default_factory=tuple)
    segment: PersonSet | None = None

    @classmethod
    def build(
        cls,
        project_id: str = "default",
        date_from: Any = None,
        date_to: Any = None,
        where: Any = None,
        segment: PersonSet | None = None,
    ) -> Scope:
        start, stop = parse_moment(date_from), parse_moment(date_to, end=True)
        if start and stop and start >= stop:
            raise QueryError(f"the date range is empty: {start} is not before {stop}")
        return cls(project_id, start, stop, filters_.coerce(where), segment)

    @property
    def narrowed(self) -> bool:
        """Whether rows are kept by more than project and dates (filters or a segment)."""
        return bool(self.filters) or self.segment is not None

    def conditions(self, params: Params, events: str = "e", persons: str = "pe") -> list[str]:
        """WHERE conditions for this scope on an events alias."""
        found = [f"{events}.project_id = {params.add(self.project_id)}"]
        if self.date_from:
            found.append(f"{events}.timestamp >= {params.add(self.date_from)}")
        if self.date_to:
            found.append(f"{events}.timestamp < {params.add(self.date_to)}")
        found.extend(f.sql(params, events, persons) for f in self.filters)
        if self.segment is not None:
            found.append(self.segment.sql(params, f"{events}.person_id"))
        return found

    def person_join(self, events: str = "e", persons: str = "pe") -> str:
        if not filters_.needs_person(self.filters):
            return ""
        return (
            f" LEFT JOIN persons {persons} ON {persons}.project_id = {events}.project_id"
            f" AND {persons}.person_id = {events}.person_id"
        )

    def events(self, params: Params, columns: str = "e.*", where: str | None = None) -> str:
        """A parenthesised relation: the project's events in range that pass the filters."""
        conditions = self.conditions(params)
        if where:
            conditions.append(f"({where})")
        return (
            f"(SELECT {columns} FROM events e{self.person_join()} WHERE {' AND '.join(conditions)})"
        )

    def describe(self) -> dict[str, Any]:
        return {
            "project": self.project_id,
            "from": self.date_from.isoformat() if self.date_from else None,
            "to": self.date_to.isoformat() if self.date_to else None,
            "where": [
                f"{f.property.name} {f.operator}" + (f" {f.value}" if f.value is not None else "")
                for f in self.filters
            ],
            "segment": self.segment.name if self.segment is not None else None,
        }


def scope_options(
    date_from: str | None,
    date_to: str | None,
    where: list[str] | None,
    segment: str | None = None,
) -> dict[str, Any]:
    """The scope keywords every Workspace analysis takes, from CLI options or query parameters."""
    return {
        "date_from": date_from,
        "date_to": date_to,
        "where": list(where or []),
        "segment": segment,
    }
