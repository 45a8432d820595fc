"""Segment's HTTP tracking API (`/v1/track|identify|page|screen|group|alias|batch`) as records.

Each message type becomes one event: track keeps its name, page is `$pageview`, screen `$screen`,
identify `$identify` (its traits merge into the person), group `$groupidentify` and alias
`$create_alias` (the previous id is linked to the user id). The context's page, campaign, user
agent, OS, session id and library fill the typed columns; its IP address is carried beside the
record as its address (`protect` uses it for the country and drops it), never kept.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
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
    storable,
    text,
    timestamp_us,
)
from whylens.ingest.capture.typed import Object, Text

TYPES = ("track", "identify", "page", "screen", "group", "alias")


class Page(msgspec.Struct):
    url: Text = None
    referrer: Text = None
    path: Text = None
    title: Text = None


class Campaign(msgspec.Struct):
    source: Text = None
    medium: Text = None
    name: Text = None
    term: Text = None
    content: Text = None


class System(msgspec.Struct):
    name: Text = None


class Library(msgspec.Struct):
    name: Any = None  # kept only when it is text
    version: Any = None


class Context(msgspec.Struct):
    """The parts of a message's context that fill columns; the rest is not kept."""

    page: Page | None = None
    campaign: Campaign | None = None
    userAgent: Text = None  # noqa: N815 (Segment's names)
    ip: Any = None
    os: System | None = None
    sessionId: Text = None  # noqa: N815
    library: Library | None = None
    locale: Any = None
    timezone: Any = None


class Message(msgspec.Struct):
    """A Segment message: the fields of every type (each type reads its own)."""

    type: Text = None
    event: Text = None
    userId: Text = None  # noqa: N815
    anonymousId: Text = None  # noqa: N815
    messageId: Text = None  # noqa: N815
    timestamp: Any = None
    originalTimestamp: Any = None  # noqa: N815
    sentAt: Any = None  # noqa: N815
    properties: Object = None
    context: Context | None = None
    traits: Object = None
    name: Text = None
    category: Text = None
    groupId: Text = None  # noqa: N815
    previousId: Text = None  # noqa: N815


class Single(msgspec.Struct):
    """What a single-message request carries besides its message."""

    writeKey: Any = None  # noqa: N815
    sentAt: Any = None  # noqa: N815


class Batch(msgspec.Struct):
    batch: list[msgspec.Raw] | None = None
    context: Object = None
    writeKey: Any = None  # noqa: N815
    sentAt: Any = None  # noqa: N815


_MESSAGE = msgspec.json.Decoder(Message)
_SINGLE = msgspec.json.Decoder(Single)
_BATCH = msgspec.json.Decoder(Batch)
_SHAPES = {"": "the body must be a JSON object", "batch": "must be an array of messages"}


def parse(kind: str, body: bytes | Any, received_us: int, max_event_bytes: int) -> Parsed:
    """A request to `/v1/<kind>` (its JSON bytes): one message, or for `batch` a batch."""
    raw = typed.json_bytes(body)
    envelope: Single | Batch
    if kind != "batch":
        envelope, single = typed.decode(raw, _SINGLE, _SHAPES), kind
        items: list[msgspec.Raw] = [msgspec.Raw(raw)]
    else:
        envelope, single = typed.decode(raw, _BATCH, _SHAPES), None
        if envelope.batch is None:
            raise CaptureError(_SHAPES["batch"], "batch")
        items = envelope.batch
        if envelope.context:  # rare: merged into each message before it is decoded
            items = [_with_context(item, envelope.context) for item in items]
    sent_at = timestamp_us(envelope.sentAt, "sentAt")
    key = text(envelope.writeKey, "writeKey")

    def convert(message: Message) -> dict[str, Any]:
        return _message(message, single, sent_at, received_us)

    records, rejections = typed.convert_raw(
        items, _MESSAGE, convert, max_event_bytes, "a message must be a JSON object"
    )
    return Parsed(records, rejections, key)


def _message(
    message: Message, kind: str | None, sent_at: int | None, received_us: int
) -> dict[str, Any]:
    kind = kind or text(message.type, "type")
    if kind not in _KINDS:
        raise CaptureError(f"must be one of {', '.join(TYPES)} (got {kind!r})", "type")
    fields: dict[str, Any] = {
        "event_id": identifier(message.messageId, "messageId"),
        "user_id": identifier(message.userId, "userId"),
        "anonymous_id": identifier(message.anonymousId, "anonymousId"),
        "properties": message.properties or {},
    }
    _KINDS[kind](message, fields)
    if fields["user_id"] is None and fields["anonymous_id"] is None:
        raise CaptureError("is missing: a message needs a userId or an anonymousId", "userId")
    _from_context(message.context or _NO_CONTEXT, fields, page_view=kind == "page")
    moment = skew.event_time(
        timestamp_us(message.timestamp or message.originalTimestamp, "timestamp"),
        timestamp_us(message.sentAt, "sentAt") or sent_at,
        received_us,
    )
    if moment.clamped:
        fields["properties"][skew.CLAMPED] = True
    fields["timestamp"] = storable(moment.timestamp_us)
    for key in _OPTIONAL:  # a record holds only the fields that have a value
        if fields[key] is None:
            del fields[key]
    if not fields["properties"]:
        del fields["properties"]
    return fields


def _track(message: Message, fields: dict[str, Any]) -> None:
    fields["event"] = event_name(message.event)


