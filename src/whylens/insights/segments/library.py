"""`Workspace.segments`: the segment operations of one project, as a notebook calls them and as
the CLI and the API answer them (each returns JSON-safe data or an insight result)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from whylens.insights.params import Params
from whylens.insights.segments import store

if TYPE_CHECKING:
    from whylens.insights.segments.auto import AutoSegments
    from whylens.insights.segments.compare import SegmentComparison
    from whylens.workspace import Workspace

SHOWN_MEMBERS = 20


class Segments:
    """Saved segments of the workspace's project."""

    def __init__(self, ws: Workspace) -> None:
        self._ws = ws
        self.engine, self.project_id = ws.engine, ws.project_id

    def all(self) -> list[dict[str, Any]]:
        """Every saved segment with its size now."""
        return [
            {**s.to_dict(), "persons": store.size(self.engine, s)}
            for s in store.all_segments(self.engine, self.project_id)
        ]

    def show(self, name: str, members: int = SHOWN_MEMBERS) -> dict[str, Any]:
        """A segment, its size and its first `members` person ids."""
        segment = store.get(self.engine, self.project_id, name)
        return {
            **segment.to_dict(),
            "persons": store.size(self.engine, segment),
            "members": self.members(name, limit=members),
        }

    def members(self, name: str, limit: int | None = None) -> list[str]:
        """Person ids of the segment, sorted."""
        segment = store.get(self.engine, self.project_id, name)
        params = Params()
        sql = f"SELECT person_id FROM ({store.person_set(self.engine, segment).members(params)})"
        sql += " ORDER BY person_id" + (f" LIMIT {int(limit)}" if limit is not None else "")
        return [r["person_id"] for r in self.engine.query(sql, params).to_pylist()]

    def create(
        self,
        name: str,
        definition: Any,
        *,
        kind: str = "dynamic",
        description: str | None = None,
    ) -> dict[str, Any]:
        """Save a segment from a definition (docs/segments.md); `kind` dynamic or static."""
        segment = store.create(self.engine, self.project_id, name, definition, kind, description)
        return {**segment.to_dict(), "persons": store.size(self.engine, segment)}

    def delete(self, name: str) -> dict[str, Any]:
        return store.delete(self.engine, self.project_id, name).to_dict()

    def refresh(self, name: str) -> dict[str, Any]:
        """A static segment takes its members anew; stored churn scores it uses are redone."""
        segment = store.refresh(self.engine, self.project_id, name)
        return {**segment.to_dict(), "persons": store.size(self.engine, segment)}

    def save_members(
        self, name: str, person_ids: Sequence[str], description: str | None = None
    ) -> dict[str, Any]:
        """Save a list of persons as a static segment (what `auto(save=...)` does per cluster)."""
        segment = store.save_members(self.engine, self.project_id, name, person_ids, description)
        return {**segment.to_dict(), "persons": store.size(self.engine, segment)}

    def auto(self, k: int | str = "auto", **options: Any) -> AutoSegments:
        """Cluster persons on their behavior (see `whylens.insights.segments.auto.auto`)."""
        from whylens.insights.segments.auto import auto

        return auto(self._ws, k, **options)

    def compare(self, names: Sequence[Any], **options: Any) -> SegmentComparison:
        """Key metrics of two or more segments side by side, with the significance of each
        difference from the first (see `whylens.insights.segments.compare.compare`)."""
        from whylens.insights.segments.compare import compare

        return compare(self._ws, names, **options)
