"""Servers under test: a real `whylens serve` (or the no-op baseline) in its own process.

Each runs on a free loopback port, is waited for until `/health` answers, and is stopped with
SIGTERM (the way an operator stops it, so that the drain runs), killed only if it hangs. Its CPU
seconds are read from /proc, as a figure that other work on the machine sways less than rates.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.measure import ROOT, BenchError

HOST = "127.0.0.1"
START_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 180.0


@dataclass
class Served:
    """A running server: where it answers and its process."""

    port: int
    process: subprocess.Popen[bytes]
    stopped_in_s: float | None = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def cpu_seconds(self) -> float:
        """User + system CPU seconds of the server process so far."""
        with open(f"/proc/{self.process.pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        return (int(fields[11]) + int(fields[12])) / ticks


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def whylens_command(database: Path, port: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "whylens.cli.main",
        "serve",
        "--db",
        str(database),
        "--host",
        HOST,
        "--port",
        str(port),
    ]


def noop_command(port: int) -> list[str]:
    return [sys.executable, "-m", "bench.noop", str(port)]


@contextmanager
def serving(command: list[str], port: int, log: Path) -> Iterator[Served]:
    """Start the command, wait until it is healthy, yield it, stop it with SIGTERM."""
    with open(log, "wb") as output:
        process = subprocess.Popen(command, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT)
    served = Served(port, process)
    try:
        _wait_healthy(served, log)
        yield served
    finally:
        _stop(served)


def _wait_healthy(served: Served, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if served.process.poll() is not None:
            raise BenchError(f"the server exited at start: {_tail(log)}")
        try:
            with urllib.request.urlopen(served.url + "/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise BenchError(f"the server did not answer /health within {START_TIMEOUT_S:g} s")


def _stop(served: Served) -> None:
    if served.process.poll() is not None:
        return
    started = time.monotonic()
    served.process.send_signal(signal.SIGTERM)
    try:
        served.process.wait(STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        served.process.kill()
        served.process.wait()
        raise BenchError(
            f"the server did not stop within {STOP_TIMEOUT_S:g} s of SIGTERM"
        ) from None
    served.stopped_in_s = time.monotonic() - started


def _tail(log: Path) -> str:
    lines = log.read_text(errors="replace").strip().splitlines()
    return lines[-1] if lines else "(no output)"
