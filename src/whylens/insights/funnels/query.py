"""The funnel analyses as the library offers them: `funnel` and `funnel_correlation`, each
taking an engine, a scope and the funnel's steps and options."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import nullcontext
from typing import Any

from whylens.engines.base import Engine
from whylens.insights.dialects import per_dialect
from whylens.insights.funnels import summary
from whylens.insights.funnels.correlation import DEFAULT_PROPERTIES, FunnelCorrelation, correlate
from whylens.insights.funnels.result import FunnelResult
from whylens.insights.funnels.spec import DEFAULT_WINDOW, FunnelSpec, build_spec
from whylens.insights.result import recorded
from whylens.insights.scope import Scope
from whylens.insights.units import interval as check_interval


@per_dialect("funnel")
def funnel(
    engine: Engine,
    scope: Scope,
    steps: Sequence[Any],
    *,
    window: str | int | float | None = DEFAULT_WINDOW,
    order: str = "ordered",
    exclusions: Sequence[Any] | None = None,
    breakdown: str | None = None,
    attribution: str = "first_touch",
    breakdown_limit: int = 10,
    hold: str | None = None,
    trend: str | None = None,
) -> FunnelResult:
    """Persons per step of a funnel (see docs/metrics.md, Funnels, for every definition)."""
    spec = build_spec(
        steps, window, order, exclusions, breakdown, attribution, breakdown_limit, hold
    )
    interval = check_interval(trend) if trend else None
    with recorded(engine) as (engine, log):
        # asked more than the steps, the attempts are found once and kept for every question
        result = FunnelResult({}, log, engine, spec, scope)
        with result.kept() if interval else nullcontext() as kept:
            rows = summary.step_rows(engine, spec, scope, kept)
            result.document = {
                "kind": "funnel",
                "scope": scope.describe(),
                **spec.describe(),
                "steps": summary.steps_document(spec, [r for r in rows if r["total"]]),
            }
            if spec.breakdown:
                result.document["breakdown"] = breakdown_document(spec, rows)
            if interval:
                periods = summary.trend(engine, spec, scope, interval, kept)
                result.document["trend"] = {"interval": interval, "periods": periods}
    return result


def breakdown_document(spec: FunnelSpec, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Values by persons entering, most first, `other` last."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        if not row["total"]:
            groups.setdefault(row["value"], []).append(row)
    values = [{"value": v, "steps": summary.steps_document(spec, r)} for v, r in groups.items()]
    values.sort(key=lambda v: (v["value"] == summary.OTHER, -v["steps"][0]["persons"], v["value"]))
    return {
        "property": spec.breakdown.name,
        "attribution": spec.attribution.name,
        "limit": spec.breakdown_limit,
        "values": values,
    }


@per_dialect("funnel_correlation")
def funnel_correlation(
    engine: Engine,
    scope: Scope,
    steps: Sequence[Any],
    *,
    window: str | int | float | None = DEFAULT_WINDOW,
    order: str = "ordered",
    exclusions: Sequence[Any] | None = None,
    hold: str | None = None,
    properties: Sequence[str] = DEFAULT_PROPERTIES,
    top: int = 10,
) -> FunnelCorrelation:
    """Events and property values most over- and under-represented among converters."""
    spec = build_spec(steps, window, order, exclusions, hold=hold)
    with recorded(engine) as (engine, log):
        document = correlate(engine, spec, scope, properties, top)
    return FunnelCorrelation(document, log)
