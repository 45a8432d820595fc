"""Segment and PostHog payloads as canonical records: each message type, the typed columns,
clock skew, and errors that name the field."""

from __future__ import annotations

import base64
import gzip

import orjson
import pytest

from whylens.ingest.capture import body, posthog, segment, skew
from whylens.ingest.capture.protect import protect
from whylens.ingest.capture.records import ADDRESS, CaptureError, Parsed, timestamp_us
from whylens.ingest.privacy import Policy

NOW = timestamp_us("2024-05-01T12:00:10Z")
LIMIT = 32 * 1024


def seg(kind: str, message: dict) -> dict:
    parsed = segment.parse(kind, message, NOW, LIMIT)
    assert not parsed.rejections, parsed.rejections
    return parsed.records[0]


def ph(event: dict, **batch) -> dict:
    parsed = posthog.parse({"batch": [event], **batch}, NOW, LIMIT)
    assert not parsed.rejections, parsed.rejections
    return parsed.records[0]


def test_segment_track_takes_context_columns_and_never_the_ip():
    record = seg(
        "track",
        {
            "userId": 42,
            "anonymousId": "a1",
            "event": "Order Completed",
            "messageId": "m1",
            "timestamp": "2024-05-01T12:00:00.5Z",
            "properties": {"total": 9.5},
            "context": {
                "ip": "203.0.113.9",
                "userAgent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Mobile/15E148",
                "page": {"url": "https://shop.example/cart", "referrer": "https://ddg.example/"},
                "campaign": {"source": "news", "medium": "email", "name": "may", "term": "t"},
                "library": {"name": "analytics.js", "version": "5"},
                "os": {"name": "iOS"},
                "sessionId": 17,
            },
        },
    )
    assert record["user_id"] == "42" and record["anonymous_id"] == "a1"
    assert record["event_id"] == "m1" and record["event"] == "Order Completed"
    assert record["timestamp"] == timestamp_us("2024-05-01T12:00:00.500Z")
    assert record["url"] == "https://shop.example/cart"
    assert record["referrer"] == "https://ddg.example/"
    assert (record["utm_source"], record["utm_medium"], record["utm_campaign"]) == (
        "news",
        "email",
        "may",
    )
    assert record["os"] == "iOS" and record["session_id"] == "17"
    assert record["properties"] == {
        "total": 9.5,
        "utm_term": "t",
        "$lib": "analytics.js",
        "$lib_version": "5",
    }
    assert record[ADDRESS] == "203.0.113.9"  # beside the record, until `protect` drops it
    logged = protect(Parsed([record], []), Policy(), None, None).records[0]
    assert "203.0.113.9" not in orjson.dumps(logged).decode()


def test_segment_page_screen_identify_group_alias():
    page = seg(
        "page",
        {
            "anonymousId": "a1",
            "name": "Pricing",
            "properties": {"path": "/pricing"},
            "context": {"page": {"title": "Pricing - Shop", "referrer": "https://x.example/"}},
        },
    )
    assert page["event"] == "$pageview" and page["url"] == "/pricing"
    assert page["properties"]["title"] == "Pricing - Shop"
    assert page["properties"]["name"] == "Pricing"
    assert page["referrer"] == "https://x.example/"
    assert seg("screen", {"userId": "u", "name": "Home"})["event"] == "$screen"
    identify = seg("identify", {"userId": "u1", "anonymousId": "a1", "traits": {"plan": "pro"}})
    assert identify["event"] == "$identify" and identify["set"] == {"plan": "pro"}
    assert (identify["user_id"], identify["anonymous_id"]) == ("u1", "a1")
    group = seg("group", {"userId": "u1", "groupId": "acme", "traits": {"seats": 5}})
    assert group["event"] == "$groupidentify"
    assert group["properties"] == {"$group_key": "acme", "$group_set": {"seats": 5}}
    alias = seg("alias", {"userId": "u1", "previousId": "old"})
    assert (alias["event"], alias["user_id"], alias["anonymous_id"]) == (
        "$create_alias",
        "u1",
        "old",
    )


def test_segment_batch_context_merges_into_messages_and_errors_name_fields():
    parsed = segment.parse(
        "batch",
        {
            "context": {"library": {"name": "lib"}, "page": {"url": "https://a.example/"}},
            "batch": [
                {"type": "track", "event": "A", "userId": "u", "context": {"page": {"title": "T"}}},
                {"type": "track", "event": "", "userId": "u"},
                {"type": "track", "event": "B"},
                {"type": "teleport", "userId": "u"},
                {"type": "alias", "userId": "u"},
                {"type": "track", "event": "C", "userId": "u", "properties": [1]},
                {"type": "track", "event": "D", "userId": "u", "timestamp": "yesterday"},
                "not an object",
            ],
        },
        NOW,
        LIMIT,
    )
    assert len(parsed.records) == 1
    assert parsed.records[0]["url"] == "https://a.example/"
    assert parsed.records[0]["properties"]["$lib"] == "lib"
    assert [(r.index, r.field) for r in parsed.rejections] == [
        (1, "event"),
        (2, "userId"),
        (3, "type"),
        (4, "previousId"),
        (5, "properties"),
        (6, "timestamp"),
        (7, None),
    ]
    assert "yesterday" in parsed.rejections[5].reason
    assert "teleport" in parsed.rejections[2].reason


def test_events_over_the_size_limit_are_rejected_with_413():
    big = {"type": "track", "event": "A", "userId": "u", "properties": {"x": "y" * 40_000}}
    parsed = segment.parse("batch", {"batch": [big, {**big, "properties": {}}]}, NOW, LIMIT)
    assert len(parsed.records) == 1
    assert parsed.rejections[0].status == 413 and "32 KB" in parsed.rejections[0].reason


