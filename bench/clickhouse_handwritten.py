"""The reference for each analysis on ClickHouse: the SQL a ClickHouse user would write by hand
for the one question the bench asks, in ClickHouse's idiom (windowFunnel, per-person arrays,
-ForEach and -If combinators, WITH FILL), with none of whylens' generality; where two idioms
were measured, the faster one.

Each function takes a plain chdb session (ClickHouse's default settings, UTC) on whylens' store
and the project, and returns the same numbers as the matching part of whylens' document, in the
shapes of `bench.handwritten` (the DuckDB references), so that `bench.analyses.first_difference`
compares them. Values are bound as ClickHouse parameters (`{name:Type}`).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from bench.handwritten import ADOPTION_FEATURES, FUNNEL_STEPS, paths_document

WINDOW_US = 7 * 86_400 * 1_000_000
_FEATURES = {f"f{i}": name for i, name in enumerate(ADOPTION_FEATURES)}


def rows(chdb: Any, sql: str, **params: Any) -> list[dict[str, Any]]:
    """The rows of `sql` as dicts; values are sent as text, as ClickHouse parameters are."""
    return chdb.query(sql, "ArrowTable", params={k: str(v) for k, v in params.items()}).to_pylist()


def midnight(value: date) -> datetime:
    """A day as the start of it (DuckDB's date_trunc gives timestamps; chdb's Arrow output gives
    a DateTime as a number, so days are read as dates and turned into timestamps here)."""
    return datetime.combine(value, time())


def naive(value: datetime) -> str:
    """A UTC time as the DuckDB references write it: without a zone."""
    return value.replace(tzinfo=None).isoformat()


# -- trends ----------------------------------------------------------------------------------------
def trends(chdb: Any, project: str) -> list[tuple[str, int]]:
    """Events per day, every day from the first to the last (WITH FILL adds the empty ones)."""
    found = rows(
        chdb,
        "SELECT toDate(timestamp) AS day, count() AS n FROM events"
        " WHERE project_id = {project:String}"
        " GROUP BY day ORDER BY day WITH FILL STEP INTERVAL 1 DAY",
        project=project,
    )
    return [(midnight(r["day"]).isoformat(), r["n"]) for r in found]


# -- funnel ----------------------------------------------------------------------------------------
def funnel_sql(steps: tuple[str, ...] = FUNNEL_STEPS) -> str:
    """Persons by the furthest step they reached within the window (level 0: never step 1)."""
    conditions = ", ".join(f"event = {{s{i}:String}}" for i in range(len(steps)))
    names = ", ".join(f"{{s{i}:String}}" for i in range(len(steps)))
    return (
        "SELECT level, count() AS persons FROM ("
        f" SELECT windowFunnel({{window:UInt64}})(toUInt64(toUnixTimestamp64Micro(timestamp)),"
        f" {conditions}) AS level"
        f" FROM events WHERE project_id = {{project:String}} AND event IN ({names})"
        " GROUP BY person_id) GROUP BY level"
    )


def persons_per_step(levels: dict[int, int], steps: int) -> list[int]:
    """Persons who reached each step: those whose furthest level is that step or beyond."""
    return [sum(n for level, n in levels.items() if level >= k) for k in range(1, steps + 1)]


def funnel(chdb: Any, project: str) -> list[int]:
    """Persons per step of the 4-step, 7-day funnel, by windowFunnel."""
    steps = {f"s{i}": name for i, name in enumerate(FUNNEL_STEPS)}
    found = rows(chdb, funnel_sql(), project=project, window=WINDOW_US, **steps)
    return persons_per_step({r["level"]: r["persons"] for r in found}, len(FUNNEL_STEPS))


# -- retention -------------------------------------------------------------------------------------
def retention(chdb: Any, project: str) -> list[dict[str, Any]]:
    """Cohorts by week of first login; persons who purchased k weeks later (k = 1..8), for the
    weeks that have fully elapsed by the last event. One group per person holds the cohort and
    the purchase weeks, tested with has() and summed per cohort as one array: twice as fast as
    `retention()`, whose conditions need each person's cohort joined to their events first."""
    found = rows(
        chdb,
        """
        SELECT cohort, count() AS size,
            sumForEach(arrayMap(k -> has(back, cohort + 7 * k), range(1, 9))) AS back_in,
            (SELECT toDate(max(timestamp)) FROM events WHERE project_id = {project:String})
                AS last
        FROM (
            SELECT minIf(toMonday(timestamp), event = 'login') AS cohort,
                groupUniqArrayIf(toMonday(timestamp), event = 'purchase') AS back
            FROM events WHERE project_id = {project:String} AND event IN ('login', 'purchase')
            GROUP BY person_id HAVING countIf(event = 'login') > 0
        )
        GROUP BY cohort ORDER BY cohort
        """,
        project=project,
    )
    return [
        {
            "cohort": r["cohort"].isoformat(),
            "size": r["size"],
            "counts": [r["size"]]
            + [
                n
                for k, n in enumerate(r["back_in"], 1)
                if r["cohort"] + timedelta(days=7 * (k + 1)) <= r["last"]
            ],
        }
        for r in found
    ]


