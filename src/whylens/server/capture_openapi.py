"""The capture API in the OpenAPI document. Its routes are plain Starlette routes (for speed,
see server/capture.py), so FastAPI cannot describe them: this does, for readers and for the fuzz
test, which sends every documented operation well-formed and malformed bodies."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from whylens.ingest.capture import feedback as fb
from whylens.ingest.capture import segment
from whylens.ingest.capture.records import MAX_EVENT_CHARS, MAX_ID_CHARS
from whylens.model.feedback import KINDS, RANGES
from whylens.server.capture import FEEDBACK_PATH, POSTHOG_PATHS

_REF = "#/components/schemas/"
_ID = {"type": ["string", "number"], "maxLength": MAX_ID_CHARS}
_TIME = {
    "type": ["string", "number"],
    "format": "date-time",
    "description": "ISO 8601 (a zone-less time is UTC) or epoch seconds / milliseconds",
}
_OBJECT = {"type": "object"}
_TEXT = {"type": "string"}


def _object(properties: dict[str, Any], required: tuple[str, ...] = (), **more: Any) -> dict:
    return {"type": "object", "properties": properties, "required": list(required), **more}


SCHEMAS: dict[str, dict[str, Any]] = {
    "SegmentContext": _object(
        {
            "page": _object({k: _TEXT for k in ("url", "path", "referrer", "title", "search")}),
            "campaign": _object(
                {k: _TEXT for k in ("source", "medium", "name", "term", "content")}
            ),
            "userAgent": _TEXT,
            "os": _object({"name": _TEXT, "version": _TEXT}),
            "sessionId": _ID,
            "library": _object({"name": _TEXT, "version": _TEXT}),
            "locale": _TEXT,
            "timezone": _TEXT,
        },
        description="page, campaign, userAgent, os and sessionId fill typed columns; ip gives the"
        " country when the server has a GeoIP file and is never stored",
    ),
    "SegmentMessage": _object(
        {
            "type": {"enum": list(segment.TYPES)},
            "userId": _ID,
            "anonymousId": _ID,
            "messageId": {**_ID, "description": "the dedup key: a retried message is stored once"},
            "timestamp": _TIME,
            "sentAt": _TIME,
            "context": {"$ref": _REF + "SegmentContext"},
            "properties": _OBJECT,
            "event": {"type": "string", "minLength": 1, "maxLength": MAX_EVENT_CHARS},
            "name": _TEXT,
            "category": _TEXT,
            "traits": _OBJECT,
            "groupId": _ID,
            "previousId": _ID,
            "integrations": _OBJECT,
            "writeKey": _TEXT,
        },
        anyOf=[{"required": ["userId"]}, {"required": ["anonymousId"]}],
    ),
    "SegmentBatch": _object(
        {
            "batch": {"type": "array", "items": {"$ref": _REF + "SegmentMessage"}},
            "sentAt": _TIME,
            "writeKey": _TEXT,
            "context": {"$ref": _REF + "SegmentContext"},
        },
        ("batch",),
    ),
    "PostHogEvent": _object(
        {
            "event": {"type": "string", "minLength": 1, "maxLength": MAX_EVENT_CHARS},
            "distinct_id": {**_ID, "description": "here or in properties; not empty"},
            "uuid": {**_ID, "description": "the dedup key: a retried event is stored once"},
            "timestamp": _TIME,
            "offset": {"type": "number", "description": "milliseconds before sending"},
            "properties": {
                "type": "object",
                "description": "$current_url, $referrer, $session_id, $raw_user_agent, utm_* …"
                " fill typed columns; $ip gives the country (with a GeoIP file) and is never"
                " stored; token is dropped",
            },
            "$set": _OBJECT,
            "$set_once": _OBJECT,
        },
        ("event",),
        anyOf=[
            {"required": ["distinct_id"]},
            {
                "required": ["properties"],
                "properties": {"properties": {"required": ["distinct_id"]}},
            },
        ],
    ),
    "PostHogBatch": _object(
        {
            "api_key": _TEXT,
            "token": _TEXT,
            "batch": {"type": "array", "items": {"$ref": _REF + "PostHogEvent"}},
            "sent_at": _TIME,
            "sentAt": _TIME,
            "historical_migration": {"type": "boolean"},
        },
        ("batch",),
    ),
    "FeedbackItem": _object(
        {
            "person": {**_ID, "description": "any id the person is known under (resolved)"},
            "timestamp": {**_TIME, "description": _TIME["description"] + "; default: now"},
            "kind": {"enum": list(KINDS), "description": "default nps with a score, else text"},
            "score": {
                "type": "number",
                "description": ", ".join(f"{k} {lo}-{hi}" for k, (lo, hi) in RANGES.items())
                + "; a text item has none",
            },
            "text": {"type": "string", "maxLength": fb.MAX_TEXT_CHARS},
            "source": {"type": "string", "maxLength": fb.MAX_SOURCE_CHARS, "default": "api"},
            "tags": {
                "type": "array",
                "maxItems": fb.MAX_TAGS,
                "items": {"type": "string", "maxLength": fb.MAX_TAG_CHARS},
            },
            "id": {**_ID, "description": "the dedup key: a retried item is stored once"},
        },
        anyOf=[{"required": ["text"]}, {"required": ["score"]}],
        description="One survey answer or comment; its text is scored when stored",
    ),
    "FeedbackBatch": _object(
        {
            "batch": {"type": "array", "minItems": 1, "items": {"$ref": _REF + "FeedbackItem"}},
            "writeKey": _TEXT,
            "api_key": _TEXT,
        },
        ("batch",),
    ),
    "Rejected": _object(
        {"index": {"type": "integer"}, "field": {"type": ["string", "null"]}, "reason": _TEXT},
        ("index", "field", "reason"),
    ),
    "CaptureError": _object(
        {
            "code": {"enum": ["invalid_request", "unauthorized", "too_large", "overloaded"]},
            "message": _TEXT,
            "detail": _TEXT,
            "field": _TEXT,
            "rejected": {"type": "array", "items": {"$ref": _REF + "Rejected"}},
        },
        ("code", "message", "detail"),
    ),
}
_REJECTED = {"type": "array", "items": {"$ref": _REF + "Rejected"}}
_ERRORS = {
    "400": "Not JSON, a wrong shape or a bad field (named by `field`); every event rejected",
    "401": "No key, an unknown key or a read key",
    "413": "A body over 500 KB (decompressed too) or every event over 32 KB",
    "503": "The store is behind: retry after the `Retry-After` seconds",
}
_SECURITY = [{"writeKeyBasic": []}, {"writeKeyBearer": []}, {}]
_SECURITY_SCHEMES = {
    "writeKeyBasic": {
        "type": "http",
        "scheme": "basic",
        "description": "the write key as user name, empty password (Segment)",
    },
    "writeKeyBearer": {"type": "http", "scheme": "bearer", "description": "the write key"},
}


def _operation(summary: str, body: dict[str, Any], ok: dict[str, Any], forms: bool) -> dict:
    content = {"application/json": {"schema": body}}
    if forms:  # posthog-js: data=<base64 or JSON>
        form = _object({"data": _TEXT, "compression": _TEXT}, ("data",))
        content["application/x-www-form-urlencoded"] = {"schema": form}
    error = {"application/json": {"schema": {"$ref": _REF + "CaptureError"}}}
    responses = {
        "200": {"description": "Stored durably", "content": {"application/json": {"schema": ok}}}
    }
    responses |= {
        status: {"description": text, "content": error} for status, text in _ERRORS.items()
    }
    responses["503"]["headers"] = {"Retry-After": {"schema": {"type": "integer"}}}
    return {
        "tags": ["capture"],
        "summary": summary,
        "description": "Gzip bodies are recognised by their first bytes. In a batch the valid"
        " events are stored and the others listed in `rejected`. See docs/ingestion.md.",
        "requestBody": {"required": True, "content": content},
        "responses": responses,
        "security": _SECURITY,
    }


def _segment_body(kind: str) -> dict[str, Any]:
    if kind == "batch":
        return {"$ref": _REF + "SegmentBatch"}
    needs = {"track": ["event"], "group": ["groupId"], "alias": ["previousId", "userId"]}
    return {"allOf": [{"$ref": _REF + "SegmentMessage"}, {"required": needs.get(kind, [])}]}


def paths() -> dict[str, dict[str, Any]]:
    """The capture routes as OpenAPI path items (each PostHog route also takes a trailing /)."""
    segment_ok = _object({"success": {"const": True}, "rejected": _REJECTED}, ("success",))
    posthog_ok = _object({"status": {"const": 1}, "rejected": _REJECTED}, ("status",))
    posthog_body = {
        "anyOf": [
            {"$ref": _REF + "PostHogBatch"},
            {"$ref": _REF + "PostHogEvent"},
            {"type": "array", "items": {"$ref": _REF + "PostHogEvent"}},
        ]
    }
    documented: dict[str, dict[str, Any]] = {}
    for kind in (*segment.TYPES, "batch"):
        summary = f"Segment {kind} (writeKey in the body or HTTP Basic)"
        documented[f"/v1/{kind}"] = {
            "post": _operation(summary, _segment_body(kind), segment_ok, forms=False)
        }
    for path in POSTHOG_PATHS:
        summary = "PostHog capture: a batch, one event or an array (api_key or token)"
        documented[path] = {"post": _operation(summary, posthog_body, posthog_ok, forms=True)}
    feedback_body = {
        "anyOf": [
            {"$ref": _REF + "FeedbackBatch"},
            {"$ref": _REF + "FeedbackItem"},
            {"type": "array", "minItems": 1, "items": {"$ref": _REF + "FeedbackItem"}},
        ]
    }
    summary = "Feedback: one item, an array or a batch (writeKey, api_key, Basic or Bearer)"
    documented[FEEDBACK_PATH] = {"post": _operation(summary, feedback_body, segment_ok, False)}
    documented["/whylens.js"] = {
        "get": {
            "tags": ["capture"],
            "summary": "The browser snippet",
            "description": "Sends page views, clicks and custom events to /batch.",
            "responses": {"200": {"description": "JavaScript", "content": {"text/javascript": {}}}},
        }
    }
    return documented


def document_capture(app: FastAPI) -> None:
    """Make `app.openapi()` include the capture routes, their bodies and their answers."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = build()
            document["paths"].update(paths())
            components = document.setdefault("components", {})
            components.setdefault("schemas", {}).update(SCHEMAS)
            components.setdefault("securitySchemes", {}).update(_SECURITY_SCHEMES)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented way to extend
