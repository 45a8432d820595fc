"""Person traits (plan, email, signup date...) merged into the persons table."""

from __future__ import annotations

from collections.abc import Callable

import pyarrow as pa

from whylens.engines.base import Engine
from whylens.errors import QueryError


def store_traits(engine: Engine, table: pa.Table, project_id: str) -> int:
    """`set_traits` with the project's privacy rules, on either engine; returns rows merged."""
    if engine.dialect == "clickhouse":  # the same code, on a scratch DuckDB
        from whylens.model.clickhouse_traits import set_traits as set_in_clickhouse

        return set_in_clickhouse(engine, table, project_id)  # type: ignore[arg-type]
    from whylens.ingest.protection import traits_protector

    return set_traits(engine, table, project_id, traits_protector(engine, project_id))


def set_traits(
    engine: Engine,
    table: pa.Table,
    project_id: str,
    protect: Callable[[str, str], str] | None = None,
) -> int:
    """Merge each row's columns (but person_id) into that person's traits JSON.

    `protect` turns (a JSON expression, its relation) into SQL with the project's privacy rules
    applied (ingest/protection.py), so traits lose what events would.
    """
    if "person_id" not in table.column_names:
        raise QueryError("traits need a person_id column")
    others = [c for c in table.column_names if c != "person_id"]
    if not others:
        return 0
    packed = pa.table(
        {
            "person_id": table.column("person_id").cast(pa.string()),
            "traits": pa.StructArray.from_arrays(
                [table.column(c).combine_chunks() for c in others], names=others
            ),
        }
    )
    traits = "to_json(t.traits)"
    with engine.registered("_whylens_traits", packed), engine.transaction():
        if protect is not None:
            traits = protect(traits, "_whylens_traits t")
        engine.execute(
            """
            INSERT INTO persons (project_id, person_id, traits, is_identified)
            SELECT $project, t.person_id, '{}', true FROM _whylens_traits t
            WHERE NOT EXISTS (SELECT 1 FROM persons p
                              WHERE p.project_id = $project AND p.person_id = t.person_id)
        """,
            {"project": project_id},
        )
        engine.execute(
            f"""
            UPDATE persons SET traits = json_merge_patch(coalesce(persons.traits, '{{}}'),
                                                         {traits})
            FROM _whylens_traits t
            WHERE persons.project_id = $project AND persons.person_id = t.person_id
        """,
            {"project": project_id},
        )
    return table.num_rows
