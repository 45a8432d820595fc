"""The seam's parameters (`$name`, or `?` in order) as ClickHouse server-side parameters.

ClickHouse binds `{name:Type}` placeholders on the server, so a value never becomes SQL text.
`bind` rewrites the placeholders outside quotes and comments, and types each one from its
Python value; `text` writes a value the way ClickHouse reads a parameter (the escaped format,
quoted inside arrays).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Any

from whylens.errors import QueryError

#: what ends a quoted section or comment that starts with the key
_SKIP = {"'": "'", '"': '"', "`": "`", "--": "\n", "/*": "*/"}
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_ESCAPES = {
    "\\": "\\\\",
    "\t": "\\t",
    "\n": "\\n",
    "\r": "\\r",
    "\0": "\\0",
    "\b": "\\b",
    "\f": "\\f",
}
_QUOTED = {**_ESCAPES, "'": "\\'"}
POSITIONAL = "pos"


def bind(sql: str, params: Sequence[Any] | Mapping[str, Any] | None) -> tuple[str, dict[str, Any]]:
    """(ClickHouse SQL, {name: value}) with each placeholder typed from its value."""
    named = _named(params)
    out: list[str] = []
    used: dict[str, Any] = {}
    i, position = 0, 0
    while i < len(sql):
        closer = next((_SKIP[k] for k in _SKIP if sql.startswith(k, i)), None)
        if closer is not None:
            end = _skip(sql, i, closer)
            out.append(sql[i:end])
            i = end
            continue
        char = sql[i]
        if char == "?":
            name = f"{POSITIONAL}{position}"
            position += 1
        elif char == "$" and (match := _NAME.match(sql, i + 1)):
            name = match.group()
        else:
            out.append(char)
            i += 1
            continue
        if name not in named:
            raise QueryError(f"no value was given for the SQL parameter {name!r}")
        used[name] = named[name]
        out.append(f"{{{name}:{type_of(named[name])}}}")
        i += 1 if char == "?" else 1 + len(name)
    return "".join(out), used


def _named(params: Sequence[Any] | Mapping[str, Any] | None) -> dict[str, Any]:
    if params is None:
        return {}
    if isinstance(params, Mapping):
        return dict(params)
    return {f"{POSITIONAL}{i}": v for i, v in enumerate(params)}


def _skip(sql: str, start: int, closer: str) -> int:
    """The index just past the quoted section or comment opening at `start`."""
    i = start + (2 if sql[start] in "-/" else 1)
    while i < len(sql):
        if closer in "'\"`" and sql[i] == "\\":
            i += 2
            continue
        if sql.startswith(closer, i):
            if closer in "'\"`" and sql.startswith(closer * 2, i):
                i += 2  # a doubled quote stands for itself
                continue
            return i + len(closer)
        i += 1
    return len(sql)


def type_of(value: Any) -> str:
    """The ClickHouse type a Python value is bound as."""
    if value is None:
        return "Nullable(String)"
    if isinstance(value, bool):
        return "Bool"
    if isinstance(value, int):
        return "Int64"
    if isinstance(value, float | Decimal):
        return "Float64"
    if isinstance(value, str):
        return "String"
    if isinstance(value, datetime):
        return "DateTime64(6, 'UTC')"
    if isinstance(value, date):
        return "Date32"
    if isinstance(value, list | tuple):
        inner = {type_of(v) for v in value if v is not None} or {"String"}
        if len(inner) != 1:
            raise QueryError(f"a list parameter mixes types: {sorted(inner)}")
        element = inner.pop()
        return f"Array(Nullable({element}))" if None in value else f"Array({element})"
    raise QueryError(f"a {type(value).__name__} cannot be a ClickHouse parameter")


def text(value: Any) -> str:
    """The parameter as ClickHouse reads it: escaped text, `\\N` for NULL."""
    if value is None:
        return "\\N"
    if isinstance(value, list | tuple):
        return "[" + ",".join(_quoted(v) for v in value) + "]"
    return _plain(value).translate(str.maketrans(_ESCAPES))


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(timezone.utc).replace(tzinfo=None)
        return value.isoformat(sep=" ", timespec="microseconds")
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _quoted(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, str | datetime | date):
        return "'" + _plain(value).translate(str.maketrans(_QUOTED)) + "'"
    return _plain(value)
