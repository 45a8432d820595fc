"""Captured records for tests: as log records (what the writer parses), appended through the
log's path, and as the Arrow table a file import reads (the reference that path must match)."""

from __future__ import annotations

from typing import Any

import msgspec
import pyarrow as pa

from whylens.engines.base import Engine
from whylens.ingest import logged
from whylens.ingest.append import append_logged
from whylens.ingest.capture.records import COLUMNS
from whylens.ingest.importer import ImportSummary

#: the columns of a record but its properties, as Arrow reads them from the records
_TYPED = pa.schema(
    [
        (name, pa.timestamp("us", tz="UTC") if name == "timestamp" else pa.string())
        for name in COLUMNS
        if name != "properties"
    ]
)


def entry(project: str, events: list[dict[str, Any]], **rest: Any) -> bytes:
    """A log record of one request (server/capture.py writes them with msgspec too)."""
    return msgspec.json.encode({"project": project, "source": "/batch/", "events": events, **rest})


def event_table(events: list[dict[str, Any]]) -> pa.Table:
    """Records as the Arrow table `import_table` reads (properties as JSON text)."""
    properties = pa.array(
        [
            msgspec.json.encode(e["properties"]).decode() if e.get("properties") else "{}"
            for e in events
        ],
        pa.string(),
    )
    table = pa.Table.from_pylist(events, schema=_TYPED)
    return table.append_column("properties", properties).select(list(COLUMNS))


def append(engine: Engine, events: list[dict[str, Any]], project: str = "default") -> ImportSummary:
    """Records appended as the writer appends a batch of the log that holds them."""
    batch = logged.read(engine, [entry(project, events)])
    try:
        return append_logged(engine, batch, project, "capture")
    finally:
        batch.close()