def test_segment_clock_skew_uses_sent_at():
    # the device clock is 1 h behind: its timestamp and sentAt are both off by the same hour
    record = seg(
        "track",
        {
            "userId": "u",
            "event": "A",
            "timestamp": "2024-05-01T11:00:00Z",
            "sentAt": "2024-05-01T11:00:05Z",
        },
    )
    assert record["timestamp"] == NOW - 5_000_000


def test_posthog_event_columns_identify_alias_and_traits():
    record = ph(
        {
            "event": "$pageview",
            "distinct_id": "anon-1",
            "uuid": "0190-aaaa",
            "timestamp": "2024-05-01T12:00:00Z",
            "properties": {
                "$current_url": "https://shop.example/?utm_source=x",
                "$referrer": "$direct",
                "$session_id": "s1",
                "$device_type": "Mobile",
                "$browser": "Mobile Safari",
                "$os": "Mac OS X",
                "$geoip_country_code": "de",
                "utm_campaign": "spring",
                "$ip": "198.51.100.1",
                "token": "secret",
                "$is_identified": False,
                "$set_once": {"first_seen_on": "web"},
            },
        }
    )
    assert "user_id" not in record  # $is_identified false: an anonymous id
    assert record["anonymous_id"] == "anon-1" and record["event_id"] == "0190-aaaa"
    assert (record["url"], record["session_id"], record["country"]) == (
        "https://shop.example/?utm_source=x",
        "s1",
        "de",
    )
    assert "referrer" not in record
    assert (record["device_type"], record["browser"], record["os"]) == ("mobile", "Safari", "macOS")
    assert record["utm_campaign"] == "spring" and record["set_once"] == {"first_seen_on": "web"}
    assert "$ip" not in record["properties"] and "token" not in record["properties"]
    # a value is stored once: in its column, not also among the properties
    assert record["properties"] == {"$is_identified": False, "$set_once": {"first_seen_on": "web"}}
    identify = ph(
        {
            "event": "$identify",
            "distinct_id": "u1",
            "properties": {"$anon_distinct_id": "anon-1"},
            "$set": {"email": "a@b.example"},
        }
    )
    assert (identify["user_id"], identify["anonymous_id"]) == ("u1", "anon-1")
    assert identify["set"] == {"email": "a@b.example"}
    alias = ph({"event": "$create_alias", "distinct_id": "old", "properties": {"alias": "new"}})
    assert (alias["user_id"], alias["anonymous_id"]) == ("new", "old")


def test_posthog_body_forms_and_distinct_id():
    single = posthog.parse({"api_key": "k", "event": "a", "distinct_id": "d"}, NOW, LIMIT)
    assert single.key == "k" and len(single.records) == 1
    array = posthog.parse(
        [{"event": "a", "properties": {"distinct_id": "d", "token": "k2"}}], NOW, LIMIT
    )
    assert array.key == "k2" and array.records[0]["user_id"] == "d"
    missing = posthog.parse(
        {"batch": [{"event": "a"}, {"event": "b", "distinct_id": ""}]}, NOW, LIMIT
    )
    assert [(r.index, r.field) for r in missing.rejections] == [
        (0, "distinct_id"),
        (1, "distinct_id"),
    ]
    with pytest.raises(CaptureError, match="batch"):
        posthog.parse({"batch": {"event": "a"}}, NOW, LIMIT)


def test_posthog_clock_skew_and_future_clamp():
    record = ph(
        {"event": "a", "distinct_id": "d", "timestamp": "2030-01-01T00:00:00Z"},
        sent_at="2030-01-01T00:00:02Z",
    )
    assert record["timestamp"] == NOW - 2_000_000
    future = ph({"event": "a", "distinct_id": "d", "timestamp": "2030-01-01T00:00:00Z"})
    assert future["timestamp"] == NOW and future["properties"][skew.CLAMPED] is True
    offset = ph({"event": "a", "distinct_id": "d", "offset": 1500})
    assert offset["timestamp"] == NOW - 1_500_000


def test_bodies_gzip_by_magic_base64_forms_and_limits():
    document = {"event": "a", "distinct_id": "d"}
    raw = orjson.dumps(document)
    assert body.decode(gzip.compress(raw), "text/plain", 1000) == document
    form = b"data=" + base64.b64encode(raw)
    assert body.decode(form, "application/x-www-form-urlencoded", 1000) == document
    with pytest.raises(CaptureError) as bomb:
        body.decode(gzip.compress(b" " * 5000), None, 1000)
    assert bomb.value.status == 413
    with pytest.raises(CaptureError) as large:
        body.decode(b"x" * 1001, None, 1000)
    assert large.value.status == 413
    with pytest.raises(CaptureError, match="line 1 column"):
        body.decode(b'{"event": ', None, 1000)
    with pytest.raises(CaptureError, match="lz64"):
        body.decode(b"data=abc&compression=lz64", "application/x-www-form-urlencoded", 1000)


def test_posthog_user_agents_fill_the_columns_and_are_not_kept_as_properties():
    agent = "Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0.0.0 Safari/537.36"
    raw = {"event": "view", "distinct_id": "u1", "timestamp": "2024-05-01T12:00:00Z"}
    newer = ph({**raw, "properties": {"$raw_user_agent": agent, "$useragent": "old", "k": 1}})
    assert newer["user_agent"] == agent and newer["properties"] == {"k": 1}
    older = ph({**raw, "properties": {"$useragent": agent}})
    assert older["user_agent"] == agent and "properties" not in older
