"""PostHog's capture API (`/batch/`, `/capture/`, `/e/`, `/i/v0/e/`) as records.

A body is a batch `{"api_key", "batch": [...], "sent_at"}`, a single event or an array of them.
`$identify` links `$anon_distinct_id` to the distinct id, `$create_alias` links the distinct id to
`properties.alias`; `$set` / `$set_once` (top level or in properties) update person traits. The
`$`-properties PostHog's libraries send (`COLUMNS`) move into the typed columns, as an import
of PostHog's export stores them: a value is stored once (filters and breakdowns by PostHog's
names read the columns, insights/properties.py), and the raw user agent only gives the device,
browser and OS, as Segment's `context.userAgent` does. The project key is dropped, and `$ip` is
carried beside the record as its address (`protect` uses it for the country and drops it).
"""

from __future__ import annotations

import math
from typing import Any

import msgspec

from whylens.ingest.capture import skew, typed
from whylens.ingest.capture.records import (
    ADDRESS,
    CaptureError,
    Parsed,
    address,
    event_name,
    identifier,
    mapping,
    storable,
    text,
    timestamp_us,
)
from whylens.ingest.capture.typed import Object, Text

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


class Event(msgspec.Struct):
    """A PostHog event: what its libraries send at its top level."""

    event: Text = None
    distinct_id: Text = None
    uuid: Text = None
    timestamp: Any = None
    offset: Any = None
    properties: Object = None
    set: Object = msgspec.field(name="$set", default=None)
    set_once: Object = msgspec.field(name="$set_once", default=None)
    api_key: Any = None


class Envelope(msgspec.Struct):
    """A body that is an object: a batch, or else a single event (`batch` absent)."""

    batch: list[msgspec.Raw] | None | msgspec.UnsetType = msgspec.UNSET
    api_key: Any = None
    token: Any = None
    sent_at: Any = None
    sentAt: Any = None  # noqa: N815 (posthog-js)


_EVENT = msgspec.json.Decoder(Event)
_BODY = msgspec.json.Decoder(Envelope | list[msgspec.Raw])
_SHAPES = {
    "": "the body must be a JSON object or an array of events",
    "batch": "must be an array of events",
}


def parse(body: bytes | Any, received_us: int, max_event_bytes: int) -> Parsed:
    """A request (its JSON bytes): a batch, a single event or an array of events."""
    raw = typed.json_bytes(body)
    envelope = typed.decode(raw, _BODY, _SHAPES)
    key, sent_at = None, None
    if isinstance(envelope, list):
        items = envelope
    else:
        if envelope.batch is None:
            raise CaptureError(_SHAPES["batch"], "batch")
        items = [msgspec.Raw(raw)] if envelope.batch is msgspec.UNSET else envelope.batch
        key = text(envelope.api_key or envelope.token, "api_key")
        sent_at = timestamp_us(envelope.sent_at or envelope.sentAt, "sent_at")
    key = key or _key_of(items)

    def convert(item: Event) -> dict[str, Any]:
        return _event(item, sent_at, received_us)

    records, rejections = typed.convert_raw(
        items, _EVENT, convert, max_event_bytes, "an event must be a JSON object"
    )
    return Parsed(records, rejections, key)


class _Carrier(msgspec.Struct):
    api_key: Any = None
    properties: Any = None


#: the first event, whatever it is: only an object carries a key
_CARRIER = msgspec.json.Decoder(_Carrier | list[Any] | str | float | bool | None)


def _key_of(items: list[msgspec.Raw]) -> str | None:
    """posthog-js puts the key in each event's properties.token: the first event's is taken."""
    for item in items[:1]:
        first = _CARRIER.decode(item)
        if isinstance(first, _Carrier):
            properties = first.properties
            found = first.api_key or (
                properties.get("token") if isinstance(properties, dict) else None
            )
            return found if isinstance(found, str) else None
    return None


#: the field name of each property that fills a column, as errors name it
_FIELDS = {prop: f"properties.{prop}" for prop in (*COLUMNS, "$useragent")}
_TRAITS = (("set", "$set", "properties.$set"), ("set_once", "$set_once", "properties.$set_once"))


def _event(item: Event, sent_at: int | None, received_us: int) -> dict[str, Any]:
    """The record of one event (the work done for every event of every request: kept lean)."""
    properties = item.properties or {}
    name = event_name(item.event)
    given = item.distinct_id
    distinct = identifier(
        given if given is not None and given != "" else properties.get("distinct_id"),
        "distinct_id",
    )
    if distinct is None:
        raise CaptureError("is missing or empty", "distinct_id")
    record: dict[str, Any] = {"event": name, "user_id": distinct}
    event_id = identifier(item.uuid, "uuid")
    if event_id is not None:
        record["event_id"] = event_id
    _identity(name, distinct, properties, record)
    if record["user_id"] is None:  # an anonymous event
        del record["user_id"]
    for key, prop, field in _TRAITS:
        given = item.set if key == "set" else item.set_once
        if given is not None or prop in properties:
            traits = {**mapping(properties.get(prop), field, copy=False), **(given or {})}
            if traits:
                record[key] = properties[prop] = traits
    found = address(properties.pop("$ip", None))
    if found is not None:
        record[ADDRESS] = found
    properties.pop("token", None)
    properties.pop("api_key", None)
    for prop in COLUMNS.keys() & properties.keys():  # moved into the columns, not copied
        value = text(properties.pop(prop), _FIELDS[prop])
        if value is not None:
            record[COLUMNS[prop]] = SPELLINGS.get(value, value)
    if record.get("referrer") == "$direct":
        del record["referrer"]
    if "$useragent" in properties:  # older posthog-js: the user agent under another name
        agent = text(properties.pop("$useragent"), _FIELDS["$useragent"])
        if agent is not None and "user_agent" not in record:
            record["user_agent"] = agent
    moment = skew.event_time(
        timestamp_us(item.timestamp, "timestamp"), sent_at, received_us, _offset_ms(item.offset)
    )
    if moment.clamped:
        properties[skew.CLAMPED] = True
    record["timestamp"] = storable(moment.timestamp_us)
    if properties:
        record["properties"] = properties
    return record


def _offset_ms(offset: Any) -> float | None:
    """posthog-js' `offset`: milliseconds between the event and sending; ignored unless a number."""
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
