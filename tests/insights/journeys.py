"""Tiny event journeys for analysis tests: build a workspace from (person, event, time) rows."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pyarrow as pa

import whylens

T0 = datetime(2024, 1, 1, 0, 0)  # a Monday


def at(days: float = 0, hours: float = 0, minutes: float = 0) -> datetime:
    return T0 + timedelta(days=days, hours=hours, minutes=minutes)


def workspace(rows: list[dict[str, Any]]) -> whylens.Workspace:
    """rows: dicts with person, event, time and any property columns."""
    ws = whylens.open(":memory:")
    if not rows:
        return ws
    columns = sorted({k for r in rows for k in r} - {"person", "event", "time"})
    table = {
        "event_id": [f"e{i}" for i in range(len(rows))],
        "user_id": [r["person"] for r in rows],
        "event": [r["event"] for r in rows],
        "timestamp": pa.array([r["time"] for r in rows], pa.timestamp("us")),
    }
    for column in columns:
        table[column] = pa.array([r.get(column) for r in rows], pa.string())
    ws.import_table(pa.table(table))
    return ws


def load_tuples(rows: list[tuple]) -> whylens.Workspace:
    """rows: (person, event, time[, plan]); every row is its own event."""
    ws = whylens.open(":memory:")
    ws.import_table(
        pa.table(
            {
                "event_id": [f"e{i}" for i in range(len(rows))],
                "user_id": [r[0] for r in rows],
                "event": [r[1] for r in rows],
                "timestamp": pa.array([r[2] for r in rows], pa.timestamp("us")),
                "plan": pa.array([r[3] if len(r) > 3 else None for r in rows], pa.string()),
            }
        )
    )
    return ws
