"""Saved insights (an analysis with its options and a name) and dashboards (a grid of saved
insights), stored in the project's database so that a view outlives the browser tab that made it."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

import orjson
from fastapi import APIRouter, Depends, HTTPException, Path
from pydantic import BaseModel, Field

from whylens.engines.base import Engine
from whylens.server.access import ProjectWorkspace

Kind = Literal[
    "trends",
    "sessions",
    "funnel",
    "retention",
    "paths",
    "stickiness",
    "lifecycle",
    "adoption",
    "churn",
    "clv",
]
Name = Annotated[str, Field(min_length=1, max_length=200)]
Id = Annotated[str, Path(min_length=1, max_length=64)]
OptionValue = str | int | float | bool | list[str] | None


class InsightIn(BaseModel):
    """What is saved: the query parameters of `/api/<kind>`, as the dashboard's URL holds them."""

    name: Name
    kind: Kind
    options: Annotated[dict[str, OptionValue], Field(max_length=50)] = {}


class Item(BaseModel):
    """One tile of a dashboard: a saved insight at a grid position (12 columns)."""

    insight_id: Annotated[str, Field(min_length=1, max_length=64)]
    x: Annotated[int, Field(ge=0, le=11)] = 0
    y: Annotated[int, Field(ge=0, le=1000)] = 0
    w: Annotated[int, Field(ge=1, le=12)] = 6
    h: Annotated[int, Field(ge=1, le=20)] = 4


class DashboardIn(BaseModel):
    name: Name
    items: Annotated[list[Item], Field(max_length=100)] = []


#: the columns of each table an update copies, besides `updated_at`
COLUMNS = {
    "saved_insights": ("insight_id", "project_id", "name", "kind", "options", "created_at"),
    "dashboards": ("dashboard_id", "project_id", "name", "items", "created_at"),
}


def _new_id() -> str:
    return uuid.uuid4().hex[:12]


class Store:
    """The two tables of migration 0005, per project; ids are short random hex strings."""

    def __init__(self, engine: Engine, project_id: str) -> None:
        self.engine, self.project = engine, project_id

    def insights(self, insight_id: str | None = None) -> list[dict[str, Any]]:
        where = " AND insight_id = $id" if insight_id else ""
        rows = self.engine.query(
            "SELECT insight_id, name, kind, options, created_at, updated_at FROM saved_insights"
            f" WHERE project_id = $project{where} ORDER BY updated_at DESC, insight_id",
            {"project": self.project, **({"id": insight_id} if insight_id else {})},
        ).to_pylist()
        return [{**r, "options": orjson.loads(r["options"])} for r in rows]

    def save_insight(self, body: InsightIn, insight_id: str | None = None) -> dict[str, Any]:
        values = {
            "project": self.project,
            "name": body.name,
            "kind": body.kind,
            "options": orjson.dumps(body.options).decode(),
        }
        if insight_id is None:
            insight_id = _new_id()
            self.engine.execute(
                "INSERT INTO saved_insights (insight_id, project_id, name, kind, options)"
                " VALUES ($id, $project, $name, $kind, $options)",
                {"id": insight_id, **values},
            )
        else:
            self._must_exist("saved_insights", "insight_id", insight_id)
            self._update("saved_insights", "insight_id", insight_id, values)
        return self.insights(insight_id)[0]

    def dashboards(self, dashboard_id: str | None = None) -> list[dict[str, Any]]:
        """Dashboards with their tiles; a tile whose insight was deleted is left out."""
        where = " AND dashboard_id = $id" if dashboard_id else ""
        rows = self.engine.query(
            "SELECT dashboard_id, name, items, created_at, updated_at FROM dashboards"
            f" WHERE project_id = $project{where} ORDER BY updated_at DESC, dashboard_id",
            {"project": self.project, **({"id": dashboard_id} if dashboard_id else {})},
        ).to_pylist()
        known = {i["insight_id"]: i for i in self.insights()}
        return [
            {
                **r,
                "items": [
                    {**item, "insight": known[item["insight_id"]]}
                    for item in orjson.loads(r["items"])
                    if item["insight_id"] in known
                ],
            }
            for r in rows
        ]

    def save_dashboard(self, body: DashboardIn, dashboard_id: str | None = None) -> dict[str, Any]:
        known = {i["insight_id"] for i in self.insights()}
        unknown = sorted({item.insight_id for item in body.items} - known)
        if unknown:
            raise HTTPException(400, f"no saved insight {unknown[0]!r}")
        values = {
            "project": self.project,
            "name": body.name,
            "items": orjson.dumps([item.model_dump() for item in body.items]).decode(),
        }
        if dashboard_id is None:
            dashboard_id = _new_id()
            self.engine.execute(
                "INSERT INTO dashboards (dashboard_id, project_id, name, items)"
                " VALUES ($id, $project, $name, $items)",
                {"id": dashboard_id, **values},
            )
        else:
            self._must_exist("dashboards", "dashboard_id", dashboard_id)
            self._update("dashboards", "dashboard_id", dashboard_id, values)
        return self.dashboards(dashboard_id)[0]

    def _update(self, table: str, key: str, value: str, values: dict[str, str]) -> None:
        """Set a saved row's columns (`values` holds `project` and the columns changed).

        On ClickHouse the row is inserted again with a later `updated_at`: its tables are
        ReplacingMergeTree(updated_at) read with FINAL, and an `UPDATE` there is a mutation that
        chdb refuses on them."""
        changed = [c for c in values if c != "project"]
        params = {"id": value, **values}
        where = f"WHERE project_id = $project AND {key} = $id"
        if self.engine.dialect == "duckdb":
            sets = ", ".join(f"{c} = ${c}" for c in changed)
            self.engine.execute(f"UPDATE {table} SET {sets}, updated_at = now() {where}", params)
            return
        columns = [*COLUMNS[table], "updated_at"]
        chosen = [f"${c}" if c in changed else c for c in COLUMNS[table]]
        later = "greatest(now64(6), updated_at + toIntervalMicrosecond(1))"
        self.engine.execute(
            f"INSERT INTO {table} ({', '.join(columns)})"
            f" SELECT {', '.join(chosen)}, {later} FROM {table} {where}",
            params,
        )

    def delete(self, table: str, key: str, value: str) -> dict[str, str]:
        self._must_exist(table, key, value)
        self.engine.execute(
            f"DELETE FROM {table} WHERE project_id = $project AND {key} = $id",
            {"project": self.project, "id": value},
        )
        return {"deleted": value}

    def _must_exist(self, table: str, key: str, value: str) -> None:
        count = self.engine.query(
            f"SELECT count(*) AS n FROM {table} WHERE project_id = $project AND {key} = $id",
            {"project": self.project, "id": value},
        ).to_pylist()[0]["n"]
        if not count:
            raise HTTPException(404, f"no {table.rstrip('s').replace('_', ' ')} {value!r}")


