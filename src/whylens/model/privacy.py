"""Deleting a person: their events, identities, traits, sessions, feedback, churn scores and
segment memberships go, and the ids they used are remembered so that events arriving later under
them are dropped, never re-linked."""

from __future__ import annotations

from typing import Any

from whylens.engines.base import Engine
from whylens.errors import QueryError

_IDS = "_whylens_deleted_person_ids"


def delete_person(engine: Engine, project_id: str, person_id: str) -> dict[str, Any]:
    """Remove everything stored about one person; returns what was removed."""
    if engine.dialect == "clickhouse":  # no temporary tables in its mutations
        from whylens.model.clickhouse_privacy import delete_person as delete_in_clickhouse

        return delete_in_clickhouse(engine, project_id, person_id)
    p = {"project": project_id, "person": person_id}
    with engine.transaction():
        engine.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE {_IDS} AS
            SELECT $person AS distinct_id
            UNION SELECT distinct_id FROM identities WHERE project_id = $project AND person_id = $person
            UNION SELECT distinct_id FROM events WHERE project_id = $project AND person_id = $person
            UNION SELECT anonymous_id FROM events
                WHERE project_id = $project AND person_id = $person AND anonymous_id IS NOT NULL
        """,
            p,
        )
        try:
            counts = stored_counts(engine, project_id, person_id)
        except QueryError:
            engine.execute(f"DROP TABLE {_IDS}")
            raise
        delete_rows(engine, p)
        engine.execute(
            f"""
            DELETE FROM identities WHERE project_id = $project
              AND (person_id = $person OR distinct_id IN (SELECT distinct_id FROM {_IDS}))
        """,
            p,
        )
        engine.execute(
            f"""
            INSERT INTO deleted_ids (project_id, distinct_id)
            SELECT $project, distinct_id FROM {_IDS}
            WHERE distinct_id NOT IN (SELECT distinct_id FROM deleted_ids WHERE project_id = $project)
        """,
            {"project": project_id},
        )
        ids = engine.scalar(f"SELECT count(*) FROM {_IDS}")
        engine.execute(f"DROP TABLE {_IDS}")
    return {"person_id": person_id, "project": project_id, **counts, "ids_blocked": ids}


def stored_counts(engine: Engine, project_id: str, person_id: str) -> dict[str, int]:
    """The person's events, person rows and feedback; an error if there are none."""
    counts = engine.query(
        """
        SELECT (SELECT count(*) FROM events WHERE project_id = $project AND person_id = $person)
                AS events,
            (SELECT count(*) FROM persons WHERE project_id = $project AND person_id = $person)
                AS persons,
            (SELECT count(*) FROM feedback WHERE project_id = $project AND person_id = $person)
                AS feedback
    """,
        {"project": project_id, "person": person_id},
    ).to_pylist()[0]
    if not (counts["events"] or counts["persons"] or counts["feedback"]):
        raise QueryError(f"no person {person_id!r} in project {project_id!r}")
    return {key: int(value) for key, value in counts.items()}


def delete_rows(engine: Engine, p: dict[str, str]) -> None:
    """Delete the rows kept by person (`p`: project and person): events, sessions, traits,
    feedback, churn scores and segment memberships."""
    segments = _segment_tables(engine)
    kept = ["churn_scores"] if "churn_scores" in segments else []
    for table in ("events", "sessions", "persons", "feedback", *kept):
        engine.execute(
            f"DELETE FROM {table} WHERE project_id = $project AND person_id = $person", p
        )
    if "segment_members" in segments:
        engine.execute(
            "DELETE FROM segment_members WHERE person_id = $person AND segment_id IN"
            " (SELECT segment_id FROM segments WHERE project_id = $project)",
            p,
        )


def _segment_tables(engine: Engine) -> set[str]:
    """The segment tables (migration 0007) this store has; a store without them has nothing
    of the person there."""
    rows = engine.query(
        "SELECT table_name FROM information_schema.tables"
        " WHERE table_name IN ('churn_scores', 'segment_members')"
    ).to_pylist()
    return {r["table_name"] for r in rows}
