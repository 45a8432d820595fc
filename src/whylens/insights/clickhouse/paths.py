"""Paths on ClickHouse: the documents of insights/paths/. Each sequence (a person's events, or a
session's) is one array sorted by (time, event id): repeats collapse with a filter, the anchor is
an index into it, a walk is a slice, and pairs of consecutive nodes are a zip of the array with
itself shifted. The events a sequence holds are those of insights/paths/sequences.py, whose SQL
is transpiled.

The walks of one paths query feed six aggregates (nodes, links, step matrix, top paths, persons,
followed); they are kept in a temporary table for the query, so that the events are read once.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from whylens.engines.base import Engine
from whylens.insights.clickhouse import where
from whylens.insights.dialects import implements
from whylens.insights.params import Params
from whylens.insights.paths.result import PathsResult, PathTransitionsResult
from whylens.insights.paths.sequences import Sequences
from whylens.insights.paths.steps import END, MORE, OTHER, START, Walk, check, report
from whylens.insights.result import QueryLog, recorded
from whylens.insights.scope import Scope
from whylens.sql import identifier


def units(sequences: Sequences, scope: Scope, params: Params, flags: dict[str, Any]) -> str:
    """One row per sequence: its person and its events as (ts, event_id, node, is_anchor,
    is_stop) in order, repeats collapsed when asked (a run keeps its first event)."""
    plain = Sequences(pageviews=sequences.pageviews, by_session=sequences.by_session)
    relation = where.fragment(plain.relation(params, replace(scope, segment=None), flags), params)
    if scope.segment is not None:
        relation = f"(SELECT * FROM {relation} WHERE {where.segment(scope, params, 'person_id')})"
    anchor = "is_anchor" if "is_anchor" in flags else "false"
    stop = "is_stop" if "is_stop" in flags else "false"
    raw = (
        "arraySort(x -> (x.1, x.2), groupArray((ts, event_id, CAST(node AS String),"
        f" toBool({anchor}), toBool({stop}))))"
    )
    evs = "raw"
    if sequences.collapse:
        before = "arrayPushFront(arrayPopBack(arrayMap(x -> toNullable(x.3), raw)), NULL)"
        evs = f"arrayFilter((x, b) -> b IS NULL OR x.3 != b, raw, {before})"
    return (
        f"SELECT person_id, unit, {evs} AS evs FROM (SELECT any(person_id) AS person_id, unit,"
        f" {raw} AS raw FROM {relation} s GROUP BY unit)"
    )


def _walks(walk: Walk, sequences: Sequences, scope: Scope, params: Params) -> str:
    """Per person with an anchor (every person, without one): the nodes walked in step order,
    `followed` (between two events: whether the end follows), and between two events the
    events after the anchor up to the end, the end's node and the seconds to it."""
    n = len(walk.steps)
    seqs = units(sequences, scope, params, walk.flags)
    if walk.direction == "first":
        # by session, the person's earliest session
        nodes, grouped = _nodes(f"arraySlice(evs, 1, {n})"), ""
        if sequences.by_session:
            nodes, grouped = f"argMin({nodes}, (evs[1].1, evs[1].2))", " GROUP BY person_id"
        return (
            f"SELECT person_id, true AS followed, {nodes} AS nodes,"
            " CAST(NULL AS Nullable(Int64)) AS length, CAST(NULL AS Nullable(String)) AS end_node,"
            f" CAST(NULL AS Nullable(Float64)) AS elapsed_s FROM ({seqs}){grouped}"
        )
    anchored = f"SELECT *, arrayFirstIndex(x -> x.4, evs) AS i FROM ({seqs})"
    # a person's sequence with an anchor; by session, the one whose anchor comes first
    anchored = (
        "SELECT person_id, argMin((unit, evs, i), (evs[i].1, evs[i].2, unit)) AS a"
        f" FROM ({anchored}) WHERE i > 0 GROUP BY person_id"
        if sequences.by_session
        else f"SELECT person_id, (unit, evs, i) AS a FROM ({anchored}) WHERE i > 0"
    )
    if walk.direction == "previous":
        first = f"greatest(1, a.3 - {n} + 1)"
        return (
            f"SELECT person_id, true AS followed,"
            f" arrayReverse({_nodes(f'arraySlice(a.2, {first}, a.3 - {first} + 1)')}) AS nodes,"
            " toNullable(toInt64(a.3 - 1)) AS length, CAST(NULL AS Nullable(String)) AS end_node,"
            f" CAST(NULL AS Nullable(Float64)) AS elapsed_s FROM ({anchored})"
        )
    if walk.direction == "next":
        return (
            f"SELECT person_id, true AS followed, {_nodes(f'arraySlice(a.2, a.3, {n})')} AS nodes,"
            " toNullable(toInt64(length(a.2) - a.3)) AS length,"
            " CAST(NULL AS Nullable(String)) AS end_node,"
            f" CAST(NULL AS Nullable(Float64)) AS elapsed_s FROM ({anchored})"
        )
    stop = "arrayFirstIndex((x, k) -> k > a.3 AND x.5, a.2, arrayEnumerate(a.2))"
    seconds = "(toUnixTimestamp64Micro(a.2[j].1) - toUnixTimestamp64Micro(a.2[a.3].1)) / 1e6"
    return (
        f"SELECT person_id, j > 0 AS followed,"
        f" {_nodes(f'arraySlice(a.2, a.3, least({n}, j - a.3 + 1))')} AS nodes,"
        " toNullable(toInt64(j - a.3)) AS length, toNullable(a.2[j].3) AS end_node,"
        f" toNullable({seconds}) AS elapsed_s FROM (SELECT *, {stop} AS j FROM ({anchored}))"
    )


