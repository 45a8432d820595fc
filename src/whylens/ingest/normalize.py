"""From rows as a file has them to event rows as the store keeps them.

The Arrow side only renames columns to safe staging names, decodes bytes and packs the
remaining columns into a properties struct; every value is read, checked and enriched in SQL.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa

from whylens.ingest import enrich, timestamps
from whylens.ingest.columns import ColumnMapping
from whylens.ingest.readers import RawChunk, Reject

if TYPE_CHECKING:
    from whylens.ingest.protection import Protection

STAGED = "_whylens_staged"
#: the value of a column that a chunk cannot fill
NULL = "CAST(NULL AS VARCHAR)"


@dataclass(frozen=True)
class Staged:
    """A chunk ready for SQL: safe column names `f_<field>`, `_extra`, `_row`, `_raw`."""

    table: pa.Table
    fields: frozenset[str]
    rejects: list[Reject]


def stage(chunk: RawChunk, mapping: ColumnMapping, source: str) -> Staged:
    """Rename, decode bytes (rows with invalid UTF-8 become rejects) and pack properties."""
    table = chunk.table
    bad = np.zeros(table.num_rows, dtype=bool)
    rejects: list[Reject] = []
    columns: dict[str, pa.ChunkedArray | pa.Array] = {}
    decoded: dict[str, pa.Array] = {}
    for name in table.column_names:
        decoded[name], invalid = _decode(table.column(name))
        for index in np.flatnonzero(invalid & ~bad):
            rejects.append(Reject(source, int(chunk.row_numbers[index]), name, "not valid UTF-8"))
        bad |= invalid
    for field, column in mapping.fields.items():
        columns[f"f_{field}"] = decoded[column]
    extra = [name for name in mapping.extra if name in decoded]
    if extra:
        columns["_extra"] = pa.StructArray.from_arrays(
            [_plain(decoded[name]) for name in extra], names=extra
        )
    columns["_raw"] = (
        pa.StructArray.from_arrays(
            [_plain(decoded[name]) for name in table.column_names], names=table.column_names
        )
        if table.num_columns
        else pa.nulls(table.num_rows)
    )
    columns["_row"] = pa.array(chunk.row_numbers, pa.int64())
    staged = pa.table(columns)
    if bad.any():
        staged = staged.filter(pa.array(~bad))
    return Staged(staged, frozenset(f for f in mapping.fields if f"f_{f}" in columns), rejects)


def _plain(array: pa.Array) -> pa.Array:
    """Dictionary-encoded columns (common in Parquet) become plain values for JSON."""
    return array.dictionary_decode() if pa.types.is_dictionary(array.type) else array


def _decode(column: pa.ChunkedArray) -> tuple[pa.Array, np.ndarray]:
    """Binary -> UTF-8 text; the mask marks values that are not valid UTF-8 (nulled)."""
    array = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    invalid = np.zeros(len(array), dtype=bool)
    if not pa.types.is_binary(array.type):
        return array, invalid
    try:
        return array.cast(pa.string()), invalid
    except pa.ArrowInvalid:
        values = array.to_pylist()  # only on the rare chunk with bad bytes
        for index, value in enumerate(values):
            if value is not None:
                try:
                    values[index] = value.decode("utf-8")
                except UnicodeDecodeError:
                    values[index], invalid[index] = None, True
        return pa.array(values, pa.string()), invalid


def _text(staged: Staged, field: str) -> str:
    if field not in staged.fields:
        return NULL
    column = f"f_{field}"
    if not _is_text(staged.table.schema.field(column).type):
        return f"nullif(trim(CAST({column} AS VARCHAR)), '')"
    return f"nullif({trimmed(column)}, '')"


def _is_text(arrow_type: pa.DataType) -> bool:
    if pa.types.is_dictionary(arrow_type):
        arrow_type = arrow_type.value_type
    return pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type)


def trimmed(text: str) -> str:
    """SQL: `trim(text)`, which strips the Unicode space separators; called only on values that
    can have one at an end (one starting or ending with a space, or not plain ASCII): trim
    copies every value it is given (1.6 CPU-s per 10 million URLs, against 0.4 with the test)."""
    return (
        f"CASE WHEN starts_with({text}, ' ') OR ends_with({text}, ' ')"
        f" OR strlen({text}) <> length({text}) THEN trim({text}) ELSE {text} END"
    )


#: the most extra columns whose NULLs `_extra_json` looks at one by one (more: always merged)
_CHECKED_FIELDS = 64


def _extra_json(staged: Staged) -> str:
    """SQL: the extra columns (`_extra`) as a JSON object without their NULL members.

    json_merge_patch drops NULL members (RFC 7396), but parses and writes each row's JSON again
    (1.1 CPU-s per 10 million rows). A row whose values are all NULL is `{}`, and one with none
    (of columns that are not objects, whose own NULL members the merge would drop) is its JSON
    as it is: those skip the merge. Fields are taken by position, never by the file's names
    (unique: `stage` takes the columns by name).
    """
    kinds = staged.table.schema.field("_extra").type
    merged = "json_merge_patch('{}', to_json(_extra))"
    if kinds.num_fields > _CHECKED_FIELDS:
        return merged
    values = [f"struct_extract_at(_extra, {i + 1})" for i in range(kinds.num_fields)]
    arms = [f"WHEN {' AND '.join(f'{v} IS NULL' for v in values)} THEN '{{}}'"]
    if not any(pa.types.is_nested(kinds.field(i).type) for i in range(kinds.num_fields)):
        arms.append(f"WHEN {' AND '.join(f'{v} IS NOT NULL' for v in values)} THEN to_json(_extra)")
    return f"CASE {' '.join(arms)} ELSE {merged} END"


def _properties(staged: Staged) -> str:
    names = staged.table.column_names
    extra = _extra_json(staged) if "_extra" in names else "'{}'"
    if "properties" not in staged.fields:
        return f"CAST({extra} AS JSON)"
    ptype = staged.table.schema.field("f_properties").type
    base = (
        "CASE WHEN json_valid(f_properties) THEN f_properties END"
        if pa.types.is_string(ptype) or pa.types.is_large_string(ptype)
        else "to_json(f_properties)"
    )
    return f"CAST(json_merge_patch(coalesce({base}, '{{}}'), {extra}) AS JSON)"


def _bad_properties(staged: Staged) -> str:
    """Properties given as JSON text must parse; structured ones always do."""
    if "properties" not in staged.fields:
        return "false"
    ptype = staged.table.schema.field("f_properties").type
    if pa.types.is_string(ptype) or pa.types.is_large_string(ptype):
        return "f_properties IS NOT NULL AND NOT json_valid(f_properties)"
    return "false"


@dataclass(frozen=True)
class EventRows:
    """A chunk's event rows as SQL (with the parameters it takes), and the event columns it
    can fill: the others are NULL for every row of it, and are left out (nothing is stored or
    read for them)."""

    sql: str
    columns: tuple[str, ...]
    params: dict[str, object] | None = None


#: what an event row needs beside a valid time: (field, the SQL condition of a reject, reason)
NEEDED = (
    ("event", "event IS NULL", "is empty"),
    (
        "user_id",
        "user_id IS NULL AND anonymous_id IS NULL",
        "is empty (no user_id or anonymous_id)",
    ),
)


def needed(part: str) -> str:
    """The WHEN clauses of NEEDED giving a reject's `field` or `reason` (for a CASE)."""
    return " ".join(
        f"WHEN {condition} THEN '{field if part == 'field' else reason}'"
        for field, condition, reason in NEEDED
    )


