"""The persons table kept in step with events: first and last seen, identified or not, traits."""

from __future__ import annotations

from whylens.engines.base import Engine
from whylens.model.sessions import TOUCHED


def refresh(engine: Engine, project_id: str | None = None) -> None:
    """Rebuild the rows of the persons in TOUCHED from their events, keeping their traits; or
    of every person of `project_id` (after a load into an empty project).

    Persons left without events (anonymous ids merged into someone) disappear; their traits
    were already carried to the person they merged into.
    """
    if project_id is None:
        events = (
            f"events e SEMI JOIN {TOUCHED} t"
            " ON e.project_id = t.project_id AND e.person_id = t.person_id"
        )
        stale = (
            f"DELETE FROM persons p USING {TOUCHED} t"
            " WHERE p.project_id = t.project_id AND p.person_id = t.person_id"
        )
    else:
        events = "(SELECT * FROM events WHERE project_id = $project) e"
        stale = (
            "DELETE FROM persons WHERE project_id = $project AND (person_id IN"
            " (SELECT person_id FROM _whylens_person_rows) OR person_id IN"
            f" (SELECT person_id FROM {TOUCHED} WHERE project_id = $project))"
        )
    params = {"project": project_id} if project_id is not None else None
    engine.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _whylens_person_rows AS
        SELECT e.project_id, e.person_id, p.traits,
            min(e.timestamp) AS first_seen, max(e.timestamp) AS last_seen,
            bool_or(e.anonymous_id IS NULL OR e.distinct_id <> e.anonymous_id) AS is_identified
        FROM {events}
        LEFT JOIN persons p ON p.project_id = e.project_id AND p.person_id = e.person_id
        GROUP BY e.project_id, e.person_id, p.traits
    """,
        params,
    )
    engine.execute(stale, params)
    engine.execute(
        "INSERT INTO persons SELECT project_id, person_id, traits, first_seen, last_seen,"
        " is_identified FROM _whylens_person_rows"
    )
    engine.execute("DROP TABLE _whylens_person_rows")


def extend(engine: Engine, events: str, params: dict) -> None:
    """Add the new events of relation `events` to their persons' rows, for persons whose new
    events all come after their stored ones (model/session_tails.py): first seen stays, last
    seen is the newest, identified if any event says so; new persons get a row, traits kept.

    A row without events so far (traits set before any event) takes the new events' values.
    """
    engine.execute(
        f"""
        INSERT INTO persons (project_id, person_id, traits, first_seen, last_seen, is_identified)
        SELECT $project, person_id, NULL, min(timestamp), max(timestamp),
            bool_or(anonymous_id IS NULL OR distinct_id <> anonymous_id)
        FROM {events} GROUP BY person_id
        ON CONFLICT (project_id, person_id) DO UPDATE SET
            first_seen = coalesce(persons.first_seen, excluded.first_seen),
            last_seen = excluded.last_seen,
            is_identified = CASE WHEN persons.last_seen IS NULL THEN excluded.is_identified
                ELSE persons.is_identified OR excluded.is_identified END
        """,
        params,
    )


def carry_traits(engine: Engine, links: str, project_id: str) -> None:
    """Before anonymous persons merge, their traits join those of the person they become."""
    engine.execute(
        f"""
        UPDATE persons SET traits = json_merge_patch(coalesce(anon.traits, '{{}}'),
                                                     coalesce(persons.traits, '{{}}'))
        FROM {links} l JOIN persons anon
          ON anon.project_id = $project AND anon.person_id = l.distinct_id
        WHERE persons.project_id = $project AND persons.person_id = l.person_id
          AND anon.traits IS NOT NULL
    """,
        {"project": project_id},
    )
