"""A segment as an analysis uses it: the persons it names, as a condition on a person id column.

A static segment reads its stored members, as the persons they are now (identity links
followed); a dynamic one is its definition's SQL, evaluated with the query that uses it, as of
the project's latest event at the time the query is built.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from whylens.engines.base import Engine
from whylens.errors import QueryError
from whylens.insights.dialects import HOME, pick
from whylens.insights.params import Params
from whylens.insights.segments import scores
from whylens.insights.segments.rules import ChurnRisk, Condition, Context, members_sql, walk


@dataclass(frozen=True)
class SegmentSet:
    """The persons of a segment (a `PersonSet` of the Scope)."""

    name: str
    context: Context
    condition: Condition | None = None  # dynamic
    segment_id: str | None = None  # static: stored members
    dialect: str = HOME  # the SQL a dynamic segment's rule is written in

    def sql(self, params: Params, column: str) -> str:
        return f"{column} IN ({self.members(params)})"

    def members(self, params: Params) -> str:
        """SELECT of the member person ids."""
        if self.segment_id is not None:
            # a stored member who has since been linked to another person (an anonymous visitor
            # who signed up) is that person now: their events moved there
            return (
                "SELECT DISTINCT coalesce(i.person_id, m.person_id) AS person_id"
                " FROM segment_members m LEFT JOIN identities i"
                f" ON i.project_id = {params.add(self.context.project_id)}"
                " AND i.distinct_id = m.person_id"
                f" WHERE m.segment_id = {params.add(self.segment_id)}"
            )
        assert self.condition is not None
        members = pick("segment_members", self.dialect, members_sql)
        return members(self.condition, self.context, params)


def context(engine: Engine, project_id: str) -> Context:
    """The project as of its latest event (the end of every "in the last D days")."""
    end: datetime | None = engine.scalar(
        "SELECT max(timestamp) FROM events WHERE project_id = $project", {"project": project_id}
    )
    return Context(project_id, end)


def dynamic(engine: Engine, project_id: str, name: str, condition: Condition) -> SegmentSet:
    """The persons who meet `condition` whenever a query runs; stored churn scores must exist."""
    for part in walk(condition):
        if (
            isinstance(part, ChurnRisk)
            and scores.stored(engine, project_id, part.inactive_days) is None
        ):
            raise QueryError(
                f"segment {name!r} uses churn risk, and no churn scores are stored for a"
                f" {part.inactive_days:g}-day inactivity: refresh the segment"
                f" (`whylens segments refresh {name}`) to score persons"
            )
    return SegmentSet(
        name, context(engine, project_id), condition=condition, dialect=engine.dialect
    )


def static(project_id: str, name: str, segment_id: str) -> SegmentSet:
    return SegmentSet(name, Context(project_id, None), segment_id=segment_id)
