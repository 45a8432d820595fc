"""Saved segments (tables of migration 0007): create, list with sizes, show, delete, refresh, and
saving a list of persons (an auto-segmentation cluster) as a static segment."""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
import pyarrow as pa

from whylens.engines.base import Engine
from whylens.errors import QueryError
from whylens.insights.params import Params
from whylens.insights.segments import scores, selection
from whylens.insights.segments.definition import parse
from whylens.insights.segments.rules import ChurnRisk, Condition, walk

KINDS = ("dynamic", "static")
#: path words of /api/segments that a segment name cannot take
RESERVED = frozenset({"auto", "compare"})
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_MEMBERS = "_whylens_segment_members"
_COLUMNS = "segment_id, project_id, name, kind, definition, description, created_at, refreshed_at"
#: per dialect: mark a segment's members as taken now (ClickHouse changes a row by a mutation)
_REFRESHED = {
    "duckdb": "UPDATE segments SET refreshed_at = now() WHERE segment_id = $id",
    "clickhouse": "ALTER TABLE segments UPDATE refreshed_at = now64(6) WHERE segment_id = $id",
}


class MissingSegment(QueryError):
    """The segment named does not exist (the API answers 404)."""


class SegmentExists(QueryError):
    """A segment of that name exists already (the API answers 409)."""


@dataclass(frozen=True)
class Segment:
    """A saved segment; `definition` is None for a saved auto-segmentation cluster."""

    segment_id: str
    project_id: str
    name: str
    kind: str
    definition: dict[str, Any] | None
    description: str | None
    created_at: datetime
    refreshed_at: datetime | None

    @property
    def condition(self) -> Condition | None:
        return parse(self.definition) if self.definition is not None else None

    def to_dict(self) -> dict[str, Any]:
        condition = self.condition
        return {
            "name": self.name,
            "kind": self.kind,
            "definition": self.definition,
            "rule": condition.text() if condition is not None else None,
            "description": self.description,
            "created_at": self.created_at.isoformat(),
            "refreshed_at": self.refreshed_at.isoformat() if self.refreshed_at else None,
        }


def check_name(name: str) -> str:
    if not isinstance(name, str) or not _NAME.match(name) or name.lower() in RESERVED:
        raise QueryError(
            f"segment name {name!r}: use 1 to 64 letters, digits, '_', '-' or '.', starting"
            f" with a letter or digit (not {' or '.join(sorted(RESERVED))})"
        )
    return name


def get(engine: Engine, project_id: str, name: str) -> Segment:
    rows = engine.query(
        f"SELECT {_COLUMNS} FROM segments WHERE project_id = $project AND name = $name",
        {"project": project_id, "name": name},
    ).to_pylist()
    if not rows:
        raise MissingSegment(
            f"no segment {name!r} in project {project_id!r} (see `whylens segments list`)"
        )
    return _segment(rows[0])


def all_segments(engine: Engine, project_id: str) -> list[Segment]:
    rows = engine.query(
        f"SELECT {_COLUMNS} FROM segments WHERE project_id = $project ORDER BY name",
        {"project": project_id},
    ).to_pylist()
    return [_segment(r) for r in rows]


def _segment(row: dict[str, Any]) -> Segment:
    definition = orjson.loads(row["definition"]) if row["definition"] is not None else None
    return Segment(**{**row, "definition": definition})


def person_set(engine: Engine, segment: Segment) -> selection.SegmentSet:
    """What a Scope holds to limit an analysis to the segment."""
    if segment.kind == "static":
        return selection.static(segment.project_id, segment.name, segment.segment_id)
    assert segment.condition is not None
    return selection.dynamic(engine, segment.project_id, segment.name, segment.condition)


def size(engine: Engine, segment: Segment) -> int:
    params = Params()
    members = person_set(engine, segment).members(params)
    return int(engine.scalar(f"SELECT count(*) FROM ({members})", params))


def create(
    engine: Engine,
    project_id: str,
    name: str,
    definition: Any,
    kind: str = "dynamic",
    description: str | None = None,
) -> Segment:
    """Save a segment from a definition; a static one takes its members now. Churn scores the
    definition needs are computed first, if none are stored."""
    check_name(name)
    if kind not in KINDS:
        raise QueryError(f"unknown segment kind {kind!r}; use dynamic or static")
    condition = parse(definition)
    _refuse_taken(engine, project_id, name)
    _score_if_missing(engine, project_id, condition)
    segment_id = uuid.uuid4().hex[:12]
    with engine.transaction():
        engine.execute(
            "INSERT INTO segments (segment_id, project_id, name, kind, definition, description)"
            " VALUES ($id, $project, $name, $kind, $definition, $description)",
            {
                "id": segment_id,
                "project": project_id,
                "name": name,
                "kind": kind,
                "definition": orjson.dumps(condition.to_json()).decode(),
                "description": description,
            },
        )
        if kind == "static":
            _snapshot(engine, project_id, segment_id, condition)
    return get(engine, project_id, name)


