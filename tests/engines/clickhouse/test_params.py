"""`$name` and `?` placeholders become typed ClickHouse parameters; quoted text is left alone."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from whylens.engines.clickhouse.params import bind, text, type_of
from whylens.errors import QueryError


def test_named_and_positional_placeholders_are_typed():
    sql, values = bind("SELECT $a, $b FROM t WHERE x = $a", {"a": "x", "b": 2, "unused": 1})
    assert sql == "SELECT {a:String}, {b:Int64} FROM t WHERE x = {a:String}"
    assert values == {"a": "x", "b": 2}
    sql, values = bind("SELECT ?, ?", [1.5, None])
    assert sql == "SELECT {pos0:Float64}, {pos1:Nullable(String)}"
    assert values == {"pos0": 1.5, "pos1": None}


def test_quotes_and_comments_are_not_rewritten():
    sql, values = bind("SELECT '$a ?', \"$b\", `?` -- $a ?\n, $a /* ? */", {"a": 1})
    assert sql == "SELECT '$a ?', \"$b\", `?` -- $a ?\n, {a:Int64} /* ? */"
    assert bind("SELECT 'it''s $a', 'x\\'$a'", {})[0] == "SELECT 'it''s $a', 'x\\'$a'"


def test_types_follow_values():
    assert type_of(True) == "Bool"
    assert type_of(datetime(2024, 1, 1)) == "DateTime64(6, 'UTC')"
    assert type_of(date(2024, 1, 1)) == "Date32"
    assert type_of(["a", None]) == "Array(Nullable(String))"
    with pytest.raises(QueryError, match="mixes types"):
        type_of(["a", 1])
    with pytest.raises(QueryError, match="no value"):
        bind("SELECT $missing", {})


def test_text_escapes_what_clickhouse_reads_specially():
    assert text("a\tb\\c\n'") == "a\\tb\\\\c\\n'"
    assert text(None) == "\\N"
    assert text(["x'y", None, 3]) == "['x\\'y',NULL,3]"
    assert text(datetime(2024, 1, 2, 3, 4, 5, 6)) == "2024-01-02 03:04:05.000006"
