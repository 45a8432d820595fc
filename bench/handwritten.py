"""The reference for each analysis: the DuckDB SQL a person would write by hand for the one
question the bench asks, with none of whylens' generality (no scope, filters or breakdowns).

Each function takes the engine and the project and returns the same numbers as the matching
part of whylens' document (see `bench.analyses`, which compares them before timing), so a
ratio against it measures what whylens' machinery costs over the best plain query.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

FUNNEL_STEPS = ("view_item", "add_to_cart", "begin_checkout", "purchase")
FUNNEL_WINDOW = "INTERVAL 7 DAY"
#: the funnel's time-between-steps histogram: lower edges in seconds, the last bin open
FUNNEL_BINS = (0, 10, 60, 300, 900, 3600, 21600, 86400, 259200, 604800, 1209600, 2592000)
DURATION_BINS = (0, 10, 30, 60, 180, 600, 1800, 3600)
TOP = 10


def query_rows(engine: Any, sql: str, project: str, **params: Any) -> list[dict[str, Any]]:
    return engine.query(sql, {"project": project, **params}).to_pylist()


def bin_sum(value: str, edges: tuple[int, ...]) -> str:
    return " + ".join(f"({value} >= {edge})::INT" for edge in edges[1:])


def bin_counts(found: Any, count: int) -> list[int]:
    got = dict(found or [])
    return [got.get(i, 0) for i in range(count)]


# -- trends ----------------------------------------------------------------------------------------
def trends(engine: Any, project: str) -> list[tuple[str, int]]:
    """Events per day, every day from the first to the last (a day without events is 0)."""
    rows = query_rows(
        engine,
        """
        WITH daily AS (
            SELECT date_trunc('day', timestamp) AS day, count(*) AS n
            FROM events WHERE project_id = $project GROUP BY 1
        )
        SELECT g.day, coalesce(d.n, 0) AS n
        FROM (SELECT unnest(generate_series(min(day), max(day), INTERVAL 1 DAY)) AS day
              FROM daily) g
        LEFT JOIN daily d USING (day) ORDER BY 1
        """,
        project,
    )
    return [(r["day"].isoformat(), r["n"]) for r in rows]


# -- funnel ----------------------------------------------------------------------------------------
def funnel(engine: Any, project: str) -> list[dict[str, Any]]:
    """4 ordered steps in 7 days: each step-k event takes the latest earlier step-(k-1) chain
    (ASOF join); a person's attempt is their furthest chain, then its earliest end."""
    a, b, c, d = FUNNEL_STEPS
    steps = []
    for k in range(2, 5):
        prior = ", ".join(f"p.t{i}" for i in range(1, k))
        steps.append(
            f"s{k} AS (SELECT c.h, c.key, {prior}, c.ts AS t{k} FROM ev c"
            f" ASOF JOIN s{k - 1} p ON c.h = p.h AND p.key < c.key"
            f" WHERE c.step = {k} AND c.ts <= p.t1 + {FUNNEL_WINDOW})"
        )
    chains = " UNION ALL ".join(
        f"SELECT h, {k} AS reached, key, "
        + ", ".join(f"t{i}" if i <= k else f"NULL::TIMESTAMP AS t{i}" for i in range(1, 5))
        + f" FROM s{k}"
        for k in range(1, 5)
    )
    rows = query_rows(
        engine,
        f"""
        WITH ev AS MATERIALIZED (
            SELECT hash(person_id) AS h, timestamp AS ts, step, epoch_us(timestamp) * 8 + step AS key
            FROM (SELECT person_id, timestamp, CASE event WHEN $a THEN 1 WHEN $b THEN 2
                         WHEN $c THEN 3 ELSE 4 END AS step
                  FROM events WHERE project_id = $project AND event IN ($a, $b, $c, $d))
        ),
        s1 AS (SELECT h, key, ts AS t1 FROM ev WHERE step = 1),
        {", ".join(steps)},
        best AS (
            SELECT arg_max([t1, t2, t3, t4], (reached, -key)) AS t, max(reached) AS reached
            FROM ({chains}) GROUP BY h
        ),
        per AS (
            SELECT k, date_diff('microsecond', t[k - 1], t[k]) / 1e6 AS d
            FROM best, range(1, 5) r(k) WHERE reached >= k
        )
        SELECT k, count(*) AS persons, avg(d) AS mean_s, median(d) AS median_s,
            histogram({bin_sum("d", FUNNEL_BINS)}) FILTER (WHERE d IS NOT NULL) AS bins
        FROM per GROUP BY k ORDER BY k
        """,
        project,
        a=a,
        b=b,
        c=c,
        d=d,
    )
    return [
        {
            "persons": r["persons"],
            "mean_s": r["mean_s"],
            "median_s": r["median_s"],
            "bins": bin_counts(r["bins"], len(FUNNEL_BINS)) if r["k"] > 1 else [],
        }
        for r in rows
    ]


