"""Reading timestamps as exports write them: ISO 8601 with or without a zone, epoch seconds,
milliseconds, microseconds or nanoseconds (told apart by magnitude), or native timestamp types.
The result is always UTC wall time; naive values are read in the import's time zone.
"""

from __future__ import annotations

import pyarrow as pa

from whylens.sql import literal

EARLIEST = "1970-01-01"
LATEST = "2100-01-01"
FORMATS_HINT = "ISO 8601 (e.g. 2024-05-01T12:00:00Z) or epoch seconds/milliseconds"


def _from_epoch(number: str) -> str:
    """Epoch number of unknown unit -> TIMESTAMP, the unit chosen by magnitude."""
    micros = (
        f"CASE WHEN abs({number}) >= 1e17 THEN {number} / 1000"
        f" WHEN abs({number}) >= 1e14 THEN {number}"
        f" WHEN abs({number}) >= 1e11 THEN {number} * 1000"
        f" ELSE {number} * 1000000 END"
    )
    return f"make_timestamp(TRY_CAST(round({micros}) AS BIGINT))"  # inf, NaN, 1e30: NULL


def _naive(value: str, tz: str | None) -> str:
    """A zone-less timestamp, read as wall time in `tz` (UTC when not given)."""
    return value if not tz else _utc(f"timezone({literal(tz)}, {value})")


def _utc(value: str) -> str:
    """TIMESTAMPTZ -> its UTC wall time as TIMESTAMP. The same as a cast in a UTC session,
    without the cast's calendar arithmetic per row."""
    return f"make_timestamp(epoch_us({value}))"


def is_native(arrow_type: pa.DataType) -> bool:
    """Timestamps, dates and epoch numbers: types read without going through text."""
    return (
        pa.types.is_timestamp(arrow_type)
        or pa.types.is_date(arrow_type)
        or pa.types.is_integer(arrow_type)
        or pa.types.is_floating(arrow_type)
    )


def expression(column: str, arrow_type: pa.DataType, tz: str | None) -> str:
    """SQL turning the staged column (text: trimmed, never empty) into a UTC TIMESTAMP, NULL
    where it cannot be read."""
    if pa.types.is_timestamp(arrow_type):
        if arrow_type.tz is not None:
            return _utc(column)
        return _naive(f"CAST({column} AS TIMESTAMP)", tz)
    if pa.types.is_date(arrow_type):
        return _naive(f"CAST({column} AS TIMESTAMP)", tz)
    if pa.types.is_integer(arrow_type) or pa.types.is_floating(arrow_type):
        return _from_epoch(f"CAST({column} AS DOUBLE)")
    text = f"CAST({column} AS VARCHAR)"
    # a number has no ':' (most timestamps as text do): only the others are tried as one
    number = f"CASE WHEN NOT contains({text}, ':') THEN TRY_CAST({text} AS DOUBLE) END"
    # a zone is a trailing Z or a +hh[:mm] / -hh[:mm] offset after the time of day
    zoned = (
        f"(ends_with({text}, 'Z') OR ends_with({text}, 'z') OR (length({text}) > 10"
        f" AND (contains(right({text}, 6), '+') OR contains(right({text}, 6), '-'))))"
    )
    return (
        f"CASE WHEN {number} IS NOT NULL THEN {_from_epoch(number)}"
        f" WHEN {zoned} THEN {_utc(f'TRY_CAST({text} AS TIMESTAMPTZ)')}"
        f" ELSE {_naive(f'TRY_CAST({text} AS TIMESTAMP)', tz)} END"
    )


def in_range(ts: str) -> str:
    return f"({ts} >= TIMESTAMP {literal(EARLIEST)} AND {ts} < TIMESTAMP {literal(LATEST)})"
