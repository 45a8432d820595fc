"""The conditions a segment is made of, each a SQL test on one row of `persons` (alias `sp`).

A condition is two-valued: a missing trait makes `plan = pro` false, so `not` of it is true.
Windows such as "in the last 30 days" end at the project's latest event (`Context.data_end`):
on live data that is now, and imported history is judged as of its own end.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from whylens.insights.filters import Filter
from whylens.insights.funnels.attempts import FunnelSQL
from whylens.insights.funnels.spec import FunnelSpec
from whylens.insights.matchers import EventMatcher
from whylens.insights.params import Params
from whylens.insights.scope import Scope

PERSON = "sp"  # the alias of the persons row a condition tests


@dataclass(frozen=True)
class Context:
    """What a condition is evaluated against: a project, as of its latest event."""

    project_id: str
    data_end: datetime | None

    def since(self, seconds: float | None) -> datetime | None:
        if seconds is None or self.data_end is None:
            return None
        return self.data_end - timedelta(seconds=seconds)


class Condition(Protocol):
    def sql(self, ctx: Context, params: Params) -> str:
        """A boolean SQL expression on the persons row `sp` (never NULL)."""

    def to_json(self) -> dict[str, Any]:
        """The canonical definition (what is stored)."""

    def text(self) -> str:
        """The condition in words."""


def _days(seconds: float) -> str:
    days = seconds / 86400
    return f"{days:g}d" if days >= 1 else f"{seconds:g}s"


@dataclass(frozen=True)
class Did:
    """Did an event at least N times (in the last D days)."""

    event: EventMatcher
    spec: Any = field(compare=False)  # the event as written: a name or {"event", "where"}
    at_least: int = 1
    in_last_s: float | None = None

    def sql(self, ctx: Context, params: Params) -> str:
        conditions = [f"e.project_id = {params.add(ctx.project_id)}", self.event.sql(params, "e")]
        since = ctx.since(self.in_last_s)
        if since is not None:
            conditions.append(f"e.timestamp >= {params.add(since)}")
        join = (
            " LEFT JOIN persons pe ON pe.project_id = e.project_id AND pe.person_id = e.person_id"
            if self.event.needs_person
            else ""
        )
        return (
            f"{PERSON}.person_id IN (SELECT e.person_id FROM events e{join}"
            f" WHERE {' AND '.join(conditions)} GROUP BY e.person_id"
            f" HAVING count(*) >= {params.add(self.at_least)})"
        )

    def to_json(self) -> dict[str, Any]:
        spec = self.spec  # filters written beside the event, as the definition takes them
        found: dict[str, Any] = (
            {"did": spec["event"], "where": list(spec["where"])}
            if isinstance(spec, dict)
            else {"did": spec}
        )
        found["at_least"] = self.at_least
        if self.in_last_s is not None:
            found["in_last"] = _days(self.in_last_s)
        return found

    def text(self) -> str:
        times = "" if self.at_least == 1 else f" at least {self.at_least} times"
        window = "" if self.in_last_s is None else f" in the last {_days(self.in_last_s)}"
        return f"did {self.event.name}{times}{window}"


@dataclass(frozen=True)
class PersonIs:
    """A trait of the person, with the operators of `--where`."""

    filter: Filter

    def sql(self, ctx: Context, params: Params) -> str:
        return f"coalesce({self.filter.sql(params, PERSON, PERSON)}, false)"

    def to_json(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            "person": self.filter.property.key,
            "operator": self.filter.operator,
        }
        if self.filter.value is not None:
            value = self.filter.value
            found["value"] = list(value) if isinstance(value, tuple) else value
        return found

    def text(self) -> str:
        value = self.filter.value
        shown = f" ({', '.join(value)})" if isinstance(value, tuple) else f" {value}"
        return f"person.{self.filter.property.key} {self.filter.operator}" + (
            "" if value is None else shown
        )


@dataclass(frozen=True)
class StoppedAt:
    """Reached step k of a funnel but not step k + 1 (its furthest step is k)."""

    funnel: FunnelSpec
    steps: tuple[Any, ...] = field(compare=False)  # as written (names or {"event", "where"})
    reached: int = 1
    window: Any = field(default=None, compare=False)
    in_last_s: float | None = None

    def sql(self, ctx: Context, params: Params) -> str:
        scope = Scope(ctx.project_id, ctx.since(self.in_last_s))
        ctes = FunnelSQL(self.funnel, scope, params).ctes()
        return (
            f"{PERSON}.person_id IN ({ctes}\nSELECT person_id FROM funnel"
            f" WHERE reached = {params.add(self.reached)} AND person_id IS NOT NULL)"
        )

    def to_json(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            "funnel": list(self.steps),
            "reached": self.reached,
            "window": self.window,
            "order": self.funnel.order,
        }
        if self.in_last_s is not None:
            found["in_last"] = _days(self.in_last_s)
        return found

    def text(self) -> str:
        names = [m.name for m in self.funnel.steps]
        stop = (
            f"completed {' → '.join(names)}"
            if self.reached == len(names)
            else f"reached {names[self.reached - 1]} but not {names[self.reached]}"
        )
        window = "" if self.in_last_s is None else f" in the last {_days(self.in_last_s)}"
        return f"{stop} (funnel {' → '.join(names)}){window}"


@dataclass(frozen=True)
class ChurnRisk:
    """A stored churn score above a threshold (scores: `churn_scores`, see store.py)."""

    above: float
    inactive_days: float = 30.0

    def sql(self, ctx: Context, params: Params) -> str:
        return (
            f"{PERSON}.person_id IN (SELECT person_id FROM churn_scores"
            f" WHERE project_id = {params.add(ctx.project_id)}"
            f" AND inactive_days = {params.add(self.inactive_days)}"
            f" AND score > {params.add(self.above)})"
        )

    def to_json(self) -> dict[str, Any]:
        return {"churn_risk_above": self.above, "inactive": f"{self.inactive_days:g}d"}

    def text(self) -> str:
        return f"churn risk above {self.above:g} ({self.inactive_days:g}-day inactivity)"


@dataclass(frozen=True)
class All:
    parts: tuple[Condition, ...]

    def sql(self, ctx: Context, params: Params) -> str:
        return "(" + " AND ".join(p.sql(ctx, params) for p in self.parts) + ")"

    def to_json(self) -> dict[str, Any]:
        return {"and": [p.to_json() for p in self.parts]}

    def text(self) -> str:
        return "(" + " and ".join(p.text() for p in self.parts) + ")"


@dataclass(frozen=True)
class AnyOf:
    parts: tuple[Condition, ...]

    def sql(self, ctx: Context, params: Params) -> str:
        return "(" + " OR ".join(p.sql(ctx, params) for p in self.parts) + ")"

    def to_json(self) -> dict[str, Any]:
        return {"or": [p.to_json() for p in self.parts]}

    def text(self) -> str:
        return "(" + " or ".join(p.text() for p in self.parts) + ")"


@dataclass(frozen=True)
class Not:
    part: Condition

    def sql(self, ctx: Context, params: Params) -> str:
        return f"(NOT {self.part.sql(ctx, params)})"

    def to_json(self) -> dict[str, Any]:
        return {"not": self.part.to_json()}

    def text(self) -> str:
        return f"not {self.part.text()}"


def members_sql(condition: Condition, ctx: Context, params: Params) -> str:
    """SELECT of the person ids of the project that meet the condition."""
    return (
        f"SELECT {PERSON}.person_id FROM persons {PERSON}"
        f" WHERE {PERSON}.project_id = {params.add(ctx.project_id)}"
        f" AND {condition.sql(ctx, params)}"
    )


def walk(condition: Condition) -> list[Condition]:
    """The condition and every condition inside it."""
    inner: list[Condition] = []
    if isinstance(condition, All | AnyOf):
        for part in condition.parts:
            inner.extend(walk(part))
    elif isinstance(condition, Not):
        inner.extend(walk(condition.part))
    return [condition, *inner]
