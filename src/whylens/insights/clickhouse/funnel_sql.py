"""The funnel relation on ClickHouse: one row per person with the attempt that counts (`reached`,
the step times `us` in microseconds, the breakdown value `b`), as insights/funnels/attempts.py
defines it. Each person's step events (each held value's, with `hold`) are gathered into one
array sorted by key, the order mode finds the attempt in it (funnel_chains.py), and persons with
an excluded event inside their attempt are dropped.
"""

from __future__ import annotations

from whylens.insights.clickhouse import where
from whylens.insights.clickhouse.funnel_chains import MODES
from whylens.insights.funnels.spec import FunnelSpec
from whylens.insights.params import Params
from whylens.insights.scope import Scope

#: room for the step number under each microsecond of a key (more than MAX_STEPS)
STEP_BITS = 32


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
        """Per event in scope: person, held value, time (us), breakdown value, step mask."""
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
        held = where.fragment(spec.hold.sql(p, "e"), p) if spec.hold else "NULL"
        return (
            f"SELECT e.person_id AS pid, {held} AS hv, toUnixTimestamp64Micro(e.timestamp) AS t,"
            f" {value} AS v, toUInt32({mask}) AS m"
            f" FROM {where.events(self.scope, self.needs_person)}"
            f" WHERE {where.conditions(self.scope, p, *extra)}"
        )

    def groups(self) -> str:
        """One row per person (and held value) with its events as (key, time, value, mask),
        sorted by key. Strict mode keeps every event: others between steps break a chain."""
        first = "multiIf(" + "".join(f"bitTest(m, {k}), {k + 1}, " for k in range(self.spec.n))
        keep = "" if self.spec.order == "strict" else " WHERE m != 0"
        return (
            f"SELECT pid, hv, arraySort(x -> x.1, groupArray((t * {STEP_BITS} + {first}0), t, v, m)))"
            f" AS evs FROM ({self.events()}){keep} GROUP BY pid, hv"
        )

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
