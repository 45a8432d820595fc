"""Deleting a person on a ClickHouse store, as model/privacy.py does on DuckDB.

ClickHouse's lightweight deletes cannot read a session's temporary tables, so the ids the
person used (a handful) are fetched first and travel as a bound array.
"""

from __future__ import annotations

from typing import Any

from whylens.engines.clickhouse.base import ClickHouseEngine
from whylens.model.privacy import delete_rows, stored_counts


def delete_person(store: ClickHouseEngine, project_id: str, person_id: str) -> dict[str, Any]:
    """model.privacy.delete_person for a ClickHouse store."""
    p = {"project": project_id, "person": person_id}
    counts = stored_counts(store, project_id, person_id)
    used = store.query(
        "SELECT distinct_id AS id FROM identities WHERE project_id = $project"
        " AND person_id = $person"
        " UNION ALL SELECT distinct_id FROM events WHERE project_id = $project"
        " AND person_id = $person AND distinct_id IS NOT NULL"
        " UNION ALL SELECT anonymous_id FROM events WHERE project_id = $project"
        " AND person_id = $person AND anonymous_id IS NOT NULL",
        p,
    )
    ids = sorted({person_id, *used.column("id").to_pylist()})
    delete_rows(store, p)
    store.execute(
        "DELETE FROM identities WHERE project_id = $project"
        " AND (person_id = $person OR has($ids, distinct_id))",
        {**p, "ids": ids},
    )
    store.execute(
        "INSERT INTO deleted_ids (project_id, distinct_id) SELECT $project, id"
        " FROM (SELECT arrayJoin($ids) AS id) WHERE id NOT IN"
        " (SELECT distinct_id FROM deleted_ids WHERE project_id = $project)",
        {"project": project_id, "ids": ids},
    )
    return {"person_id": person_id, "project": project_id, **counts, "ids_blocked": len(ids)}