def project_store(ws: ProjectWorkspace) -> Store:
    """The saved views of the caller's project."""
    return Store(ws.engine, ws.project_id)


ProjectStore = Annotated[Store, Depends(project_store)]


def saved_router() -> APIRouter:
    """Create / list / read / update / delete for /api/insights and /api/dashboards."""
    router = APIRouter(prefix="/api", tags=["saved"])

    @router.get("/insights")
    def list_insights(store: ProjectStore) -> list[dict[str, Any]]:
        """Saved insights, most recently changed first."""
        return store.insights()

    @router.post("/insights", status_code=201)
    def create_insight(store: ProjectStore, body: InsightIn) -> dict[str, Any]:
        """Save an analysis with its options under a name."""
        return store.save_insight(body)

    @router.get("/insights/{insight_id}")
    def get_insight(store: ProjectStore, insight_id: Id) -> dict[str, Any]:
        found = store.insights(insight_id)
        if not found:
            raise HTTPException(404, f"no saved insight {insight_id!r}")
        return found[0]

    @router.put("/insights/{insight_id}")
    def update_insight(store: ProjectStore, insight_id: Id, body: InsightIn) -> dict[str, Any]:
        return store.save_insight(body, insight_id)

    @router.delete("/insights/{insight_id}")
    def delete_insight(store: ProjectStore, insight_id: Id) -> dict[str, str]:
        return store.delete("saved_insights", "insight_id", insight_id)

    @router.get("/dashboards")
    def list_dashboards(store: ProjectStore) -> list[dict[str, Any]]:
        """Dashboards with their tiles, each tile carrying its saved insight."""
        return store.dashboards()

    @router.post("/dashboards", status_code=201)
    def create_dashboard(store: ProjectStore, body: DashboardIn) -> dict[str, Any]:
        return store.save_dashboard(body)

    @router.get("/dashboards/{dashboard_id}")
    def get_dashboard(store: ProjectStore, dashboard_id: Id) -> dict[str, Any]:
        found = store.dashboards(dashboard_id)
        if not found:
            raise HTTPException(404, f"no dashboard {dashboard_id!r}")
        return found[0]

    @router.put("/dashboards/{dashboard_id}")
    def update_dashboard(
        store: ProjectStore, dashboard_id: Id, body: DashboardIn
    ) -> dict[str, Any]:
        return store.save_dashboard(body, dashboard_id)

    @router.delete("/dashboards/{dashboard_id}")
    def delete_dashboard(store: ProjectStore, dashboard_id: Id) -> dict[str, str]:
        return store.delete("dashboards", "dashboard_id", dashboard_id)

    return router