def event_rows(staged: Staged, tz: str | None, protection: Protection | None = None) -> EventRows:
    """One row per staged row: the event's columns, and `_field`/`_reason` when it is rejected.

    With a `protection` (ingest/protection.py), properties go through the privacy rules and the
    IP column (never stored) gives the country when a GeoIP file is configured.
    """
    ts_type = staged.table.schema.field("f_timestamp").type
    ts = timestamps.expression("ts_given", ts_type, tz)
    in_range = timestamps.in_range("timestamp")
    columns, joins = _event_columns(staged, protection)
    filled = {name: expr for name, expr in columns.items() if expr != NULL}
    # a native timestamp is only ever missing or out of range: no text of it per row
    ts_given = "f_timestamp" if timestamps.is_native(ts_type) else _text(staged, "timestamp")
    ts_text = "to_json(CAST(ts_given AS VARCHAR))"
    sql = f"""
    WITH given AS (
        SELECT *,
            {ts_given} AS ts_given,
            {_text(staged, "event")} AS event,
            {_text(staged, "user_id")} AS user_id,
            {_text(staged, "anonymous_id")} AS anonymous_id
        FROM {STAGED}
    ), base AS (SELECT *, {ts} AS timestamp FROM given)
    SELECT {", ".join(f"{expr} AS {name}" for name, expr in filled.items())},
        CASE
            WHEN ts_given IS NULL THEN 'timestamp'
            WHEN timestamp IS NULL OR NOT {in_range} THEN 'timestamp'
            {needed("field")}
            WHEN {_bad_properties(staged)} THEN 'properties'
        END AS _field,
        CASE
            WHEN ts_given IS NULL THEN 'is empty'
            WHEN timestamp IS NULL THEN 'cannot read ' || {ts_text}
                || ' as a timestamp; expected {timestamps.FORMATS_HINT}'
            WHEN NOT {in_range} THEN {ts_text}
                || ' is outside {timestamps.EARLIEST} .. {timestamps.LATEST}'
            {needed("reason")}
            WHEN {_bad_properties(staged)} THEN 'is not valid JSON'
        END AS _reason
    FROM base
    {joins}
    """
    return EventRows(sql, tuple(filled))


