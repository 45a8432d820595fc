"""Capture endpoints: Segment's and PostHog's HTTP APIs and `/v1/feedback`, answered once what
they carry is on disk.

A request is decoded, checked and turned into records (ingest/capture), its key names the
project, and it is appended to the write-ahead log; the 200 goes out after the log's fsync. The
background writer moves the log into the store. When the writer falls behind by more than the
backlog bound, requests get 503 with Retry-After (both clients honour it) rather than piling up.
These are plain Starlette routes: FastAPI's validation layer would halve their throughput.
"""

from __future__ import annotations

import base64
import binascii
import logging
import secrets
import shutil
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import msgspec
import orjson
from fastapi import APIRouter, FastAPI, Request
from starlette.requests import ClientDisconnect
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from whylens.errors import ConfigError
from whylens.ingest import privacy_rules
from whylens.ingest.capture import body, feedback, posthog, segment
from whylens.ingest.capture.protect import protect
from whylens.ingest.capture.records import CaptureError, Parsed, Rejection
from whylens.ingest.geoip import GeoIP
from whylens.ingest.privacy import Policy
from whylens.ingest.wal import LogClosed, WriteAheadLog
from whylens.ingest.writer import LogWriter, checkpoint
from whylens.model import keys
from whylens.workspace import Workspace

POSTHOG_PATHS = ("/batch", "/capture", "/e", "/i/v0/e")
FEEDBACK_PATH = "/v1/feedback"
_CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "POST, OPTIONS",
    "Access-Control-Allow-Headers": "Content-Type, Content-Encoding, Authorization",
}
_JSON_HEADERS = [(k.lower().encode(), v.encode()) for k, v in _CORS.items()]
_JSON_HEADERS.append((b"content-type", b"application/json"))
_LOOPBACK = {"127.0.0.1", "::1", "localhost", "testclient"}
log = logging.getLogger("whylens.capture")


@dataclass
class CaptureSettings:
    """Limits and places of the capture service; every field is a `whylens serve` option."""

    log_dir: Path | None = None  # default: beside the database, `<db>.capture-log/`
    max_body_bytes: int = 500 * 1024
    max_event_bytes: int = 32 * 1024
    max_backlog_bytes: int = 128 << 20  # four batches of the writer's when it is behind
    retry_after_s: int = 2
    demo_key: bool = False  # accept the key `demo` for project `default` while no key exists
    commit_interval_s: float = 0.002
    start_writer: bool = True
    #: a GeoIP file (or its ranges, loaded): countries from addresses (docs/ingestion.md)
    geoip: Path | GeoIP | None = None