# -- retention -------------------------------------------------------------------------------------
def retention(engine: Any, project: str) -> list[dict[str, Any]]:
    """Cohorts by week of first login; persons who purchased k weeks later, k = 0..8, for the
    weeks that have fully elapsed by the last event."""
    rows = query_rows(
        engine,
        """
        WITH ev AS (
            SELECT person_id, event, timestamp,
                date_diff('day', DATE '2000-01-03', timestamp) // 7 AS w
            FROM events WHERE project_id = $project AND event IN ('login', 'purchase')
        ),
        cohorts AS (SELECT person_id, min(w) AS c FROM ev WHERE event = 'login' GROUP BY 1),
        back AS (
            SELECT c.c, e.w - c.c AS k, count(DISTINCT c.person_id) AS n
            FROM cohorts c JOIN ev e ON e.person_id = c.person_id
            WHERE e.event = 'purchase' AND e.w - c.c BETWEEN 1 AND 8 GROUP BY 1, 2
        ),
        sizes AS (SELECT c, count(*) AS size FROM cohorts GROUP BY 1),
        last AS (SELECT date_diff('day', DATE '2000-01-03', max(timestamp)) AS day
                 FROM events WHERE project_id = $project)
        SELECT DATE '2000-01-03' + CAST(7 * s.c AS INTEGER) AS cohort, s.size, k.k,
            CASE WHEN k.k = 0 THEN s.size ELSE coalesce(b.n, 0) END AS n
        FROM sizes s CROSS JOIN range(0, 9) k(k) CROSS JOIN last
        LEFT JOIN back b ON b.c = s.c AND b.k = k.k
        WHERE k.k = 0 OR (s.c + k.k + 1) * 7 <= last.day
        ORDER BY 1, 3
        """,
        project,
    )
    cohorts: dict[Any, dict[str, Any]] = {}
    for r in rows:
        entry = cohorts.setdefault(
            r["cohort"], {"cohort": r["cohort"].isoformat(), "size": r["size"], "counts": []}
        )
        entry["counts"].append(r["n"])
    return list(cohorts.values())


# -- paths -----------------------------------------------------------------------------------------
def transitions(engine: Any, project: str) -> list[dict[str, Any]]:
    """Every pair of consecutive events of a person (by time, then event id), counted."""
    return query_rows(
        engine,
        """
        SELECT event AS "from", next AS "to", count(*) AS count,
            count(*) / sum(count(*)) OVER (PARTITION BY event) AS probability
        FROM (SELECT event, lead(event) OVER (PARTITION BY person_id ORDER BY timestamp, event_id)
                  AS next
              FROM events WHERE project_id = $project)
        WHERE next IS NOT NULL GROUP BY 1, 2 ORDER BY count DESC, 1, 2
        """,
        project,
    )