# -- paths -----------------------------------------------------------------------------------------
_SEQUENCE = (
    "SELECT arraySort(groupArray((timestamp, event_id, event))).3 AS seq"
    " FROM events WHERE project_id = {project:String} GROUP BY person_id"
)


def transitions(chdb: Any, project: str) -> list[dict[str, Any]]:
    """Every pair of consecutive events of a person (by time, then event id), counted: each
    person's events as one sorted array, zipped with itself shifted by one."""
    return rows(
        chdb,
        f"""
        SELECT pair.1 AS "from", pair.2 AS "to", count() AS count,
            count / sum(count) OVER (PARTITION BY "from") AS probability
        FROM ({_SEQUENCE}) ARRAY JOIN arrayZip(arrayPopBack(seq), arrayPopFront(seq)) AS pair
        GROUP BY "from", "to" ORDER BY count DESC, "from", "to"
        """,
        project=project,
    )


def paths_after(chdb: Any, project: str, start: str = "search", depth: int = 5) -> dict:
    """From each person's first `start` event, the next `depth` events: a slice of the person's
    events as one sorted array, from the first `start` in it (twice as fast as joining the
    events to each person's anchor), kept in a temporary table for the three answers."""
    chdb.query(
        """
        CREATE TEMPORARY TABLE bench_walks ENGINE = Memory AS
        SELECT arraySlice(seq, indexOf(seq, {start:String}), {depth:UInt32} + 1) AS nodes
        FROM (SELECT arraySort(groupArray((timestamp, event_id, CAST(event AS String)))).3 AS seq
              FROM events WHERE project_id = {project:String} GROUP BY person_id)
        WHERE has(seq, {start:String})
        """,
        "CSV",
        params={"project": project, "start": start, "depth": str(depth)},
    )
    try:
        found = rows(
            chdb,
            """
            WITH grid AS (
                SELECT k, if(k < length(nodes), nodes[k + 1], 'end') AS node,
                    if(k = 0, '', if(k <= length(nodes), nodes[k], 'end')) AS before
                FROM bench_walks ARRAY JOIN range(0, {depth:UInt32} + 1) AS k
            ),
            names AS (
                SELECT k, node, if(node = 'end' OR r <= 10, node, 'other') AS name FROM (
                    SELECT k, node, row_number() OVER (PARTITION BY k
                        ORDER BY node = 'end', n DESC, node) AS r
                    FROM (SELECT k, node, count() AS n FROM grid GROUP BY k, node))
            ),
            named AS (
                SELECT g.k AS k, a.name AS name, b.name AS source FROM grid g
                INNER JOIN names a ON a.k = g.k AND a.node = g.node
                LEFT JOIN names b ON b.k + 1 = g.k AND b.node = g.before
            )
            SELECT 'node' AS part, k, NULL AS source, name, count() AS n, [] AS path
            FROM named GROUP BY k, name
            UNION ALL
            SELECT 'link', k, source, name, count(), [] FROM named WHERE k > 0
            GROUP BY k, source, name
            UNION ALL
            SELECT * FROM (SELECT 'path', NULL, NULL, NULL, count() AS n, nodes
                           FROM bench_walks GROUP BY nodes ORDER BY n DESC, nodes LIMIT 10)
            """,
            project=project,
            depth=depth,
        )
    finally:
        chdb.query("DROP TEMPORARY TABLE IF EXISTS bench_walks", "CSV")
    return paths_document(found)


