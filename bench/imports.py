"""Import benchmarks: whylens' `import_file` against DuckDB loading the same file raw.

Every run is a fresh database file in a fresh process, so its time includes opening and
closing (the checkpoint that makes the data durable) and its peak RSS is its own.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.measure import Timing, in_child

#: DuckDB's own reader per format: the baseline a user could type instead of whylens
RAW_READERS = {"parquet": "read_parquet", "csv": "read_csv"}


@dataclass(frozen=True)
class ImportRuns:
    """Repeated imports of one file by one tool: seconds and peak RSS of each run."""

    rows: int
    timing: Timing
    cpu: Timing  # user + system seconds of the process: less swayed by other load than wall time
    peaks: tuple[int, ...]

    @property
    def rows_per_s(self) -> float:
        return self.rows / self.timing.median

    @property
    def peak_rss(self) -> int:
        """The highest peak of the runs."""
        return max(self.peaks)


@dataclass(frozen=True)
class ImportResult:
    """One file imported by whylens and by raw DuckDB; `database` is whylens' last database."""

    events: int
    fmt: str
    whylens: ImportRuns
    raw: ImportRuns
    database: Path

    @property
    def ratio(self) -> float:
        return self.whylens.timing.median / self.raw.timing.median


# -- in the child process ------------------------------------------------------------------------
def whylens_import(source: str, database: str) -> dict[str, Any]:
    import whylens

    start = time.perf_counter()
    workspace = whylens.open(database)
    summary = workspace.import_file(source)
    workspace.close()
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "rows": summary.imported, "rejected": summary.rejected}


def raw_import(source: str, database: str, fmt: str) -> dict[str, Any]:
    import duckdb

    start = time.perf_counter()
    connection = duckdb.connect(database)
    connection.execute(
        f"CREATE TABLE t AS SELECT * FROM {RAW_READERS[fmt]}($source)", {"source": source}
    )
    connection.close()
    seconds = time.perf_counter() - start
    with duckdb.connect(database, read_only=True) as check:
        rows = check.execute("SELECT count(*) FROM t").fetchone()[0]
    return {"seconds": seconds, "rows": rows, "rejected": 0}


# -- in the harness ------------------------------------------------------------------------------
def measure(source: Path, events: int, fmt: str, runs: int, workdir: Path) -> ImportResult:
    """`runs` whylens imports and `runs` raw loads of `source`, each into a new database."""
    workdir.mkdir(parents=True, exist_ok=True)
    whylens_db = workdir / f"whylens-{fmt}-{events}.duckdb"
    raw_db = workdir / f"raw-{fmt}-{events}.duckdb"
    whylens_runs = _repeat(runs, whylens_db, "whylens-import", source=str(source))
    raw_runs = _repeat(runs, raw_db, "raw-import", source=str(source), fmt=fmt)
    remove_database(raw_db)
    return ImportResult(events, fmt, whylens_runs, raw_runs, whylens_db)


def _repeat(runs: int, database: Path, task: str, **kwargs: Any) -> ImportRuns:
    results = []
    for _ in range(runs):
        remove_database(database)
        results.append(in_child(task, database=str(database), **kwargs))
    rows = {r["rows"] for r in results}
    if len(rows) != 1 or any(r["rejected"] for r in results):
        raise RuntimeError(
            f"{task} imported {sorted(rows)} rows, rejects: {results[-1]['rejected']}"
        )
    timing = Timing(tuple(r["seconds"] for r in results))
    cpu = Timing(tuple(r["cpu_seconds"] for r in results))
    return ImportRuns(rows.pop(), timing, cpu, tuple(r["peak_rss"] for r in results))


def remove_database(database: Path) -> None:
    for path in (database, database.with_name(database.name + ".wal")):
        path.unlink(missing_ok=True)
