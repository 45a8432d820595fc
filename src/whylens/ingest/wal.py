"""The write-ahead log: captured events are on disk, fsynced, before a request is answered.

Records are appended to segment files as `[u32 length][u32 crc32][payload]`, little-endian. A
position is a byte offset over the whole log; a segment is named after the position it starts at.
One committer thread writes everything waiting with a single write and a single fdatasync, so
concurrent requests share one disk flush (group commit). On open, a torn tail left by a crash is
cut off at the last whole record: nothing there was ever acknowledged. Design: docs/adr/0004.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import struct
import threading
import time
import zlib
from collections.abc import Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import Any

HEADER = struct.Struct("<II")
SUFFIX = ".log"
#: zlib lets go of the interpreter lock to checksum more than 5 KB, and taking it back waits for
#: whichever thread holds it meanwhile (up to the 5 ms switch interval): checksummed in smaller
#: pieces, a record costs the committer no wait at all (docs/adr/0011)
_CRC_PIECE = 4096
#: how much of a segment one read takes when the writer reads records back (each read lets go
#: of the interpreter lock too)
_READ_BYTES = 4 << 20
log = logging.getLogger("whylens.wal")


class LogClosed(RuntimeError):
    """The log takes no more appends (it is closing, or a write to disk failed)."""


class WriteAheadLog:
    """An append-only, checksummed, segmented log with group commit."""

    def __init__(
        self,
        directory: str | Path,
        *,
        start: int = 0,
        segment_bytes: int = 64 << 20,
        commit_interval_s: float = 0.002,
    ) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.segment_bytes = segment_bytes
        self.commit_interval_s = commit_interval_s
        self.commits = 0  # disk flushes so far; appends / commits is the group size
        self._bases = sorted(int(p.stem) for p in self.directory.glob("*" + SUFFIX))
        end = self._recover() if self._bases else start
        if not self._bases or end < start:
            self._bases.append(max(end, start))
            end = self._bases[-1]
        self.durable = end
        self._file = os.open(self._path(self._bases[-1]), os.O_WRONLY | os.O_CREAT, 0o600)
        os.lseek(self._file, end - self._bases[-1], os.SEEK_SET)
        _sync_directory(self.directory)
        self._pending: list[tuple[bytes, asyncio.AbstractEventLoop | None, object]] = []
        self._cond = threading.Condition()
        self._closing = False
        self._failed: BaseException | None = None
        self._last_commit = 0.0
        self.appended = threading.Event()  # set after each commit, for the writer
        self._thread = threading.Thread(target=self._commit_loop, name="whylens-wal", daemon=True)
        self._thread.start()

    # -- appending ---------------------------------------------------------------------------------
    async def append(self, payload: bytes) -> int:
        """Append one record; returns its end position once it is on disk."""
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self._enqueue(payload, loop, future)
        return await future

    def append_sync(self, payload: bytes) -> int:
        """`append` for threads without an event loop."""
        future: Future[int] = Future()
        self._enqueue(payload, None, future)
        return future.result()

    def _enqueue(self, payload: bytes, loop: asyncio.AbstractEventLoop | None, future) -> None:
        """Hand a record to the committer, which frames it: the checksum of a large record
        lets go of the interpreter lock, and a request handler taking it back waits for
        whichever thread got it meanwhile (up to the 5 ms switch interval)."""
        with self._cond:
            if self._closing or self._failed:
                raise LogClosed("the capture log is closed" if self._closing else str(self._failed))
            self._pending.append((payload, loop, future))
            self._cond.notify()

    def _commit_loop(self) -> None:
        while True:
            with self._cond:
                while not self._pending and not self._closing:
                    self._cond.wait()
                if not self._pending:
                    return
            wait = self._last_commit + self.commit_interval_s - time.monotonic()
            if wait > 0:  # at most one flush per interval: later appends join this one
                time.sleep(wait)
            with self._cond:
                batch, self._pending = self._pending, []
            self._commit(batch)

    def _commit(self, batch: list[tuple[bytes, asyncio.AbstractEventLoop | None, object]]) -> None:
        try:
            parts = []
            for payload, _, _ in batch:
                parts += (HEADER.pack(len(payload), checksum(payload)), payload)
            data = b"".join(parts)
            if (
                self.durable > self._bases[-1]
                and self.durable - self._bases[-1] + len(data) > self.segment_bytes
            ):
                self._rotate()
            written = 0
            while written < len(data):
                written += os.write(self._file, data[written:])
            os.fdatasync(self._file)
        except OSError as exc:  # after a failed fsync the file cannot be trusted: stop appending
            log.error("capture log write failed: %s", exc)
            with self._cond:
                self._failed = exc
            _settle(batch, None, LogClosed(f"the capture log cannot be written: {exc}"))
            return
        self._last_commit = time.monotonic()
        self.commits += 1
        ends, position = [], self.durable
        for payload, _, _ in batch:
            position += HEADER.size + len(payload)
            ends.append(position)
        self.durable = position
        self.appended.set()
        _settle(batch, ends, None)

    def _rotate(self) -> None:
        os.close(self._file)
        self._bases.append(self.durable)
        self._file = os.open(self._path(self.durable), os.O_WRONLY | os.O_CREAT, 0o600)
        _sync_directory(self.directory)

    def close(self) -> None:
        """Commit what is waiting, then stop; appends after this raise LogClosed."""
        with self._cond:
            if self._closing:
                return
            self._closing = True
            self._cond.notify()
        self._thread.join()
        os.close(self._file)

    # -- reading -----------------------------------------------------------------------------------
    def read(self, start: int, max_bytes: int = 8 << 20) -> Iterator[tuple[int, bytes]]:
        """(end position, payload) of the durable records from `start`, about `max_bytes` worth."""
        stop, bases, done = self.durable, list(self._bases), 0
        for index, base in enumerate(bases):
            end = bases[index + 1] if index + 1 < len(bases) else stop
            if start >= end:
                continue
            for record_end, payload in _records(self._path(base), base, max(start, base), end):
                done += len(payload) + HEADER.size
                yield record_end, payload
                if done >= max_bytes:
                    return

    def release(self, position: int) -> None:
        """Delete the segments wholly before `position` (applied to the store)."""
        while len(self._bases) > 1 and self._bases[1] <= position:
            self._path(self._bases.pop(0)).unlink(missing_ok=True)

    @property
    def first(self) -> int:
        return self._bases[0]

    # -- opening -----------------------------------------------------------------------------------
    def _recover(self) -> int:
        """The end of the last whole record; a torn or corrupt tail is cut off."""
        base = self._bases[-1]
        path = self._path(base)
        end = base
        for record_end, _ in _records(path, base, base, base + path.stat().st_size, quiet=True):
            end = record_end
        if end - base < path.stat().st_size:
            log.warning(
                "capture log: cut %d bytes of torn tail from %s",
                path.stat().st_size - (end - base),
                path.name,
            )
            with open(path, "r+b") as handle:
                handle.truncate(end - base)
                os.fsync(handle.fileno())
        return end

    def _path(self, base: int) -> Path:
        return self.directory / f"{base:020d}{SUFFIX}"


def _records(
    path: Path, base: int, start: int, stop: int, quiet: bool = False
) -> Iterator[tuple[int, bytes]]:
    """Whole, checksummed records of one segment between two positions."""
    position = start
    with open(path, "rb", buffering=0) as handle:
        handle.seek(start - base)
        ahead = _ReadAhead(handle, stop - start)
        while position + HEADER.size <= stop:
            header = ahead.take(HEADER.size)
            if len(header) < HEADER.size:
                break
            length, crc = HEADER.unpack(header)
            payload = ahead.take(length) if position + HEADER.size + length <= stop else b""
            if len(payload) != length or checksum(payload) != crc:
                if not quiet:
                    log.error(
                        "capture log: bad record at %d in %s; rest of segment skipped",
                        position,
                        path.name,
                    )
                break
            position += HEADER.size + length
            yield position, payload


class _ReadAhead:
    """A segment read in pieces of `_READ_BYTES`, up to `limit` bytes, handed out as asked."""

    def __init__(self, handle: Any, limit: int) -> None:
        self.handle, self.left = handle, limit
        self.buffer, self.at = b"", 0

    def take(self, size: int) -> bytes:
        if self.at + size > len(self.buffer):
            more = self.handle.read(min(self.left, max(_READ_BYTES, size))) or b""
            self.left -= len(more)
            self.buffer, self.at = self.buffer[self.at :] + more, 0
        piece = self.buffer[self.at : self.at + size]
        self.at += len(piece)
        return piece


def checksum(data: bytes) -> int:
    """CRC-32 of `data`, computed without letting go of the interpreter lock (`_CRC_PIECE`)."""
    view, crc = memoryview(data), 0
    for start in range(0, len(view), _CRC_PIECE):
        crc = zlib.crc32(view[start : start + _CRC_PIECE], crc)
    return crc


def _settle(batch, ends: list[int] | None, error: BaseException | None) -> None:
    """Resolve the waiters: one wake-up per event loop, not one per request."""
    by_loop: dict[asyncio.AbstractEventLoop, list[tuple[object, int | None]]] = {}
    for index, (_, loop, future) in enumerate(batch):
        result = ends[index] if ends is not None else None
        if loop is None:
            if error is None:
                future.set_result(result)  # type: ignore[attr-defined]
            else:
                future.set_exception(error)  # type: ignore[attr-defined]
        else:
            by_loop.setdefault(loop, []).append((future, result))
    for loop, waiters in by_loop.items():
        with contextlib.suppress(RuntimeError):  # a loop that is gone has nobody waiting
            loop.call_soon_threadsafe(_resolve, waiters, error)


def _resolve(waiters: list[tuple[object, int | None]], error: BaseException | None) -> None:
    for future, result in waiters:
        if future.done():  # type: ignore[attr-defined]
            continue
        if error is None:
            future.set_result(result)  # type: ignore[attr-defined]
        else:
            future.set_exception(error)  # type: ignore[attr-defined]


def _sync_directory(directory: Path) -> None:
    """A new segment file survives a crash only once its directory entry is flushed."""
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
