"""Funnel correlation on ClickHouse: the 2x2 counts of insights/funnels/correlation.py from one
pass over the funnel's persons and their events (what each did from their attempt's step-1 event
to its last step, or to the end of the window), scored and ranked by that module's code.

Every person also carries an empty candidate, so the same grouping gives the two group sizes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from whylens.engines.base import Engine
from whylens.insights.clickhouse import where
from whylens.insights.clickhouse.funnel_sql import FunnelRelation
from whylens.insights.funnels.correlation import MAX_CANDIDATES, MIN_PERSONS, ranked
from whylens.insights.funnels.spec import FunnelSpec
from whylens.insights.params import Params
from whylens.insights.properties import Property
from whylens.insights.scope import Scope

_TEXT = "Nullable(String)"


def counts_sql(spec: FunnelSpec, scope: Scope, params: Params, properties: Sequence[str]) -> str:
    """Per candidate (an event name, or a property = value): converters and drop-offs who had
    it; the row of kind '' holds the group sizes."""
    relation = FunnelRelation(spec, scope, params)
    window = relation.window_us()
    last = f"us[{spec.n}]"
    until = f"if(reached = {spec.n}, {last}, " + (
        f"us[1] + {window})" if spec.window_s is not None else "NULL)"
    )
    pop = (
        f"SELECT pid, reached = {spec.n} AS converted, us[1] AS first, {until} AS until"
        f" FROM ({relation.sql()})"
    )
    names = sorted({name for m in spec.steps for name in m.names})
    skip = f"e.event NOT IN {params.add_all(names)}" if names else "true"
    tags = [
        f"tuple('', CAST(NULL AS {_TEXT}), CAST(NULL AS {_TEXT}))",
        f"tuple('event', if({skip}, CAST(e.event AS {_TEXT}), NULL), CAST(NULL AS {_TEXT}))",
    ]
    for name in properties:
        value = where.fragment(Property(name).sql(params, "e"), params)
        tags.append(
            f"tuple('property', CAST({params.add(name)} AS {_TEXT}), CAST({value} AS {_TEXT}))"
        )
    person = relation.needs_person or any(Property(p).on_person for p in properties)
    at = "toUnixTimestamp64Micro(e.timestamp)"
    seen = (
        f"SELECT DISTINCT f.pid AS pid, f.converted AS converted, arrayJoin([{', '.join(tags)}])"
        f" AS c FROM {where.events(scope, person)} INNER JOIN ({pop}) f ON f.pid = e.person_id"
        f" WHERE {where.conditions(scope, params)} AND {at} >= f.first"
        f" AND (f.until IS NULL OR {at} <= f.until)"
    )
    candidate = "c.2 IS NOT NULL AND (c.1 = 'event' OR c.3 IS NOT NULL)"
    return (
        "SELECT c.1 AS kind, c.2 AS name, c.3 AS value, countIf(converted) AS a,"
        f" countIf(NOT converted) AS b FROM ({seen}) GROUP BY c"
        f" HAVING c.1 = '' OR ({candidate} AND count() >= {MIN_PERSONS})"
        " ORDER BY c.1 = '' DESC, count() DESC, kind, name, value"
        f" LIMIT {MAX_CANDIDATES + 1}"
    )


def correlate(
    engine: Engine, spec: FunnelSpec, scope: Scope, properties: Sequence[str], top: int
) -> dict[str, Any]:
    """The correlation document of insights/funnels/correlation.py."""
    params = Params()
    rows = engine.query(counts_sql(spec, scope, params, properties), params).to_pylist()
    sizes = rows[0] if rows and rows[0]["kind"] == "" else {"a": 0, "b": 0}
    tested = [{**r, "conv": sizes["a"], "lost": sizes["b"]} for r in rows if r["kind"] != ""]
    return {
        "converters": sizes["a"],
        "dropped": sizes["b"],
        "properties": list(properties),
        **ranked(tested, top),
    }