def _nodes(events: str) -> str:
    """The nodes of a slice of a sequence (sliced first: the nodes of the rest are not needed)."""
    return f"{events}.3"


def _path(walk: Walk, params: Params) -> str:
    """A person's path in time order; between two events, `...` stands for steps past the depth."""
    if walk.direction == "previous":
        return "arrayReverse(nodes)"
    if walk.direction != "between":
        return "nodes"
    depth = params.add(walk.depth)
    return (
        f"multiIf(length <= {depth}, nodes, length = {depth} + 1, arrayPushBack(nodes, end_node),"
        f" arrayConcat(nodes, [{params.add(MORE)}, end_node]))"
    )


def _outputs(walk: Walk, table: str, top: int, top_paths: int, params: Params) -> str:
    """The rows of insights/paths/steps.py's query, in its order, from the walks in `table`."""
    other, end, start = params.add(OTHER), params.add(END), params.add(START)
    offset = 0 if walk.direction == "first" else 1
    top_ = params.add(top)
    kept = f"SELECT node FROM ranked WHERE NOT boundary AND rank <= {top_}"
    none = "CAST(NULL AS Nullable(String))"
    no_path = "CAST([] AS Array(String)) AS path, CAST(NULL AS Nullable(Float64)) AS median_s"
    no_step = "CAST(NULL AS Nullable(Int64))"
    parts = [
        f"SELECT 'node' AS part, toNullable(toInt64(step)) AS step, {none} AS source,"
        f" toNullable(name) AS name, count() AS persons, {no_path} FROM named GROUP BY step, name",
        f"SELECT 'link', n.step, p.name, n.name, count(), {no_path} FROM named n"
        " INNER JOIN named p ON p.person_id = n.person_id AND p.step = n.step - 1"
        " GROUP BY n.step, p.name, n.name",
        f"SELECT 'matrix', step, {none}, name, sum(persons), {no_path} FROM (SELECT step, persons,"
        f" if(boundary OR node IN ({kept}), node, {other}) AS name FROM ranked)"
        " GROUP BY step, name",
        f"SELECT * FROM (SELECT 'path', {no_step}, {none}, {none}, count() AS persons,"
        f" {_path(walk, params)} AS path, quantileExactInclusive(0.5)(elapsed_s) FROM walks"
        f" GROUP BY path ORDER BY persons DESC, path LIMIT {params.add(top_paths)})",
        f"SELECT 'persons', {no_step}, {none}, {none}, count(), {no_path} FROM {table}",
        f"SELECT 'followed', {no_step}, {none}, {none}, count(), CAST([] AS Array(String)),"
        " quantileExactInclusive(0.5)(elapsed_s) FROM walks",
    ]
    order = f"multiIf(name IN ({start}, {end}), 2, name = {other}, 1, 0)"
    return f"""
        WITH walks AS (SELECT * FROM {table} WHERE followed),
        grid AS (
            SELECT person_id, step, if(abs(step) + {offset} <= length(nodes),
                nodes[abs(step) + {offset}], if(step < 0, {start}, {end})) AS node
            FROM walks ARRAY JOIN range({walk.steps.start}, {walk.steps.stop}) AS step
        ),
        counts AS (SELECT step, node, count() AS persons FROM grid GROUP BY step, node),
        ranked AS (
            SELECT *, node IN ({start}, {end}) AS boundary, row_number() OVER (PARTITION BY step
                ORDER BY node IN ({start}, {end}), persons DESC, node) AS rank
            FROM counts
        ),
        labels AS (SELECT step, node, if(boundary OR rank <= {top_}, node, {other}) AS name
                   FROM ranked),
        named AS (SELECT g.person_id AS person_id, g.step AS step, l.name AS name FROM grid g
                  INNER JOIN labels l ON l.step = g.step AND l.node = g.node)
        SELECT * FROM ({" UNION ALL ".join(parts)})
        ORDER BY part, step, {order}, persons DESC, source, name, path
    """


