"""PostHog's capture API (`/batch/`, `/capture/`, `/e/`, `/i/v0/e/`) as records.

A body is a batch `{"api_key", "batch": [...], "sent_at"}`, a single event or an array of them.
`$identify` links `$anon_distinct_id` to the distinct id, `$create_alias` links the distinct id to
`properties.alias`; `$set` / `$set_once` (top level or in properties) update person traits. The
`$`-properties PostHog's libraries send fill the typed columns; the key is dropped, and `$ip`
is carried beside the record as its address (`protect` uses it for the country and drops it).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from whylens.ingest.capture import skew
from whylens.ingest.capture.records import (
    ADDRESS,
    CaptureError,
    Parsed,
    address,
    convert_each,
    event_name,
    identifier,
    mapping,
    record,
    text,
    timestamp_us,
)

#: property -> column, for the values PostHog's libraries send
COLUMNS = {
    "$current_url": "url",
    "$referrer": "referrer",
    "$session_id": "session_id",
    "$device_type": "device_type",
    "$browser": "browser",
    "$os": "os",
    "$geoip_country_code": "country",
    "utm_source": "utm_source",
    "utm_medium": "utm_medium",
    "utm_campaign": "utm_campaign",
    "$raw_user_agent": "user_agent",
}
#: posthog-js spellings -> the names whylens derives from user agents (ingest/enrich.py)
SPELLINGS = {
    "Microsoft Edge": "Edge",
    "Mobile Safari": "Safari",
    "Chrome iOS": "Chrome",
    "Firefox iOS": "Firefox",
    "Mac OS X": "macOS",
    "Desktop": "desktop",
    "Mobile": "mobile",
    "Tablet": "tablet",
}
#: never stored: the client's IP address (kept as the record's address) and the project key
DROPPED = ("$ip", "token", "api_key")


def parse(body: Any, received_us: int, max_event_bytes: int) -> Parsed:
    if isinstance(body, list):
        items, key, sent_at = body, None, None
    elif isinstance(body, Mapping):
        items = body.get("batch", [body])
        if not isinstance(items, list):
            raise CaptureError("must be an array of events", "batch")
        key = text(body.get("api_key") or body.get("token"), "api_key")
        sent_at = timestamp_us(body.get("sent_at") or body.get("sentAt"), "sent_at")
    else:
        raise CaptureError("the body must be a JSON object or an array of events")
    key = key or _key_of_events(items)

    def convert(item: Any) -> dict[str, Any]:
        return _event(item, sent_at, received_us)

    records, rejections = convert_each(items, convert, max_event_bytes)
    return Parsed(records, rejections, key)


def _key_of_events(items: list[Any]) -> str | None:
    """posthog-js puts the key in each event's properties.token."""
    for item in items[:1]:
        if isinstance(item, Mapping):
            properties = item.get("properties")
            found = item.get("api_key") or (
                properties.get("token") if isinstance(properties, Mapping) else None
            )
            return found if isinstance(found, str) else None
    return None


def _event(item: Any, sent_at: int | None, received_us: int) -> dict[str, Any]:
    if not isinstance(item, Mapping):
        raise CaptureError("an event must be a JSON object")
    properties = mapping(item.get("properties"), "properties")
    name = event_name(item.get("event"))
    given = item.get("distinct_id")
    distinct = identifier(
        given if given not in (None, "") else properties.get("distinct_id"), "distinct_id"
    )
    if distinct is None:
        raise CaptureError("is missing or empty", "distinct_id")
    fields: dict[str, Any] = {
        "event": name,
        "event_id": identifier(item.get("uuid"), "uuid"),
        "user_id": distinct,
        "anonymous_id": None,
        "properties": properties,
    }
    _identity(name, distinct, properties, fields)
    for key, name in (("set", "$set"), ("set_once", "$set_once")):
        if name in properties or name in item:
            traits = {
                **mapping(properties.get(name), f"properties.{name}", copy=False),
                **mapping(item.get(name), name, copy=False),
            }
            if traits:
                fields[key] = properties[name] = traits
    fields[ADDRESS] = address(properties.get("$ip"))
    for prop in DROPPED:
        properties.pop(prop, None)
    for prop in COLUMNS.keys() & properties.keys():
        value = text(properties[prop], f"properties.{prop}")
        fields[COLUMNS[prop]] = SPELLINGS.get(value, value) if value is not None else None
    if fields.get("referrer") == "$direct":
        fields["referrer"] = None
    if "user_agent" not in fields and "$useragent" in properties:
        fields["user_agent"] = text(properties["$useragent"], "properties.$useragent")
    moment = skew.event_time(
        timestamp_us(item.get("timestamp"), "timestamp"), sent_at, received_us, _offset_ms(item)
    )
    if moment.clamped:
        properties[skew.CLAMPED] = True
    return record(timestamp=moment.timestamp_us, **fields)


def _offset_ms(item: Mapping[str, Any]) -> float | None:
    """posthog-js' `offset`: milliseconds between the event and sending; ignored unless a number."""
    offset = item.get("offset")
    if not isinstance(offset, int | float) or isinstance(offset, bool):
        return None
    if not math.isfinite(offset * 1000):
        raise CaptureError(f"{offset!r} is too large for milliseconds", "offset")
    return float(offset)


def _identity(name: str, distinct: str, properties: dict[str, Any], fields: dict[str, Any]) -> None:
    """Which ids an event links: `$identify` and `$create_alias`; anonymous events as such."""
    if name == "$identify":
        anonymous = identifier(properties.get("$anon_distinct_id"), "properties.$anon_distinct_id")
        if anonymous is not None and anonymous != distinct:
            fields["anonymous_id"] = anonymous
    elif name == "$create_alias":
        alias = identifier(properties.get("alias"), "properties.alias")
        if alias is None:
            raise CaptureError(
                "is missing: $create_alias links distinct_id to it", "properties.alias"
            )
        fields["user_id"], fields["anonymous_id"] = alias, distinct
    elif properties.get("$is_identified") is False:
        fields["user_id"], fields["anonymous_id"] = None, distinct
