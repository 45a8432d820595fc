"""Property references: PostHog's names for the values capture stores in typed columns read the
column, and the property for events that carry the value among their properties instead."""

from __future__ import annotations

from datetime import datetime, timezone

import pyarrow as pa

from whylens.ingest.capture import posthog
from whylens.insights.params import Params
from whylens.insights.properties import POSTHOG_NAMES, Property


def test_posthog_names_read_the_column_then_the_property(ws):
    at = datetime(2024, 5, 1, 12, tzinfo=timezone.utc)
    ws.import_table(
        pa.table(
            {
                "event_id": ["captured", "imported", "other"],
                "user_id": ["a", "b", "c"],
                "event": ["$pageview"] * 3,
                "timestamp": [at] * 3,
                "url": ["https://shop.example/pricing", None, "https://shop.example/"],
                "properties": [
                    "{}",
                    '{"$current_url": "https://shop.example/pricing?x=1"}',
                    "{}",
                ],
            }
        )
    )
    doc = ws.trends(["$pageview"], "day", where=["$current_url contains pricing"]).to_dict()
    assert doc["series"][0]["total"] == 2


def test_posthog_names_are_the_properties_capture_moves_into_columns():
    """One list per layer (capture's record fields, the store's columns), kept in step here:
    every PostHog property capture moves into a column is read back from that column."""
    stored_as = {"session_id": "client_session_id"}  # the record's name -> the store's column
    moved = {
        prop: stored_as.get(field, field)
        for prop, field in posthog.COLUMNS.items()
        if field != "user_agent" and prop != field  # the raw agent is not kept; utm_* are columns
    }
    assert moved == POSTHOG_NAMES
    params = Params()
    assert "json_extract_string" in Property("$pathname").sql(params)  # not moved: a property
    assert Property("$browser").sql(params).startswith("coalesce(CAST(e.browser")
