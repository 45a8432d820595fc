"""The feedback rows an analysis reads: one project's answers given in the date range, of the
persons who pass the property filters in it, limited to a segment's persons.

A feedback analysis holds the same `Scope` every other analysis does, so dates, filters and a
segment are read, named and turned into SQL by that machinery alone. A filter tests events
(docs/feedback.md, "Date range, filters and segment"): an answer is kept when its person did, in
the range, an event passing every `--where` filter, one the other analyses would read.
"""

from __future__ import annotations

from typing import Any

from whylens.engines.base import Engine
from whylens.insights.params import Params
from whylens.insights.scope import Scope
from whylens.insights.segments.store import resolve


def feedback_scope(
    engine: Engine,
    project_id: str,
    date_from: Any = None,
    date_to: Any = None,
    where: Any = None,
    segment: Any = None,
) -> Scope:
    """The project, range, filters and segment (a saved segment's name, a definition, or None).

    An unreadable date or filter, an empty range and an unknown segment name are the errors
    every analysis gives.
    """
    return Scope.build(project_id, date_from, date_to, where, resolve(engine, project_id, segment))


def rows(scope: Scope, params: Params, alias: str = "f") -> str:
    """SQL condition on feedback rows (alias `alias`): the project's, answered in the range, of
    the segment's persons and of persons with an event in scope.

    A row without a person belongs to no segment and did no event, so a segment or a filter
    leaves it out.
    """
    answered = Scope(scope.project_id, scope.date_from, scope.date_to, segment=scope.segment)
    found = answered.conditions(params, alias)
    if scope.filters:
        acting = Scope(scope.project_id, scope.date_from, scope.date_to, scope.filters)
        found.append(f"{alias}.person_id IN {acting.events(params, 'e.person_id')}")
    return " AND ".join(found)


def history(scope: Scope) -> Scope:
    """The events `behavior` reads about the answering persons: every event of the project (of
    the segment's persons), whatever the range and filters, which choose answers, not events."""
    return Scope(scope.project_id, segment=scope.segment)
