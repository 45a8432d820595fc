"""Paths step by step: what persons did after a start event, before an end event, or between the
two, counted in persons per node and per link, with top full paths and a step matrix.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from whylens.engines.base import Engine
from whylens.errors import QueryError
from whylens.insights.dialects import per_dialect
from whylens.insights.matchers import matcher
from whylens.insights.params import Params
from whylens.insights.paths.result import PathsResult
from whylens.insights.paths.sequences import Sequences
from whylens.insights.result import recorded
from whylens.insights.scope import Scope

#: node names beyond the top ones of a step
OTHER = "other"
#: where a person's sequence ended (or, before an end event, where it began)
END, START = "end", "start"
#: in a path between two events, the steps left out beyond the depth
MORE = "..."
MAX_DEPTH = 50
#: the kinds of rows the one query returns
_PARTS = ("node", "link", "matrix", "path", "persons", "followed")


@dataclass(frozen=True)
class Walk:
    """Which stretch of each person's sequence is followed, and how its steps are numbered.

    Step 0 is the anchor: the person's first start event (or first end event when walking
    backwards, steps then negative). Without either, step 1 is the person's first event.
    """

    start: Any
    end: Any
    depth: int

    @property
    def direction(self) -> str:
        if self.start is not None:
            return "between" if self.end is not None else "next"
        return "previous" if self.end is not None else "first"

    @property
    def steps(self) -> range:
        if self.direction == "previous":
            return range(-self.depth, 1)
        return range(1 if self.direction == "first" else 0, self.depth + 1)

    @property
    def flags(self) -> dict[str, Any]:
        """Event specifications the sequence rows are flagged with."""
        if self.direction == "first":
            return {}
        flags = {"is_anchor": self.end if self.direction == "previous" else self.start}
        return flags | ({"is_stop": self.end} if self.direction == "between" else {})


@per_dialect("paths")
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
    """Next steps after `start`, previous steps before `end`, or the paths from one to the other.

    Each person counts once, from their first start (or end) event in the scope. At every step
    the node counts, `other` and `end` included, add up to the persons followed.
    """
    check(depth, top, top_paths)
    walk = Walk(start, end, depth)
    sequences = Sequences(pageviews=pageviews, by_session=by_session, collapse=collapse)
    sql, params = _query(scope, walk, sequences, top, top_paths)
    with recorded(engine) as (logged, log):
        rows = logged.query(sql, params).to_pylist()
    return PathsResult(report(walk, scope, sequences, top, rows), log)


def report(
    walk: Walk, scope: Scope, sequences: Sequences, top: int, rows: list[dict[str, Any]]
) -> dict[str, Any]:
    """The document from the rows of the paths query (part, step, source, name, path, persons,
    median_s) in its order, whichever engine ran it."""
    return {
        "start": _name(walk.start),
        "end": _name(walk.end),
        "direction": walk.direction,
        "depth": walk.depth,
        "top": top,
        "collapse": sequences.collapse,
        "pageviews": sequences.pageviews,
        "by_session": sequences.by_session,
        "scope": scope.describe(),
        **_assemble(rows, walk),
    }


def check(depth: int, top: int, top_paths: int) -> None:
    if not 1 <= depth <= MAX_DEPTH:
        raise QueryError(f"depth must be between 1 and {MAX_DEPTH}, not {depth}")
    if top < 1 or top_paths < 1:
        raise QueryError("top and top_paths must be at least 1")


def _name(spec: Any) -> str | None:
    return None if spec is None else matcher(spec).name


def _query(
    scope: Scope, walk: Walk, sequences: Sequences, top: int, top_paths: int
) -> tuple[str, Params]:
    params = Params()
    seq = sequences.relation(params, scope, walk.flags)
    names = {k: params.add(v) for k, v in {"other": OTHER, "end": END, "start": START}.items()}
    # the sequences are read twice, cheaper than materialised unless a window collapsed them
    materialized = "MATERIALIZED" if sequences.collapse else "NOT MATERIALIZED"
    ctes = [
        f"seq AS {materialized} {seq}",
        *_followed(walk, params),
        _grid(walk, params, names),
        "counts AS (SELECT step, node, count(*) AS persons FROM grid GROUP BY step, node)",
        f"ranked AS (SELECT *, node IN ({names['start']}, {names['end']}) AS boundary,"
        f" row_number() OVER (PARTITION BY step ORDER BY node IN ({names['start']}, {names['end']}),"
        " persons DESC, node) AS rank FROM counts)",
        f"labels AS (SELECT step, node, CASE WHEN boundary OR rank <= {params.add(top)} THEN node"
        f" ELSE {names['other']} END AS name FROM ranked)",
        "named AS (SELECT g.person_id, g.step, l.name FROM grid g JOIN labels l USING (step, node))",
    ]
    order = (
        f"CASE WHEN name IN ({names['start']}, {names['end']}) THEN 2"
        f" WHEN name = {names['other']} THEN 1 ELSE 0 END"
    )
    parts = " UNION ALL ".join(_outputs(walk, params, names, top, top_paths))
    sql = (
        f"WITH {', '.join(ctes)} SELECT * FROM ({parts})"
        f" ORDER BY part, step, {order}, persons DESC, source, name, path"
    )
    return sql, params


def _followed(walk: Walk, params: Params) -> list[str]:
    """CTEs `anchors` (persons who did the anchor event) and `walks` (per person followed: the
    nodes in step order, and between two events the steps and time to the end event)."""
    n = params.add(len(walk.steps))
    if walk.direction == "first":  # no anchor to find: each unit's first nodes, one aggregate
        return [
            "walks AS (SELECT person_id, arg_min(nodes, head) AS nodes, NULL::BIGINT AS length,"
            " NULL::VARCHAR AS end_node, NULL::DOUBLE AS elapsed_s FROM (SELECT"
            f" any_value(person_id) AS person_id, min_by(node, (ts, event_id), {n}) AS nodes,"
            " min((ts, event_id)) AS head FROM seq GROUP BY unit) GROUP BY person_id)",
            "anchors AS (SELECT person_id FROM walks)",
        ]
    return [
        "anchors AS (SELECT person_id, head.unit, head.ts, head.event_id FROM (SELECT"
        " person_id, min({'ts': ts, 'event_id': event_id, 'unit': unit}) AS head FROM seq"
        " WHERE is_anchor GROUP BY person_id))",
        _walkers(walk),
        _walks(walk, n),
    ]


def _walkers(walk: Walk) -> str:
    """Persons to follow; between two events, those whose end event follows their start."""
    if walk.direction != "between":
        return (
            "walkers AS (SELECT *, NULL::TIMESTAMP AS end_ts, NULL::VARCHAR AS end_id,"
            " NULL::VARCHAR AS end_node FROM anchors)"
        )
    after = _order(">", ("s.ts", "s.event_id"), ("a.ts", "a.event_id"))
    return (
        "walkers AS (SELECT a.*, stop.ts AS end_ts, stop.event_id AS end_id, stop.node AS end_node"
        " FROM anchors a JOIN (SELECT a.person_id, min({'ts': s.ts, 'event_id': s.event_id,"
        f" 'node': s.node}}) AS stop FROM anchors a JOIN seq s ON s.unit = a.unit AND {after}"
        " WHERE s.is_stop GROUP BY a.person_id) USING (person_id))"
    )


def _order(op: str, left: tuple[str, str], right: tuple[str, str]) -> str:
    """(ts, event_id) of `left` is `op` (`>`, `>=`, `<=`) that of `right`: time first, event id
    on ties. Timestamps are compared on their own first: the join then rarely looks at ids."""
    (left_ts, left_id), (right_ts, right_id) = left, right
    strict = op[0]
    return (
        f"{left_ts} {strict}= {right_ts} AND ({left_ts} {strict} {right_ts}"
        f" OR {left_id} {op} {right_id})"
    )


def _walks(walk: Walk, n: str) -> str:
    """Per person, the nodes from the anchor on (backwards: from the anchor back), in step order.

    A top-N per person (min_by with N), not a sort of every sequence: fast on large tables. The
    top N + 1 by time alone is several times cheaper than by (time, event id), and gives the
    same N nodes in the same order unless two of those times are equal: only the persons with
    such a tie are walked again, exactly (`exact`).
    """
    backwards = walk.direction == "previous"
    row = ("s.ts", "s.event_id")
    bound = _order("<=" if backwards else ">=", row, ("w.ts", "w.event_id"))
    if walk.direction == "between":
        bound += " AND " + _order("<=", row, ("w.end_ts", "w.end_id"))
    top, least = ("max_by", "max") if backwards else ("min_by", "min")
    joined = f"walkers w JOIN seq s ON s.unit = w.unit AND {bound}"
    return (
        f"walked AS (SELECT w.person_id, {top}(s.node, s.ts, {n} + 1) AS nodes,"
        f" {least}(s.ts, {n} + 1) AS times, count(*) - 1 AS length,"
        " any_value(w.end_node) AS end_node,"
        " date_diff('microsecond', any_value(w.ts), any_value(w.end_ts)) / 1e6 AS elapsed_s"
        f" FROM {joined} GROUP BY w.person_id),\n"
        f"exact AS (SELECT w.person_id, {top}(s.node, (s.ts, s.event_id), {n}) AS nodes"
        f" FROM {joined} WHERE w.person_id IN (SELECT person_id FROM walked"
        " WHERE len(list_distinct(times)) < len(times)) GROUP BY w.person_id),\n"
        f"walks AS (SELECT k.person_id, coalesce(x.nodes, k.nodes[1:{n}]) AS nodes, k.length,"
        " k.end_node, k.elapsed_s FROM walked k LEFT JOIN exact x USING (person_id))"
    )


def _grid(walk: Walk, params: Params, names: dict[str, str]) -> str:
    """One row per person and step: the node there, or `end` (`start`) past the sequence."""
    offset = params.add(0 if walk.direction == "first" else 1)
    return (
        f"grid AS (SELECT w.person_id, k.step, coalesce(w.nodes[abs(k.step) + {offset}],"
        f" CASE WHEN k.step < 0 THEN {names['start']} ELSE {names['end']} END) AS node"
        f" FROM walks w CROSS JOIN range({params.add(walk.steps.start)},"
        f" {params.add(walk.steps.stop)}) k(step))"
    )


def _outputs(
    walk: Walk, params: Params, names: dict[str, str], top: int, top_paths: int
) -> list[str]:
    """The result parts as rows of one shape: (part, step, source, name, path, persons, median_s)."""
    none = "NULL::VARCHAR[] AS path, NULL::DOUBLE AS median_s"
    kept = f"SELECT node FROM ranked WHERE NOT boundary AND rank <= {params.add(top)}"
    return [
        "SELECT 'node' AS part, step, NULL::VARCHAR AS source, name,"
        f" count(*) AS persons, {none} FROM named GROUP BY step, name",
        "SELECT 'link', n.step, p.name, n.name, count(*), NULL, NULL FROM named n"
        " JOIN named p ON p.person_id = n.person_id AND p.step = n.step - 1"
        " GROUP BY n.step, p.name, n.name",
        f"SELECT 'matrix', step, NULL, CASE WHEN boundary OR node IN ({kept}) THEN node"
        f" ELSE {names['other']} END AS name, sum(persons)::BIGINT, NULL, NULL FROM ranked"
        " GROUP BY ALL",
        f"(SELECT 'path', NULL, NULL, NULL, count(*), path, median(elapsed_s) FROM"
        f" (SELECT {_path(walk, params)} AS path, elapsed_s FROM walks) GROUP BY path"
        f" ORDER BY count(*) DESC, path LIMIT {params.add(top_paths)})",
        "SELECT 'persons', NULL, NULL, NULL, count(*), NULL, NULL FROM anchors",
        "SELECT 'followed', NULL, NULL, NULL, count(*), NULL, median(elapsed_s) FROM walks",
    ]


def _path(walk: Walk, params: Params) -> str:
    """A person's path in time order; between two events, `...` stands for steps past the depth."""
    if walk.direction == "previous":
        return "list_reverse(nodes)"
    if walk.direction != "between":
        return "nodes"
    depth = params.add(walk.depth)
    return (
        f"CASE WHEN length <= {depth} THEN nodes"
        f" WHEN length = {depth} + 1 THEN list_append(nodes, end_node)"
        f" ELSE list_concat(nodes, [{params.add(MORE)}, end_node]) END"
    )


