"""Capture before analyses: a serving process lowers the threads that run analyses and DuckDB's
workers, and leaves the others (the event loop, the log committer, the writer) as they were."""

from __future__ import annotations

import os
import sys
import threading

import pytest

from whylens.engines.duckdb import DuckDBEngine
from whylens.server import scheduling

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread nice")


@pytest.fixture
def serving(monkeypatch):
    """`serve_capture_first` for the test's length: the process-wide state is put back."""
    monkeypatch.setattr(scheduling, "_serving", False)
    interval = sys.getswitchinterval()
    yield
    sys.setswitchinterval(interval)


def nice_of_a_thread(work) -> tuple[int, int]:
    """(nice before, nice after) of a new thread that runs `work`."""
    seen: list[int] = []

    def run() -> None:
        me = threading.get_native_id()
        seen.append(os.getpriority(os.PRIO_PROCESS, me))
        work()
        seen.append(os.getpriority(os.PRIO_PROCESS, me))

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return seen[0], seen[1]


def nices() -> dict[int, int]:
    return {
        int(task): os.getpriority(os.PRIO_PROCESS, int(task))
        for task in os.listdir("/proc/self/task")
    }


@linux_only
def test_analysis_threads_are_lowered_once_serving(serving):
    before, after = nice_of_a_thread(scheduling.analyses_run_here)
    assert after == before  # not serving: a library or CLI process keeps its priorities
    engine = DuckDBEngine(":memory:")
    scheduling.serve_capture_first(engine)
    before, after = nice_of_a_thread(scheduling.analyses_run_here)
    assert after == min(19, before + scheduling.ANALYSES_NICE)
    engine.close()


@linux_only
def test_duckdb_workers_are_lowered_and_the_serving_thread_is_not(serving):
    engine = DuckDBEngine(":memory:")
    engine.execute("SET threads = 3")
    main = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    before = nices()
    scheduling.serve_capture_first(engine)
    after = nices()
    lowered = [t for t, nice in after.items() if t not in before and nice > main]
    assert len(lowered) == 2  # threads - 1 workers, started again by a lowered thread
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == main
    scheduling.analyses_run_here()  # the main thread runs the event loop: never lowered
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == main
    assert engine.query("SELECT 42 AS answer").to_pylist() == [{"answer": 42}]
    assert sys.getswitchinterval() == scheduling.SWITCH_INTERVAL_S
    engine.close()
