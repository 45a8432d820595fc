"""Property references: PostHog's names for the values capture stores in typed columns read the
column, and the property for events that carry the value among their properties instead."""

from __future__ import annotations

from datetime import datetime, timezone

import pyarrow as pa

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


def test_other_names_stay_properties():
    params = Params()
    assert "json_extract_string" in Property("$pathname").sql(params)
    assert Property("$browser").sql(params).startswith("coalesce(CAST(e.browser")
    assert set(POSTHOG_NAMES.values()) <= {
        "url", "referrer", "client_session_id", "device_type", "browser", "os", "country"
    }  # fmt: skip
