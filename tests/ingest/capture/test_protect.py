"""What a capture request's records lose before the log: the address (after giving the country),
and what the rules drop or mask, in properties and traits alike; rejected events scrubbed."""

from __future__ import annotations

import orjson
import pytest

from whylens.ingest.capture import posthog, segment
from whylens.ingest.capture.protect import protect
from whylens.ingest.capture.records import ADDRESS, timestamp_us
from whylens.ingest.geoip import GeoIP
from whylens.ingest.privacy import Policy

NOW = timestamp_us("2024-05-01T12:00:10Z")
LIMIT = 32 * 1024
POLICY = Policy(drop=["phone"], mask=["email"], secret=bytes(32))


@pytest.fixture(scope="module")
def geoip(tmp_path_factory):
    path = tmp_path_factory.mktemp("geo") / "countries.csv"
    path.write_text("198.51.100.0,198.51.100.255,NL\n2001:db8::,2001:db8::ffff,DE\n")
    return GeoIP.load(path).for_lookups()


def test_segment_context_ip_and_else_the_request_address(geoip):
    parsed = segment.parse(
        "batch",
        {"batch": [
            {"type": "track", "userId": "u1", "event": "a", "context": {"ip": "2001:db8::7"}},
            {"type": "track", "userId": "u2", "event": "a"},
            {"type": "track", "userId": "u3", "event": "a", "context": {"ip": 12}},
        ]},
        NOW, LIMIT,
    )  # fmt: skip
    records = protect(parsed, POLICY, geoip, "198.51.100.4").records
    assert [r.get("country") for r in records] == ["DE", "NL", "NL"]
    assert not [r for r in records if ADDRESS in r]


def test_posthog_ip_a_country_sent_and_the_opt_out(geoip):
    parsed = posthog.parse(
        [
            {"event": "a", "distinct_id": "d1", "properties": {"$ip": "2001:db8::1"}},
            {"event": "a", "distinct_id": "d2", "properties": {"$geoip_country_code": "fr"}},
            {"event": "a", "distinct_id": "d3", "properties": {"$geoip_disable": True}},
        ],
        NOW,
        LIMIT,
    )
    records = protect(parsed, POLICY, geoip, "198.51.100.4").records
    assert [r.get("country") for r in records] == ["DE", "fr", None]
    assert "2001:db8::1" not in orjson.dumps(records).decode()


def test_no_geoip_file_no_country_and_no_address_either():
    parsed = posthog.parse({"event": "a", "distinct_id": "d", "properties": {"$ip": "1.2.3.4"}},
                           NOW, LIMIT)  # fmt: skip
    (record,) = protect(parsed, Policy(), None, "198.51.100.4").records
    assert "country" not in record and "1.2.3.4" not in orjson.dumps(record).decode()


def test_rules_in_properties_and_traits_and_one_hash_per_value():
    identify = segment.parse(
        "identify",
        {"userId": "u1", "traits": {"Email": "a@b.example", "phone": "1", "plan": "pro"}},
        NOW,
        LIMIT,
    )
    posthog_set = posthog.parse(
        {"event": "$set", "distinct_id": "d", "$set": {"email": "a@b.example"},
         "properties": {"$set_once": {"PHONE": "2"}, "email": "a@b.example"}},
        NOW, LIMIT,
    )  # fmt: skip
    hashed = POLICY.masked("a@b.example")
    (first,) = protect(identify, POLICY, None, None).records
    assert first["set"] == {"Email": hashed, "plan": "pro"}
    assert first["properties"]["$set"] == first["set"]
    (second,) = protect(posthog_set, POLICY, None, None).records
    assert second["set"] == {"email": hashed} and second["set_once"] == {}
    assert second["properties"]["email"] == hashed
    assert second["properties"]["$set"] == {"email": hashed}


def test_rejected_events_are_kept_scrubbed():
    parsed = segment.parse(
        "batch",
        {"batch": [{"type": "track", "userId": "u1", "context": {"ip": "198.51.100.4"},
                    "properties": {"email": "a@b.example", "phone": "1"}}]},
        NOW, LIMIT,
    )  # fmt: skip
    (rejection,) = protect(parsed, POLICY, None, None).rejections
    assert orjson.loads(rejection.raw) == {
        "type": "track",
        "userId": "u1",
        "context": {},
        "properties": {"email": POLICY.masked("a@b.example")},
    }
