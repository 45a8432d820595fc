"""Every analysis whylens offers, timed against the hand-written DuckDB query for the same
computation (`bench.handwritten`) and, for some, against pandas; on ClickHouse (chdb) against
the hand-written ClickHouse query (`bench.clickhouse_handwritten`, run by `bench.chdb_analyses`).

To benchmark a new analysis, append an `Analysis` to ANALYSES: how whylens runs it, the query a
person would write by hand for the same numbers and which part of whylens' answer it gives
(`bench.answers`), the same in ClickHouse's idiom, and optionally how pandas computes it from
tables loaded into memory. Every answer is compared with whylens' own, so a baseline that drifts
from the real definition shows up.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from bench import (
    answers,
    clickhouse_handwritten,
    clickhouse_sessions,
    handwritten,
    handwritten_sessions,
)
from bench.measure import timed

Frames = Mapping[str, pd.DataFrame]
TOP = 10


def _whole(answer: Any) -> Any:
    return answer


@dataclass(frozen=True)
class Analysis:
    """How whylens runs an analysis, the hand-written query for the same numbers (DuckDB's, and
    ClickHouse's), and how pandas computes them (when written); `limit_s` is the analysis' time
    target at 10M events."""

    name: str
    run: Callable[[Any], Any]  # the whylens Workspace -> answer
    handwritten: Callable[[Any, str], Any] | None = None  # (engine, project) -> the same numbers
    reads: Callable[[Any], Any] = _whole  # the part of whylens' answer the query gives
    baseline: Callable[[Frames], Any] | None = None  # pandas: tables in memory -> the answer
    needs: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # table -> columns
    answer: Callable[[Any], Any] = _whole  # the part of whylens' answer pandas reproduces
    limit_s: float | None = None
    clickhouse: Callable[[Any, str], Any] | None = None  # (chdb session, project) -> numbers
    clickhouse_reads: Callable[[Any], Any] | None = None  # their part of whylens' answer
    # (None: the same part as the DuckDB query's)


def _ranked(frame: pd.DataFrame, by: str, key: str, top: int) -> pd.DataFrame:
    """Most first, ties by name, as the SQL orders them."""
    return frame.sort_values([by, key], ascending=[False, True], kind="stable").head(top)


def _bounce(sessions: pd.DataFrame, threshold_s: float = 10.0) -> pd.Series:
    """The default (posthog) rule of docs/metrics.md: 1.0, 0.0, or NaN without a page view."""
    engaged = (
        (sessions["pageviews"] > 1)
        | (sessions["interactions"] > 0)
        | (sessions["duration_s"] >= threshold_s)
    )
    return (~engaged).astype("float64").where(sessions["pageviews"] != 0)


def _host(url: pd.Series) -> pd.Series:
    """A URL's host, lower case, without port, user info or a leading www."""
    found = url.str.extract(r"^[A-Za-z][A-Za-z0-9+.\-]*://(?:[^@/?#]*@)?([^/:?#]*)", expand=False)
    return found.str.lower().str.replace(r"^www\.", "", regex=True).replace("", None)


def _source(sessions: pd.DataFrame) -> pd.Series:
    """UTM source, else a referring site other than the site itself, else direct."""
    domain = sessions["referring_domain"]
    external = domain.where(domain.ne(_host(sessions["entry_url"])) & domain.notna())
    return sessions["utm_source"].fillna(external).fillna("(direct)")


def _grouped(sessions: pd.DataFrame, key: pd.Series, name: str, top: int) -> list[dict]:
    table = (
        sessions.assign(**{name: key})
        .groupby(name)
        .agg(
            sessions=("person_id", "size"),
            persons=("person_id", "nunique"),
            bounce_rate=("bounce", "mean"),
            mean_duration_s=("duration_s", "mean"),
            pageviews=("pageviews", "sum"),
        )
        .reset_index()
    )
    table["pages_per_session"] = table.pop("pageviews") / table["sessions"]
    return _ranked(table, "sessions", name, top).to_dict("records")


def _daily(events: pd.DataFrame) -> pd.DataFrame:
    day = events["timestamp"].dt.floor("D").rename("day")
    return events.groupby(day)["person_id"].agg(events="size", persons="nunique").reset_index()


def overview_pandas(f: Frames, top: int = TOP) -> dict[str, Any]:
    sessions, events = f["sessions"], f["events"]
    sessions = sessions.assign(bounce=_bounce(sessions))
    totals = {
        "sessions": len(sessions),
        "persons": sessions["person_id"].nunique(),
        "bounce_rate": sessions["bounce"].mean(),
        "median_session_s": sessions["duration_s"].median(),
        "pages_per_session": sessions["pageviews"].sum() / len(sessions) if len(sessions) else None,
        "events": len(events),
    }
    daily = _daily(events)
    daily["day"] = daily["day"].dt.strftime("%Y-%m-%d")
    per_event = events.groupby("event")["person_id"].agg(events="size", persons="nunique")
    landed = sessions[sessions["entry_path"].notna()]
    return {
        "totals": totals,
        "daily": daily.to_dict("records"),
        "top_events": _ranked(per_event.reset_index(), "events", "event", top).to_dict("records"),
        "landing_pages": _grouped(landed, landed["entry_path"], "path", top),
        "sources": _grouped(sessions, _source(sessions), "source", top),
    }


def trends_pandas(f: Frames) -> list[tuple[str, int]]:
    """Events per day, every day from the first to the last."""
    counts = f["events"].groupby(f["events"]["timestamp"].dt.floor("D")).size()
    days = pd.date_range(counts.index.min(), counts.index.max(), freq="D")
    counts = counts.reindex(days, fill_value=0)
    return [(day.isoformat(), int(n)) for day, n in counts.items()]


def info_pandas(f: Frames) -> dict[str, Any]:
    events = f["events"]
    counts = events["event"].value_counts().rename("n").reset_index()
    first, last = events["timestamp"].min(), events["timestamp"].max()
    return {
        "events": len(events),
        "persons": len(f["persons"]),
        "sessions": len(f["sessions"]),
        "event_names": dict(_ranked(counts, "n", "event", len(counts)).itertuples(index=False)),
        "first": first.to_pydatetime().isoformat() if len(events) else None,
        "last": last.to_pydatetime().isoformat() if len(events) else None,
    }


def _scope(workspace: Any) -> Any:
    from whylens.insights.scope import Scope

    return Scope(workspace.project_id)


def _overview(workspace: Any) -> Any:
    from whylens.insights.overview import overview

    # the whole history (as pandas computes it), not the dashboard's last 28 days
    return overview(workspace.engine, _scope(workspace), top=TOP, days=None)


def _overview_answer(document: dict[str, Any]) -> dict[str, Any]:
    """The part pandas reproduces (the key numbers' comparison with the period before is not)."""
    return {k: document[k] for k in ("totals", "daily", "top_events", "landing_pages", "sources")}


def _trends(workspace: Any) -> Any:
    from whylens.insights.trends import trends

    return trends(workspace.engine, _scope(workspace), ["*"], "day", "total").to_dict()


ANALYSES: list[Analysis] = [
    Analysis(
        "overview",
        _overview,
        handwritten_sessions.overview,
        _overview_answer,
        baseline=overview_pandas,
        answer=_overview_answer,
        clickhouse=clickhouse_sessions.overview,
        needs={
            "events": ("person_id", "timestamp", "event"),
            "sessions": (
                "person_id",
                "pageviews",
                "interactions",
                "duration_s",
                "entry_path",
                "entry_url",
                "utm_source",
                "referring_domain",
            ),
        },
    ),
    Analysis(
        "trends: events per day",
        _trends,
        handwritten.trends,
        answers.trends,
        trends_pandas,
        {"events": ("timestamp",)},
        answers.trends,
        limit_s=1.0,
        clickhouse=clickhouse_handwritten.trends,
    ),
    Analysis(
        "sessions: web metrics",
        lambda ws: ws.sessions().to_dict(),
        handwritten_sessions.sessions,
        answers.sessions,
        limit_s=2.0,
        clickhouse=clickhouse_sessions.sessions,
    ),
    Analysis(
        "funnel: 4 ordered steps, 7-day window",
        lambda ws: ws.funnel(list(handwritten.FUNNEL_STEPS), window="7d").to_dict(),
        handwritten.funnel,
        answers.funnel,
        limit_s=1.0,
        clickhouse=clickhouse_handwritten.funnel,
        clickhouse_reads=answers.funnel_persons,
    ),
    Analysis(
        "retention: weekly, 8 periods",
        lambda ws: ws.retention(
            start="login", returning="purchase", period="week", periods=8
        ).to_dict(),
        handwritten.retention,
        answers.retention,
        limit_s=1.0,
        clickhouse=clickhouse_handwritten.retention,
    ),
    Analysis(
        "paths: transitions",
        lambda ws: ws.path_transitions().to_dict(),
        handwritten.transitions,
        answers.transitions,
        limit_s=2.0,
        clickhouse=clickhouse_handwritten.transitions,
    ),
    Analysis(
        "paths: 5 steps after search",
        lambda ws: ws.paths("search", depth=5).to_dict(),
        handwritten.paths_after,
        answers.paths,
        limit_s=2.0,
        clickhouse=clickhouse_handwritten.paths_after,
    ),
    Analysis(
        "stickiness: weekly",
        lambda ws: ws.stickiness("purchase", period="week").to_dict(),
        handwritten.stickiness,
        answers.stickiness,
        limit_s=1.0,
        clickhouse=clickhouse_handwritten.stickiness,
    ),
    Analysis(
        "lifecycle: weekly",
        lambda ws: ws.lifecycle("purchase", interval="week").to_dict(),
        handwritten.lifecycle,
        answers.lifecycle,
        limit_s=1.0,
        clickhouse=clickhouse_handwritten.lifecycle,
    ),
    Analysis(
        "adoption: 2 features",
        lambda ws: ws.adoption(list(handwritten.ADOPTION_FEATURES)).to_dict(),
        handwritten.adoption,
        answers.adoption,
        clickhouse=clickhouse_handwritten.adoption,
    ),
    Analysis(
        "info",
        lambda workspace: workspace.info(),
        handwritten.info,
        baseline=info_pandas,
        clickhouse=clickhouse_handwritten.info,
        needs={"events": ("timestamp", "event"), "persons": ("person_id",), "sessions": ()},
    ),
]


# -- in the child process ------------------------------------------------------------------------
def measure(database: str, runs: int) -> dict[str, Any]:
    """Time each analysis, its hand-written query and its pandas baseline; the tables pandas
    reads are loaded once, timed apart."""
    import whylens

    workspace = whylens.open(database)
    engine, project = workspace.engine, workspace.project_id
    timings, references = {}, {}
    for a in ANALYSES:  # each right before its reference, so that both find the same caches
        timings[a.name] = timed(lambda a=a: a.run(workspace), runs)
        if a.handwritten is not None:
            references[a.name] = timed(lambda a=a: a.handwritten(engine, project), runs)
    loads, frames = {}, {}
    for table, columns in _columns_needed().items():
        select = ", ".join(columns) if columns else "1 AS one"
        load, frames[table] = timed(
            lambda sql=f"SELECT {select} FROM {table} WHERE project_id = $project": (
                workspace.engine.query(sql, {"project": workspace.project_id}).to_pandas()
            ),
            1,
        )
        loads[table] = load.median
    workspace.close()
    rows = []
    for analysis in ANALYSES:
        timing, answer = timings[analysis.name]
        row = {
            "name": analysis.name,
            "whylens": timing.runs,
            "limit_s": analysis.limit_s,
            "handwritten": None,
            "handwritten_difference": None,
            "pandas": None,
            "difference": None,
        }
        if analysis.name in references:
            reference, expected = references[analysis.name]
            row["handwritten"] = reference.runs
            row["handwritten_difference"] = first_difference(analysis.reads(answer), expected)
        if analysis.baseline is not None:
            base, expected = timed(lambda a=analysis: a.baseline(frames), runs)
            row["pandas"] = base.runs
            row["difference"] = first_difference(analysis.answer(answer), expected)
        rows.append(row)
    return {"analyses": rows, "loads": loads, "events": len(frames["events"])}


def _columns_needed() -> dict[str, tuple[str, ...]]:
    needed: dict[str, tuple[str, ...]] = {}
    for analysis in ANALYSES:
        for table, columns in analysis.needs.items():
            needed[table] = tuple(dict.fromkeys(needed.get(table, ()) + columns))
    return needed


# -- comparing answers ---------------------------------------------------------------------------
def first_difference(got: Any, expected: Any, where: str = "") -> str | None:
    """Where two answers first differ (numbers to 1e-9 relative), or None when they agree."""
    got, expected = _plain(got), _plain(expected)
    if isinstance(got, dict) and isinstance(expected, dict):
        if set(got) != set(expected):
            return f"{where or 'answer'}: keys {sorted(got)} vs {sorted(expected)}"
        for key in got:
            found = first_difference(got[key], expected[key], f"{where}.{key}".lstrip("."))
            if found:
                return found
        return None
    if isinstance(got, list) and isinstance(expected, list):
        if len(got) != len(expected):
            return f"{where}: {len(got)} items vs {len(expected)}"
        for index, (a, b) in enumerate(zip(got, expected, strict=True)):
            found = first_difference(a, b, f"{where}[{index}]")
            if found:
                return found
        return None
    if isinstance(got, float) and isinstance(expected, float):
        same = math.isclose(got, expected, rel_tol=1e-9, abs_tol=1e-9)
    else:
        same = got == expected
    return None if same else f"{where}: {got!r} vs {expected!r}"


def _plain(value: Any) -> Any:
    """Numbers as float, missing values as None, timestamps as datetime, tuples as lists."""
    if isinstance(value, dict):
        return {str(k): v for k, v in value.items()}
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | float | Decimal | np.integer | np.floating):
        number = float(value)
        return None if math.isnan(number) else number
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return None if value is pd.NA else value
