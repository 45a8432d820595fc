"""Funnels: how many persons go from a first step through the next ones within a conversion
window, where they stop, and what goes with getting through (docs/metrics.md, Funnels)."""

from whylens.insights.funnels.correlation import DEFAULT_PROPERTIES, FunnelCorrelation
from whylens.insights.funnels.query import funnel, funnel_correlation
from whylens.insights.funnels.result import FunnelResult
from whylens.insights.funnels.spec import FunnelSpec, build_spec

__all__ = [
    "DEFAULT_PROPERTIES",
    "FunnelCorrelation",
    "FunnelResult",
    "FunnelSpec",
    "build_spec",
    "funnel",
    "funnel_correlation",
]
