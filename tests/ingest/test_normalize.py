"""Normalising staged rows: the shortcuts taken for speed give what the plain expressions give."""

from __future__ import annotations

import random

import numpy as np
import pyarrow as pa
import pytest

from whylens.ingest.columns import recognise
from whylens.ingest.normalize import STAGED, event_rows, stage, trimmed
from whylens.ingest.readers import RawChunk

#: every character DuckDB's trim() strips (the Unicode space separators), and some it keeps
SPACES = [" ", "\u00a0", "\u1680", "\u2000", "\u200a", "\u202f", "\u205f", "\u3000"]
KEPT = ["\t", "\n", "\r", "\u200b", "x", "é", ""]


def test_trimmed_is_trim_for_every_kind_of_end(ws):
    words = ["", "a", "page", "é", "über uns", "https://shop.example/p?q=1"]
    values = [None, *words, *(" " * n for n in range(1, 4))]
    values += [
        f"{left}{word}{right}"
        for word in words
        for left in SPACES + KEPT
        for right in SPACES + KEPT
    ]
    table = pa.table({"v": pa.array(values, pa.string())})
    with ws.engine.registered("_t", table):
        rows = ws.engine.query(
            f"SELECT v, {trimmed('v')} AS fast, trim(v) AS plain FROM _t"
        ).to_pylist()
    assert len(rows) == len(values)
    assert [r for r in rows if r["fast"] != r["plain"]] == []


def _staged(table: pa.Table):
    rows = np.arange(1, table.num_rows + 1, dtype=np.int64)
    return stage(RawChunk(table, rows), recognise(table.column_names, {}), "t.parquet")


def _properties_and_reference(ws, table: pa.Table) -> list[dict]:
    staged = _staged(table)
    rows = event_rows(staged, None)
    with ws.engine.registered(STAGED, staged.table):
        return ws.engine.query(
            f"SELECT n._row, CAST(n.properties AS VARCHAR) AS fast,"
            f" CAST(json_merge_patch('{{}}', to_json(s._extra)) AS VARCHAR) AS plain"
            f" FROM ({rows.sql}) n JOIN {STAGED} s USING (_row) ORDER BY n._row"
        ).to_pylist()


def _base(n: int) -> dict[str, pa.Array]:
    return {
        "user_id": pa.array([f"u{i}" for i in range(n)]),
        "event": pa.array(["e"] * n),
        "timestamp": pa.array([1_700_000_000 + i for i in range(n)], pa.int64()),
    }


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_extra_columns_as_properties_drop_nulls_exactly_as_a_merge_does(ws, seed):
    rng = random.Random(seed)
    n = 400

    def maybe(value):
        return None if rng.random() < 0.4 else value

    table = pa.table(
        {
            **_base(n),
            "price": pa.array([maybe(rng.choice([0.1, 1e20, -0.0, 12.5])) for _ in range(n)]),
            "plan": pa.array([maybe(rng.choice(["pro", "", 'a"b', "ü"])) for _ in range(n)]),
            "count": pa.array([maybe(rng.randint(-5, 5)) for _ in range(n)], pa.int64()),
            "flag": pa.array([maybe(rng.random() < 0.5) for _ in range(n)]),
            "tags": pa.array([maybe([maybe("x"), "y"]) for _ in range(n)]),
        }
    )
    rows = _properties_and_reference(ws, table)
    assert len(rows) == n
    assert [r for r in rows if r["fast"] != r["plain"]] == []
    assert {r["fast"] for r in rows} >= {"{}"}  # rows whose extras are all NULL


def test_nested_extra_columns_lose_their_null_members_too(ws):
    """A struct or map column's NULL members are dropped by the merge, so rows with every value
    present still go through it when a column is nested."""
    table = pa.table(
        {
            **_base(3),
            "ctx": pa.array([{"a": 1, "b": None}, None, {"a": None, "b": "x"}]),
            "attrs": pa.array(
                [[("k", None)], [("k", "v")], None], pa.map_(pa.string(), pa.string())
            ),
        }
    )
    rows = _properties_and_reference(ws, table)
    assert [r["fast"] for r in rows] == [r["plain"] for r in rows]
    assert rows[0]["fast"] == '{"ctx":{"a":1},"attrs":{}}'


def test_many_extra_columns_are_merged_as_before(ws):
    extras = {f"c{i}": pa.array([None, str(i), str(i)]) for i in range(100)}
    extras["c0"] = pa.array([None, None, "0"])
    rows = _properties_and_reference(ws, pa.table({**_base(3), **extras}))
    assert [r["fast"] for r in rows] == [r["plain"] for r in rows]
    assert rows[0]["fast"] == "{}"