def save_members(
    engine: Engine,
    project_id: str,
    name: str,
    person_ids: Sequence[str],
    description: str | None = None,
) -> Segment:
    """Save a list of persons (e.g. a cluster) as a static segment with no definition."""
    check_name(name)
    _refuse_taken(engine, project_id, name)
    segment_id = uuid.uuid4().hex[:12]
    ids = pa.table({"person_id": pa.array([str(p) for p in person_ids], pa.string())})
    with engine.registered(_MEMBERS, ids), engine.transaction():
        engine.execute(
            "INSERT INTO segments (segment_id, project_id, name, kind, description, refreshed_at)"
            " VALUES ($id, $project, $name, 'static', $description, now())",
            {"id": segment_id, "project": project_id, "name": name, "description": description},
        )
        engine.execute(
            "INSERT INTO segment_members SELECT DISTINCT $id, m.person_id"
            f" FROM {_MEMBERS} m JOIN persons p ON p.person_id = m.person_id"
            " AND p.project_id = $project",
            {"id": segment_id, "project": project_id},
        )
    return get(engine, project_id, name)


def delete(engine: Engine, project_id: str, name: str) -> Segment:
    segment = get(engine, project_id, name)
    with engine.transaction():
        engine.execute(
            "DELETE FROM segment_members WHERE segment_id = $id", {"id": segment.segment_id}
        )
        engine.execute("DELETE FROM segments WHERE segment_id = $id", {"id": segment.segment_id})
    return segment


def refresh(engine: Engine, project_id: str, name: str) -> Segment:
    """Score churn again if the definition uses it; a static segment takes its members anew."""
    segment = get(engine, project_id, name)
    condition = segment.condition
    if condition is None:
        raise QueryError(
            f"segment {name!r} was saved from auto-segmentation: it has no rule to evaluate again"
            " (run `whylens segments auto --save` for new clusters)"
        )
    for days in _churn_days(condition):
        scores.store(engine, project_id, days)
    if segment.kind == "static":
        with engine.transaction():
            engine.execute(
                "DELETE FROM segment_members WHERE segment_id = $id", {"id": segment.segment_id}
            )
            _snapshot(engine, project_id, segment.segment_id, condition)
    return get(engine, project_id, name)


def _snapshot(engine: Engine, project_id: str, segment_id: str, condition: Condition) -> None:
    params = Params()
    members = selection.SegmentSet(
        "", selection.context(engine, project_id), condition=condition, dialect=engine.dialect
    ).members(params)
    engine.execute(
        f"INSERT INTO segment_members SELECT {params.add(segment_id)}, person_id FROM ({members})",
        params,
    )
    engine.execute(_REFRESHED[engine.dialect], {"id": segment_id})


def _refuse_taken(engine: Engine, project_id: str, name: str) -> None:
    taken = engine.scalar(
        "SELECT count(*) FROM segments WHERE project_id = $project AND name = $name",
        {"project": project_id, "name": name},
    )
    if taken:
        raise SegmentExists(
            f"a segment named {name!r} exists; delete it first (`whylens segments delete {name}`)"
        )


def _churn_days(condition: Condition) -> list[float]:
    return sorted({p.inactive_days for p in walk(condition) if isinstance(p, ChurnRisk)})


def _score_if_missing(engine: Engine, project_id: str, condition: Condition) -> None:
    for days in _churn_days(condition):
        if scores.stored(engine, project_id, days) is None:
            scores.store(engine, project_id, days)


def resolve(engine: Engine, project_id: str, segment: Any) -> selection.SegmentSet | None:
    """A saved segment's name, a definition (a dict: an unsaved dynamic segment), or None."""
    if segment is None or segment == "":
        return None
    if isinstance(segment, selection.SegmentSet):
        return segment
    if isinstance(segment, Mapping):
        return selection.dynamic(engine, project_id, "(unsaved definition)", parse(segment))
    return person_set(engine, get(engine, project_id, str(segment)))