class CaptureService:
    """The log, its writer and the key grants of one server."""

    def __init__(self, workspace: Workspace, settings: CaptureSettings) -> None:
        self.workspace = workspace
        self.settings = settings
        self.grants: dict[str, keys.KeyGrant] = {}
        self.wal: WriteAheadLog | None = None
        self.writer: LogWriter | None = None
        self._temporary: str | None = None
        self.geoip: GeoIP | None = None
        self._policies: dict[str, Policy] = {}
        self._rules_seen = -1
        #: path -> endpoint of every capture POST route, for CaptureFirst
        self.routes: dict[str, Callable[[Request], Awaitable[Response]]] = {}

    def start(self) -> None:
        """Open the log and replay what the store does not hold yet, then start the writer."""
        engine = self.workspace.engine
        self.grants = keys.load_grants(engine)
        geoip = self.settings.geoip
        if geoip is not None and self.geoip is None:
            self.geoip = (geoip if isinstance(geoip, GeoIP) else GeoIP.load(geoip)).for_lookups()
        self.wal = WriteAheadLog(
            self._log_dir(),
            start=checkpoint(engine),
            commit_interval_s=self.settings.commit_interval_s,
        )
        self.writer = LogWriter(engine, self.wal)
        if self.writer.backlog:
            log.warning("capture log: replaying %d bytes into the store", self.writer.backlog)
            self.writer.drain()
        if self.settings.start_writer:
            self.writer.start()

    def stop(self) -> None:
        """No more appends; everything acknowledged goes into the store before this returns."""
        if self.wal is None or self.writer is None:
            return
        self.wal.close()
        if not self.writer.stop():
            log.error(
                "capture log: %d bytes not stored; they are replayed on the next start",
                self.writer.backlog,
            )
        if self._temporary:
            shutil.rmtree(self._temporary, ignore_errors=True)

    @asynccontextmanager
    async def lifespan(self, app: Any) -> AsyncIterator[None]:
        self.start()
        try:
            yield
        finally:
            self.stop()

    def _log_dir(self) -> Path:
        if self.settings.log_dir:
            return Path(self.settings.log_dir)
        database = getattr(self.workspace.engine, "path", ":memory:")
        if database == ":memory:":  # nothing outlives the process anyway
            self._temporary = tempfile.mkdtemp(prefix="whylens-capture-")
            return Path(self._temporary)
        return Path(database + ".capture-log")

    # -- a request ---------------------------------------------------------------------------------
    def policy(self, project: str) -> Policy:
        """The project's privacy rules, read again once they have changed in this process."""
        if self._rules_seen != privacy_rules.generation():
            self._policies, self._rules_seen = {}, privacy_rules.generation()
        if project not in self._policies:
            self._policies[project] = privacy_rules.policy(self.workspace.engine, project)
        return self._policies[project]

    def protect(self, project: str, parsed: Parsed, request: Request) -> Parsed:
        client = request.client.host if request.client else None
        return protect(parsed, self.policy(project), self.geoip, client)

    def grant(self, key: str | None, hint: str) -> keys.KeyGrant:
        if not key:
            raise CaptureError(f"no project key: send it as {hint}", status=401)
        found = self.grants.get(keys.digest(key))
        if found is None and self.settings.demo_key and not self.grants and key == keys.DEMO_KEY:
            return keys.KeyGrant(keys.DEMO_PROJECT, "write")
        if found is None:
            raise CaptureError("unknown project key", status=401)
        if found.kind != "write":
            raise CaptureError("this is a read key; sending events needs a write key", status=401)
        return found

    async def handle(
        self,
        request: Request,
        source: str,
        parse: Callable[[bytes, int], Parsed],
        hint: str,
        ok: dict,
    ) -> Response:
        received_us = time.time_ns() // 1000
        header_key = _authorization_key(request)
        raw = b""
        try:
            if self.writer is None or self.wal is None:
                raise LogClosed("the capture service is not running")
            if self.writer.backlog > self.settings.max_backlog_bytes:
                return _overloaded(self.settings.retry_after_s)
            raw = await _read(request, self.settings.max_body_bytes)
            text = body.content(
                raw, request.headers.get("content-type"), self.settings.max_body_bytes
            )
            parsed = parse(text, received_us)
            project = self.grant(header_key or parsed.key, hint).project_id
            parsed = self.protect(project, parsed, request)
            if parsed.records or parsed.rejections:
                await self.wal.append(_entry(project, source, parsed, received_us))
        except CaptureError as exc:
            if exc.status == 400 and raw:
                await self._keep_bad_body(header_key, source, raw, exc, received_us)
            return _error(exc.status, exc.reason, exc.field)
        except LogClosed as exc:
            return _overloaded(self.settings.retry_after_s, str(exc))
        if parsed.rejections and not parsed.records:
            first = parsed.rejections[0]
            status = 413 if all(r.status == 413 for r in parsed.rejections) else 400
            return _error(status, first.reason, first.field, parsed.rejections)
        if parsed.rejections:
            ok = {**ok, "rejected": [r.to_dict() for r in parsed.rejections]}
        return _json(200, ok)

    async def _keep_bad_body(
        self, key: str | None, source: str, raw: bytes, exc: CaptureError, received_us: int
    ) -> None:
        """A body that is not even JSON is kept when its key (a header) names the project."""
        grant = self.grants.get(keys.digest(key)) if key else None
        if grant is None or grant.kind != "write" or self.wal is None:
            return
        bad = Rejection(0, exc.field, exc.reason, exc.status, raw[:4096].decode(errors="replace"))
        with suppress(LogClosed):
            kept = protect(Parsed([], [bad]), self.policy(grant.project_id), None, None)
            await self.wal.append(_entry(grant.project_id, source, kept, received_us))


def _entry(project: str, source: str, parsed: Parsed, received_us: int) -> bytes:
    """The log record of a request (msgspec writes integers of any size, as it reads them).

    `received` (microseconds since the epoch) is when the request arrived: its rejects keep that
    time, whenever the writer stores them, so that requests stored in one batch stay in order.
    """
    rejects = [{**r.to_dict(), "raw": r.raw} for r in parsed.rejections]
    return msgspec.json.encode(
        {
            "project": project,
            "source": source,
            "received": received_us,
            parsed.target: parsed.records,
            "rejects": rejects,
        }
    )


