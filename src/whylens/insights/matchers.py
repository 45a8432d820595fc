"""Which events an analysis step means: one name, any of several (`view_item|view_cart`),
`*` for any event, each optionally with property filters of its own.

    "purchase"                                   one event
    "product1|product2"  or  ["product1", "product2"]   any of them
    {"event": "purchase", "where": ["price > 100"]}     with filters
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from whylens.errors import QueryError
from whylens.insights import filters as filters_
from whylens.insights.filters import Filter
from whylens.insights.params import Params

ANY = "*"


@dataclass(frozen=True)
class EventMatcher:
    """Events named `names` (empty: any event) that also pass `filters`."""

    names: tuple[str, ...]
    filters: tuple[Filter, ...] = field(default_factory=tuple)
    label: str = ""

    @property
    def name(self) -> str:
        """How the step is shown: its label, or its names joined by `|`."""
        return self.label or ("|".join(self.names) if self.names else "any event")

    def sql(self, params: Params, events: str = "e", persons: str = "pe") -> str:
        """A condition true for matching rows of `events`."""
        parts = []
        if self.names:
            parts.append(
                f"{events}.event = {params.add(self.names[0])}"
                if len(self.names) == 1
                else f"{events}.event IN {params.add_all(list(self.names))}"
            )
        parts.extend(f.sql(params, events, persons) for f in self.filters)
        return "(" + " AND ".join(parts) + ")" if parts else "TRUE"

    @property
    def needs_person(self) -> bool:
        return filters_.needs_person(self.filters)


def matcher(spec: str | Sequence[str] | Mapping[str, Any] | EventMatcher) -> EventMatcher:
    """Read one step / event specification (see the module docstring)."""
    if isinstance(spec, EventMatcher):
        return spec
    if isinstance(spec, Mapping):
        if "event" not in spec:
            raise QueryError(f"an event specification needs an 'event' key: {dict(spec)!r}")
        base = matcher(spec["event"])
        return EventMatcher(
            base.names, filters_.coerce(spec.get("where")), str(spec.get("label", ""))
        )
    if isinstance(spec, str):
        names = tuple(n.strip() for n in spec.split("|"))
    else:
        names = tuple(str(n).strip() for n in spec)
    if not names or any(not n for n in names):
        raise QueryError(f"empty event name in {spec!r}")
    if ANY in names:
        if len(names) > 1:
            raise QueryError(f"'*' (any event) cannot be combined with names: {spec!r}")
        return EventMatcher(())
    return EventMatcher(names)


def matchers(specs: Sequence[Any]) -> tuple[EventMatcher, ...]:
    return tuple(matcher(s) for s in specs)
