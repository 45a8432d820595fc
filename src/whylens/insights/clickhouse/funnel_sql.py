"""The funnel relation on ClickHouse: one row per person with the attempt that counts (`reached`,
the step times `us` in microseconds, the breakdown value `b`), as insights/funnels/attempts.py
defines it. Each person's step events (each held value's, with `hold`) are gathered into one
array sorted by key, the order mode finds the attempt in it (funnel_chains.py), and persons with
an excluded event inside their attempt are dropped.
"""

from __future__ import annotations

from whylens.insights.clickhouse import where
from whylens.insights.clickhouse.funnel_chains import KEY_OFFSET, MODES, STEP_BITS
from whylens.insights.funnels.spec import FunnelSpec
from whylens.insights.params import Params
from whylens.insights.scope import Scope


class FunnelRelation:
    """`sql()`: the funnel of `spec` in `scope` as a subquery (pid, reached, us, b)."""

    def __init__(self, spec: FunnelSpec, scope: Scope, params: Params) -> None:
        self.spec, self.scope, self.params = spec, scope, params

    @property
    def needs_person(self) -> bool:
        """Whether a step, an exclusion, the breakdown or the held value reads traits."""
        spec = self.spec
        return (
            any(m.needs_person for m in spec.steps)
            or any(x.event.needs_person for x in spec.exclusions)
            or any(p is not None and p.on_person for p in (spec.breakdown, spec.hold))
        )

    def window_us(self) -> str:
        if self.spec.window_s is None:
            return "0"
        return self.params.add(round(self.spec.window_s * 1e6))

    def events(self) -> str:
        """Per event in scope: person, held value, time (us), breakdown value, step mask. Only
        step events, but in strict mode (others between steps break a chain there): the steps'
        conditions in WHERE let the primary key (project, event, ...) skip the other events."""
        p, spec = self.params, self.spec
        mask = " + ".join(
            f"if({where.fragment(m.sql(p, 'e'), p)}, {1 << k}, 0)" for k, m in enumerate(spec.steps)
        )
        value = (
            where.fragment(spec.breakdown.sql(p, "e"), p)
            if spec.breakdown
            else "CAST(NULL AS Nullable(String))"
        )
        extra = [f"{spec.hold.sql(p, 'e')} IS NOT NULL"] if spec.hold else []
        if spec.order != "strict":
            extra.append("(" + " OR ".join(m.sql(p, "e") for m in spec.steps) + ")")
        held = where.fragment(spec.hold.sql(p, "e"), p) if spec.hold else "NULL"
        return (
            f"SELECT e.person_id AS pid, {held} AS hv, toUnixTimestamp64Micro(e.timestamp) AS t,"
            f" {value} AS v, toUInt32({mask}) AS m"
            f" FROM {where.events(self.scope, self.needs_person)}"
            f" WHERE {where.conditions(self.scope, p, *extra)}"
        )

    def groups(self) -> str:
        """One row per person (and held value) with its events as one sorted array of codes,
        each its key (microsecond * STEP_BITS + first step matched, offset to be unsigned)
        above its step mask, and their breakdown values in the same order. Sorting plain
        numbers is several times faster than sorting tuples by a key. Strict mode keeps every
        event: others between steps break a chain."""
        first = "multiIf(" + "".join(f"bitTest(m, {k}), {k + 1}, " for k in range(self.spec.n))
        key = f"t * {STEP_BITS} + {first}0) + toInt64({KEY_OFFSET})"
        code = f"bitShiftLeft(toUInt128({key}), 32) + m"
        columns = f"arraySort(groupArray({code})) AS codes"
        if self.spec.breakdown:
            # a tuple keeps NULL values, which groupArray leaves out
            columns += f", arraySort((x, c) -> c, groupArray(tuple(v)), groupArray({code})).1 AS fb"
        # one group per person (and held value: grouping by a NULL one costs twice the time)
        keys = "pid, hv" if self.spec.hold else "pid"
        grouped = f"SELECT {keys}, {columns} FROM ({self.events()}) GROUP BY {keys}"
        if self.spec.breakdown or self.spec.order != "unordered":
            return grouped  # without a breakdown, the chains' value is NULL (_chain_value)
        nothing = "arrayWithConstant(length(codes), CAST(NULL AS Nullable(String)))"
        return f"SELECT *, {nothing} AS fb FROM ({grouped})"

    def attempts(self) -> str:
        """The attempt that counts per person: per group, then the best over held values."""
        stages = self.groups()
        for items in MODES[self.spec.order](self.spec, self.window_us()):
            stages = f"SELECT *, {', '.join(items)} FROM ({stages})"
        per_group = f"SELECT pid, reached, us, b, rank FROM ({stages}) WHERE reached > 0"
        if self.spec.hold is None:
            return per_group
        return (
            "SELECT pid, best.1 AS reached, best.2 AS us, best.3 AS b FROM (SELECT pid,"
            f" argMax((reached, us, b), rank) AS best FROM ({per_group}) GROUP BY pid)"
        )

    def sql(self) -> str:
        """The attempts, less the persons who did an excluded event strictly between the two
        steps of their attempt that the exclusion names (when the attempt reached the later)."""
        if not self.spec.exclusions:
            return f"SELECT pid, reached, us, b FROM ({self.attempts()})"
        p = self.params
        tests = " OR ".join(
            f"(bitTest(y.1, {i}) AND a.reached >= {x.before}"
            f" AND y.2 > a.us[{x.after}] AND y.2 < a.us[{x.before}])"
            for i, x in enumerate(self.spec.exclusions)
        )
        flags = [where.fragment(x.event.sql(p, "e"), p) for x in self.spec.exclusions]
        mask = " + ".join(f"if({f}, {1 << i}, 0)" for i, f in enumerate(flags))
        excluded = (
            f"SELECT e.person_id AS pid, groupArray((toUInt32({mask}),"
            f" toUnixTimestamp64Micro(e.timestamp))) AS xs"
            f" FROM {where.events(self.scope, self.needs_person)}"
            f" WHERE {where.conditions(self.scope, p)} AND ({' OR '.join(flags)}) GROUP BY pid"
        )
        return (
            f"SELECT a.pid AS pid, a.reached AS reached, a.us AS us, a.b AS b"
            f" FROM ({self.attempts()}) a LEFT JOIN ({excluded}) x ON x.pid = a.pid"
            f" WHERE NOT arrayExists(y -> {tests}, x.xs)"
        )
