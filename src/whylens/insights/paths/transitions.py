"""The transition matrix: every pair of consecutive nodes in persons' sequences, counted, with
the probability of each next node given the one before."""

from __future__ import annotations

from whylens.engines.base import Engine
from whylens.insights.dialects import per_dialect
from whylens.insights.params import Params
from whylens.insights.paths.result import PathTransitionsResult
from whylens.insights.paths.sequences import Sequences
from whylens.insights.result import recorded
from whylens.insights.scope import Scope


@per_dialect("path_transitions")
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


#: a row is in a run of events at one instant (`ts` shared with a neighbour), or the next is
_NEAR_TIE = "ts = lag(ts) OVER w OR ts = lead(ts) OVER w OR lead(ts) OVER w = lead(ts, 2) OVER w"


def _query(scope: Scope, sequences: Sequences, collapse: bool) -> tuple[str, Params]:
    """Pairs from a window ordered by time alone, the event id read only where time ties.

    Ordering by (time, event id) costs about twice ordering by time (the id is long text), and
    ties are rare. A pair of which neither event shares its instant with another event of its
    unit is adjacent whatever the order among ties, so it is taken from the cheap pass; the pairs
    touching a tie are counted again, exactly, over the few units that have ties.
    """
    params = Params()
    relation = sequences.relation(params, scope)
    kept = "next IS NOT NULL" + (" AND next <> node" if collapse else "")
    sql = (
        f"WITH seq AS NOT MATERIALIZED {relation},\n"
        "cheap AS (SELECT node, next, CASE WHEN near_tie THEN unit END AS tied, count(*) AS n"
        f" FROM ({_pairs('unit, ', 'ts')}) WHERE {kept} GROUP BY ALL),\n"
        "tied AS (SELECT DISTINCT tied AS unit FROM cheap WHERE tied IS NOT NULL),\n"
        "exact AS (SELECT node, next, NULL AS tied, count(*) AS n"
        f" FROM ({_pairs('', 'ts, event_id', 'seq SEMI JOIN tied USING (unit)')})"
        f" WHERE {kept} AND near_tie GROUP BY ALL),\n"
        "pairs AS (SELECT node, next, sum(n)::BIGINT AS n FROM (SELECT * FROM cheap WHERE tied IS NULL"
        " UNION ALL SELECT * FROM exact) GROUP BY ALL)\n"
        'SELECT node AS "from", next AS "to", n AS count,'
        " n / sum(n) OVER (PARTITION BY node) AS probability"
        ' FROM pairs ORDER BY count DESC, "from", "to"'
    )
    return sql, params


def _pairs(unit: str, order: str, source: str = "seq") -> str:
    """Each node with the next one of its unit, in `order`, and whether the pair touches a tie."""
    return (
        f"SELECT {unit}node, lead(node) OVER w AS next, {_NEAR_TIE} AS near_tie FROM {source}"
        f" WINDOW w AS (PARTITION BY unit ORDER BY {order})"
    )
