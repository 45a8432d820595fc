"""`POST /v1/feedback` bodies as feedback records: one item, an array, or `{"batch": [...]}`.

An item is `{person, timestamp, kind, score, text, source, tags, id}`; every field is optional
but an item needs a text or a score. Each check names the item's field, so a client learns what
to fix, and the valid items of a batch are kept. Times default to when the request arrived; `id`
is the client's dedup key (without one, the content is).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson
import pyarrow as pa

from whylens.ingest.capture.records import (
    CaptureError,
    Parsed,
    convert_each,
    identifier,
    in_range,
    text,
    timestamp_us,
)
from whylens.model.feedback import KINDS, RANGES

#: the target the write-ahead log entry files these records under (the writer reads it)
TARGET = "feedback"
MAX_TEXT_CHARS = 10_000
MAX_SOURCE_CHARS = 100
MAX_TAGS = 20
MAX_TAG_CHARS = 100
DEFAULT_SOURCE = "api"


def parse(body: Any, received_us: int, max_item_bytes: int) -> Parsed:
    """A request body: its items turned into records or rejections, and the key it carried."""
    if isinstance(body, list):
        items, key = body, None
    elif isinstance(body, Mapping):
        key = text(body.get("writeKey") or body.get("api_key"), "writeKey")
        items = body.get("batch", [body])
        if not isinstance(items, list):
            raise CaptureError("must be an array of feedback items", "batch")
    else:
        raise CaptureError("the body must be a JSON object or an array of feedback items")
    if not items:
        raise CaptureError("is empty: send at least one feedback item", "batch")

    def convert(item: Any) -> dict[str, Any]:
        return item_record(item, received_us)

    records, rejections = convert_each(items, convert, max_item_bytes)
    return Parsed(records, rejections, key, TARGET)


def item_record(item: Any, received_us: int) -> dict[str, Any]:
    """One item checked and normalised: kind lower case, score in its kind's range."""
    if not isinstance(item, Mapping):
        raise CaptureError("a feedback item must be a JSON object")
    moment = timestamp_us(item.get("timestamp"), "timestamp")
    moment = received_us if moment is None else moment
    if not in_range(moment):
        raise CaptureError("is outside 1970-01-01 .. 2100-01-01", "timestamp")
    score = _score(item.get("score"))
    kind = _kind(item.get("kind"), score)
    comment = text(item.get("text"), "text", MAX_TEXT_CHARS)
    if comment is None and score is None:
        raise CaptureError("is missing: an item needs a text or a score", "text")
    built = {
        "id": identifier(item.get("id"), "id"),
        "person_id": identifier(item.get("person", item.get("person_id")), "person"),
        "timestamp": moment,
        "kind": kind,
        "score": score,
        "text": comment,
        "source": text(item.get("source"), "source", MAX_SOURCE_CHARS) or DEFAULT_SOURCE,
        "tags": _tags(item.get("tags")),
    }
    return {k: v for k, v in built.items() if v is not None and v != []}


def _score(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise CaptureError("must be a number", "score")
    return float(value)


def _kind(value: Any, score: float | None) -> str:
    """As in the CSV import: nps when there is a score, else text, unless named."""
    named = text(value, "kind")
    kind = named.lower() if named else ("nps" if score is not None else "text")
    if kind not in KINDS:
        raise CaptureError(f"must be one of {', '.join(KINDS)} (got {named!r})", "kind")
    if kind == "text" and score is not None:
        raise CaptureError("a text item has no score; use kind nps, csat or ces", "score")
    if score is not None:
        low, high = RANGES[kind]
        if not low <= score <= high:
            raise CaptureError(f"{score:g} is out of range for {kind} ({low}-{high})", "score")
    return kind


def _tags(value: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise CaptureError("must be an array of strings", "tags")
    if len(value) > MAX_TAGS:
        raise CaptureError(f"has {len(value)} tags; at most {MAX_TAGS} are allowed", "tags")
    tags = [text(tag, f"tags[{i}]", MAX_TAG_CHARS) for i, tag in enumerate(value)]
    return list(dict.fromkeys(t for t in tags if t))


def table(items: list[dict[str, Any]]) -> pa.Table:
    """Logged items as the table `add_feedback` stores (tags kept in `properties`)."""
    return pa.table(
        {
            "feedback_id": pa.array([i.get("id") for i in items], pa.string()),
            "person_id": pa.array([i.get("person_id") for i in items], pa.string()),
            "timestamp": pa.array([i["timestamp"] for i in items], pa.timestamp("us")),  # UTC
            "kind": pa.array([i["kind"] for i in items], pa.string()),
            "score": pa.array([i.get("score") for i in items], pa.float64()),
            "text": pa.array([i.get("text") for i in items], pa.string()),
            "source": pa.array([i["source"] for i in items], pa.string()),
            "properties": pa.array(
                [
                    orjson.dumps({"tags": i["tags"]}).decode() if "tags" in i else None
                    for i in items
                ],
                pa.string(),
            ),
        }
    )
