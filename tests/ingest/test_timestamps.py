"""Timestamps as exports write them, read into UTC wall time: the cases of docs/import.md."""

from __future__ import annotations

from datetime import date, datetime, timezone

import duckdb
import pyarrow as pa
import pytest

from whylens.ingest import timestamps

TEN = datetime(2024, 1, 1, 10, 0, 0)


def read(values: pa.Array, tz: str | None = None) -> list[datetime | None]:
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    con.register("given", pa.table({"ts": values}))
    sql = f"SELECT {timestamps.expression('ts', values.type, tz)} FROM given"
    return [row[0] for row in con.execute(sql).fetchall()]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-01-01T10:00:00Z", TEN),
        ("2024-01-01T12:00:00+02:00", TEN),
        ("2024-01-01T04:30:00-05:30", TEN),
        ("2024-01-01 10:00:00", TEN),
        ("2024-01-01T10:00:00.250000Z", TEN.replace(microsecond=250000)),
        ("2024-01-01", datetime(2024, 1, 1)),
        ("1704103200", TEN),
        ("1704103200.5", TEN.replace(microsecond=500000)),
        ("1704103200000", TEN),
        ("1704103200000000", TEN),
        ("1704103200000000000", TEN),
        ("soon", None),
        ("infinity", None),
        ("nan", None),
        ("1e30", None),
        ("10:00", None),
        ("2024-13-01", None),
    ],
)
def test_text(text, expected):
    assert read(pa.array([text])) == [expected]


def test_text_without_a_zone_is_read_in_the_given_one():
    got = read(
        pa.array(["2024-01-01 10:00:00", "2024-01-01T10:00:00Z", "1704103200"]), "Europe/Berlin"
    )
    assert got == [TEN.replace(hour=9), TEN, TEN]


def test_native_types():
    instant = datetime(2024, 1, 1, 10, tzinfo=timezone.utc)
    assert read(pa.array([instant], pa.timestamp("us", "UTC"))) == [TEN]
    assert read(pa.array([instant], pa.timestamp("us", "Europe/Berlin"))) == [TEN]
    assert read(pa.array([instant], pa.timestamp("ms", "UTC"))) == [TEN]
    assert read(pa.array([TEN], pa.timestamp("us")), "Europe/Berlin") == [TEN.replace(hour=9)]
    assert read(pa.array([date(2024, 1, 1)], pa.date32())) == [datetime(2024, 1, 1)]
    assert read(pa.array([1704103200], pa.int64())) == [TEN]
    assert read(pa.array([1704103200000.0], pa.float64())) == [TEN]
