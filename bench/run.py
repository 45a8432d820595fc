"""`python -m bench.run`: measure whylens against its baselines, write BENCHMARKS.md.

    python -m bench.run [--sizes 1M,10M] [--out BENCHMARKS.md] [--quick] [--only-service]
                        [--only-imports] [--only-pages] [--only-analyses]

Per size: generate the data if missing, import it from Parquet and from CSV (whylens and raw
DuckDB, each run in its own process), then time sessionization and every analysis on the
imported database against hand-written DuckDB queries and pandas, the funnel against
ClickHouse's windowFunnel in chdb, and every analysis on chdb (whylens' copy of the database)
against hand-written ClickHouse queries. The default sizes take about fifteen minutes on 2
cores.
Then feedback sentiment scoring (bench/sentiment.py) and churn model training on 1M persons'
features (bench/churn.py).
Then the served product: the capture service under load (bench/load.py) and the dashboard's
pages in headless Chromium (bench/pages.py), about five minutes more.
"""

from __future__ import annotations

import argparse
import shlex
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TypeVar

from bench import (
    analysis_sections,
    churn,
    data,
    imports,
    load,
    machine,
    pages,
    report,
    sections,
    sentiment,
    service_sections,
)
from bench.measure import ROOT, in_child

DEFAULT_SIZES = (1_000_000, 10_000_000)
QUICK_SIZES = (200_000,)
#: persons the churn model trains on in a --quick run
QUICK_PERSONS = 100_000
RUNS = 3
#: imports of this many rows or more run once (a 10M import takes minutes)
ONE_RUN_FROM = 10_000_000
WORK_DIR = data.DATA_DIR / "work"
#: seconds each phase of the capture load lasts at most (each is bounded by a count too)
LOAD_S = 10.0
LOAD_QUICK_S = 3.0
T = TypeVar("T")


def parse_sizes(text: str) -> tuple[int, ...]:
    """`1M,10M`, `200k` or `1000000,10000000`."""
    factors = {"k": 1_000, "m": 1_000_000}
    sizes = []
    for part in text.split(","):
        part = part.strip().lower().replace("_", "")
        factor = factors.get(part[-1:], 1)
        sizes.append(int(float(part[:-1] if factor > 1 else part) * factor))
    return tuple(sizes)


def import_runs(events: int) -> int:
    return 1 if events >= ONE_RUN_FROM else RUNS


@dataclass
class Results:
    """Everything measured in one run, and what failed, by section."""

    generated: list[sections.Generated] = field(default_factory=list)
    parquet: list[imports.ImportResult] = field(default_factory=list)
    csv: list[imports.ImportResult] = field(default_factory=list)
    sessions: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    analyses: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    clickhouse: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    chdb_analyses: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    feedback: list[dict[str, Any]] = field(default_factory=list)
    churn: list[dict[str, Any]] = field(default_factory=list)
    capture_load: load.LoadResult | None = None
    demo: dict[str, Any] | None = None
    page_visits: list[pages.PageResult] = field(default_factory=list)
    failures: dict[str, list[tuple[str, Exception]]] = field(default_factory=dict)


class Log:
    """Progress on stderr, with the time since the start."""

    def __init__(self, every_s: float = 10.0) -> None:
        self.started = time.perf_counter()
        self.loads: list[float] = []
        self.sample_load()
        threading.Thread(target=self._watch, args=(every_s,), daemon=True).start()

    def _watch(self, every_s: float) -> None:
        while True:
            time.sleep(every_s)
            self.sample_load()

    def sample_load(self) -> None:
        load = machine.load_average()
        if load is not None:
            self.loads.append(load)

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def __call__(self, message: str) -> None:
        self.sample_load()
        load = f"load {self.loads[-1]:.1f}" if self.loads else ""
        print(f"[{self.elapsed:6.0f} s, {load}] {message}", file=sys.stderr, flush=True)

    def load_note(self, cores: int) -> str:
        """The load seen at each step; a warning when other work competed for the cores."""
        if not self.loads:
            return "Load average: unknown"
        mean = sum(self.loads) / len(self.loads)
        seen = f"{self.loads[0]:.1f} at start, {mean:.1f} on average, {max(self.loads):.1f} at most"
        note = f"Load average (1 min), sampled every 10 s: {seen}, on {cores} cores"
        if mean > cores + 0.5:
            note += (
                ". **Other work competed for the cores during this run** (the harness alone keeps"
                " about the cores busy): wall-clock figures are inflated by it; the CPU seconds"
                " shown for imports are a steadier guide"
            )
        return note


def attempt(results: Results, section: str, what: str, log: Log, fn: Callable[[], T]) -> T | None:
    """Run one measurement; a failure is logged and reported, and the run goes on."""
    try:
        return fn()
    except Exception as exc:  # noqa: BLE001 - any failure becomes a line in the report
        log(f"FAILED {what}: {exc}")
        results.failures.setdefault(section, []).append((what, exc))
        return None


