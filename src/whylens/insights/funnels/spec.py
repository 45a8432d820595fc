"""What a funnel asks, read and checked once: steps, window, order mode, exclusions, breakdown
attribution and a held property. Every rule fails with a QueryError that says how to fix it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from whylens.errors import QueryError
from whylens.insights.matchers import EventMatcher, matcher
from whylens.insights.properties import Property
from whylens.insights.units import duration_s

ORDERS = ("ordered", "strict", "unordered")
MIN_STEPS, MAX_STEPS = 2, 20
DEFAULT_WINDOW = "14d"
_EXCLUSION = re.compile(r"^(?P<event>.+):(?P<a>\d+)-(?P<b>\d+)$")
_STEP_WHERE = re.compile(r"^(?P<step>\d+):(?P<filter>.+)$", re.DOTALL)


@dataclass(frozen=True)
class Exclusion:
    """Persons whose attempt has an `event` strictly between steps `after` and `before` drop out."""

    event: EventMatcher
    after: int
    before: int


@dataclass(frozen=True)
class Attribution:
    """Which event of the attempt gives the breakdown value: `first_touch`, `last_touch`, `step:N`."""

    kind: str = "first_touch"
    step: int | None = None

    @property
    def name(self) -> str:
        return f"step:{self.step}" if self.kind == "step" else self.kind


@dataclass(frozen=True)
class FunnelSpec:
    """A checked funnel question; `window_s` None means no time limit."""

    steps: tuple[EventMatcher, ...]
    window_s: float | None = 14 * 86400.0
    order: str = "ordered"
    exclusions: tuple[Exclusion, ...] = field(default_factory=tuple)
    breakdown: Property | None = None
    attribution: Attribution = field(default_factory=Attribution)
    breakdown_limit: int = 10
    hold: Property | None = None

    @property
    def n(self) -> int:
        return len(self.steps)

    def describe(self) -> dict[str, Any]:
        return {
            "order": self.order,
            "window_s": self.window_s,
            "exclusions": [
                {"event": x.event.name, "between": [x.after, x.before]} for x in self.exclusions
            ],
            "hold": self.hold.name if self.hold else None,
        }


def build_spec(
    steps: Sequence[Any],
    window: str | int | float | None = DEFAULT_WINDOW,
    order: str = "ordered",
    exclusions: Sequence[Any] | None = None,
    breakdown: str | None = None,
    attribution: str = "first_touch",
    breakdown_limit: int = 10,
    hold: str | None = None,
) -> FunnelSpec:
    """Read the library's (or CLI's) arguments into a FunnelSpec, refusing what cannot work."""
    if isinstance(steps, str | Mapping) or not 2 <= len(steps) <= MAX_STEPS:
        count = 1 if isinstance(steps, str | Mapping) else len(steps)
        raise QueryError(f"a funnel has {MIN_STEPS} to {MAX_STEPS} steps, not {count}")
    matchers = tuple(matcher(s) for s in steps)
    if order not in ORDERS:
        raise QueryError(f"unknown order {order!r}; use one of {', '.join(ORDERS)}")
    if breakdown_limit < 1:
        raise QueryError("breakdown_limit must be at least 1")
    return FunnelSpec(
        steps=matchers,
        window_s=duration_s(window, allow_none=True),
        order=order,
        exclusions=tuple(exclusion(x, len(matchers)) for x in exclusions or ()),
        breakdown=Property(breakdown) if breakdown else None,
        attribution=parse_attribution(attribution, len(matchers)),
        breakdown_limit=breakdown_limit,
        hold=Property(hold) if hold else None,
    )


def exclusion(spec: Any, steps: int) -> Exclusion:
    """`{"event": "X", "between": (1, 2)}` or the CLI's `X:1-2`."""
    if isinstance(spec, str):
        found = _EXCLUSION.match(spec.strip())
        if not found:
            raise QueryError(
                f"cannot read exclusion {spec!r}; write EVENT:FROM-TO, e.g. 'refund:1-2'"
            )
        spec = {"event": found["event"], "between": (int(found["a"]), int(found["b"]))}
    if not isinstance(spec, Mapping) or "between" not in spec:
        raise QueryError(f"an exclusion needs 'event' and 'between': {spec!r}")
    after, before = (int(v) for v in spec["between"])
    if not 1 <= after < before <= steps:
        raise QueryError(
            f"exclusion between steps {after} and {before}: need 1 <= from < to <= {steps}"
        )
    event = matcher({k: v for k, v in spec.items() if k != "between"})
    return Exclusion(event, after, before)


def parse_attribution(text: str, steps: int) -> Attribution:
    name = str(text).strip().lower()
    if name in ("first_touch", "last_touch"):
        return Attribution(name)
    if name.startswith("step:") and name[5:].isdigit() and 1 <= int(name[5:]) <= steps:
        return Attribution("step", int(name[5:]))
    raise QueryError(
        f"unknown attribution {text!r}; use first_touch, last_touch or step:N with 1 <= N <= {steps}"
    )


def steps_with_filters(steps: Sequence[str], step_where: Sequence[str] | None) -> list[Any]:
    """The CLI's steps with `--step-where N:'price > 10'` filters attached to step N."""
    specs: list[Any] = list(steps)
    for item in step_where or ():
        found = _STEP_WHERE.match(item.strip())
        if not found or not 1 <= int(found["step"]) <= len(specs):
            raise QueryError(
                f"cannot read --step-where {item!r}; write N:FILTER with N a step number,"
                " e.g. 2:'price > 10'"
            )
        index = int(found["step"]) - 1
        spec = specs[index] if isinstance(specs[index], dict) else {"event": specs[index]}
        specs[index] = {**spec, "where": [*spec.get("where", []), found["filter"].strip()]}
    return specs
