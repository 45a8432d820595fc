"""A file's next chunk read while the current one is loaded.

Decoding a chunk (Parquet pages, CSV text) runs in Python's thread while DuckDB's threads wait
for it, and loading a chunk keeps DuckDB's threads only partly busy: reading the next chunk in
a thread of its own fills that gap.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from typing import TypeVar

T = TypeVar("T")
_END = object()


def read_ahead(items: Iterator[T], depth: int = 1) -> Iterator[T]:
    """The items of `items`, up to `depth` of them produced ahead, in a thread, while the
    caller works on the current one. An exception of the producer is raised in the caller;
    closing this generator stops the producer (after the item it is reading)."""
    ready: queue.Queue[tuple[object, BaseException | None]] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(item: object, error: BaseException | None = None) -> None:
        while not stop.is_set():
            try:
                ready.put((item, error), timeout=0.1)
                return
            except queue.Full:
                continue

    def produce() -> None:
        try:
            for item in items:
                put(item)
                if stop.is_set():
                    return
            put(_END)
        except BaseException as exc:  # handed to the caller, raised there
            put(_END, exc)

    thread = threading.Thread(target=produce, name="whylens-read-ahead", daemon=True)
    thread.start()
    try:
        while True:
            item, error = ready.get()
            if item is _END:
                if error is not None:
                    raise error
                return
            yield item  # type: ignore[misc]
    finally:
        stop.set()
        thread.join()
