"""Tiny event journeys for analysis tests: build a workspace from (person, event, time) rows."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pyarrow as pa
from hypothesis import strategies as st

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


@st.composite
def tuple_journeys(
    draw: st.DrawFn,
    events: tuple[str, ...],
    plans: tuple[str | None, ...],
    spans_days: tuple[int, ...],
    windows: tuple[tuple[float | None, float | None], ...],
) -> tuple[list[tuple], tuple]:
    """10 to 40 (person, event, time, plan) rows to the minute over one of `spans_days`, and a
    date range given as fractions of the span (None: open on that side)."""
    span = draw(st.sampled_from(spans_days)) * 24 * 60
    items = draw(
        st.lists(
            st.tuples(
                st.sampled_from("abcd"),
                st.sampled_from(events),
                st.integers(0, span),
                st.sampled_from(plans),
            ),
            min_size=10,
            max_size=40,
        )
    )
    rows = [(p, e, T0 + timedelta(minutes=m), plan) for p, e, m, plan in items]
    window = draw(st.sampled_from(windows))
    return rows, tuple(
        None if f is None else T0 + timedelta(days=round(f * span / 1440)) for f in window
    )