def _page(message: Message, fields: dict[str, Any]) -> None:
    fields["event"] = "$pageview"
    _named(message, fields)


def _screen(message: Message, fields: dict[str, Any]) -> None:
    fields["event"] = "$screen"
    _named(message, fields)


def _named(message: Message, fields: dict[str, Any]) -> None:
    for name, value in (("name", message.name), ("category", message.category)):
        value = text(value, name)
        if value is not None:
            fields["properties"].setdefault(name, value)


def _identify(message: Message, fields: dict[str, Any]) -> None:
    fields["event"] = "$identify"
    if message.traits:
        fields["set"] = fields["properties"]["$set"] = message.traits


def _group(message: Message, fields: dict[str, Any]) -> None:
    fields["event"] = "$groupidentify"
    group_id = identifier(message.groupId, "groupId")
    if group_id is None:
        raise CaptureError("is missing or empty", "groupId")
    fields["properties"].update({"$group_key": group_id, "$group_set": message.traits or {}})


def _alias(message: Message, fields: dict[str, Any]) -> None:
    fields["event"] = "$create_alias"
    previous = identifier(message.previousId, "previousId")
    if previous is None:
        raise CaptureError("is missing or empty", "previousId")
    if fields["user_id"] is None:
        raise CaptureError("is missing: an alias links previousId to a userId", "userId")
    fields["anonymous_id"] = previous
    fields["properties"]["previous_id"] = previous


_KINDS: dict[str, Callable[[Message, dict[str, Any]], None]] = {
    "track": _track,
    "page": _page,
    "screen": _screen,
    "identify": _identify,
    "group": _group,
    "alias": _alias,
}
#: the fields every message's record starts with that may have no value
_OPTIONAL = ("event_id", "user_id", "anonymous_id")
_NO_CONTEXT = Context()
_NO_PAGE = Page()
_NO_PROPERTIES: dict[str, Any] = {}


#: what a message's context adds to its properties when they lack it
_CONTEXT_PROPERTIES = (("$locale", "locale"), ("$timezone", "timezone"))


def _from_context(context: Context, fields: dict[str, Any], page_view: bool) -> None:
    """Typed columns from the context (and, for a page, from its properties first); only those
    that have a value (the work done for every message: kept lean)."""
    properties = fields["properties"]
    page = context.page or _NO_PAGE
    own = properties if page_view else _NO_PROPERTIES
    url = (
        text(own.get("url"), "properties.url")
        or text(page.url, "context.page.url")
        or text(own.get("path"), "properties.path")
        or text(page.path, "context.page.path")
    )
    if url is not None:
        fields["url"] = url
    referrer = text(own.get("referrer"), "properties.referrer") or text(
        page.referrer, "context.page.referrer"
    )
    if referrer is not None:
        fields["referrer"] = referrer
    title = text(page.title, "context.page.title")
    if page_view and title is not None:
        properties.setdefault("title", title)
    campaign = context.campaign
    if campaign is not None:
        _from_campaign(campaign, fields, properties)
    for column, value, field in (
        ("user_agent", context.userAgent, "context.userAgent"),
        ("os", context.os.name if context.os else None, "context.os.name"),
    ):
        value = text(value, field)
        if value is not None:
            fields[column] = value
    found = address(context.ip)
    if found is not None:
        fields[ADDRESS] = found
    session = identifier(context.sessionId, "context.sessionId")
    if session is not None:
        fields["session_id"] = session
    library = context.library
    if library is not None:
        if isinstance(library.name, str) and library.name:
            properties.setdefault("$lib", library.name)
        if isinstance(library.version, str) and library.version:
            properties.setdefault("$lib_version", library.version)
    for prop, name in _CONTEXT_PROPERTIES:
        value = getattr(context, name)
        if isinstance(value, str) and value:
            properties.setdefault(prop, value)


def _from_campaign(campaign: Campaign, fields: dict[str, Any], properties: dict[str, Any]) -> None:
    """UTM columns from the campaign; its term and content become properties."""
    for column, value, field in (
        ("utm_source", campaign.source, "context.campaign.source"),
        ("utm_medium", campaign.medium, "context.campaign.medium"),
        ("utm_campaign", campaign.name, "context.campaign.name"),
    ):
        value = text(value, field)
        if value is not None:
            fields[column] = value
    for prop, value, field in (
        ("utm_term", campaign.term, "context.campaign.term"),
        ("utm_content", campaign.content, "context.campaign.content"),
    ):
        value = text(value, field)
        if value is not None:
            properties.setdefault(prop, value)


def _with_context(item: msgspec.Raw, shared: dict[str, Any]) -> msgspec.Raw:
    """A message with the batch's context merged under its own (a message that is not an
    object, or whose context is not one, is left for its decoding to reject)."""
    message = msgspec.json.decode(item)
    if not isinstance(message, dict):
        return item
    own = message.get("context")
    if own is not None and not isinstance(own, dict):
        return item
    message["context"] = _merged(shared, own or {})
    return msgspec.Raw(msgspec.json.encode(message))


def _merged(shared: Mapping[str, Any], own: Mapping[str, Any]) -> dict[str, Any]:
    """The batch's context under the message's own: the message wins, objects merge."""
    merged = dict(shared)
    for key, value in own.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = _merged(merged[key], value)
        else:
            merged[key] = value
    return merged
