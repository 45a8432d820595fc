"""The funnel in ClickHouse's own `windowFunnel`, run in chdb (in-process ClickHouse), on the same
events loaded into a MergeTree table sorted by person and time, as ClickHouse users store them.

windowFunnel takes an unsigned number or a DateTime as its time, so times are kept as
microseconds since the epoch (UInt64) and the window is given in microseconds.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

from bench.clickhouse_handwritten import persons_per_step
from bench.handwritten import FUNNEL_STEPS
from bench.measure import BenchError, timed

WINDOW_US = 7 * 86_400 * 1_000_000
_TABLE = """
    CREATE TABLE events (person String, event LowCardinality(String), us UInt64)
    ENGINE = MergeTree ORDER BY (person, us)
"""
_LOAD = """
    INSERT INTO events
    SELECT user_id, event, toUInt64(toUnixTimestamp64Micro(timestamp))
    FROM file({path:String}, Parquet)
"""


def funnel_sql(steps: tuple[str, ...] = FUNNEL_STEPS, window_us: int = WINDOW_US) -> str:
    """Persons by the furthest step they reached (level 0: never did step 1)."""
    conditions = ", ".join(f"event = {{s{i}:String}}" for i in range(len(steps)))
    return (
        "SELECT level, count() AS persons FROM ("
        f" SELECT person, windowFunnel({int(window_us)})(us, {conditions}) AS level"
        " FROM events GROUP BY person) GROUP BY level ORDER BY level"
    )


# -- in the child process ------------------------------------------------------------------------
def measure(parquet: str, database: str, runs: int, work_dir: str) -> dict[str, Any]:
    """The windowFunnel figures, and whylens' answer to the same funnel from its database (not
    timed) so that the two can be compared."""
    import whylens

    measured = window_funnel(parquet, runs, work_dir)
    workspace = whylens.open(database)
    try:
        measured["whylens_persons"] = whylens_persons(workspace)
    finally:
        workspace.close()
    return measured


def window_funnel(parquet: str, runs: int, work_dir: str) -> dict[str, Any]:
    """Load the Parquet file into chdb (timed apart), then time the funnel `runs` times."""
    try:
        from chdb import session
    except ImportError as exc:  # the `bench` extra is not installed
        raise BenchError("chdb is not installed: pip install -e '.[bench]'") from exc
    folder = Path(work_dir) / "chdb"
    shutil.rmtree(folder, ignore_errors=True)
    chdb = session.Session(str(folder))
    try:
        chdb.query(_TABLE)
        start = time.perf_counter()
        chdb.query(_LOAD, params={"path": str(Path(parquet).resolve())})
        chdb.query("OPTIMIZE TABLE events FINAL")
        load_s = time.perf_counter() - start
        params = {f"s{i}": name for i, name in enumerate(FUNNEL_STEPS)}
        timing, table = timed(lambda: chdb.query(funnel_sql(), "ArrowTable", params=params), runs)
        levels = {r["level"]: r["persons"] for r in table.to_pylist()}
    finally:
        chdb.close()
        shutil.rmtree(folder, ignore_errors=True)
    return {
        "load_s": load_s,
        "chdb": list(timing.runs),
        "chdb_persons": persons_per_step(levels, len(FUNNEL_STEPS)),
    }


def whylens_persons(workspace: Any) -> list[int]:
    """Persons per step of the same funnel, as whylens counts them."""
    document = workspace.funnel(list(FUNNEL_STEPS), window="7d").to_dict()
    return [step["persons"] for step in document["steps"]]
