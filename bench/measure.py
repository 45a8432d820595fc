"""Timing and memory: medians of repeated runs, and heavy work run in a child process.

Each child reports its own peak resident set (VmHWM): it is kept per address space and starts
afresh at exec, so one import's peak never mixes with another's or with this process's.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


class BenchError(RuntimeError):
    """A measurement that could not be taken; the report shows its message."""


@dataclass(frozen=True)
class Timing:
    """Seconds of each run and their median."""

    runs: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.runs)


def timed(fn: Callable[[], Any], runs: int) -> tuple[Timing, Any]:
    """Run `fn` `runs` times; its timing and the last result."""
    seconds, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        seconds.append(time.perf_counter() - start)
    return Timing(tuple(seconds)), result


def peak_rss_bytes() -> int:
    """This process's peak resident set so far, from /proc (Linux)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    raise BenchError("VmHWM not found in /proc/self/status")


def in_child(task: str, **kwargs: Any) -> dict[str, Any]:
    """Run `bench.child` task in a fresh interpreter; its JSON result, with its peak RSS."""
    command = [sys.executable, "-m", "bench.child", task, json.dumps(kwargs)]
    done = subprocess.run(
        command,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    last = (done.stdout.strip().splitlines() or ["{}"])[-1]
    try:
        result = json.loads(last)
    except json.JSONDecodeError:
        result = {}
    if done.returncode != 0 or "error" in result:
        tail = (done.stderr.strip().splitlines() or ["(no output)"])[-1]
        raise BenchError(f"{task} failed: {result.get('error', tail)}")
    return result
