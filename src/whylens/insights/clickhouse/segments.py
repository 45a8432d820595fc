"""Segment rules on ClickHouse: the persons who meet a definition (insights/segments/rules.py),
as a ClickHouse SELECT that analyses put inside their own queries. Conditions on events, traits
and stored churn scores are the DuckDB definitions transpiled (sql/clickhouse.py), so a rule
means the same on both engines; a funnel condition reads the ClickHouse funnel's own relation,
as the DuckDB funnel's SQL does not transpile.
"""

from __future__ import annotations

from collections.abc import Callable

from whylens.insights.clickhouse.funnel_sql import FunnelRelation
from whylens.insights.dialects import implements
from whylens.insights.params import Params
from whylens.insights.scope import Scope
from whylens.insights.segments.rules import (
    PERSON,
    All,
    AnyOf,
    ChurnRisk,
    Condition,
    Context,
    Did,
    Not,
    PersonIs,
    StoppedAt,
)
from whylens.sql.clickhouse import transpile


@implements("segment_members", "clickhouse")
def members_sql(condition: Condition, ctx: Context, params: Params) -> str:
    """rules.members_sql: the ids of the project's persons who meet `condition`."""
    return (
        f"SELECT {PERSON}.person_id AS person_id FROM persons {PERSON}"
        f" WHERE {PERSON}.project_id = {params.add(ctx.project_id)}"
        f" AND {test(condition, ctx, params)}"
    )


def test(condition: Condition, ctx: Context, params: Params) -> str:
    """A boolean ClickHouse expression on the persons row `sp`."""
    return _TESTS[type(condition)](condition, ctx, params)


def _transpiled(condition: Condition, ctx: Context, params: Params) -> str:
    return transpile(condition.sql(ctx, params), params)


def _stopped(condition: StoppedAt, ctx: Context, params: Params) -> str:
    """The furthest step of the person's funnel attempt is the one named."""
    scope = Scope(ctx.project_id, ctx.since(condition.in_last_s))
    funnel = FunnelRelation(condition.funnel, scope, params).sql()
    return (
        f"{PERSON}.person_id IN (SELECT pid FROM ({funnel})"
        f" WHERE reached = {params.add(condition.reached)})"
    )


def _joined(word: str) -> Callable[[All | AnyOf, Context, Params], str]:
    def join(condition: All | AnyOf, ctx: Context, params: Params) -> str:
        return "(" + f" {word} ".join(test(p, ctx, params) for p in condition.parts) + ")"

    return join


_TESTS: dict[type, Callable[..., str]] = {
    Did: _transpiled,
    PersonIs: _transpiled,
    ChurnRisk: _transpiled,
    StoppedAt: _stopped,
    All: _joined("AND"),
    AnyOf: _joined("OR"),
    Not: lambda c, ctx, params: f"(NOT {test(c.part, ctx, params)})",
}
