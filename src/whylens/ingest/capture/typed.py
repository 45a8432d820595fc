"""Request bodies decoded straight into typed messages, in C: the checks of every field's JSON
type cost nothing per event, and a batch's events arrive as their raw bytes first.

Generic decoding made a dict of every object and then checked each field in Python, which was
most of the CPU a batch took to answer. Here msgspec checks the types while it decodes; a
message that fails is reported by field (its path as the client sent it) with the same words
as the checks in `records`, and the valid messages of a batch are kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar, Union

import msgspec
import orjson

from whylens.ingest.capture.records import CaptureError, Rejection

#: a text field: ids and names may be sent as numbers, as both APIs' clients do
Text = Union[str, int, float, None]  # noqa: UP007 (msgspec reads the annotation at run time)
#: an optional JSON object (properties, traits)
Object = Union[dict[str, Any], None]  # noqa: UP007
Raw = msgspec.Raw
T = TypeVar("T")

_PATH = re.compile(r" - at `\$(.*)`$")
_GOT = re.compile(r"got `(\w+)`")
_NAMES = {
    "array": "an array",
    "object": "an object",
    "str": "a string",
    "int": "a number",
    "float": "a number",
    "bool": "a boolean",
    "null": "null",
}


def json_bytes(body: bytes | Any) -> bytes:
    """A request body as JSON bytes; a document already decoded (a test's dict) is encoded."""
    return body if isinstance(body, bytes) else orjson.dumps(body)


def decode(raw: bytes, decoder: msgspec.json.Decoder[T], shapes: dict[str, str]) -> T:
    """The body's envelope; CaptureError naming the field when its shape is wrong.

    `shapes` words the errors of the envelope's own fields by path (`""` is the body itself).
    """
    try:
        return decoder.decode(raw)
    except msgspec.ValidationError as exc:
        field, reason = _where(exc)
        if field in shapes:
            raise CaptureError(shapes[field], field or None) from None
        raise CaptureError(reason, field or None) from None
    except msgspec.DecodeError:
        raise not_json(raw) from None


def not_json(raw: bytes) -> CaptureError:
    """The error of a body that is not JSON, with the line and column orjson finds."""
    try:
        orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        return CaptureError(f"the body is not valid JSON: {exc}")
    return CaptureError("the body is not valid JSON: a number out of range")


def convert_raw(
    items: list[msgspec.Raw],
    decoder: msgspec.json.Decoder[T],
    convert: Callable[[T], dict[str, Any]],
    max_event_bytes: int,
    not_an_object: str,
) -> tuple[list[dict[str, Any]], list[Rejection]]:
    """Decode and convert each raw event, keeping those that fail as rejections (413 when
    over the size limit, which the raw bytes tell without encoding anything again)."""
    records: list[dict[str, Any]] = []
    rejections: list[Rejection] = []
    for index, raw in enumerate(items):
        if len(raw) > max_event_bytes:
            reason = f"the event is {len(raw):,} bytes; the limit is {max_event_bytes // 1024} KB"
            text = bytes(raw)[:4096].decode(errors="replace") + "…"
            rejections.append(Rejection(index, None, reason, 413, text))
            continue
        try:
            records.append(convert(decoder.decode(raw)))
        except msgspec.ValidationError as exc:
            field, reason = _where(exc)
            reason = reason if field else not_an_object
            rejections.append(Rejection(index, field or None, reason, 400, _text(raw)))
        except CaptureError as exc:
            rejections.append(Rejection(index, exc.field, exc.reason, exc.status, _text(raw)))
    return records, rejections


def _text(raw: msgspec.Raw) -> str:
    return bytes(raw).decode(errors="replace")


def _where(exc: msgspec.ValidationError) -> tuple[str, str]:
    """(field as the client sent it, reason) of a type error, worded as `records` words it."""
    message = str(exc)
    found = _PATH.search(message)
    path = found[1].lstrip(".") if found else ""
    got = _GOT.search(message)
    kind = _NAMES.get(got[1], got[1]) if got else "another type"
    expected = (
        set(message.split("`")[1].split(" | ")) if message.startswith("Expected `") else set()
    )
    if "str" in expected:
        return path, f"must be a string, not {kind}"
    if "object" in expected:
        return path, f"must be a JSON object, not {kind}"
    if "array" in expected:
        return path, f"must be an array, not {kind}"
    return path, message.split(" - at ")[0]
