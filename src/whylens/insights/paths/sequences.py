"""How a person's events become a sequence of nodes, the one relation every path analysis reads:
event names (or page paths), over the whole history or per session, repeats optionally collapsed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from whylens.insights.filters import Filter
from whylens.insights.matchers import EventMatcher, matcher
from whylens.insights.params import Params
from whylens.insights.scope import Scope
from whylens.model.vocabulary import PAGEVIEW_EVENTS

#: the node of a page view that has no path
NO_PATH = "(no path)"
#: events of one sequence, in order: ties in time are broken by event id, as everywhere
ORDER = "PARTITION BY unit ORDER BY ts, event_id"


@dataclass(frozen=True)
class Sequences:
    """Which events form a sequence, what a node is called, and whether repeats collapse."""

    pageviews: bool = False
    by_session: bool = False
    collapse: bool = False

    def relation(self, params: Params, scope: Scope, flags: dict[str, Any] | None = None) -> str:
        """A parenthesised relation (person_id, unit, ts, event_id, node, *flags).

        `flags` maps a column name to an event specification (see `matchers`); with `pageviews`
        its names are page paths. A collapsed run of repeats keeps its first event.
        """
        specs = {name: matcher(spec) for name, spec in (flags or {}).items()}
        node = self._node(params)
        columns = [
            "e.person_id",
            "coalesce(e.session_id, e.person_id) AS unit"
            if self.by_session
            else "e.person_id AS unit",
            "e.timestamp AS ts",
            "e.event_id",
            f"{node} AS node",
        ]
        columns += [f"{self._matches(params, m, node)} AS {name}" for name, m in specs.items()]
        conditions = scope.conditions(params, "e")
        if self.pageviews:
            conditions.append(f"e.event IN {params.add_all(list(PAGEVIEW_EVENTS))}")
        join = _person_join(scope, specs.values())
        events = (
            f"(SELECT {', '.join(columns)} FROM events e{join} WHERE {' AND '.join(conditions)})"
        )
        if not self.collapse:
            return events
        return (
            f"(SELECT * EXCLUDE (previous) FROM (SELECT *, lag(node) OVER ({ORDER}) AS previous"
            f" FROM {events}) WHERE previous IS DISTINCT FROM node)"
        )

    def _node(self, params: Params) -> str:
        return f"coalesce(e.path, {params.add(NO_PATH)})" if self.pageviews else "e.event"

    def _matches(self, params: Params, spec: EventMatcher, node: str) -> str:
        """An event specification as a condition; with `pageviews` its names are paths."""
        if not self.pageviews:
            return spec.sql(params, "e")
        parts = [f"{node} IN {params.add_all(list(spec.names))}"] if spec.names else []
        parts += [f.sql(params, "e") for f in spec.filters]
        return "(" + " AND ".join(parts) + ")" if parts else "TRUE"


def _person_join(scope: Scope, specs: Any) -> str:
    """The persons join, when the scope's filters or an event specification's need traits."""
    needed: tuple[Filter, ...] = scope.filters + tuple(f for m in specs for f in m.filters)
    return Scope(filters=needed).person_join("e")
