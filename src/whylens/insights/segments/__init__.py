"""Segments: named groups of persons, by rule (docs/segments.md), by clustering, and compared.

A segment limits any analysis to its persons (`Scope.segment`); `Workspace.segments` is where a
notebook saves, lists, refreshes, clusters and compares them.
"""

from whylens.insights.segments.definition import parse
from whylens.insights.segments.library import Segments
from whylens.insights.segments.selection import SegmentSet
from whylens.insights.segments.store import MissingSegment, Segment

__all__ = ["MissingSegment", "Segment", "SegmentSet", "Segments", "parse"]