def _event_columns(staged: Staged, protection: Protection | None) -> tuple[dict[str, str], str]:
    """Each event column's SQL over the `base` rows (NULL where the chunk cannot fill it), and
    the joins they read."""
    given = {f: _text(staged, f) for f in ("device_type", "browser", "os", *enrich.UTM_FIELDS)}
    ua, ua_join = _derived(staged, "user_agent", "a", enrich.user_agent_parts, _AGENT_PARTS)
    properties, geo = _properties(staged), ""
    country = f"upper({_text(staged, 'country')})" if "country" in staged.fields else NULL
    if protection is not None:
        address = _text(staged, "ip") if "ip" in staged.fields else None
        properties = protection.properties(properties, staged)
        country, geo = protection.country(country, address, staged)
    columns = {
        "_row": "_row",
        "timestamp": "timestamp",
        "event": "event",
        "user_id": "user_id",
        "anonymous_id": "anonymous_id" if "anonymous_id" in staged.fields else NULL,
        "given_id": _text(staged, "event_id"),
        "client_session_id": _text(staged, "session_id"),
        # their path, UTM tags and domain are derived when they are stored (ingest/derived.py)
        "url": _text(staged, "url"),
        "referrer": _text(staged, "referrer"),
        **{f: given[f] for f in enrich.UTM_FIELDS},
        "device_type": _coalesce(given["device_type"], ua["ua_device_type"]),
        "browser": _coalesce(given["browser"], ua["ua_browser"]),
        "os": _coalesce(given["os"], ua["ua_os"]),
        "country": country,
        "properties": properties,
    }
    return columns, f"{ua_join}\n    {geo}"


def _coalesce(*values: str) -> str:
    """SQL: the first value that is not NULL, leaving out those that always are."""
    known = [v for v in values if v != NULL]
    if len(known) > 1:
        return f"coalesce({', '.join(known)})"
    return known[0] if known else NULL


_AGENT_PARTS = ("ua_device_type", "ua_browser", "ua_os")


def _derived(
    staged: Staged, field: str, alias: str, parts: Callable[[str], str], columns: tuple[str, ...]
) -> tuple[dict[str, str], str]:
    """The columns derived from one field that is not stored (the user agent; enrich.py), and
    the join that brings them.

    They are computed once per distinct value as the file has it, and joined back on it, so
    that nothing is trimmed or parsed per row; a field the file lacks gives NULLs and no join.
    """
    if field not in staged.fields:
        return dict.fromkeys(columns, NULL), ""
    distinct = f"SELECT DISTINCT f_{field} AS raw FROM {STAGED} WHERE f_{field} IS NOT NULL"
    values = f"(SELECT raw, nullif(trim(CAST(raw AS VARCHAR)), '') AS {field} FROM ({distinct}))"
    join = f"LEFT JOIN ({parts(values)}) {alias} ON {alias}.raw = base.f_{field}"
    return {column: f"{alias}.{column}" for column in columns}, join