def paths_after(engine: Any, project: str, start: str = "search", depth: int = 5) -> dict:
    """From each person's first `start` event, the next `depth` events: persons per node and step
    (top 10, the rest `other`, `end` past the sequence), links, top 10 paths, step matrix."""
    rows = query_rows(
        engine,
        """
        WITH ev AS (SELECT person_id, timestamp AS ts, event_id, event FROM events
                    WHERE project_id = $project),
        anchors AS (SELECT person_id, min((ts, event_id)) AS at FROM ev WHERE event = $start
                    GROUP BY 1),
        walks AS (
            SELECT a.person_id, min_by(e.event, (e.ts, e.event_id), $depth + 1) AS nodes
            FROM anchors a JOIN ev e ON e.person_id = a.person_id AND (e.ts, e.event_id) >= a.at
            GROUP BY 1
        ),
        grid AS (SELECT person_id, k, coalesce(nodes[k + 1], 'end') AS node
                 FROM walks, range(0, $depth + 1) r(k)),
        counts AS (SELECT k, node, count(*) AS n FROM grid GROUP BY 1, 2),
        names AS (
            SELECT k, node, CASE WHEN node = 'end' OR row_number() OVER (PARTITION BY k
                ORDER BY node = 'end', n DESC, node) <= 10 THEN node ELSE 'other' END AS name
            FROM counts
        ),
        named AS (SELECT g.person_id, g.k, n.name FROM grid g JOIN names n USING (k, node))
        SELECT 'node' AS part, k, NULL AS source, name, count(*) AS n, NULL::VARCHAR[] AS path
        FROM named GROUP BY 2, 4
        UNION ALL
        SELECT 'link', b.k, a.name, b.name, count(*), NULL FROM named a
        JOIN named b ON a.person_id = b.person_id AND b.k = a.k + 1 GROUP BY 2, 3, 4
        UNION ALL
        (SELECT 'path', NULL, NULL, NULL, count(*), nodes FROM walks GROUP BY nodes
         ORDER BY count(*) DESC, nodes LIMIT 10)
        """,
        project,
        start=start,
        depth=depth,
    )
    return paths_document(rows)


