"""The three order modes, each a way to find the chains of step events a person completed.

Each returns CTEs ending with `candidates`: one row per chain end, with the step it reached,
the time of each step, the breakdown value and `rank_key` (larger is the attempt that counts).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from whylens.insights.funnels.attempts import FunnelSQL


def ordered(q: FunnelSQL) -> list[str]:
    """Chains by ASOF join: each step-k event takes the latest earlier step-(k-1) chain, whose
    start is the latest possible, so if any chain fits in the window that one does."""
    parts = [f"ev AS MATERIALIZED ({q.events()})", _first_step(q)]
    for k in range(2, q.n + 1):
        previous = ", ".join(f"p.t{i}" for i in range(1, k))
        parts.append(
            f"s{k} AS (SELECT c.h{q.hp}, c.key, {previous}, c.ts AS t{k}, {q.carried(k)} AS b"
            f" FROM (SELECT h{q.hp}, key, ts, bv FROM ev c WHERE m{k}) c"
            f" ASOF JOIN s{k - 1} p ON c.h = p.h AND p.key < c.key"
            f" WHERE {q.within('c.ts', 'p.t1')})"
        )
    return parts + [_chain_candidates(q)]


def strict(q: FunnelSQL) -> list[str]:
    """Chains whose consecutive steps are consecutive events of the person (by `seq`, a dense
    rank of `key` over every event in scope, so events at one instant and step tie)."""
    parts = [
        f"ev AS MATERIALIZED (SELECT *, dense_rank() OVER (PARTITION BY h ORDER BY key) AS seq"
        f" FROM ({q.events(every_event=True)}))",
        _first_step(q, ", seq"),
    ]
    for k in range(2, q.n + 1):
        fields = ", ".join(f"'t{i}': t{i}" for i in range(1, k))
        previous = ", ".join(f"p.t{i}" for i in range(1, k))
        # the latest-starting chain among events tied at the previous rank
        parts.append(
            f"q{k} AS (SELECT h, seq, max(key) AS key, arg_max({{{fields}, 'b': b}}, t1) AS v"
            f" FROM s{k - 1} GROUP BY h, seq)"
        )
        parts.append(
            f"s{k} AS (SELECT c.h{q.hp}, c.key, c.seq, {previous}, c.ts AS t{k},"
            f" {q.carried(k)} AS b"
            f" FROM (SELECT h{q.hp}, key, seq, ts, bv FROM ev c WHERE m{k}) c"
            f" JOIN (SELECT h, seq, key, v.* FROM q{k}) p ON c.h = p.h AND p.seq = c.seq - 1"
            f" WHERE p.key < c.key AND {q.within('c.ts', 'p.t1')})"
        )
    return parts + [_chain_candidates(q)]


def unordered(q: FunnelSQL) -> list[str]:
    """For each step-1 event, the r-th other event of each later step in its window (r counts
    repeats of an identical step), found with window functions; steps 2..k in any order."""
    n = q.n
    frame = "UNBOUNDED FOLLOWING" if q.spec.window_s is None else f"{q.window()} FOLLOWING"
    reached = (
        "CASE "
        + " ".join(f"WHEN x{j} IS NULL THEN {j - 1}" for j in range(2, n + 1))
        + f" ELSE {n} END"
    )
    times = ", ".join(f"t{k}" for k in range(1, n + 1))
    return [
        f"ev AS ({q.events()})",
        f"u AS (SELECT {q.person}, {q.pid}key, ts AS t1, bv AS b1, m1, {_nth_events(q)} FROM ev"
        f" WINDOW w AS (PARTITION BY h ORDER BY ts RANGE BETWEEN CURRENT ROW AND {frame}"
        " EXCLUDE CURRENT ROW))",
        f"e1 AS (SELECT *, {reached} AS reached FROM u WHERE m1)",
        f"e2 AS (SELECT *, {_completions(n)} FROM e1)",
        f"candidates AS (SELECT hp, {q.pid}reached, {times}, {_unordered_value(q)} AS b,"
        f" (reached, -epoch_us(list_value({times})[reached]), t1, -key) AS rank_key FROM e2)",
    ]


def _nth_events(q: FunnelSQL) -> str:
    """x2..xn: time and value of the event that does step j for the entry on this row."""
    steps, found = q.spec.steps, []
    for j in range(2, q.n + 1):
        repeat = sum(1 for i in range(2, j + 1) if steps[i - 1] == steps[j - 1])
        found.append(
            f"nth_value(CASE WHEN m{j} THEN {{'t': ts, 'b': bv}} END, {repeat} IGNORE NULLS)"
            f" OVER w AS x{j}"
        )
    return ", ".join(found)


def _completions(n: int) -> str:
    """t2..tn: when the entry's steps 1..k were all done (the latest of their times)."""
    done = []
    for k in range(2, n + 1):
        latest = ", ".join(f"x{j}.t" for j in range(2, k + 1))
        done.append(f"CASE WHEN reached >= {k} THEN greatest(t1, {latest}) END AS t{k}")
    return ", ".join(done)


def _unordered_value(q: FunnelSQL) -> str:
    """The breakdown value: at the entry, at step N's event, or at the event that completed the
    attempt (the latest of its events; at one instant the highest step)."""
    attribution, n = q.spec.attribution, q.n
    if attribution.kind == "first_touch" or attribution.step == 1:
        return "b1"
    if attribution.kind == "step":
        return f"CASE WHEN reached >= {attribution.step} THEN x{attribution.step}.b END"
    times = f"list_value({', '.join(f't{k}' for k in range(1, n + 1))})[reached]"
    cases = " ".join(
        f"WHEN reached >= {j} AND x{j}.t = {times} THEN x{j}.b" for j in range(n, 1, -1)
    )
    return f"CASE {cases} ELSE b1 END"


def _first_step(q: FunnelSQL, extra: str = "") -> str:
    return (
        f"s1 AS (SELECT h{q.hp}, {q.pid}key{extra}, ts AS t1, {q.carried(1)} AS b"
        " FROM ev c WHERE m1)"
    )


def _chain_candidates(q: FunnelSQL) -> str:
    """Every chain end; the attempt is the furthest, then the earliest end, then latest start."""
    rows = " UNION ALL ".join(
        f"SELECT {q.person}, {(q.pid if k == 1 else 'NULL AS pid, ') if q.persons else ''}"
        f"{k} AS reached, key,"
        f" {q.padded(k)}, b FROM s{k}"
        for k in range(1, q.n + 1)
    )
    return f"candidates AS (SELECT *, (reached, -key, t1) AS rank_key FROM ({rows}))"


MODES: dict[str, Callable[[FunnelSQL], list[str]]] = {
    "ordered": ordered,
    "strict": strict,
    "unordered": unordered,
}
