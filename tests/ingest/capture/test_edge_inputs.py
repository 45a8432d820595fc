"""Inputs found by fuzzing the capture API (tests/server/test_fuzz.py), answered as a rejected
field rather than a server error; and the event the browser snippet sends, as columns."""

from __future__ import annotations

import pytest

from whylens.ingest.capture import posthog, segment
from whylens.ingest.capture.records import CaptureError, timestamp_us

NOW = timestamp_us("2024-05-01T12:00:10Z")
LIMIT = 32 * 1024


@pytest.mark.parametrize("number", [1e308, -1e308, 1.7e308])
def test_epoch_numbers_too_large_for_a_time_are_rejected_by_field(number):
    parsed = segment.parse(
        "batch", {"batch": [{"type": "track", "event": "a", "userId": "u", "timestamp": number}]},
        NOW, LIMIT,
    )  # fmt: skip
    assert [(r.field, r.status) for r in parsed.rejections] == [("timestamp", 400)]
    assert "too large" in parsed.rejections[0].reason
    with pytest.raises(CaptureError, match="sentAt"):
        segment.parse("track", {"event": "a", "userId": "u", "sentAt": number}, NOW, LIMIT)
    parsed = posthog.parse({"event": "a", "distinct_id": "d", "offset": number}, NOW, LIMIT)
    assert [r.field for r in parsed.rejections] == ["offset"]


def test_large_but_finite_times_are_clamped_or_out_of_range():
    late = posthog.parse({"event": "a", "distinct_id": "d", "timestamp": 1e300}, NOW, LIMIT)
    assert late.records[0]["timestamp"] == NOW  # far in the future: taken at its receive time
    early = posthog.parse({"event": "a", "distinct_id": "d", "timestamp": -1e300}, NOW, LIMIT)
    assert [r.field for r in early.rejections] == ["timestamp"]
    assert "outside" in early.rejections[0].reason


def test_the_browser_snippets_event_fills_the_typed_columns():
    url = "https://shop.example/p/1?utm_source=newsletter&utm_campaign=spring"
    event = {
        "event": "$pageview",
        "uuid": "0b9f4c52-8a7e-4f5e-9a51-3f0c1c2d4e5f",
        "timestamp": "2024-05-01T12:00:09.500Z",
        "distinct_id": "anon-1",
        "properties": {
            "$current_url": url,
            "$pathname": "/p/1",
            "$referrer": "https://news.example/",
            "title": "Lamp",
            "utm_source": "newsletter",
            "utm_campaign": "spring",
            "$raw_user_agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0.0.0 Safari/537.36",
            "$session_id": "s-1",
            "$is_identified": False,
            "$screen_width": 1920,
        },
    }
    parsed = posthog.parse(
        {"api_key": "k", "sent_at": "2024-05-01T12:00:10Z", "batch": [event]}, NOW, LIMIT
    )
    (record,) = parsed.records
    assert parsed.key == "k" and record["timestamp"] == NOW - 500_000
    assert (record["url"], record["referrer"], record["session_id"]) == (
        url,
        "https://news.example/",
        "s-1",
    )
    assert (record["utm_source"], record["utm_campaign"]) == ("newsletter", "spring")
    assert record["user_agent"].startswith("Mozilla/5.0")
    assert (record.get("user_id"), record["anonymous_id"]) == (None, "anon-1")
    assert record["event_id"] == event["uuid"]
    assert record["properties"]["title"] == "Lamp"
