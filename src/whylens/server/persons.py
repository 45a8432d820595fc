"""The persons resource: find a person by id or trait, and one person's profile with a timeline,
for the Persons page; plain SQL over the persons, identities, sessions and events tables."""

from __future__ import annotations

from typing import Any

import orjson

from whylens.engines.base import Engine
from whylens.insights.params import Params

SESSIONS_SHOWN = 100
PERSON_COLUMNS = "p.person_id, p.traits, p.first_seen, p.last_seen, p.is_identified"


def _traits(row: dict[str, Any]) -> dict[str, Any]:
    traits = row.get("traits")
    return {**row, "traits": orjson.loads(traits) if traits else {}}


def search(engine: Engine, project_id: str, text: str, limit: int = 50) -> dict[str, Any]:
    """Persons whose id, one of their distinct ids or a trait value contains `text` (any case)."""
    params = Params()
    project, needle = params.add(project_id), params.add(text.lower())
    rows = engine.query(
        f"SELECT {PERSON_COLUMNS} FROM persons p WHERE p.project_id = {project}"
        f" AND (position({needle} IN lower(p.person_id)) > 0"  # SQL's own: both engines
        f" OR position({needle} IN lower(CAST(p.traits AS VARCHAR))) > 0"
        f" OR p.person_id IN (SELECT i.person_id FROM identities i WHERE i.project_id = {project}"
        f" AND position({needle} IN lower(i.distinct_id)) > 0))"
        f" ORDER BY p.last_seen DESC NULLS LAST, p.person_id LIMIT {int(limit)}",
        params,
    ).to_pylist()
    return {"query": text, "persons": [_traits(r) for r in rows]}


def profile(
    engine: Engine, project_id: str, person_id: str, limit: int = 200
) -> dict[str, Any] | None:
    """Traits, ids, sessions (latest first) and the latest `limit` events of one person."""
    p = {"project": project_id, "person": person_id}
    found = engine.query(
        f"SELECT {PERSON_COLUMNS} FROM persons p"
        " WHERE p.project_id = $project AND p.person_id = $person",
        p,
    ).to_pylist()
    if not found:
        return None
    ids = engine.query(
        "SELECT distinct_id FROM identities WHERE project_id = $project AND person_id = $person"
        " ORDER BY distinct_id",
        p,
    ).to_pylist()
    sessions = engine.query(
        "SELECT session_id, started_at, duration_s, events, pageviews, entry_path, exit_path,"
        " utm_source, referring_domain, device_type, is_bounce FROM sessions"
        " WHERE project_id = $project AND person_id = $person"
        f" ORDER BY started_at DESC LIMIT {SESSIONS_SHOWN}",
        p,
    ).to_pylist()
    counts = engine.query(
        "SELECT count(*) AS events, count(DISTINCT session_id) AS sessions FROM events"
        " WHERE project_id = $project AND person_id = $person",
        p,
    ).to_pylist()[0]
    events = engine.query(
        "SELECT timestamp, event, session_id, path, utm_source, device_type, properties"
        " FROM events WHERE project_id = $project AND person_id = $person"
        f" ORDER BY timestamp DESC, event_id LIMIT {int(limit)}",
        p,
    ).to_pylist()
    return {
        **_traits(found[0]),
        "distinct_ids": [r["distinct_id"] for r in ids],
        "totals": counts,
        "sessions": sessions,
        "events": [
            {**e, "properties": orjson.loads(e["properties"]) if e["properties"] else {}}
            for e in events
        ],
    }
