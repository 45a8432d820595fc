"""The transition matrix: every pair of consecutive nodes in persons' sequences, counted, with
the probability of each next node given the one before."""

from __future__ import annotations

from whylens.engines.base import Engine
from whylens.insights.params import Params
from whylens.insights.paths.result import PathTransitionsResult
from whylens.insights.paths.sequences import ORDER, Sequences
from whylens.insights.result import recorded
from whylens.insights.scope import Scope


def path_transitions(
    engine: Engine,
    scope: Scope,
    *,
    collapse: bool = False,
    pageviews: bool = False,
    by_session: bool = False,
) -> PathTransitionsResult:
    """Counts of (from, to) pairs of consecutive nodes; probability = count / pairs out of from."""
    sql, params = _query(scope, Sequences(pageviews=pageviews, by_session=by_session), collapse)
    with recorded(engine) as (logged, log):
        rows = logged.query(sql, params).to_pylist()
    return PathTransitionsResult({"transitions": rows}, log)


def _query(scope: Scope, sequences: Sequences, collapse: bool) -> tuple[str, Params]:
    """One window pass; collapsing repeats keeps exactly the pairs of two different nodes."""
    params = Params()
    pairs = (
        f"SELECT node, lead(node) OVER ({ORDER}) AS next FROM {sequences.relation(params, scope)}"
    )
    kept = "next IS NOT NULL" + (" AND next <> node" if collapse else "")
    sql = (
        'SELECT node AS "from", next AS "to", count(*) AS count,'
        " count(*) / sum(count(*)) OVER (PARTITION BY node) AS probability"
        f" FROM ({pairs}) WHERE {kept} GROUP BY node, next"
        ' ORDER BY count DESC, "from", "to"'
    )
    return sql, params
