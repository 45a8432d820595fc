"""The funnel in SQL: for every person the one attempt that counts (the furthest step reached,
then the earliest to get there, then the latest entry), when each of its steps happened, and its
breakdown value. Everything else a funnel reports is an aggregate over that `funnel` relation.

Events of a person are ordered by (timestamp, the first step the event matches): `key` below is
`epoch_us * 32 + step`, so at one instant a step-1 event comes before a step-2 event and a chain
of steps has strictly increasing keys (hence distinct events). Persons are partitioned by a 64-bit
hash of their id (joins and groups on an integer are much faster than on text); two persons whose
ids share a hash, a few chances in a million with ten million persons, would count as one.
"""

from __future__ import annotations

from datetime import timedelta

from whylens.insights.funnels.modes import MODES
from whylens.insights.funnels.spec import FunnelSpec
from whylens.insights.params import Params
from whylens.insights.scope import Scope

STEP_BITS = 32  # > MAX_STEPS: room for the step number under each microsecond


class FunnelSQL:
    """Builds the CTEs of one funnel; `ctes()` ends with the relation `funnel`."""

    def __init__(
        self, spec: FunnelSpec, scope: Scope, params: Params, persons: bool = True
    ) -> None:
        """`persons`: whether attempts carry the person's id; counts need only its hash, and
        leaving the text out spares reading it and moving it through every chain."""
        self.spec, self.scope, self.params = spec, scope, params
        self.n = spec.n
        self.persons = persons or bool(spec.exclusions)

    # -- the events a funnel reads --------------------------------------------------------------
    def person_join(self) -> str:
        """The join to persons when a filter, the breakdown or the held value needs it."""
        spec = self.spec
        person = (
            any(m.needs_person for m in spec.steps)
            or any(x.event.needs_person for x in spec.exclusions)
            or any(p is not None and p.on_person for p in (spec.breakdown, spec.hold))
        )
        joined = self.scope.person_join("e")
        if person and not joined:
            joined = (
                " LEFT JOIN persons pe ON pe.project_id = e.project_id"
                " AND pe.person_id = e.person_id"
            )
        return joined

    def events(self, every_event: bool = False) -> str:
        """Step events (every event in scope for strict mode) with their step flags and key."""
        p, n = self.params, self.n
        flags = ", ".join(f"{m.sql(p, 'e')} AS m{k}" for k, m in enumerate(self.spec.steps, 1))
        first = "CASE " + " ".join(f"WHEN m{k} THEN {k}" for k in range(1, n + 1)) + " ELSE 0 END"
        hold = self.spec.hold.sql(p, "e") if self.spec.hold else None
        value = self.spec.breakdown.sql(p, "e") if self.spec.breakdown else "NULL::VARCHAR"
        conditions = self.scope.conditions(p, "e")
        if hold:
            conditions.append(f"{hold} IS NOT NULL")
        person = (
            f"hash(e.person_id, {hold}) AS h, hash(e.person_id) AS hp"
            if hold
            else ("hash(e.person_id) AS h")
        )
        inner = (
            f"SELECT {person},{' e.person_id AS pid,' if self.persons else ''}"
            f" e.timestamp AS ts, {value} AS bv, {flags}"
            f" FROM events e{self.person_join()} WHERE {' AND '.join(conditions)}"
        )
        keep = "" if every_event else " WHERE " + " OR ".join(f"m{k}" for k in range(1, n + 1))
        return f"SELECT *, epoch_us(ts) * {STEP_BITS} + {first} AS key FROM ({inner}){keep}"

    def excluded_events(self, index: int) -> str:
        exclusion = self.spec.exclusions[index]
        conditions = [
            *self.scope.conditions(self.params, "e"),
            exclusion.event.sql(self.params, "e"),
        ]
        return (
            f"SELECT hash(e.person_id) AS hp, e.person_id AS pid, e.timestamp AS ts"
            f" FROM events e{self.person_join()} WHERE {' AND '.join(conditions)}"
        )

    @property
    def pid(self) -> str:
        """The person's id column of a first-step relation, when attempts carry it."""
        return "pid, " if self.persons else ""

    @property
    def hp(self) -> str:
        """Chains carry the person's hash apart from the group's only when a value is held."""
        return ", c.hp" if self.spec.hold else ""

    @property
    def person(self) -> str:
        """The person's hash, under the name `hp` whether or not a value is held."""
        return "hp" if self.spec.hold else "h AS hp"

    def window(self) -> str:
        """The conversion window as a bound INTERVAL."""
        return self.params.add(timedelta(microseconds=round(self.spec.window_s * 1e6)))

    def within(self, time: str, start: str) -> str:
        return "TRUE" if self.spec.window_s is None else f"{time} <= {start} + {self.window()}"

    # -- breakdown attribution carried along a chain ---------------------------------------------
    def carried(self, k: int) -> str:
        """Value of the attempt's breakdown after step k: own value (c.bv) or the predecessor's."""
        attribution = self.spec.attribution
        if attribution.kind == "first_touch":
            return "c.bv" if k == 1 else "p.b"
        if attribution.kind == "last_touch":
            return "c.bv"
        if k == attribution.step:
            return "c.bv"
        return "NULL::VARCHAR" if k < attribution.step else "p.b"

    # -- the whole relation ------------------------------------------------------------------------
    def ctes(self) -> str:
        parts = MODES[self.spec.order](self)
        times = ", ".join(f"'t{i}': t{i}" for i in range(1, self.n + 1))
        parts.append(
            f"attempts AS (SELECT hp, {'person_id, ' if self.persons else ''}a.* FROM (SELECT hp,"
            f"{' any_value(pid) AS person_id,' if self.persons else ''}"
            f" arg_max({{'reached': reached, {times}, 'b': b}}, rank_key) AS a"
            " FROM candidates GROUP BY hp))"
        )
        parts.extend(self.exclusion_ctes())
        return "WITH " + ",\n".join(parts)

    def exclusion_ctes(self) -> list[str]:
        if not self.spec.exclusions:
            return ["funnel AS (SELECT * FROM attempts)"]
        tests = []
        for i, x in enumerate(self.spec.exclusions):
            tests.append(
                f"SELECT a.hp FROM attempts a JOIN ({self.excluded_events(i)}) x"
                f" ON x.hp = a.hp AND x.pid = a.person_id"
                f" WHERE a.reached >= {x.before} AND x.ts > a.t{x.after} AND x.ts < a.t{x.before}"
            )
        return [
            f"excluded AS ({' UNION '.join(tests)})",
            "funnel AS (SELECT * FROM attempts a WHERE NOT EXISTS"
            " (SELECT 1 FROM excluded x WHERE x.hp = a.hp))",
        ]

    def padded(self, k: int) -> str:
        """Columns t1..tn of a step-k relation, NULL past step k."""
        return ", ".join(
            f"t{i}" if i <= k else f"NULL::TIMESTAMP AS t{i}" for i in range(1, self.n + 1)
        )
