"""One load-generating process: HTTP/1.1 keep-alive connections written on raw asyncio.

A general-purpose client (httpx, aiohttp) spends more CPU per request than a small server does
to answer it, so the figures would measure the client. Here a request is one `write` of bytes
built in advance and a response is parsed only as far as its status and length. Every loop is
bounded by a request count and by a deadline; each process reports its answers and latencies.
"""

from __future__ import annotations

import asyncio
import resource
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bench import payloads

#: a connection that sees no answer for this long is given up (the run is then reported failed)
ANSWER_TIMEOUT_S = 30.0


@dataclass(frozen=True)
class Spec:
    """What one process sends: `requests` at most, until `start_at + seconds` at the latest."""

    host: str
    port: int
    payload: str  # a name in payloads.BUILDERS
    key: str
    worker: int
    connections: int
    requests: int
    seconds: float
    start_at: float  # time.time() at which every process starts sending
    events_per_request: int = 1


class _Connection(asyncio.Protocol):
    """One keep-alive connection with at most one request in flight."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self._buffer = bytearray()
        self._waiter: asyncio.Future[int] | None = None
        self._closed: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def connection_lost(self, exc: Exception | None) -> None:
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_exception(ConnectionError(f"connection closed: {exc}"))

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        if self._waiter is None or self._waiter.done():
            return
        try:
            status = _complete_response(self._buffer)
        except ValueError as exc:
            self._waiter.set_exception(ConnectionError(f"unreadable response: {exc}"))
            return
        if status is not None:
            self._waiter.set_result(status)

    def response_head(self) -> bytes:
        """The status line and headers of the last response."""
        return bytes(self._buffer[: self._buffer.find(b"\r\n\r\n")])

    async def exchange(self, request: bytes) -> int:
        """Send a request; its status once the whole response has arrived."""
        self._buffer.clear()
        self._waiter = asyncio.get_running_loop().create_future()
        assert self.transport is not None
        self.transport.write(request)
        return await asyncio.wait_for(self._waiter, ANSWER_TIMEOUT_S)


def _complete_response(buffer: bytearray) -> int | None:
    """The status of the response in `buffer`, once all of it (by Content-Length) is there."""
    end = buffer.find(b"\r\n\r\n")
    if end < 0:
        return None
    head = bytes(buffer[:end]).lower()
    start = head.find(b"\r\ncontent-length:")
    if start < 0:
        raise ValueError("no Content-Length")
    stop = head.find(b"\r\n", start + 2)
    length = int(head[start + 17 : stop if stop >= 0 else None])
    if len(buffer) < end + 4 + length:
        return None
    return int(buffer[9:12])


def request_bytes(spec: Spec, path: str, body: bytes, headers: dict[str, str]) -> bytes:
    lines = [f"POST {path} HTTP/1.1", f"Host: {spec.host}:{spec.port}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


class _Run:
    """The shared state of one process's connections: the next request number, the answers."""

    def __init__(self, spec: Spec, build: Callable[[Spec, int], tuple[str, bytes, dict]]) -> None:
        self.spec = spec
        self.build = build
        self.next = 0
        self.deadline = spec.start_at + spec.seconds
        self.statuses: Counter[int] = Counter()
        self.latencies_us: list[int] = []
        self.acknowledged = 0
        self.unanswered: list[int] = []  # request numbers sent without a 200
        self.errors: list[str] = []
        self.finished = 0.0

    def take(self) -> int | None:
        if self.next >= self.spec.requests or time.time() >= self.deadline:
            return None
        self.next += 1
        return self.next - 1

    async def connection(self, loop: asyncio.AbstractEventLoop) -> None:
        _, conn = await loop.create_connection(_Connection, self.spec.host, self.spec.port)
        await asyncio.sleep(max(0.0, self.spec.start_at - time.time()))
        try:
            while (number := self.take()) is not None:
                path, body, headers = self.build(self.spec, number)
                request = request_bytes(self.spec, path, body, headers)
                if not await self._send(conn, number, request):
                    return
        finally:
            if conn.transport is not None:
                conn.transport.close()
            self.finished = max(self.finished, time.time())

    async def _send(self, conn: _Connection, number: int, request: bytes) -> bool:
        """Send until answered 200; after a 503, again once its Retry-After has passed (as
        Segment's and PostHog's clients do), while the deadline allows. False: the connection
        is lost."""
        while True:
            sent = time.perf_counter()
            try:
                status = await conn.exchange(request)
            except (ConnectionError, asyncio.TimeoutError) as exc:
                self.errors.append(str(exc) or type(exc).__name__)
                self.unanswered.append(number)
                return False
            self.latencies_us.append(round((time.perf_counter() - sent) * 1e6))
            self.statuses[status] += 1
            if status == 200:
                self.acknowledged += self.spec.events_per_request
                return True
            wait = _retry_after(conn.response_head()) if status == 503 else None
            if wait is None or time.time() + wait >= self.deadline:
                self.unanswered.append(number)
                return True
            await asyncio.sleep(wait)


def _retry_after(head: bytes) -> float | None:
    """Seconds of a Retry-After header in a response head, if it has one."""
    start = head.lower().find(b"\r\nretry-after:")
    if start < 0:
        return None
    stop = head.find(b"\r\n", start + 2)
    return float(head[start + 15 : stop if stop >= 0 else None])


async def _main(spec: Spec) -> dict[str, Any]:
    run = _Run(spec, payloads.BUILDERS[spec.payload])
    loop = asyncio.get_running_loop()
    await asyncio.gather(*(run.connection(loop) for _ in range(spec.connections)))
    return {
        "worker": spec.worker,
        "sent": run.next,
        "statuses": {str(k): v for k, v in run.statuses.items()},
        "acknowledged_events": run.acknowledged,
        "unanswered": run.unanswered,
        "latencies_us": run.latencies_us,
        "errors": run.errors[:5],
        "started": spec.start_at,
        "finished": run.finished,
    }


def run(spec: Spec) -> dict[str, Any]:
    """Entry point of a worker process: send the load, return what happened and its CPU time."""
    before = _cpu_seconds()
    try:
        import uvloop
    except ImportError:  # the plain loop works; it only costs more CPU per request
        result = asyncio.run(_main(spec))
    else:
        result = uvloop.run(_main(spec))
    return {**result, "cpu_seconds": _cpu_seconds() - before}


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
