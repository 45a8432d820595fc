"""Paths: what persons do after a start event, before an end event or between the two, and how
often each event follows each other (definitions: docs/metrics.md#paths)."""

from whylens.insights.paths.result import PathsResult, PathTransitionsResult
from whylens.insights.paths.steps import END, OTHER, START, paths
from whylens.insights.paths.transitions import path_transitions

__all__ = [
    "END",
    "OTHER",
    "START",
    "PathTransitionsResult",
    "PathsResult",
    "path_transitions",
    "paths",
]