@contextmanager
def _kept(engine: Engine, log: QueryLog, select: str, params: Params) -> Iterator[str]:
    """`select` kept in a temporary table of the session while the block runs (the statement
    is shown with the analysis's SQL)."""
    name = identifier(f"walks_{uuid.uuid4().hex}")
    create = f"CREATE TEMPORARY TABLE {name} ENGINE = Memory AS {select}"
    started = time.perf_counter()
    engine.execute(create, params)
    log.entries.append(
        {
            "sql": " ".join(create.split()),
            "params": {
                k: v if isinstance(v, int | float | str | None) else str(v)
                for k, v in params.items()
            },
            "seconds": round(time.perf_counter() - started, 4),
            "rows": None,
        }
    )
    try:
        yield name
    finally:
        engine.execute(f"DROP TEMPORARY TABLE IF EXISTS {name}")


@implements("paths", "clickhouse")
def paths(
    engine: Engine,
    scope: Scope,
    start: Any = None,
    end: Any = None,
    depth: int = 5,
    *,
    top: int = 10,
    top_paths: int = 10,
    collapse: bool = False,
    pageviews: bool = False,
    by_session: bool = False,
) -> PathsResult:
    check(depth, top, top_paths)
    walk = Walk(start, end, depth)
    sequences = Sequences(pageviews=pageviews, by_session=by_session, collapse=collapse)
    with recorded(engine) as (logged, log):
        walked = Params()
        with _kept(logged, log, _walks(walk, sequences, scope, walked), walked) as table:
            params = Params()
            rows = logged.query(_outputs(walk, table, top, top_paths, params), params).to_pylist()
    return PathsResult(report(walk, scope, sequences, top, rows), log)


@implements("path_transitions", "clickhouse")
def path_transitions(
    engine: Engine,
    scope: Scope,
    *,
    collapse: bool = False,
    pageviews: bool = False,
    by_session: bool = False,
) -> PathTransitionsResult:
    """Pairs of consecutive nodes of each sequence; with `collapse`, a node followed by itself
    is not a pair."""
    params = Params()
    seqs = units(Sequences(pageviews=pageviews, by_session=by_session), scope, params, {})
    nodes = "arrayMap(x -> x.3, evs)"
    kept = " WHERE p.1 != p.2" if collapse else ""
    sql = f"""
        SELECT node AS "from", next AS "to", n AS count,
            n / sum(n) OVER (PARTITION BY node) AS probability
        FROM (
            SELECT p.1 AS node, p.2 AS next, count() AS n FROM (
                SELECT arrayJoin(arrayZip(arrayPopBack({nodes}), arrayPopFront({nodes}))) AS p
                FROM ({seqs})
            ){kept} GROUP BY node, next
        )
        ORDER BY count DESC, "from", "to"
    """
    with recorded(engine) as (logged, log):
        rows = logged.query(sql, params).to_pylist()
    return PathTransitionsResult({"transitions": rows}, log)
