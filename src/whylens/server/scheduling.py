"""How the server's threads share the machine: capture first, analyses with what is left.

A client waits for its capture request to be answered, and the answer waits for the log's
flush; an analyst waits for a chart anyway. When both kinds of work compete for the CPU,
capture goes first:

- **Priority.** On Linux a thread's nice value is its own. The threads that run analyses (the
  API's worker threads, DuckDB's worker pool, the churn training) run `ANALYSES_NICE` steps
  lower than the server. The event loop, the log committer and the writer keep the server's
  own priority. A nice value only matters while threads compete, so idle CPU still goes to
  analyses. On other systems priorities are left alone.
- **Interpreter lock.** A thread that comes back from C code (a fsync, a DuckDB statement)
  waits for the interpreter lock until its holder is asked to let go: up to Python's switch
  interval, 5 ms by default. The log committer and the writer come back dozens of times per
  batch, so `SWITCH_INTERVAL_S` is shorter.

Measured in docs/adr/0011.
"""

from __future__ import annotations

import os
import sys
import threading
from contextlib import suppress

from whylens.engines.base import Engine

#: how much lower analyses run than the server (Linux nice steps; 19 is the lowest)
ANALYSES_NICE = 10
SWITCH_INTERVAL_S = 0.001
_LINUX = sys.platform.startswith("linux")
_state = threading.local()
_serving = False


def serve_capture_first(engine: Engine) -> None:
    """Set up this process for serving: from now on analyses yield to capture."""
    global _serving
    _serving = True
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    if engine.dialect == "duckdb" and _LINUX:
        _relaunch_workers(engine)


def analyses_run_here() -> None:
    """Lower the calling thread, which runs analyses, once (in a serving process only)."""
    if not _serving or getattr(_state, "lowered", False):
        return
    _state.lowered = True
    if threading.current_thread() is not threading.main_thread():
        _lower(threading.get_native_id())


def _lower(thread_id: int) -> None:
    if not _LINUX:
        return
    with suppress(OSError):  # a system that refuses: the thread keeps its priority
        current = os.getpriority(os.PRIO_PROCESS, thread_id)
        os.setpriority(os.PRIO_PROCESS, thread_id, min(19, current + ANALYSES_NICE))


def _relaunch_workers(engine: Engine) -> None:
    """DuckDB's worker threads, started anew by a lowered thread: a new thread takes the nice
    value of the thread that starts it, and DuckDB starts its workers when `threads` changes."""

    def relaunch() -> None:
        _lower(threading.get_native_id())
        cursor = engine.cursor()  # type: ignore[attr-defined]
        try:
            threads = int(cursor.sql("SELECT current_setting('threads')").fetchall()[0][0])
            if threads > 1:
                cursor.execute("SET threads = 1")
                cursor.execute(f"SET threads = {threads}")
        finally:
            cursor.close()

    worker = threading.Thread(target=relaunch, name="whylens-priority")
    worker.start()
    worker.join()