# -- stickiness ------------------------------------------------------------------------------------
def stickiness(chdb: Any, project: str) -> dict[str, Any]:
    """Purchasers per week by days of the week with a purchase; daily DAU, 30-day MAU (each
    active day spread over the 30 days it counts for), ratio."""
    distribution = rows(
        chdb,
        """
        SELECT week, days, count() AS persons FROM (
            SELECT person_id, toMonday(timestamp) AS week, uniqExact(toDate(timestamp)) AS days
            FROM events WHERE project_id = {project:String} AND event = 'purchase'
            GROUP BY person_id, week)
        GROUP BY week, days ORDER BY week, days
        """,
        project=project,
    )
    daily = rows(
        chdb,
        """
        WITH (SELECT (toDate(min(timestamp)), toDate(max(timestamp))) FROM events
              WHERE project_id = {project:String}) AS span
        SELECT day, dau, mau FROM (
            SELECT active + k AS day, countIf(k = 0) AS dau, uniqExact(person_id) AS mau
            FROM (SELECT DISTINCT person_id, toDate(timestamp) AS active FROM events
                  WHERE project_id = {project:String} AND event = 'purchase')
            ARRAY JOIN range(30) AS k
            GROUP BY day
        ) WHERE day BETWEEN span.1 AND span.2
        ORDER BY day WITH FILL FROM assumeNotNull(span.1) TO assumeNotNull(span.2) + 1
        """,
        project=project,
    )
    return {
        "distribution": [(r["week"].isoformat(), r["days"], r["persons"]) for r in distribution],
        "dau_mau": [
            (r["day"].isoformat(), r["dau"], r["mau"], r["dau"] / r["mau"] if r["mau"] else None)
            for r in daily
        ],
    }


# -- lifecycle -------------------------------------------------------------------------------------
def lifecycle(chdb: Any, project: str) -> list[tuple[str, int, int, int, int]]:
    """Per week, purchasers new (first seen that week), returning (also the week before),
    resurrecting (the others), and dormant (the week before, not this one): each person's
    purchase weeks as a sorted array, compared with itself shifted."""
    found = rows(
        chdb,
        """
        WITH (SELECT (toMonday(min(timestamp)), toMonday(max(timestamp))) FROM events
              WHERE project_id = {project:String}) AS span
        SELECT week, countIf(status = 1) AS new, countIf(status = 2) AS returning,
            countIf(status = 3) AS resurrecting, -countIf(status = 4) AS dormant
        FROM (
            SELECT arrayJoin(arrayConcat(
                arrayMap((w, b) -> (w, multiIf(w = toMonday(p.first_seen), 1,
                    b = w - 7, 2, 3)), ws, arrayPushFront(arrayPopBack(ws), toDate(0))),
                arrayFilter(x -> x.2 = 4, arrayMap((w, a) -> (w + 7, if(a = w + 7, 0, 4)),
                    ws, arrayPopFront(arrayPushBack(ws, toDate(0))))))) AS x,
                x.1 AS week, x.2 AS status
            FROM (SELECT person_id, arraySort(groupUniqArray(toMonday(timestamp))) AS ws
                  FROM events WHERE project_id = {project:String} AND event = 'purchase'
                  GROUP BY person_id) w
            INNER JOIN (SELECT person_id, first_seen FROM persons
                        WHERE project_id = {project:String}) p USING (person_id)
        )
        WHERE week <= span.2
        GROUP BY week ORDER BY week WITH FILL FROM assumeNotNull(span.1) TO assumeNotNull(span.2) + 1 STEP 7
        """,
        project=project,
    )
    return [
        (r["week"].isoformat(), r["new"], r["returning"], r["resurrecting"], r["dormant"])
        for r in found
    ]


# -- info ------------------------------------------------------------------------------------------
def info(chdb: Any, project: str) -> dict[str, Any]:
    """Counts of events, persons and sessions, events per name, first and last event."""
    names = rows(
        chdb,
        "SELECT event, count() AS n, min(timestamp) AS lo, max(timestamp) AS hi,"
        " (SELECT count() FROM persons WHERE project_id = {project:String}) AS persons,"
        " (SELECT count() FROM sessions WHERE project_id = {project:String}) AS sessions"
        " FROM events WHERE project_id = {project:String} GROUP BY event ORDER BY n DESC, event",
        project=project,
    )
    return {
        "events": sum(r["n"] for r in names),
        "persons": names[0]["persons"] if names else 0,
        "sessions": names[0]["sessions"] if names else 0,
        "event_names": {r["event"]: r["n"] for r in names},
        "first": naive(min(r["lo"] for r in names)) if names else None,
        "last": naive(max(r["hi"] for r in names)) if names else None,
    }


