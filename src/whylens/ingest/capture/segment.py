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

TYPES = ("track", "identify", "page", "screen", "group", "alias")


def parse(kind: str, body: Any, received_us: int, max_event_bytes: int) -> Parsed:
    """A request to `/v1/<kind>`: one message, or for `batch` a batch of them."""
    if not isinstance(body, Mapping):
        raise CaptureError("the body must be a JSON object")
    sent_at = timestamp_us(body.get("sentAt"), "sentAt")
    key = text(body.get("writeKey"), "writeKey")
    if kind != "batch":
        items, shared, single = [body], {}, kind
    else:
        items = body.get("batch")
        if not isinstance(items, list):
            raise CaptureError("must be an array of messages", "batch")
        shared, single = mapping(body.get("context"), "context"), None

    def convert(message: Any) -> dict[str, Any]:
        return _message(message, single, shared, sent_at, received_us)

    records, rejections = convert_each(items, convert, max_event_bytes)
    return Parsed(records, rejections, key)


def _message(
    message: Any, kind: str | None, shared: dict[str, Any], sent_at: int | None, received_us: int
) -> dict[str, Any]:
    if not isinstance(message, Mapping):
        raise CaptureError("a message must be a JSON object")
    kind = kind or text(message.get("type"), "type")
    if kind not in _KINDS:
        raise CaptureError(f"must be one of {', '.join(TYPES)} (got {kind!r})", "type")
    context = _merged(shared, mapping(message.get("context"), "context", copy=False))
    fields: dict[str, Any] = {
        "event_id": identifier(message.get("messageId"), "messageId"),
        "user_id": identifier(message.get("userId"), "userId"),
        "anonymous_id": identifier(message.get("anonymousId"), "anonymousId"),
        "properties": mapping(message.get("properties"), "properties"),
    }
    _KINDS[kind](message, fields)
    if fields["user_id"] is None and fields["anonymous_id"] is None:
        raise CaptureError("is missing: a message needs a userId or an anonymousId", "userId")
    _from_context(context, fields, page_view=kind == "page")
    moment = skew.event_time(
        timestamp_us(message.get("timestamp") or message.get("originalTimestamp"), "timestamp"),
        timestamp_us(message.get("sentAt"), "sentAt") or sent_at,
        received_us,
    )
    if moment.clamped:
        fields["properties"][skew.CLAMPED] = True
    return record(timestamp=moment.timestamp_us, **fields)


def _track(message: Mapping[str, Any], fields: dict[str, Any]) -> None:
    fields["event"] = event_name(message.get("event"))


def _page(message: Mapping[str, Any], fields: dict[str, Any]) -> None:
    fields["event"] = "$pageview"
    _named(message, fields)


def _screen(message: Mapping[str, Any], fields: dict[str, Any]) -> None:
    fields["event"] = "$screen"
    _named(message, fields)


def _named(message: Mapping[str, Any], fields: dict[str, Any]) -> None:
    for name in ("name", "category"):
        value = text(message.get(name), name)
        if value is not None:
            fields["properties"].setdefault(name, value)


def _identify(message: Mapping[str, Any], fields: dict[str, Any]) -> None:
    fields["event"] = "$identify"
    traits = mapping(message.get("traits"), "traits")
    if traits:
        fields["set"] = traits
        fields["properties"]["$set"] = traits


def _group(message: Mapping[str, Any], fields: dict[str, Any]) -> None:
    fields["event"] = "$groupidentify"
    group_id = identifier(message.get("groupId"), "groupId")
    if group_id is None:
        raise CaptureError("is missing or empty", "groupId")
    fields["properties"].update(
        {"$group_key": group_id, "$group_set": mapping(message.get("traits"), "traits")}
    )


def _alias(message: Mapping[str, Any], fields: dict[str, Any]) -> None:
    fields["event"] = "$create_alias"
    previous = identifier(message.get("previousId"), "previousId")
    if previous is None:
        raise CaptureError("is missing or empty", "previousId")
    if fields["user_id"] is None:
        raise CaptureError("is missing: an alias links previousId to a userId", "userId")
    fields["anonymous_id"] = previous
    fields["properties"]["previous_id"] = previous


_KINDS: dict[str, Callable[[Mapping[str, Any], dict[str, Any]], None]] = {
    "track": _track,
    "page": _page,
    "screen": _screen,
    "identify": _identify,
    "group": _group,
    "alias": _alias,
}


def _from_context(context: dict[str, Any], fields: dict[str, Any], page_view: bool) -> None:
    """Typed columns from the context (and, for a page, from its properties first)."""
    properties = fields["properties"]
    page = mapping(context.get("page"), "context.page", copy=False)
    own = properties if page_view else {}
    fields["url"] = (
        text(own.get("url"), "properties.url")
        or text(page.get("url"), "context.page.url")
        or text(own.get("path"), "properties.path")
        or text(page.get("path"), "context.page.path")
    )
    fields["referrer"] = text(own.get("referrer"), "properties.referrer") or text(
        page.get("referrer"), "context.page.referrer"
    )
    title = text(page.get("title"), "context.page.title")
    if page_view and title is not None:
        properties.setdefault("title", title)
    campaign = mapping(context.get("campaign"), "context.campaign", copy=False)
    for column, name in (
        ("utm_source", "source"),
        ("utm_medium", "medium"),
        ("utm_campaign", "name"),
    ):
        fields[column] = text(campaign.get(name), f"context.campaign.{name}")
    for name in ("term", "content"):
        value = text(campaign.get(name), f"context.campaign.{name}")
        if value is not None:
            properties.setdefault(f"utm_{name}", value)
    fields["user_agent"] = text(context.get("userAgent"), "context.userAgent")
    fields[ADDRESS] = address(context.get("ip"))
    system = mapping(context.get("os"), "context.os", copy=False)
    fields["os"] = text(system.get("name"), "context.os.name")
    fields["session_id"] = identifier(context.get("sessionId"), "context.sessionId")
    library = mapping(context.get("library"), "context.library", copy=False)
    for prop, value in (
        ("$lib", library.get("name")),
        ("$lib_version", library.get("version")),
        ("$locale", context.get("locale")),
        ("$timezone", context.get("timezone")),
    ):
        if isinstance(value, str) and value:
            properties.setdefault(prop, value)


def _merged(shared: dict[str, Any], own: dict[str, Any]) -> dict[str, Any]:
    """The batch's context under the message's own: the message wins, objects merge."""
    if not shared:
        return own
    merged = dict(shared)
    for key, value in own.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = _merged(dict(merged[key]), dict(value))
        else:
            merged[key] = value
    return merged