def _assemble(rows: list[dict[str, Any]], walk: Walk) -> dict[str, Any]:
    """The query's rows, grouped into the document's parts (loops over result rows only)."""
    part = {name: [r for r in rows if r["part"] == name] for name in _PARTS}
    followed, reached = part["followed"][0], part["persons"][0]["persons"]
    document: dict[str, Any] = {"persons": reached}
    if walk.direction == "between":
        document["converted"] = followed["persons"]
        document["conversion"] = followed["persons"] / reached if reached else None
        document["median_s"] = followed["median_s"]
    return document | _parts(part, walk, followed["persons"])


def _parts(part: dict[str, list[dict[str, Any]]], walk: Walk, followed: int) -> dict[str, Any]:
    """Steps, links, top paths and step matrix; shares are of the persons followed."""

    def counted(r: dict[str, Any]) -> dict[str, Any]:
        return {"persons": r["persons"], "share": r["persons"] / followed if followed else None}

    def node(r: dict[str, Any]) -> dict[str, Any]:
        return {"name": r["name"], **counted(r)}

    def path(r: dict[str, Any]) -> dict[str, Any]:
        timed = {"median_s": r["median_s"]} if walk.direction == "between" else {}
        return {"path": r["path"], **counted(r), **timed}

    return {
        "steps": [
            {"step": k, "nodes": [node(r) for r in part["node"] if r["step"] == k]}
            for k in walk.steps
        ],
        "links": [
            {"step": r["step"], "source": r["source"], "target": r["name"], "persons": r["persons"]}
            for r in part["link"]
        ],
        "top_paths": [path(r) for r in part["path"]],
        "step_matrix": [{"step": r["step"], **node(r)} for r in part["matrix"]],
    }
