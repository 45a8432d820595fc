"""Request bodies of the load test, as Segment's and PostHog's libraries send them.

Every event has its own id (`messageId` / `uuid`: `<kind>:<worker>:<request>:<index>`), so that
deduplication drops nothing and the store can be counted against what was acknowledged. Persons
are drawn from a pool, so batches touch many persons, as real traffic does.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

import orjson

if TYPE_CHECKING:
    from bench.http_load import Spec

PERSONS = 20_000
EVENTS = ("$pageview", "view_item", "search", "add_to_cart", "begin_checkout", "purchase")
PAGES = ("/", "/search", "/p/lamp", "/p/chair", "/cart", "/checkout")
AGENTS = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
    " Chrome/126.0.0.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15"
    " (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
)
JSON = {"Content-Type": "application/json"}
#: the id prefix of each kind of request, and so of the events it carries
PREFIX = {"segment-batch": "sb", "posthog-batch": "pb", "single": "s1"}


def _now() -> str:
    return datetime.now(timezone.utc).isoformat().replace("+00:00", "Z")


def _person(worker: int, number: int, index: int) -> str:
    return f"person-{((worker * 1_000_003 + number) * 100 + index) * 2_654_435_761 % PERSONS}"


def _event_id(kind: str, worker: int, number: int, index: int) -> str:
    return f"{PREFIX[kind]}:{worker}:{number}:{index}"


def segment_message(spec: Spec, number: int, index: int, now: str, kind: str) -> dict[str, Any]:
    name = EVENTS[(number + index) % len(EVENTS)]
    path = PAGES[(number * 7 + index) % len(PAGES)]
    message: dict[str, Any] = {
        "type": "page" if name == "$pageview" else "track",
        "userId": _person(spec.worker, number, index),
        "messageId": _event_id(kind, spec.worker, number, index),
        "timestamp": now,
        "properties": {"item_id": f"sku-{number % 500}", "price": 19.5 + index % 7},
        "context": {
            "page": {"url": f"https://shop.example{path}", "referrer": "https://news.example/"},
            "userAgent": AGENTS[index % 2],
            "library": {"name": "analytics-python", "version": "2.3.3"},
            "campaign": {"source": "newsletter", "medium": "email", "name": "spring"},
        },
    }
    if message["type"] == "track":
        message["event"] = name
    return message


def posthog_event(spec: Spec, number: int, index: int, now: str, kind: str) -> dict[str, Any]:
    path = PAGES[(number * 7 + index) % len(PAGES)]
    person = _person(spec.worker, number, index)
    return {
        "event": EVENTS[(number + index) % len(EVENTS)],
        "distinct_id": person,
        "uuid": _event_id(kind, spec.worker, number, index),
        "timestamp": now,
        "properties": {
            "$current_url": f"https://shop.example{path}?utm_source=newsletter",
            "$referrer": "https://news.example/",
            "$session_id": f"{person}-s{number // 50}",
            "$raw_user_agent": AGENTS[index % 2],
            "$lib": "posthog-python",
            "$lib_version": "6.0.0",
            "item_id": f"sku-{number % 500}",
        },
    }


def segment_batch(spec: Spec, number: int) -> tuple[str, bytes, dict[str, str]]:
    """What `segment-analytics-python` posts: the key in the body, HTTP Basic as well."""
    now = _now()
    batch = [
        segment_message(spec, number, i, now, "segment-batch")
        for i in range(spec.events_per_request)
    ]
    body = {"batch": batch, "sentAt": now, "writeKey": spec.key}
    auth = base64.b64encode(f"{spec.key}:".encode()).decode()
    return "/v1/batch", orjson.dumps(body), {**JSON, "Authorization": f"Basic {auth}"}


def posthog_batch(spec: Spec, number: int) -> tuple[str, bytes, dict[str, str]]:
    """What the `posthog` Python client posts to `/batch/`."""
    now = _now()
    batch = [
        posthog_event(spec, number, i, now, "posthog-batch") for i in range(spec.events_per_request)
    ]
    body = {"api_key": spec.key, "batch": batch, "sent_at": now}
    return "/batch/", orjson.dumps(body), JSON


def single(spec: Spec, number: int) -> tuple[str, bytes, dict[str, str]]:
    """One event per request, every other one by each API (`/v1/track`, PostHog `/i/v0/e/`)."""
    now = _now()
    if number % 2:
        event = posthog_event(spec, number, 0, now, "single")
        return "/i/v0/e/", orjson.dumps({**event, "api_key": spec.key, "sent_at": now}), JSON
    message = segment_message(spec, number, 0, now, "single")
    message = {**message, "type": "track", "event": message.get("event", "view_item")}
    return "/v1/track", orjson.dumps({**message, "writeKey": spec.key, "sentAt": now}), JSON


BUILDERS: dict[str, Callable[[Spec, int], tuple[str, bytes, dict[str, str]]]] = {
    "segment-batch": segment_batch,
    "posthog-batch": posthog_batch,
    "single": single,
}
