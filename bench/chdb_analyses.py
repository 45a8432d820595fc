"""Every analysis on ClickHouse's engine (chdb, in this process): whylens on a chdb store of the
events the bench imported, against the hand-written ClickHouse query for the same numbers
(`Analysis.clickhouse`, `bench.clickhouse_handwritten`) on the same store.

The store is filled by whylens' own copy of the DuckDB database's project (`copy_project`, as
`whylens demo --engine chdb:` fills one) and its tables are merged to one part per partition
(OPTIMIZE ... FINAL), as ClickHouse's background merges leave them; neither is timed. The
hand-written queries run on a second chdb session of the same folder with ClickHouse's default
settings (in UTC): a ClickHouse user's own connection, which reads the merged tables without
FINAL. Each run times whylens, then the hand-written query, so that both see the same load.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

from bench.analyses import ANALYSES, Analysis, first_difference
from bench.measure import BenchError

#: the tables whylens rewrites per person, merged after the copy
_MERGED = ("events", "sessions", "persons", "identities")
#: an analysis whose first run (whylens and reference together) takes longer runs once: the
#: slowest at 10M events would otherwise make the section last many minutes
ONE_RUN_S = 10.0


def measure(database: str, runs: int, work_dir: str) -> dict[str, Any]:
    """Copy the DuckDB database into a fresh chdb store (timed apart), then time every analysis
    that has a ClickHouse reference, `runs` times each (once if slow), whylens and reference in
    turn."""
    try:
        from chdb import session
    except ImportError as exc:  # the `bench` extra is not installed
        raise BenchError("chdb is not installed: pip install -e '.[bench]'") from exc
    import whylens

    folder = Path(work_dir) / "chdb-store"
    shutil.rmtree(folder, ignore_errors=True)
    store = plain = None
    try:
        start = time.perf_counter()
        store = whylens.open(engine=f"chdb:{folder}")
        load(database, store)
        load_s = time.perf_counter() - start
        plain = session.Session(str(folder))
        plain.query("SET session_timezone = 'UTC'", "CSV")
        rows = [compare(a, store, plain, runs) for a in ANALYSES if a.clickhouse is not None]
    finally:
        if plain is not None:
            plain.close()
        if store is not None:
            store.close()
        shutil.rmtree(folder, ignore_errors=True)
    return {"load_s": load_s, "one_run_s": ONE_RUN_S, "analyses": rows}


def load(database: str, store: Any) -> None:
    """The DuckDB database's project copied into the store's, then merged."""
    import whylens
    from whylens.ingest.clickhouse import copy_project

    with whylens.open(database, project=store.project_id) as source:
        copy_project(source.engine, store.engine, store.project_id)
    for table in _MERGED:
        store.engine.execute(f"OPTIMIZE TABLE {table} FINAL")


def compare(analysis: Analysis, store: Any, plain: Any, runs: int) -> dict[str, Any]:
    """Times of whylens and of the reference, and where their answers first differ."""
    assert analysis.clickhouse is not None
    whylens_s: list[float] = []
    reference_s: list[float] = []
    answer = expected = None
    while len(whylens_s) < runs:
        start = time.perf_counter()
        answer = analysis.run(store)
        whylens_s.append(time.perf_counter() - start)
        start = time.perf_counter()
        expected = analysis.clickhouse(plain, store.project_id)
        reference_s.append(time.perf_counter() - start)
        if whylens_s[0] + reference_s[0] > ONE_RUN_S:
            break
    reads = analysis.clickhouse_reads or analysis.reads
    return {
        "name": analysis.name,
        "whylens": whylens_s,
        "handwritten": reference_s,
        "difference": first_difference(reads(answer), expected),
    }
