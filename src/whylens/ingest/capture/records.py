"""The canonical event record every capture API is turned into, and the checks it must pass.

A record is a plain dict with the columns `import_table` reads (only those that have a value),
plus `set` / `set_once` person traits. Every check raises a `CaptureError` that names the field,
so a client learns exactly what to fix; what passes here also passes the store's normaliser.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import orjson

#: columns of a record, in the order of the Arrow table the writer builds
COLUMNS = (
    "event_id",
    "user_id",
    "anonymous_id",
    "event",
    "timestamp",
    "session_id",
    "url",
    "referrer",
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "device_type",
    "browser",
    "os",
    "country",
    "user_agent",
    "properties",
)
#: person traits carried beside the columns: merged into the person by the writer
TRAIT_KEYS = ("set", "set_once")
#: the client's IP address as the event sent it, carried beside the columns until
#: `capture.protect` has used it for the country and removed it: it never reaches the log
ADDRESS = "ip"

MAX_ID_CHARS = 200
MAX_EVENT_CHARS = 200
#: the store's timestamp range, in microseconds since the epoch (see ingest/timestamps.py)
EARLIEST_US = 0
LATEST_US = 4_102_444_800_000_000  # 2100-01-01
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_FRACTION = re.compile(r"\.(\d+)")


class CaptureError(ValueError):
    """A request or one of its events cannot be accepted; `status` is the HTTP answer."""

    def __init__(self, reason: str, field: str | None = None, status: int = 400) -> None:
        super().__init__(f"{field}: {reason}" if field else reason)
        self.reason = reason
        self.field = field
        self.status = status


@dataclass(frozen=True)
class Rejection:
    """One event of a request that was not accepted: where it was, what, why, and as sent."""

    index: int
    field: str | None
    reason: str
    status: int
    raw: str

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "field": self.field, "reason": self.reason}


def text(value: Any, field: str, limit: int | None = None) -> str | None:
    """A string field (numbers are accepted as ids are); blank is None."""
    if type(value) is str:  # the common case first: these run for every field of every event
        value = value.strip()
    elif value is None:
        return None
    elif isinstance(value, bool) or not isinstance(value, str | int | float):
        raise CaptureError(f"must be a string, not {_json_type(value)}", field)
    else:
        value = str(value).strip()
    if limit is not None and len(value) > limit:
        raise CaptureError(f"is {len(value)} characters long; at most {limit} are allowed", field)
    return value or None


def address(value: Any) -> str | None:
    """An IP address as sent, if it is text; anything else is no address (not an error: a bad
    address costs the event its country, nothing more)."""
    if not isinstance(value, str) or len(value) > 64:
        return None
    return value.strip() or None


def identifier(value: Any, field: str) -> str | None:
    return text(value, field, MAX_ID_CHARS)


def event_name(value: Any, field: str = "event") -> str:
    name = text(value, field, MAX_EVENT_CHARS)
    if name is None:
        raise CaptureError("is missing or empty", field)
    return name


def mapping(value: Any, field: str, copy: bool = True) -> dict[str, Any]:
    """An optional JSON object (properties, traits, context); null is empty. Without `copy`,
    the object itself, for one that is only read."""
    if type(value) is dict:
        return dict(value) if copy else value
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise CaptureError(f"must be a JSON object, not {_json_type(value)}", field)
    return dict(value)


def timestamp_us(value: Any, field: str = "timestamp") -> int | None:
    """ISO 8601 text (a zone-less time is UTC) or epoch seconds/milliseconds -> microseconds."""
    if type(value) is str and value:
        return _text_time_us(value, field)
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise CaptureError("must be an ISO 8601 string or an epoch number", field)
    if isinstance(value, int | float):
        seconds = float(value) / 1000 if abs(value) >= 1e11 else float(value)
        if not math.isfinite(seconds * 1_000_000):  # 1e308 is valid JSON
            raise CaptureError(f"{value!r} is too large to be a time", field)
        return round(seconds * 1_000_000)
    if not isinstance(value, str):
        raise CaptureError(f"must be an ISO 8601 string, not {_json_type(value)}", field)
    return _text_time_us(value, field)


def _text_time_us(value: str, field: str) -> int:
    try:
        moment = _from_iso(value)
    except ValueError:
        raise CaptureError(
            f"cannot read {value[:60]!r} as a time; expected ISO 8601, e.g. 2024-05-01T12:00:00Z",
            field,
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    delta = moment - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def _from_iso(value: str) -> datetime:
    """Python 3.11 reads the times clients send as they are; 3.10 and odd forms need `_iso`."""
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return datetime.fromisoformat(_iso(value.strip()))


def _iso(value: str) -> str:
    """What Python 3.10's `fromisoformat` needs: +00:00 for Z, six fraction digits."""
    if value[-1:] in ("Z", "z"):
        value = value[:-1] + "+00:00"
    return _FRACTION.sub(lambda m: "." + (m[1] + "000000")[:6], value, count=1)


def in_range(moment_us: int) -> bool:
    return EARLIEST_US <= moment_us < LATEST_US


def storable(moment_us: int) -> int:
    """An event's time, if the store can hold it."""
    if not in_range(moment_us):
        raise CaptureError("is outside 1970-01-01 .. 2100-01-01", "timestamp")
    return moment_us


def _json_type(value: Any) -> str:
    if isinstance(value, list | tuple):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    return "an object" if isinstance(value, Mapping) else type(value).__name__


@dataclass
class Parsed:
    """A request turned into records: the accepted ones, the rejected ones, the key it carried,
    and what the records are (`events`, or `feedback` items) for the writer."""

    records: list[dict[str, Any]]
    rejections: list[Rejection]
    key: str | None = None
    target: str = "events"


def convert_each(
    items: list[Any], convert: Callable[[Any], dict[str, Any]], max_event_bytes: int
) -> tuple[list[dict[str, Any]], list[Rejection]]:
    """Convert each item, keeping those that fail as rejections (413 when over the size limit)."""
    records: list[dict[str, Any]] = []
    rejections: list[Rejection] = []
    # no event can be over the limit when all of them together are not: size each only then
    sized = len(orjson.dumps(items, option=orjson.OPT_NON_STR_KEYS)) > max_event_bytes
    for index, item in enumerate(items):
        if sized and len(raw := _raw(item)) > max_event_bytes:
            reason = f"the event is {len(raw):,} bytes; the limit is {max_event_bytes // 1024} KB"
            rejections.append(Rejection(index, None, reason, 413, _truncated(raw)))
            continue
        try:
            records.append(convert(item))
        except CaptureError as exc:
            raw = _raw(item).decode()
            rejections.append(Rejection(index, exc.field, exc.reason, exc.status, raw))
    return records, rejections


def _raw(item: Any) -> bytes:
    return orjson.dumps(item, option=orjson.OPT_NON_STR_KEYS)


def _truncated(raw: bytes, limit: int = 4096) -> str:
    return raw[:limit].decode(errors="replace") + "…"