async def _read(request: Request, limit: int) -> bytes:
    """The body, read from the ASGI messages (a body that fits one message is not copied)."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise body.too_large(int(declared), limit)
    chunks, size, more = [], 0, True
    while more:
        message = await request.receive()
        if message["type"] == "http.disconnect":
            raise ClientDisconnect()
        chunk, more = message.get("body", b""), message.get("more_body", False)
        size += len(chunk)
        if size > limit:
            raise body.too_large(size, limit)
        chunks.append(chunk)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _authorization_key(request: Request) -> str | None:
    """HTTP Basic with the key as user name (Segment), or a Bearer token."""
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer":
        return value.strip() or None
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(value.strip()).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    return decoded.partition(":")[0] or None


def _json(status: int, document: dict[str, Any], headers: dict[str, str] | None = None) -> Response:
    return _JSONAnswer(status, orjson.dumps(document), headers)


class _JSONAnswer(Response):
    """A JSON answer whose constant headers are encoded once, not for every request."""

    def __init__(self, status: int, content: bytes, headers: dict[str, str] | None) -> None:
        self.status_code = status
        self.background = None
        self.body = content
        self.raw_headers = [*_JSON_HEADERS, (b"content-length", str(len(content)).encode())]
        self.raw_headers += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]


_CODES = {400: "invalid_request", 401: "unauthorized", 413: "too_large", 503: "overloaded"}


def _error(
    status: int, reason: str, field: str | None = None, rejected: list[Rejection] | None = None
) -> Response:
    message = f"{field}: {reason}" if field else reason
    document: dict[str, Any] = {"code": _CODES[status], "message": message, "detail": message}
    if field:
        document["field"] = field
    if rejected:
        document["rejected"] = [r.to_dict() for r in rejected]
    return _json(status, document)


def _overloaded(retry_after_s: int, reason: str = "the store is behind; retry later") -> Response:
    document = {"code": "overloaded", "message": reason, "detail": reason}
    return _json(503, document, {"Retry-After": str(retry_after_s)})


async def _preflight(request: Request) -> Response:
    return Response(status_code=204, headers=_CORS)


def capture_router(service: CaptureService, token: str | None = None) -> APIRouter:
    """The capture routes and the browser snippet; with a token, `/internal/keys` too."""
    router = APIRouter()
    for kind in (*segment.TYPES, "batch"):
        _add(
            router,
            f"/v1/{kind}",
            service,
            _segment_parser(kind, service),
            "writeKey or HTTP Basic",
            {"success": True},
        )
    for path in POSTHOG_PATHS:
        for variant in (path, path + "/"):
            _add(
                router,
                variant,
                service,
                _posthog_parser(service),
                "api_key or token",
                {"status": 1},
            )
    _add(
        router,
        FEEDBACK_PATH,
        service,
        _feedback_parser(service),
        "writeKey or api_key, HTTP Basic or Bearer",
        {"success": True},
    )
    router.add_route("/whylens.js", _snippet, ["GET"], include_in_schema=False)
    if token:
        router.add_route(
            "/internal/keys", _keys_endpoint(service, token), ["POST"], include_in_schema=False
        )
    return router


async def _snippet(request: Request) -> Response:
    """The browser snippet; cached briefly, so that a new version reaches pages within minutes."""
    code = (resources.files("whylens.dashboard") / "static" / "whylens.js").read_bytes()
    headers = {"Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*"}
    return Response(code, 200, headers, media_type="text/javascript; charset=utf-8")


def _add(router: APIRouter, path: str, service: CaptureService, parse, hint: str, ok: dict) -> None:
    async def endpoint(request: Request) -> Response:
        return await service.handle(request, path, parse, hint, ok)

    service.routes[path] = endpoint
    router.add_route(path, endpoint, ["POST"], include_in_schema=False)
    router.add_route(path, _preflight, ["OPTIONS"], include_in_schema=False)


class CaptureFirst(FastAPI):
    """The app, answering capture POSTs before FastAPI's telemetry, middleware and routing.

    Those layers took more CPU than handling a single event does (about 140 µs a request through
    them, 50 µs past them), and capture routes need none of them: they parse their own bodies and
    answer their own errors. Every other request goes through FastAPI as usual.
    """

    #: path -> endpoint of the capture POST routes (`CaptureService.routes`)
    capture_routes: dict[str, Callable[[Request], Awaitable[Response]]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST":
            endpoint = self.capture_routes.get(scope["path"])
            if endpoint is not None:
                response = await endpoint(Request(scope, receive))
                await response(scope, receive, send)
                return
        await super().__call__(scope, receive, send)


def _segment_parser(kind: str, service: CaptureService) -> Callable[[bytes, int], Parsed]:
    return lambda text, received: segment.parse(
        kind, text, received, service.settings.max_event_bytes
    )


def _posthog_parser(service: CaptureService) -> Callable[[bytes, int], Parsed]:
    return lambda text, received: posthog.parse(text, received, service.settings.max_event_bytes)


def _feedback_parser(service: CaptureService) -> Callable[[bytes, int], Parsed]:
    return lambda text, received: feedback.parse(
        body.loads(text), received, service.settings.max_event_bytes
    )


def _keys_endpoint(service: CaptureService, token: str):
    """Keys created while this server holds the database (the CLI cannot write it then)."""

    async def create(request: Request) -> Response:
        host = request.client.host if request.client else ""
        given = request.headers.get("x-whylens-token", "")
        if host not in _LOOPBACK or not secrets.compare_digest(given, token):
            return _json(403, {"detail": "local clients with the server's token only"})
        spec = orjson.loads(await request.body())
        try:
            created = keys.create_key(service.workspace.engine, spec["project"], spec["kind"])
        except ConfigError as exc:
            return _json(400, {"detail": str(exc)})
        service.grants = keys.load_grants(service.workspace.engine)
        return _json(200, created)

    return create