def paths_document(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Nodes, links and top paths from rows (part, k, source, name, n, path), in whylens'
    order: by step, `other` then `end` last, most persons first, then by name."""
    order = {"end": 2, "other": 1}
    nodes = sorted(
        (r for r in rows if r["part"] == "node"),
        key=lambda r: (r["k"], order.get(r["name"], 0), -r["n"], r["name"]),
    )
    links = sorted(
        (r for r in rows if r["part"] == "link"),
        key=lambda r: (r["k"], order.get(r["name"], 0), -r["n"], r["source"], r["name"]),
    )
    paths = sorted((r for r in rows if r["part"] == "path"), key=lambda r: (-r["n"], r["path"]))
    return {
        "nodes": [(r["k"], r["name"], r["n"]) for r in nodes],
        "links": [(r["k"], r["source"], r["name"], r["n"]) for r in links],
        "paths": [(r["path"], r["n"]) for r in paths],
    }


# -- stickiness ------------------------------------------------------------------------------------
def stickiness(engine: Any, project: str) -> dict[str, Any]:
    """Purchasers per week by days of the week with a purchase; daily DAU, 30-day MAU, ratio."""
    distribution = query_rows(
        engine,
        """
        SELECT week, days, count(*) AS persons FROM (
            SELECT person_id, date_trunc('week', timestamp) AS week,
                count(DISTINCT date_trunc('day', timestamp)) AS days
            FROM events WHERE project_id = $project AND event = 'purchase' GROUP BY 1, 2)
        GROUP BY 1, 2 ORDER BY 1, 2
        """,
        project,
    )
    daily = query_rows(
        engine,
        """
        WITH span AS (SELECT date_trunc('day', min(timestamp)) AS lo,
                             date_trunc('day', max(timestamp)) AS hi
                      FROM events WHERE project_id = $project),
        active AS (SELECT DISTINCT person_id, date_trunc('day', timestamp) AS day
                   FROM events WHERE project_id = $project AND event = 'purchase'),
        days AS (SELECT unnest(generate_series(lo, hi, INTERVAL 1 DAY)) AS day FROM span)
        SELECT d.day, count(DISTINCT a.person_id) FILTER (WHERE a.day = d.day) AS dau,
            count(DISTINCT a.person_id) AS mau
        FROM days d LEFT JOIN active a ON a.day > d.day - INTERVAL 30 DAY AND a.day <= d.day
        GROUP BY 1 ORDER BY 1
        """,
        project,
    )
    return {
        "distribution": [
            (r["week"].date().isoformat(), r["days"], r["persons"]) for r in distribution
        ],
        "dau_mau": [
            (
                r["day"].date().isoformat(),
                r["dau"],
                r["mau"],
                r["dau"] / r["mau"] if r["mau"] else None,
            )
            for r in daily
        ],
    }


# -- lifecycle -------------------------------------------------------------------------------------
def lifecycle(engine: Any, project: str) -> list[tuple[str, int, int, int, int]]:
    """Per week: purchasers new (first event ever that week), returning (also purchased the
    week before), resurrecting (the others); dormant: purchased the week before, not this one."""
    rows = query_rows(
        engine,
        """
        WITH weeks AS (
            SELECT DISTINCT e.person_id, date_trunc('week', e.timestamp) AS week
            FROM events e WHERE e.project_id = $project AND e.event = 'purchase'
        ),
        marked AS (
            SELECT w.week, w.person_id,
                lag(w.week) OVER (PARTITION BY w.person_id ORDER BY w.week) AS before,
                lead(w.week) OVER (PARTITION BY w.person_id ORDER BY w.week) AS after,
                date_trunc('week', p.first_seen) = w.week AS created
            FROM weeks w JOIN persons p ON p.project_id = $project AND p.person_id = w.person_id
        ),
        span AS (SELECT date_trunc('week', min(timestamp)) AS lo,
                        date_trunc('week', max(timestamp)) AS hi
                 FROM events WHERE project_id = $project),
        counted AS (
            SELECT week, count(*) FILTER (WHERE created) AS new,
                count(*) FILTER (WHERE NOT created AND before = week - INTERVAL 7 DAY)
                    AS returning,
                count(*) FILTER (WHERE NOT created
                    AND before IS DISTINCT FROM week - INTERVAL 7 DAY) AS resurrecting
            FROM marked GROUP BY 1
        ),
        dormant AS (
            SELECT week + INTERVAL 7 DAY AS week, count(*) AS dormant FROM marked
            WHERE after IS DISTINCT FROM week + INTERVAL 7 DAY GROUP BY 1
        )
        SELECT g.week, coalesce(c.new, 0) AS new, coalesce(c.returning, 0) AS returning,
            coalesce(c.resurrecting, 0) AS resurrecting, -coalesce(d.dormant, 0) AS dormant
        FROM (SELECT unnest(generate_series(lo, hi, INTERVAL 7 DAY)) AS week FROM span) g
        LEFT JOIN counted c USING (week) LEFT JOIN dormant d USING (week) ORDER BY 1
        """,
        project,
    )
    return [
        (r["week"].date().isoformat(), r["new"], r["returning"], r["resurrecting"], r["dormant"])
        for r in rows
    ]


# -- info ------------------------------------------------------------------------------------------
def info(engine: Any, project: str) -> dict[str, Any]:
    """Counts of events, persons and sessions, events per name, first and last event."""
    names = query_rows(
        engine,
        "SELECT event, count(*) AS n, min(timestamp) AS lo, max(timestamp) AS hi FROM events"
        " WHERE project_id = $project GROUP BY 1 ORDER BY n DESC, event",
        project,
    )
    counts = query_rows(
        engine,
        "SELECT (SELECT count(*) FROM persons WHERE project_id = $project) AS persons,"
        " (SELECT count(*) FROM sessions WHERE project_id = $project) AS sessions",
        project,
    )[0]
    first: datetime | None = min((r["lo"] for r in names), default=None)
    last: datetime | None = max((r["hi"] for r in names), default=None)
    return {
        "events": sum(r["n"] for r in names),
        "persons": counts["persons"],
        "sessions": counts["sessions"],
        "event_names": {r["event"]: r["n"] for r in names},
        "first": first.isoformat() if first else None,
        "last": last.isoformat() if last else None,
    }


# -- adoption --------------------------------------------------------------------------------------
ADOPTION_FEATURES = ("search", "login")
_ADOPTION_BASE = """
    WITH bounds AS (
        SELECT max(timestamp) AS stop, max(timestamp) - INTERVAL 28 DAY AS cut
        FROM events WHERE project_id = $project
    ),
    people AS (
        SELECT person_id, min(timestamp) < any_value(cut) AS early,
            max(timestamp) >= any_value(cut) AS late
        FROM events, bounds WHERE project_id = $project GROUP BY 1
    ),
    usage AS (
        SELECT event AS feature, person_id, min(timestamp) AS first, max(timestamp) AS last,
            count(*) AS uses
        FROM events WHERE project_id = $project AND event IN $features GROUP BY 1, 2
    )"""


def adoption(engine: Any, project: str) -> dict[str, Any]:
    """Per feature: adopters among active persons, days from first seen to first use, uses per
    week, retained use after 4 weeks, later activity of early adopters and non-adopters;
    weekly adoption; active persons by how many of the features they used."""
    features = list(ADOPTION_FEATURES)
    summary = query_rows(
        engine,
        _ADOPTION_BASE
        + """,
        adopters AS (
            SELECT u.*, p.early, p.late, b.cut, u.first < b.cut AS used_early,
                (epoch(u.first) - epoch(pp.first_seen)) / 86400 AS days,
                greatest(epoch(b.stop) - epoch(u.first), 86400) / 604800 AS weeks
            FROM usage u JOIN people p USING (person_id) CROSS JOIN bounds b
            LEFT JOIN persons pp ON pp.project_id = $project AND pp.person_id = u.person_id
        ),
        totals AS (SELECT count(*) AS active, count(*) FILTER (WHERE early) AS n_early,
                          count(*) FILTER (WHERE early AND late) AS n_early_late FROM people)
        SELECT a.feature, count(*) AS adopters, any_value(t.active) AS active_persons,
            median(days) AS median_days_to_adopt, avg(days) AS mean_days_to_adopt,
            sum(uses) / sum(weeks) AS uses_per_adopter_week,
            count(*) FILTER (WHERE first <= cut) AS retained_eligible,
            count(*) FILTER (WHERE first <= cut AND last >= first + INTERVAL 28 DAY)
                / nullif(count(*) FILTER (WHERE first <= cut), 0) AS retained_rate,
            count(*) FILTER (WHERE early AND used_early AND late)
                / nullif(count(*) FILTER (WHERE early AND used_early), 0) AS adopter_active_rate,
            (any_value(t.n_early_late) - count(*) FILTER (WHERE early AND used_early AND late))
                / nullif(any_value(t.n_early) - count(*) FILTER (WHERE early AND used_early), 0)
                AS non_adopter_active_rate
        FROM adopters a CROSS JOIN totals t GROUP BY 1 ORDER BY 1
        """,
        project,
        features=features,
    )
    trend = query_rows(
        engine,
        """
        WITH weekly AS (
            SELECT date_trunc('week', timestamp) AS week, person_id,
                list_distinct(list(event) FILTER (WHERE event IN $features)) AS used
            FROM events WHERE project_id = $project GROUP BY 1, 2
        )
        SELECT f.feature, w.week, count(*) AS active_persons,
            count(*) FILTER (WHERE list_contains(w.used, f.feature)) AS users
        FROM weekly w CROSS JOIN (SELECT unnest($features) AS feature) f
        GROUP BY 1, 2 ORDER BY 1, 2
        """,
        project,
        features=features,
    )
    breadth = query_rows(
        engine,
        _ADOPTION_BASE
        + """,
        used AS (SELECT person_id, count(*) AS k FROM usage GROUP BY 1)
        SELECT coalesce(u.k, 0) AS k, count(*) AS persons
        FROM people p LEFT JOIN used u USING (person_id) GROUP BY 1 ORDER BY 1
        """,
        project,
        features=features,
    )
    spread = {r["k"]: r["persons"] for r in breadth}
    return {
        "features": summary,
        "trend": [
            (r["feature"], r["week"].date().isoformat(), r["active_persons"], r["users"])
            for r in trend
        ],
        "breadth": [(k, spread.get(k, 0)) for k in range(len(features) + 1)],
    }