def measure_size(events: int, results: Results, log: Log, imports_only: bool = False) -> None:
    """Data, both imports, then sessionization and analyses on the Parquet import's database
    (only sessionization with `imports_only`)."""
    dataset = ensure_data(events, results, log)
    database = measure_imports(dataset, results, log)
    if database is None:
        for section in ("sessions", "analyses", "pandas", "clickhouse", "engines"):
            failure = RuntimeError("no imported database: the Parquet import failed")
            results.failures.setdefault(section, []).append((data.label(events), failure))
        return
    measure_database(events, database, results, log, imports_only)
    if not imports_only:
        measure_clickhouse(dataset, database, results, log)
    imports.remove_database(database)


def ensure_data(events: int, results: Results, log: Log) -> data.Dataset:
    dataset = data.locate(events)
    generated_s = None
    if not dataset.exists:
        log(f"{data.label(events)}: generating data")
        start = time.perf_counter()
        data.write(dataset)
        generated_s = time.perf_counter() - start
    results.generated.append(sections.Generated(dataset, generated_s))
    return dataset


def measure_imports(dataset: data.Dataset, results: Results, log: Log) -> Path | None:
    """Both formats; returns the database whylens imported the Parquet file into."""
    size, runs = data.label(dataset.events), import_runs(dataset.events)
    kept = None
    for fmt, source in (("parquet", dataset.parquet), ("csv", dataset.csv)):
        log(
            f"{size}: importing {fmt} ({sections.runs_text([0.0] * runs)} each, whylens then raw DuckDB)"
        )
        result = attempt(
            results,
            fmt,
            f"{size} {fmt} import",
            log,
            lambda source=source, fmt=fmt: imports.measure(
                source, dataset.events, fmt, runs, WORK_DIR
            ),
        )
        if result is None:
            continue
        getattr(results, fmt).append(result)
        log(
            f"{size}: {fmt} whylens {result.whylens.timing.median:.1f} s,"
            f" raw {result.raw.timing.median:.2f} s, peak {result.whylens.peak_rss / 1e9:.2f} GB"
        )
        if fmt == "parquet":
            kept = result.database
        else:
            imports.remove_database(result.database)
    return kept


def measure_database(
    events: int, database: Path, results: Results, log: Log, imports_only: bool = False
) -> None:
    size = data.label(events)
    log(f"{size}: sessionization, whylens SQL and pandas")
    measured = attempt(
        results,
        "sessions",
        f"{size} sessionization",
        log,
        lambda: in_child(
            "sessionize", database=str(database), runs=RUNS, table_runs=import_runs(events)
        ),
    )
    if measured:
        results.sessions.append((events, measured))
    if not imports_only:
        measure_analyses(events, database, results, log)


def measure_analyses(events: int, database: Path, results: Results, log: Log) -> None:
    size = data.label(events)
    log(f"{size}: analyses, whylens and pandas")
    measured = attempt(
        results,
        "analyses",
        f"{size} analyses",
        log,
        lambda: in_child("analyses", database=str(database), runs=RUNS),
    )
    if measured:
        results.analyses.append((events, measured))


def measure_clickhouse(dataset: data.Dataset, database: Path, results: Results, log: Log) -> None:
    """The funnel in chdb's windowFunnel, on the same events, against whylens' answer; then
    every analysis on chdb against hand-written ClickHouse SQL."""
    size = data.label(dataset.events)
    log(f"{size}: funnel in chdb (ClickHouse windowFunnel)")
    measured = attempt(
        results,
        "clickhouse",
        f"{size} chdb funnel",
        log,
        lambda: in_child(
            "clickhouse-funnel",
            parquet=str(dataset.parquet),
            database=str(database),
            runs=RUNS,
            work_dir=str(WORK_DIR),
        ),
    )
    if measured:
        results.clickhouse.append((dataset.events, measured))
    log(f"{size}: every analysis on chdb, whylens and hand-written ClickHouse SQL")
    measured = attempt(
        results,
        "engines",
        f"{size} chdb analyses",
        log,
        lambda: in_child(
            "clickhouse-analyses",
            database=str(database),
            runs=RUNS,
            work_dir=str(WORK_DIR),
        ),
    )
    if measured:
        results.chdb_analyses.append((dataset.events, measured))


def measure_analyses_only(events: int, results: Results, log: Log) -> None:
    """The analyses on both engines only: the data, one whylens import of the Parquet file
    (the database they read), the analyses on DuckDB, then on chdb."""
    dataset = ensure_data(events, results, log)
    log(f"{data.label(events)}: importing parquet (1 run, whylens then raw DuckDB)")
    result = attempt(
        results,
        "parquet",
        f"{data.label(events)} parquet import",
        log,
        lambda: imports.measure(dataset.parquet, events, "parquet", 1, WORK_DIR),
    )
    if result is None:
        return
    results.parquet.append(result)
    measure_analyses(events, result.database, results, log)
    measure_clickhouse(dataset, result.database, results, log)
    imports.remove_database(result.database)


