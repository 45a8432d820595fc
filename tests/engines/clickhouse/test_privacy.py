"""Privacy rules on ClickHouse imports, as on DuckDB (docs/adr/0005-privacy-at-ingestion.md):
rules given with an import are stored in the store and apply to later imports, a dropped
property is never stored, and a masked value is the store's keyed hash, the same import after
import."""

from __future__ import annotations

from datetime import timedelta

import orjson
import pyarrow as pa

from tests.engines.pairs import pair
from tests.insights.journeys import T0
from whylens.engines.base import Engine
from whylens.ingest import privacy_rules
from whylens.ingest.importer import ImportOptions
from whylens.ingest.stores import importer_for


def batch(start: int) -> pa.Table:
    """Two events with an e-mail to mask and a note to drop; ids start at `start`."""
    return pa.table(
        {
            "event_id": [f"e{start}", f"e{start + 1}"],
            "user_id": ["ann", "bob"],
            "event": ["signup", "signup"],
            "timestamp": pa.array([T0 + timedelta(hours=start + i) for i in (0, 1)]),
            "email": ["ann@example.com", "bob@example.com"],
            "note": ["call me on 555-0100", "none"],
        }
    )


def stored(engine: Engine, project: str) -> list[tuple[str, dict]]:
    rows = engine.query(
        "SELECT event_id, properties FROM events WHERE project_id = $p ORDER BY event_id",
        {"p": project},
    ).to_pylist()
    return [(r["event_id"], orjson.loads(r["properties"])) for r in rows]


def test_imports_store_and_apply_the_rules_and_secret_as_on_duckdb(chdb: Engine):
    with pair(chdb, None) as workspaces:
        found = []
        for ws in workspaces:
            load = importer_for(ws.engine).import_table
            ruled = ImportOptions(
                project_id=ws.project_id, drop_properties=("note",), mask_properties=("email",)
            )
            load(ws.engine, batch(0), "first", ruled)
            load(ws.engine, batch(10), "second", ImportOptions(project_id=ws.project_id))
            rules = privacy_rules.listing(ws.engine, ws.project_id)
            policy = privacy_rules.policy(ws.engine, ws.project_id)
            events = stored(ws.engine, ws.project_id)
            assert [e for e, _ in events] == ["e0", "e1", "e10", "e11"]
            assert all("note" not in properties for _, properties in events)
            emails = [properties["email"] for _, properties in events]
            expected = [policy.masked(f"{who}@example.com") for who in ("ann", "bob")]
            assert emails == expected * 2  # the same hash in both imports, the store's secret
            found.append(rules)
        assert found[0] == found[1]
        assert {"property": "note", "action": "drop", "scope": f"project {ws.project_id}"} in rules
