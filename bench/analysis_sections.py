"""The analyses in BENCHMARKS.md: whylens against the hand-written DuckDB query for the same
numbers (with the issue's targets), against pandas, and the funnel against ClickHouse's own
windowFunnel in chdb."""

from __future__ import annotations

import statistics
from typing import Any

from bench.data import label
from bench.report import NONE, Row, Section, Target, seconds, times

#: whylens may take this much longer than the hand-written query (issue 3, Speed)
RATIO_MAX = 1.5
#: the time targets hold at this many events
AT_SCALE = 10_000_000

Measured = list[tuple[int, dict[str, Any]]]


def _runs(values: list[float]) -> str:
    return "1 run" if len(values) == 1 else f"{len(values)} runs"


def _target(events: int, whylens_s: float, ratio: float, limit_s: float | None) -> Target:
    """Within RATIO_MAX of the hand-written query, and under the analysis' time limit if any."""
    text = f"≤ {RATIO_MAX:g}x hand-written" + (f", < {limit_s:g} s" if limit_s else "")
    judged = f"{times(ratio)}" + (f", {seconds(whylens_s)}" if limit_s else "")
    met = ratio <= RATIO_MAX and (limit_s is None or whylens_s < limit_s)
    return Target(text + " (10M events)", judged, met if events >= AT_SCALE else None)


def handwritten_section(measured: Measured) -> Section:
    section = Section(
        "Analyses",
        "Every analysis registered in `bench/analyses.py`, on the database imported from Parquet,"
        " against the DuckDB query a person would write by hand for the same numbers"
        " (`bench/handwritten.py`: no scope, filters or breakdowns), on the same connection."
        " Both answers are compared before the figures are shown; each is timed right after"
        " the other. Median of the runs shown.",
        "hand-written DuckDB",
    )
    for events, m in measured:
        size = label(events)
        for a in m["analyses"]:
            whylens_s = statistics.median(a["whylens"])
            measure = f"{size} events: {a['name']} ({_runs(a['whylens'])})"
            if a["handwritten"] is None:
                section.rows.append(Row(measure, seconds(whylens_s), "not written"))
                continue
            hand_s = statistics.median(a["handwritten"])
            ratio = whylens_s / hand_s
            section.rows.append(
                Row(
                    measure,
                    seconds(whylens_s),
                    seconds(hand_s),
                    times(ratio),
                    _target(events, whylens_s, ratio, a["limit_s"]),
                )
            )
            if a["handwritten_difference"]:
                section.notes.append(
                    f"**{size}, {a['name']}: whylens and the hand-written query differ** at"
                    f" {a['handwritten_difference']}."
                )
        same = [
            a["name"] for a in m["analyses"] if a["handwritten"] and not a["handwritten_difference"]
        ]
        if same:
            section.notes.append(
                f"{size}: same numbers from whylens and the hand-written query: {', '.join(same)}."
            )
    return section


def pandas_section(measured: Measured) -> Section:
    section = Section(
        "Analyses against pandas",
        "The analyses that also have a pandas version: pandas computing the same answer from the"
        " tables loaded into memory (loading timed apart, not in the ratio). Median of the runs.",
        "pandas",
    )
    for events, m in measured:
        size = label(events)
        for a in m["analyses"]:
            if a["pandas"] is None:
                continue
            whylens_s, pandas_s = statistics.median(a["whylens"]), statistics.median(a["pandas"])
            section.rows.append(
                Row(
                    f"{size} events: {a['name']} ({_runs(a['whylens'])})",
                    seconds(whylens_s),
                    seconds(pandas_s),
                    times(whylens_s / pandas_s),
                )
            )
            if a["difference"]:
                section.notes.append(
                    f"**{size}, {a['name']}: whylens and pandas answers differ** at"
                    f" {a['difference']}."
                )
        loads = ", ".join(f"{t} {seconds(s)}" for t, s in m["loads"].items())
        section.rows.append(
            Row(
                f"{size} events: pandas loads the tables ({loads})",
                NONE,
                seconds(sum(m["loads"].values())),
            )
        )
    return section