def measure_service(results: Results, log: Log, load_seconds: float) -> None:
    """The capture service under load, then the dashboard pages, each on a server of its own."""
    results.capture_load = attempt(
        results, "load", "capture load", log, lambda: load.measure(load_seconds, WORK_DIR, log)
    )
    measure_pages(results, log)


def measure_pages(results: Results, log: Log) -> None:
    """The dashboard pages in headless Chromium, on a demo server of their own."""
    measured = attempt(
        results, "pages", "dashboard pages", log, lambda: pages.measure(WORK_DIR, log)
    )
    if measured:
        results.demo, results.page_visits = measured


def measure_feedback(results: Results, log: Log) -> None:
    """Sentiment scoring of 100,000 texts, against plain VADER (independent of the sizes)."""
    log(f"feedback: scoring {sentiment.TEXTS:,} texts, whylens and plain VADER")
    measured = attempt(
        results,
        "feedback",
        "feedback sentiment",
        log,
        lambda: in_child("feedback-sentiment", total=sentiment.TEXTS, runs=RUNS),
    )
    if measured:
        results.feedback.append(measured)


def measure_churn(results: Results, log: Log, persons: int) -> None:
    """Training the churn model on `persons` persons' feature rows, against one plain fit."""
    log(f"churn: training on {persons:,} persons' features, whylens and one plain fit")
    measured = attempt(
        results,
        "churn",
        "churn training",
        log,
        lambda: in_child("churn-training", persons=persons, runs=RUNS),
    )
    if measured:
        results.churn.append(measured)


def build_sections(results: Results, sizes: tuple[int, ...]) -> list[report.Section]:
    one_run = [data.label(s) for s in sizes if import_runs(s) == 1]
    runs_note = f"Median of {RUNS} runs" + (
        f"; one run at {', '.join(one_run)}." if one_run else "."
    )
    built = {
        "data": sections.data_section(results.generated),
        "parquet": sections.parquet_section(results.parquet, runs_note),
        "csv": sections.csv_section(results.csv, runs_note),
        "memory": sections.memory_section(results.parquet + results.csv),
        "sessions": sections.sessions_section(results.sessions),
        "analyses": analysis_sections.handwritten_section(results.analyses),
        "pandas": analysis_sections.pandas_section(results.analyses),
        "clickhouse": analysis_sections.clickhouse_section(results.clickhouse, results.analyses),
        "engines": analysis_sections.engines_section(results.analyses, results.chdb_analyses),
        "load": service_sections.load_section(results.capture_load),
        "pages": service_sections.pages_section(results.demo, results.page_visits),
        "feedback": sentiment.section(results.feedback),
        "churn": churn.section(results.churn),
    }
    for key, failures in results.failures.items():
        for what, error in failures:
            sections.failed(built[key], what, error)
    return list(built.values())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.run", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=DEFAULT_SIZES,
        help="event counts, e.g. 1M,10M (default)",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument(
        "--quick", action="store_true", help=f"{QUICK_SIZES[0]:,} events only: a smoke run"
    )
    parser.add_argument(
        "--only-service",
        action="store_true",
        help="only the capture load and the dashboard pages (no data sizes)",
    )
    parser.add_argument(
        "--only-imports",
        action="store_true",
        help="only the imports and sessionization, at the sizes given",
    )
    parser.add_argument(
        "--only-pages",
        action="store_true",
        help="only the dashboard pages (no data sizes, no capture load)",
    )
    parser.add_argument(
        "--only-analyses",
        action="store_true",
        help="only the analyses on DuckDB and chdb (after one Parquet import), at the sizes given",
    )
    args = parser.parse_args(argv)
    served_only = args.only_service or args.only_pages
    sizes = () if served_only else QUICK_SIZES if args.quick else args.sizes
    log = Log()
    results = Results()
    for events in sizes:
        if args.only_analyses:
            measure_analyses_only(events, results, log)
        else:
            measure_size(events, results, log, args.only_imports)
    if not served_only and not args.only_imports and not args.only_analyses:
        measure_feedback(results, log)
        measure_churn(results, log, QUICK_PERSONS if args.quick else churn.PERSONS)
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    if args.only_pages:
        measure_pages(results, log)
    elif not args.only_imports and not args.only_analyses:
        measure_service(results, log, LOAD_QUICK_S if args.quick else LOAD_S)
    log("writing the report")
    described = machine.describe()
    header = report.Header(
        date=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        command=shlex.join(
            ["python", "-m", "bench.run", *(sys.argv[1:] if argv is None else argv)]
        ),
        runtime_s=log.elapsed,
        machine=described,
        versions=machine.versions(),
        method=[
            f"whylens source: {machine.whylens_source(ROOT)}",
            log.load_note(int(described["cores"]) if described["cores"].isdigit() else 0),
            f"Timings: median of {RUNS} runs, one run for imports of"
            f" {data.label(ONE_RUN_FROM)} rows or more; all in this run, on this machine.",
        ],
    )
    built = build_sections(results, sizes)
    args.out.write_text(report.render(header, built), encoding="utf-8")
    log(f"wrote {args.out}")
    return 1 if any(results.failures.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
