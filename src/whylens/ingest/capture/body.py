"""From the bytes of a capture request to JSON: gzip found by its magic bytes whatever the headers
say, posthog-js' base64 form bodies (`data=`), and size limits checked after decompression too,
so that a small gzip body cannot expand into an unbounded one.
"""

from __future__ import annotations

import base64
import binascii
import zlib
from typing import Any
from urllib.parse import parse_qs

import orjson

from whylens.ingest.capture.records import CaptureError

GZIP_MAGIC = b"\x1f\x8b"


def too_large(size: int, limit: int, what: str = "the request body") -> CaptureError:
    return CaptureError(f"{what} is {size:,} bytes; the limit is {limit // 1024} KB", status=413)


def gunzip(raw: bytes, limit: int) -> bytes:
    """Decompress a gzip body, refusing to expand beyond `limit` bytes."""
    inflater = zlib.decompressobj(wbits=31)
    try:
        data = inflater.decompress(raw, limit + 1)
    except zlib.error as exc:
        raise CaptureError(f"the body starts like gzip but cannot be decompressed: {exc}") from None
    if len(data) > limit or inflater.unconsumed_tail:
        raise too_large(len(data), limit, "the decompressed body")
    return data


def _form_data(raw: bytes, limit: int) -> bytes:
    """posthog-js' `data=<base64 or JSON>` form bodies (`compression=lz64` is not supported)."""
    fields = parse_qs(raw.decode("utf-8", errors="replace"), keep_blank_values=True)
    if fields.get("compression") == ["lz64"]:
        raise CaptureError("lz64 compression is not supported; send gzip-js or base64")
    values = fields.get("data")
    if not values:
        raise CaptureError("a form body needs a `data` field")
    value = values[0].strip()
    if value[:1] in ("{", "["):
        return value.encode()
    value = value.replace(" ", "+") + "=" * (-len(value) % 4)  # an unescaped + reads as space
    try:
        decoded = (
            base64.urlsafe_b64decode(value)
            if "-" in value or "_" in value
            else base64.b64decode(value)
        )
    except (binascii.Error, ValueError):
        raise CaptureError("the `data` field is neither JSON nor base64") from None
    return gunzip(decoded, limit) if decoded[:2] == GZIP_MAGIC else decoded


def content(raw: bytes, content_type: str | None, limit: int) -> bytes:
    """The JSON text of a request body (decompressed, out of its form); CaptureError (400 or
    413) when there is none. The capture parsers decode it into typed messages themselves."""
    if len(raw) > limit:
        raise too_large(len(raw), limit)
    if raw[:2] == GZIP_MAGIC:
        raw = gunzip(raw, limit)
    if not raw.strip():
        raise CaptureError("the request body is empty")
    if raw[:5] == b"data=" or "x-www-form-urlencoded" in (content_type or ""):
        raw = _form_data(raw, limit)
    return raw


def loads(text: bytes) -> Any:
    """A JSON document; CaptureError with the parser's line and column when it is not one."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise CaptureError(f"the body is not valid JSON: {exc}") from None


def decode(raw: bytes, content_type: str | None, limit: int) -> Any:
    """The JSON document of a request body; CaptureError (400 or 413) when there is none."""
    return loads(content(raw, content_type, limit))
