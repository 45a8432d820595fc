"""The capture service under load: a real `whylens serve` on loopback, a fresh database.

Phases, each bounded by a request count and by time: the client's ceiling against a no-op ASGI
app served the same way (bench/noop.py), then whylens with Segment `/v1/batch` and PostHog
`/batch/` (100 events a request) and single events. Meanwhile a reader queries `/api` with the
project's read key, one analysis after another. Afterwards the store is counted against every
event acknowledged: each has its own id, so a lost or doubled event shows.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

import duckdb

from bench import http_load, payloads, served
from bench.measure import ROOT, BenchError

CLIENT_PROCESSES = 2
PROJECT = "bench"
#: what the reader asks, in turn: the dashboard's main analyses
QUERIES = (
    "/api/overview",
    "/api/trends?events=%24pageview&interval=hour",
    "/api/funnel?steps=view_item&steps=add_to_cart&steps=purchase",
    "/api/sessions",
    "/api/retention?period=day",
    "/api/lifecycle?interval=day",
)
READER_MAX_QUERIES = 10_000
#: how long the store may take to hold every acknowledged event once the load stops
CATCH_UP_TIMEOUT_S = 300.0


@dataclass(frozen=True)
class Phase:
    """One kind of load: what is sent, how many connections per client process, and bounds."""

    name: str
    payload: str  # a payloads.BUILDERS name
    events_per_request: int
    connections: int
    max_requests: int
    first_worker: int = 0  # worker numbers are in the event ids: phases of one payload differ


NOOP = Phase("no-op ASGI app, single events", "single", 1, 32, 2_000_000)
#: the same single events once the reader has stopped: what the analyses cost the capture
QUIET = Phase("single events, no analyses running", "single", 1, 32, 2_000_000, CLIENT_PROCESSES)
PHASES = (
    Phase("Segment /v1/batch, 100 events a request", "segment-batch", 100, 8, 200_000),
    Phase("PostHog /batch/, 100 events a request", "posthog-batch", 100, 8, 200_000),
    Phase("single events (/v1/track and /i/v0/e/ in turn)", "single", 1, 32, 2_000_000),
)


@dataclass
class PhaseResult:
    phase: Phase
    seconds: float
    requests: int
    statuses: dict[str, int]
    acknowledged: int  # events answered 200
    latencies_ms: list[float]
    server_cpu_s: float
    client_cpu_s: float
    unanswered: dict[int, list[int]]  # worker -> request numbers without a 200
    errors: list[str]

    @property
    def requests_per_s(self) -> float:
        return self.requests / self.seconds

    @property
    def events_per_s(self) -> float:
        return self.acknowledged / self.seconds

    def latency_ms(self, share: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


@dataclass
class ReaderResult:
    queries: list[tuple[str, int, float]] = field(default_factory=list)  # path, status, seconds

    @property
    def failed(self) -> list[tuple[str, int, float]]:
        return [q for q in self.queries if q[1] != 200]

    def median_s(self) -> float:
        return statistics.median(s for _, _, s in self.queries) if self.queries else 0.0


@dataclass
class LoadResult:
    noop: PhaseResult
    phases: list[PhaseResult]  # while the reader ran analyses
    quiet: PhaseResult  # once it had stopped
    reader: ReaderResult
    caught_up_s: float  # from the end of the load until the store held every acknowledged event
    stopped_in_s: float | None  # SIGTERM to exit, with the drain
    stored: dict[str, tuple[int, int]]  # id prefix -> (events, distinct ids)
    stored_unanswered: int  # events of requests not answered 200 that are stored all the same
    seconds_per_phase: float


class Reader(threading.Thread):
    """Analyses run through the API while the load goes on, one after the other."""

    def __init__(self, url: str, key: str, deadline: float) -> None:
        super().__init__(name="bench-reader", daemon=True)
        self.url, self.key, self.deadline = url, key, deadline
        self.result = ReaderResult()
        self.stopping = threading.Event()

    def run(self) -> None:
        number = 0
        while (
            not self.stopping.is_set()
            and number < READER_MAX_QUERIES
            and time.monotonic() < self.deadline
        ):
            path = QUERIES[number % len(QUERIES)]
            number += 1
            request = urllib.request.Request(
                self.url + path, headers={"Authorization": f"Bearer {self.key}"}
            )
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=120) as answer:
                    answer.read()
                    status = answer.status
            except urllib.error.HTTPError as exc:
                status = exc.code
            except OSError:
                status = 0
            self.result.queries.append((path, status, time.perf_counter() - started))


def create_project(database: Path) -> dict[str, str]:
    """A project with a write key and a read key, made before the server holds the database."""
    done = subprocess.run(
        [sys.executable, "-m", "whylens.cli.main", "project", "create", PROJECT]
        + ["--db", str(database), "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise BenchError(f"whylens project create failed: {done.stderr.strip()[-300:]}")
    return json.loads(done.stdout)


def _warm_up(_: int) -> int:
    """Imports the client in a worker before anything is timed."""
    return len(http_load.__name__)


def run_phase(
    pool: ProcessPoolExecutor, server: served.Served, phase: Phase, key: str, seconds: float
) -> PhaseResult:
    start_at = time.time() + 1.0  # every process has connected by then
    specs = [
        http_load.Spec(
            served.HOST,
            server.port,
            phase.payload,
            key,
            worker,
            phase.connections,
            phase.max_requests // CLIENT_PROCESSES,
            seconds,
            start_at,
            phase.events_per_request,
        )
        for worker in range(phase.first_worker, phase.first_worker + CLIENT_PROCESSES)
    ]
    cpu_before = server.cpu_seconds()
    done = list(pool.map(http_load.run, specs))
    server_cpu = server.cpu_seconds() - cpu_before
    statuses: dict[str, int] = {}
    for result in done:
        for status, n in result["statuses"].items():
            statuses[status] = statuses.get(status, 0) + n
    return PhaseResult(
        phase=phase,
        seconds=max(r["finished"] for r in done) - start_at,
        requests=sum(statuses.values()),
        statuses=statuses,
        acknowledged=sum(r["acknowledged_events"] for r in done),
        latencies_ms=[us / 1000 for r in done for us in r["latencies_us"]],
        server_cpu_s=server_cpu,
        client_cpu_s=sum(r["cpu_seconds"] for r in done),
        unanswered={r["worker"]: r["unanswered"] for r in done if r["unanswered"]},
        errors=[e for r in done for e in r["errors"]],
    )


def measure(seconds: float, work: Path | None = None, log=print) -> LoadResult:
    """Every phase for `seconds` at most, then the count of the store against the answers."""
    with tempfile.TemporaryDirectory(prefix="whylens-load-", dir=work) as folder:
        return _measure(Path(folder), seconds, log)


def _measure(folder: Path, seconds: float, log) -> LoadResult:
    database = folder / "load.duckdb"
    keys = create_project(database)
    context = get_context("spawn")  # the workers share nothing with this process
    with ProcessPoolExecutor(CLIENT_PROCESSES, mp_context=context) as pool:
        list(pool.map(_warm_up, range(CLIENT_PROCESSES)))
        port = served.free_port()
        with served.serving(served.noop_command(port), port, folder / "noop.log") as noop:
            log(f"load: {NOOP.name}")
            noop_result = run_phase(pool, noop, NOOP, keys["write_key"], seconds)
        port = served.free_port()
        command = served.whylens_command(database, port)
        with served.serving(command, port, folder / "serve.log") as server:
            reader = Reader(server.url, keys["read_key"], time.monotonic() + 10 * seconds + 60)
            reader.start()
            results = []
            for phase in PHASES:
                log(f"load: {phase.name}")
                results.append(run_phase(pool, server, phase, keys["write_key"], seconds))
            reader.stopping.set()
            reader.join()
            log(f"load: {QUIET.name}")
            quiet = run_phase(pool, server, QUIET, keys["write_key"], seconds)
            acknowledged = sum(r.acknowledged for r in [*results, quiet])
            caught_up = _wait_stored(server, keys["read_key"], acknowledged)
        stored, stored_unanswered = _count_store(database, [*results, quiet])
    return LoadResult(
        noop=noop_result,
        phases=results,
        quiet=quiet,
        reader=reader.result,
        caught_up_s=caught_up,
        stopped_in_s=server.stopped_in_s,
        stored=stored,
        stored_unanswered=stored_unanswered,
        seconds_per_phase=seconds,
    )


def _wait_stored(server: served.Served, key: str, acknowledged: int) -> float:
    """Seconds until /api/info counts every acknowledged event (the writer has caught up)."""
    started = time.monotonic()
    request = urllib.request.Request(
        server.url + "/api/info", headers={"Authorization": f"Bearer {key}"}
    )
    while time.monotonic() - started < CATCH_UP_TIMEOUT_S:
        with urllib.request.urlopen(request, timeout=60) as answer:
            if json.loads(answer.read())["events"] >= acknowledged:
                return time.monotonic() - started
        time.sleep(0.2)
    raise BenchError(f"the store did not catch up within {CATCH_UP_TIMEOUT_S:g} s")


def _count_store(
    database: Path, results: list[PhaseResult]
) -> tuple[dict[str, tuple[int, int]], int]:
    """Events by id prefix once the server has stopped, and those of unanswered requests."""
    unanswered = [
        f"{payloads.PREFIX[r.phase.payload]}:{worker}:{number}:{index}"
        for r in results
        for worker, numbers in r.unanswered.items()
        for number in numbers
        for index in range(r.phase.events_per_request)
    ]
    with duckdb.connect(str(database), read_only=True) as con:
        rows = con.execute(
            "SELECT split_part(event_id, ':', 1), count(*), count(DISTINCT event_id)"
            " FROM events WHERE project_id = $project GROUP BY 1",
            {"project": PROJECT},
        ).fetchall()
        stored_unanswered = con.execute(
            "SELECT count(*) FROM events WHERE project_id = $project"
            " AND event_id IN (SELECT unnest($ids::VARCHAR[]))",
            {"project": PROJECT, "ids": unanswered},
        ).fetchone()[0]
    return {prefix: (n, distinct) for prefix, n, distinct in rows}, int(stored_unanswered)