# -- adoption --------------------------------------------------------------------------------------
def _per_feature(template: str) -> str:
    """One aggregate per feature, as an array in ADOPTION_FEATURES' order."""
    return "[" + ", ".join(template.format(f=f"{{{k}:String}}") for k in _FEATURES) + "]"


_ADOPTION_PEOPLE = f"""
    SELECT person_id, min(timestamp) < cut AS early, max(timestamp) >= cut AS late,
        {_per_feature("countIf(event = {f})")} AS uses_each,
        {_per_feature("minIf(timestamp, event = {f})")} AS first_each,
        {_per_feature("maxIf(timestamp, event = {f})")} AS last_each,
        count() OVER () AS active, countIf(early) OVER () AS n_early,
        countIf(early AND late) OVER () AS n_early_late
    FROM events WHERE project_id = {{project:String}} GROUP BY person_id
"""


def adoption(chdb: Any, project: str) -> dict[str, Any]:
    """Per feature: adopters among active persons, days from first seen to first use, uses per
    week, retained use after 4 weeks, later activity of early adopters and non-adopters (one
    row per person with each feature's numbers in arrays, ARRAY JOINed); weekly adoption;
    active persons by how many of the features they used."""
    bounds = (
        "WITH (SELECT max(timestamp) FROM events WHERE project_id = {project:String}) AS stop,"
        " stop - INTERVAL 28 DAY AS cut"
    )
    summary = rows(
        chdb,
        f"""
        {bounds}
        SELECT feature, count() AS adopters, any(active) AS active_persons,
            quantileExactInclusive(0.5)(days) AS median_days_to_adopt,
            avg(days) AS mean_days_to_adopt, sum(uses) / sum(weeks) AS uses_per_adopter_week,
            countIf(first_use <= cut) AS retained_eligible,
            countIf(first_use <= cut AND last_use >= first_use + INTERVAL 28 DAY)
                / nullIf(countIf(first_use <= cut), 0) AS retained_rate,
            countIf(early AND first_use < cut AND late)
                / nullIf(countIf(early AND first_use < cut), 0) AS adopter_active_rate,
            (any(n_early_late) - countIf(early AND first_use < cut AND late))
                / nullIf(any(n_early) - countIf(early AND first_use < cut), 0)
                AS non_adopter_active_rate
        FROM (
            SELECT *, (toUnixTimestamp64Micro(first_use) - toUnixTimestamp64Micro(p.first_seen))
                    / 86400e6 AS days,
                greatest(toFloat64(toUnixTimestamp64Micro(stop) - toUnixTimestamp64Micro(first_use)),
                    86400e6) / 604800e6 AS weeks
            FROM (
                SELECT person_id, early, late, active, n_early, n_early_late, feature, uses,
                    first_use, last_use
                FROM ({_ADOPTION_PEOPLE})
                ARRAY JOIN {_per_feature("{f}")} AS feature, uses_each AS uses,
                    first_each AS first_use, last_each AS last_use
                WHERE uses > 0
            ) u
            INNER JOIN (SELECT person_id, first_seen FROM persons
                        WHERE project_id = {{project:String}}) p USING (person_id)
        )
        GROUP BY feature ORDER BY feature
        """,
        project=project,
        **_FEATURES,
    )
    trend = rows(
        chdb,
        f"""
        SELECT feature, week, count() AS active_persons, sum(used) AS users FROM (
            SELECT toMonday(timestamp) AS week, person_id,
                {_per_feature("max(event = {f})")} AS used_each
            FROM events WHERE project_id = {{project:String}} GROUP BY week, person_id)
        ARRAY JOIN {_per_feature("{f}")} AS feature, used_each AS used
        GROUP BY feature, week ORDER BY feature, week
        """,
        project=project,
        **_FEATURES,
    )
    breadth = rows(
        chdb,
        f"""
        SELECT k, count() AS persons FROM (
            SELECT person_id, uniqExactIf(event, event IN {_per_feature("{f}")}) AS k
            FROM events WHERE project_id = {{project:String}} GROUP BY person_id)
        GROUP BY k
        """,
        project=project,
        **_FEATURES,
    )
    spread = {r["k"]: r["persons"] for r in breadth}
    return {
        "features": summary,
        "trend": [
            (r["feature"], r["week"].isoformat(), r["active_persons"], r["users"]) for r in trend
        ],
        "breadth": [(k, spread.get(k, 0)) for k in range(len(ADOPTION_FEATURES) + 1)],
    }
