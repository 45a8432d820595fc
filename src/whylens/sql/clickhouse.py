"""DuckDB SQL fragments as ClickHouse SQL, so that a scope, a filter or an event matcher is
defined once (in DuckDB SQL, by insights/) and read the same way on both engines.

sqlglot transpiles the dialects; some of our fragments need more than a dialect change, and
are rewritten here (`rewrites` in `transpile`): json_extract_string takes a JSONPath in DuckDB
and a key in ClickHouse, and returns NULL for a missing key where ClickHouse returns ''; TRY_CAST
and split_part have no dialect twin; placeholders keep their `$name` so that the engine binds
them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from whylens.errors import QueryError
from whylens.insights.params import Params

_PLACEHOLDER = re.compile(r"\{(\w+): *\}")
_JSON_KEY = re.compile(r'^\$\."((?:[^"\\]|\\.)*)"$')


def transpile(sql: str, params: Params) -> str:
    """A DuckDB expression or query as ClickHouse SQL, with its `$name` placeholders kept."""
    import sqlglot
    from sqlglot import exp

    tree = sqlglot.parse_one(sql, read="duckdb")
    rewrites: list[tuple[type, Callable]] = [  # innermost kind first
        (exp.JSONExtractScalar, lambda node: _json_text(node, params)),
        (exp.TryCast, _try_cast),
        (exp.SplitPart, _split_part),
    ]
    for kind, rewrite in rewrites:
        for node in list(tree.find_all(kind)):
            replaced = rewrite(node)
            if node is tree:
                tree = replaced
            else:
                node.replace(replaced)
    return _PLACEHOLDER.sub(r"$\1", tree.sql(dialect="clickhouse"))


def _json_text(node, params: Params):
    """json_extract_string(doc, '$."key"') with DuckDB's meaning: the text of a string, the JSON
    of anything else, NULL for a missing key or a JSON null."""
    from sqlglot import exp

    path = node.expression
    if not isinstance(path, exp.Placeholder) or path.name not in params:
        raise QueryError("a JSON path must be a bound parameter to run on ClickHouse")
    found = _JSON_KEY.match(str(params[path.name]))
    if not found:
        raise QueryError(f"cannot read JSON path {params[path.name]!r} as one key")
    key = params.add(re.sub(r"\\(.)", r"\1", found[1]))
    doc = node.this.sql(dialect="clickhouse")
    kind = f"JSONType({doc}, {key})"
    return _parse(
        f"multiIf(NOT JSONHas({doc}, {key}) OR {kind} = 'Null', NULL,"
        f" {kind} = 'String', JSONExtractString({doc}, {key}), JSONExtractRaw({doc}, {key}))"
    )


def _try_cast(node):
    """TRY_CAST(x AS DOUBLE): NULL when the text is not a number. The operand stays a subtree,
    so that the rewrites reach inside it."""
    from sqlglot import exp

    if not node.to.is_type("double", "float"):
        raise QueryError(f"TRY_CAST to {node.to.sql()} has no ClickHouse rewrite")
    text = exp.Anonymous(this="toString", expressions=[node.this])
    return exp.Anonymous(this="toFloat64OrNull", expressions=[text])


def _split_part(node):
    """split_part(text, separator, n): the n-th piece (from the end when negative), '' past the
    last, as DuckDB gives it."""
    from sqlglot import exp

    pieces = exp.Anonymous(this="splitByString", expressions=[node.args["delimiter"], node.this])
    return exp.Anonymous(this="arrayElement", expressions=[pieces, node.args["part_index"]])


def _parse(sql: str):
    """A rewrite as a tree; read as DuckDB, whose parser takes `$name` placeholders (the
    ClickHouse one reads `$...$` as a string) and keeps unknown functions as they are."""
    import sqlglot

    return sqlglot.parse_one(_PLACEHOLDER.sub(r"$\1", sql), read="duckdb")