def clickhouse_section(measured: Measured, analyses: Measured) -> Section:
    section = Section(
        "Funnel against ClickHouse",
        "The funnel of the Analyses section (4 ordered steps, 7-day window) as ClickHouse's own"
        " `windowFunnel` in chdb, on the same events loaded into a MergeTree table sorted by"
        " (person, time) and merged into one part (loading not timed), against whylens on DuckDB."
        " windowFunnel gives each person's furthest step only; whylens also gives the times"
        " between steps. Median of the runs.",
        "chdb windowFunnel",
    )
    funnels = {
        events: next(a for a in m["analyses"] if a["name"].startswith("funnel"))
        for events, m in analyses
    }
    for events, m in measured:
        size = label(events)
        chdb_s = statistics.median(m["chdb"])
        section.rows.append(
            Row(f"{size} events: chdb loads the Parquet file", NONE, seconds(m["load_s"]))
        )
        if events not in funnels:
            continue
        whylens_s = statistics.median(funnels[events]["whylens"])
        ratio = whylens_s / chdb_s
        section.rows.append(
            Row(
                f"{size} events: funnel ({_runs(m['chdb'])})",
                seconds(whylens_s),
                seconds(chdb_s),
                times(ratio),
                Target(
                    "no slower than windowFunnel (10M events)",
                    f"{times(ratio)} windowFunnel",
                    ratio <= 1.0 if events >= AT_SCALE else None,
                ),
            )
        )
        if m["chdb_persons"] == m["whylens_persons"]:
            persons = ", ".join(f"{n:,}" for n in m["chdb_persons"])
            section.notes.append(f"{size}: both found the same persons per step ({persons}).")
        else:
            section.notes.append(
                f"**{size}: persons per step differ**: whylens {m['whylens_persons']},"
                f" windowFunnel {m['chdb_persons']}."
            )
    return section


#: neither engine's implementation may take longer than this times its hand-written query
#: (issue 6, Speed)
ENGINES_RATIO_MAX = 2.0


def engines_section(duckdb: Measured, chdb: Measured) -> Section:
    """Each analysis on DuckDB and on chdb side by side, each against its own engine's
    hand-written query."""
    section = Section(
        "Analyses on both engines",
        "Every analysis on DuckDB (the Analyses section's figures) and on ClickHouse's engine in"
        " process (chdb), each against the query a person would write by hand for that engine:"
        " `bench/handwritten.py` for DuckDB, `bench/clickhouse_handwritten.py` for ClickHouse,"
        " in its idiom (windowFunnel, `retention()`, arrays, WITH FILL). The chdb store is"
        " whylens' copy of the imported database, merged to one part per partition (not"
        " timed); whylens reads it through its own session (FINAL semantics), the hand-written"
        " queries through a plain one. Each answer is compared with whylens' before the"
        " figures are shown. The ClickHouse funnel reference is windowFunnel, which gives the"
        " persons per step only (whylens also gives the times between steps). Median of the"
        " runs shown.",
        None,
        columns=(
            "DuckDB whylens",
            "hand-written",
            "ratio",
            "chdb whylens",
            "hand-written",
            "ratio",
        ),
    )
    on_duckdb = {events: {a["name"]: a for a in m["analyses"]} for events, m in duckdb}
    for events, m in chdb:
        size = label(events)
        section.notes.append(
            f"{size}: whylens' copy into chdb and the merge took {seconds(m['load_s'])}; on chdb,"
            f" an analysis whose first run (both queries) took over {m['one_run_s']:g} s ran once."
        )
        for a in m["analyses"]:
            section.rows.append(_engines_row(events, a, on_duckdb.get(events, {}).get(a["name"])))
            if a["difference"]:
                section.notes.append(
                    f"**{size}, {a['name']}: whylens on chdb and the hand-written ClickHouse"
                    f" query differ** at {a['difference']}."
                )
        same = [a["name"] for a in m["analyses"] if not a["difference"]]
        if same:
            section.notes.append(
                f"{size}: same numbers from whylens on chdb and the hand-written ClickHouse"
                f" query: {', '.join(same)}."
            )
    return section


def _engines_row(events: int, chdb: dict[str, Any], duckdb: dict[str, Any] | None) -> Row:
    """Both engines' figures and ratios; the target holds when every ratio shown is within."""
    cells, judged, ratios = [], [], []
    for engine, found in (("DuckDB", duckdb), ("chdb", chdb)):
        if found is None or found["handwritten"] is None:
            cells += [seconds(statistics.median(found["whylens"])) if found else NONE, NONE, NONE]
            continue
        whylens_s = statistics.median(found["whylens"])
        hand_s = statistics.median(found["handwritten"])
        ratios.append(whylens_s / hand_s)
        cells += [seconds(whylens_s), seconds(hand_s), times(whylens_s / hand_s)]
        judged.append(f"{engine} {times(whylens_s / hand_s)}")
    met = all(r <= ENGINES_RATIO_MAX for r in ratios) if ratios else None
    target = Target(
        f"≤ {ENGINES_RATIO_MAX:g}x hand-written on each engine (10M events)",
        ", ".join(judged) or NONE,
        met if events >= AT_SCALE else None,
    )
    runs = _runs(chdb["whylens"])
    return Row(
        f"{label(events)} events: {chdb['name']} ({runs} on chdb)",
        NONE,
        target=target,
        cells=tuple(cells),
    )
