"""From measurements to report sections: the targets, and which figure each is judged on."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Any

from bench.data import Dataset, label
from bench.imports import ImportResult
from bench.report import (
    NONE,
    Row,
    Section,
    Target,
    count,
    gigabytes,
    megabytes,
    rate,
    seconds,
    times,
)

#: the goals of the performance issue
IMPORT_RATIO_MAX = 3.0  # whylens / raw DuckDB, Parquet
CSV_ROWS_PER_S_MIN = 300_000
PEAK_RSS_MAX = 2 * 10**9  # bytes
SESSIONIZE_MAX_S = 3.0
#: the memory and sessionization targets are set for files of this many events (and more)
AT_SCALE = 10_000_000


@dataclass(frozen=True)
class Generated:
    dataset: Dataset
    seconds: float | None  # None: the files were already there


def _at_scale(events: int, met: bool) -> bool | None:
    return met if events >= AT_SCALE else None


def _median(values: list[float]) -> float:
    return statistics.median(values)


def runs_text(values: list[float]) -> str:
    return "1 run" if len(values) == 1 else f"{len(values)} runs"


def data_section(generated: list[Generated]) -> Section:
    section = Section(
        "Data generation",
        "Seeded synthetic clickstreams (`bench/data.py`): persons = events / 50, sessions of a few"
        " events seconds to minutes apart, visits hours to days apart over 90 days. Written once to"
        " `bench/data/` (git-ignored) and reused while the files exist.",
        None,
    )
    for entry in generated:
        ds = entry.dataset
        sizes = f"Parquet {megabytes(ds.parquet.stat().st_size)}, CSV {megabytes(ds.csv.stat().st_size)}"
        figure = seconds(entry.seconds) if entry.seconds is not None else "reused (files existed)"
        section.rows.append(Row(f"generate {label(ds.events)} events ({sizes})", figure))
    return section


def parquet_section(results: list[ImportResult], runs_note: str) -> Section:
    section = Section(
        "Import from Parquet",
        "`whylens.open(new_file); ws.import_file(parquet)` (open, validate, dedup, identities,"
        " sessions, persons, close) against raw DuckDB `CREATE TABLE t AS SELECT * FROM"
        f" read_parquet(...)` into a new file database, then close. {runs_note}"
        " Ratio = whylens time / raw time (wall clock). CPU = user + system seconds of the"
        " importing process, shown because other work on the machine stretches wall time.",
        "raw DuckDB",
    )
    for r in results:
        met = r.ratio <= IMPORT_RATIO_MAX
        section.rows.append(
            Row(
                f"{label(r.events)} rows",
                f"{seconds(r.whylens.timing.median)} ({rate(r.whylens.rows_per_s)};"
                f" CPU {seconds(r.whylens.cpu.median)})",
                f"{seconds(r.raw.timing.median)} ({rate(r.raw.rows_per_s)};"
                f" CPU {seconds(r.raw.cpu.median)})",
                times(r.ratio),
                Target(f"≤ {IMPORT_RATIO_MAX:g}x raw", f"{times(r.ratio)} raw DuckDB", met),
            )
        )
    return section


def csv_section(results: list[ImportResult], runs_note: str) -> Section:
    section = Section(
        "Import from CSV",
        "The same events as CSV with ISO 8601 timestamps: `ws.import_file(csv)` against raw DuckDB"
        f" `CREATE TABLE t AS SELECT * FROM read_csv(...)`. {runs_note}"
        " Ratio = whylens time / raw time (wall clock); CPU as above.",
        "raw DuckDB",
    )
    for r in results:
        met = r.whylens.rows_per_s >= CSV_ROWS_PER_S_MIN
        section.rows.append(
            Row(
                f"{label(r.events)} rows",
                f"{rate(r.whylens.rows_per_s)} ({seconds(r.whylens.timing.median)};"
                f" CPU {seconds(r.whylens.cpu.median)})",
                f"{rate(r.raw.rows_per_s)} ({seconds(r.raw.timing.median)};"
                f" CPU {seconds(r.raw.cpu.median)})",
                times(r.ratio),
                Target(f"≥ {rate(CSV_ROWS_PER_S_MIN)}", rate(r.whylens.rows_per_s), met),
            )
        )
    return section


def memory_section(results: list[ImportResult]) -> Section:
    section = Section(
        "Peak memory of an import",
        "Peak resident set (VmHWM) of the process doing the import, each run in its own fresh"
        " process; the highest of its runs. Raw DuckDB runs with its default settings. 1 GB ="
        " 10^9 bytes.",
        "raw DuckDB",
    )
    for r in results:
        met = _at_scale(r.events, r.whylens.peak_rss < PEAK_RSS_MAX)
        section.rows.append(
            Row(
                f"{label(r.events)} rows, {r.fmt}",
                gigabytes(r.whylens.peak_rss),
                gigabytes(r.raw.peak_rss),
                times(r.whylens.peak_rss / r.raw.peak_rss),
                Target(
                    f"< {PEAK_RSS_MAX / 1e9:g} GB (10M file)", gigabytes(r.whylens.peak_rss), met
                ),
            )
        )
    return section


def sessions_section(measured: list[tuple[int, dict[str, Any]]]) -> Section:
    section = Section(
        "Sessionization",
        "Over the database imported from Parquet, every person in scope. whylens: the SQL of"
        " `whylens.model.sessions` materialised into a temp table as an import does: the"
        " session of every event (`assign_sql`: one sort by person and time, then one pass"
        " over the sorted rows) and `sessions_sql` (one row per session)."
        " Baseline: plain pandas on the events loaded into memory (sort by person and"
        " time; a gap over 30 min or a changed client session id starts a session; a grouped"
        " running count numbers them; ids `person#n` as whylens writes them). Loading is timed"
        " apart and not in the ratio. Median of the runs shown.",
        "pandas",
    )
    for events, m in measured:
        size = label(events)
        assign, pandas = _median(m["assign"]), _median(m["pandas"])
        section.rows += [
            Row(
                f"{size} events: `{m['assign_function']}`, session of every event"
                f" ({runs_text(m['assign'])})",
                seconds(assign),
                f"{seconds(pandas)} ({runs_text(m['pandas'])})",
                times(assign / pandas),
                Target(
                    f"< {SESSIONIZE_MAX_S:g} s (10M events)",
                    seconds(assign),
                    _at_scale(events, assign < SESSIONIZE_MAX_S),
                ),
            ),
            Row(
                f"{size} events: `sessions_sql`, the sessions table ({runs_text(m['table'])})",
                seconds(_median(m["table"])),
            ),
            Row(
                f"{size} events: pandas loads (person_id, timestamp, client_session_id)",
                NONE,
                seconds(_median(m["pandas_load"])),
            ),
        ]
        if m["sql_sessions"] == m["pandas_sessions"]:
            section.notes.append(f"{size}: both found {count(m['sql_sessions'])} sessions.")
        else:
            section.notes.append(
                f"**{size}: the answers differ**: whylens {count(m['sql_sessions'])} sessions,"
                f" pandas {count(m['pandas_sessions'])}."
            )
    return section


def failed(section: Section, what: str, error: Exception) -> None:
    """A measurement that could not be taken is reported, never silently left out."""
    section.notes.append(f"**Not measured: {what}** ({error}).")
