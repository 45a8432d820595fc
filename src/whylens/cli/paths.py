"""`whylens paths`: what persons do after an event, before one or between two, and the
transition matrix; a thin shell over `Workspace.paths` and `Workspace.path_transitions`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from whylens.cli import insight_options as io
from whylens.cli import options
from whylens.cli.output import print_table
from whylens.errors import QueryError
from whylens.insights.paths.steps import MAX_DEPTH
from whylens.insights.scope import parse_moment


def paths(
    start: str | None = typer.Option(
        None,
        "--start",
        help="Start event ('a|b' for any): the steps after each person's first one.",
    ),
    end: str | None = typer.Option(
        None,
        "--end",
        help="End event: the steps before each person's first one; "
        "with --start, the paths from start to end.",
    ),
    depth: int = typer.Option(5, "--depth", min=1, max=MAX_DEPTH, help="Steps followed."),
    top: int = typer.Option(10, "--top", min=1, help="Nodes kept per step; the rest are 'other'."),
    top_paths: int = typer.Option(10, "--top-paths", min=1, help="Most common full paths shown."),
    collapse: bool = typer.Option(False, "--collapse", help="Collapse repeats: a a b -> a b."),
    pageviews: bool = typer.Option(
        False, "--pageviews", help="Only page views, named by path (--start/--end take paths)."
    ),
    by_session: bool = typer.Option(
        False, "--by-session", help="Sequences within sessions, not the whole history."
    ),
    transitions: bool = typer.Option(
        False, "--transitions", help="Every pair of consecutive events: counts, probabilities."
    ),
    step_matrix: bool = typer.Option(
        False, "--step-matrix", help="Show the share of persons at each node at each step."
    ),
    date_from: str | None = typer.Option(
        None,
        "--from",
        help="A start event (as --start) or, when it reads as a date (YYYY-MM-DD, -7d), "
        "the start of the date range.",
    ),
    date_to: str | None = typer.Option(
        None,
        "--to",
        help="An end event (as --end) or, when it reads as a date, the end of the date range.",
    ),
    where: list[str] | None = io.WHERE,
    segment: str | None = io.SEGMENT,
    db: Path | None = options.DB,
    project: str | None = options.PROJECT,
    json: bool = options.JSON,
    plot: Path | None = io.PLOT,
) -> None:
    """Paths: next steps after --from/--start, previous steps before --to/--end, or between."""
    date_from, start = _date_or_event(date_from, start, "--from", "--start")
    date_to, end = _date_or_event(date_to, end, "--to", "--end")
    scope = io.scope_args(date_from, date_to, where, segment)
    sequences = {"collapse": collapse, "pageviews": pageviews, "by_session": by_session}
    if transitions:
        if start or end:
            raise QueryError("--transitions counts every pair of events: it takes no --start/--end")
        with options.open_workspace(db, project=project, read_only=True) as ws:
            result = ws.path_transitions(**sequences, **scope)
        io.emit(result, json, "Transitions", plot)
        return
    with options.open_workspace(db, project=project, read_only=True) as ws:
        result = ws.paths(start, end, depth, top=top, top_paths=top_paths, **sequences, **scope)
    document = result.to_dict()
    if step_matrix:
        io.emit(result, json, "Step matrix (share of persons)", plot, _matrix_rows(document))
        return
    io.emit(result, json, _title(document), plot, _step_rows(document))
    if not json:
        print_table(_path_rows(document), title="Top paths")


def _date_or_event(
    value: str | None, event: str | None, flag: str, event_flag: str
) -> tuple[str | None, str | None]:
    """`paths --from signup` names an event (as the issue spells it); `--from 2024-01-01` a date."""
    if value is None:
        return None, event
    try:
        parse_moment(value)
    except QueryError:
        if event is not None:
            raise QueryError(f"{flag} {value!r} is not a date, and {event_flag} is given") from None
        return None, value
    return value, event


def _title(document: dict[str, Any]) -> str:
    anchor = {
        "next": f"after {document['start']}",
        "previous": f"before {document['end']}",
        "between": f"from {document['start']} to {document['end']}",
        "first": "from the first event",
    }[document["direction"]]
    extra = ""
    if document["direction"] == "between":
        extra = f", {document['converted']:,} reached {document['end']}"
    return f"Paths {anchor}: {document['persons']:,} persons{extra}"


def _step_rows(document: dict[str, Any]) -> list[dict[str, Any]]:
    """One column per step, nodes ranked down: 'name  persons (share)'."""
    columns = {f"step {s['step']}": s["nodes"] for s in document["steps"]}
    height = max((len(nodes) for nodes in columns.values()), default=0)
    return [
        {label: _cell(nodes[i]) if i < len(nodes) else "" for label, nodes in columns.items()}
        for i in range(height)
    ]


def _cell(node: dict[str, Any]) -> str:
    return f"{node['name']}  {node['persons']:,} ({node['share']:.0%})"


def _matrix_rows(document: dict[str, Any]) -> list[dict[str, Any]]:
    cells: dict[str, dict[str, Any]] = {}
    for r in document["step_matrix"]:
        cells.setdefault(r["name"], {"name": r["name"]})[f"step {r['step']}"] = f"{r['share']:.1%}"
    steps = [f"step {s['step']}" for s in document["steps"]]
    return [{"name": name, **{s: row.get(s, "0.0%") for s in steps}} for name, row in cells.items()]


def _path_rows(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"path": " → ".join(p["path"]), "persons": p["persons"], "share": f"{p['share']:.1%}"}
        | ({"median time": _duration(p["median_s"])} if "median_s" in p else {})
        for p in document["top_paths"]
    ]


def _duration(seconds: float | None) -> str:
    """37.5 s, 12.0 min, 5.2 h, 3.1 d: median times span seconds to weeks."""
    if seconds is None:
        return "—"
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            return f"{seconds / size:.1f} {unit}"
    return f"{seconds:.1f} s"


def register(app: typer.Typer) -> None:
    app.command()(paths)
