"""Identity stitching: anonymous ids linked to the identified person they turn out to be.

A link is learned the first time an anonymous id is seen together with a user id (in a file row,
an identify or an alias). The first link wins: an anonymous id already linked to one person is
never moved to another, which is how two real people are kept from being merged.
"""

from __future__ import annotations

from whylens.engines.base import Engine

LINKS = "_whylens_links"


def learn_links(engine: Engine, rows: str, project_id: str) -> int:
    """Link each new anonymous id in `rows` (user_id, anonymous_id, timestamp) to its person.

    Re-points the events of newly linked anonymous persons; returns how many links were made.
    """
    engine.execute(
        f"CREATE OR REPLACE TEMP TABLE {LINKS} AS "
        f"""
        WITH pairs AS (
            SELECT anonymous_id, arg_min(user_id, timestamp) AS user_id
            FROM {rows}
            WHERE user_id IS NOT NULL AND anonymous_id IS NOT NULL AND user_id <> anonymous_id
            GROUP BY anonymous_id
        )
        SELECT p.anonymous_id AS distinct_id, coalesce(target.person_id, p.user_id) AS person_id
        FROM pairs p
        LEFT JOIN identities target ON target.project_id = $project AND target.distinct_id = p.user_id
        WHERE NOT EXISTS (
            SELECT 1 FROM identities known
            WHERE known.project_id = $project AND known.distinct_id = p.anonymous_id
        ) AND NOT EXISTS (
            SELECT 1 FROM deleted_ids gone WHERE gone.project_id = $project
              AND gone.distinct_id IN (p.anonymous_id, p.user_id)
        )
        """,
        {"project": project_id},
    )
    made = engine.scalar(f"SELECT count(*) FROM {LINKS}")
    if not made:
        return 0
    engine.execute(
        f"INSERT INTO identities (project_id, distinct_id, person_id, linked_at)"
        f" SELECT $project, distinct_id, person_id, now() FROM {LINKS}",
        {"project": project_id},
    )
    engine.execute(
        f"UPDATE events SET person_id = l.person_id FROM {LINKS} l"
        f" WHERE events.project_id = $project AND events.person_id = l.distinct_id",
        {"project": project_id},
    )
    return int(made)


def person_expression(rows_alias: str = "r") -> str:
    """SQL for the person of a new row, joined as `by_user` and `by_anon` identities."""
    return (
        f"CASE WHEN {rows_alias}.user_id IS NOT NULL"
        f" THEN coalesce(by_user.person_id, {rows_alias}.user_id)"
        f" ELSE coalesce(by_anon.person_id, {rows_alias}.anonymous_id) END"
    )


def identity_joins(rows_alias: str = "r") -> str:
    return (
        f" LEFT JOIN identities by_user ON by_user.project_id = $project"
        f" AND by_user.distinct_id = {rows_alias}.user_id"
        f" LEFT JOIN identities by_anon ON by_anon.project_id = $project"
        f" AND by_anon.distinct_id = {rows_alias}.anonymous_id"
    )
