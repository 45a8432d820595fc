"""Property filters, as typed on the command line (`utm_source = google`, `price > 10`,
`plan in (pro, business)`, `email is set`) or given as tuples in the library.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from whylens.errors import QueryError
from whylens.insights.params import Params
from whylens.insights.properties import Property

OPERATORS = (
    "=",
    "!=",
    "contains",
    "not contains",
    "in",
    "not in",
    ">",
    ">=",
    "<",
    "<=",
    "is set",
    "is not set",
)
_PARSE = re.compile(
    r"^\s*(?P<prop>[^\s=!<>]+)\s*"
    r"(?P<op>!=|>=|<=|=|>|<|not\s+contains\b|contains\b|not\s+in\b|in\b|is\s+not\s+set\b|is\s+set\b)"
    r"\s*(?P<value>.*?)\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Filter:
    """`property operator value`; for `in` the value is a tuple, for `is set` there is none."""

    property: Property
    operator: str
    value: Any = None

    def sql(self, params: Params, events: str = "e", persons: str = "pe") -> str:
        column = self.property.sql(params, events, persons)
        op = self.operator
        if op == "is set":
            return f"({column} IS NOT NULL)"
        if op == "is not set":
            return f"({column} IS NULL)"
        if op in ("in", "not in"):
            values = [str(v) for v in self.value]
            test = f"{column} IN {params.add_all(values)}"
            return f"({test})" if op == "in" else f"(NOT coalesce({test}, false))"
        if op in ("contains", "not contains"):
            test = f"contains(lower({column}), lower({params.add(str(self.value))}))"
            return f"({test})" if op == "contains" else f"(NOT coalesce({test}, false))"
        if op in (">", ">=", "<", "<="):
            number = _number(self.value)
            return f"(TRY_CAST({column} AS DOUBLE) {op} {params.add(number)})"
        if op == "=":
            return f"({column} = {params.add(str(self.value))})"
        return f"({column} IS DISTINCT FROM {params.add(str(self.value))})"  # !=


def _number(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError) as exc:
        raise QueryError(f"{value!r} is not a number; >, >=, <, <= compare numbers") from exc


def parse(text: str) -> Filter:
    """`utm_source = google` -> Filter; a clear error names what is wrong."""
    match = _PARSE.match(text)
    if not match:
        raise QueryError(
            f"cannot read filter {text!r}; write PROPERTY OPERATOR VALUE with an operator among "
            + ", ".join(OPERATORS)
        )
    op = " ".join(match["op"].lower().split())
    raw = match["value"]
    if op in ("is set", "is not set"):
        if raw:
            raise QueryError(f"filter {text!r}: '{op}' takes no value")
        return Filter(Property(match["prop"]), op)
    if not raw:
        raise QueryError(f"filter {text!r} has no value")
    if op in ("in", "not in"):
        inner = raw[1:-1] if raw.startswith("(") and raw.endswith(")") else raw
        return Filter(Property(match["prop"]), op, tuple(_unquote(v) for v in inner.split(",")))
    return Filter(Property(match["prop"]), op, _unquote(raw))


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


FilterLike = str | Filter | Sequence[Any]


def coerce(filters: Iterable[FilterLike] | FilterLike | None) -> tuple[Filter, ...]:
    """Strings, Filter objects and (property, operator[, value]) tuples -> Filters."""
    if filters is None:
        return ()
    if isinstance(filters, str | Filter):
        filters = [filters]
    result = []
    for item in filters:
        if isinstance(item, Filter):
            result.append(item)
        elif isinstance(item, str):
            result.append(parse(item))
        else:
            prop, op, *rest = item
            op = " ".join(str(op).lower().split())
            if op not in OPERATORS:
                raise QueryError(f"unknown operator {op!r}; use one of {', '.join(OPERATORS)}")
            value = rest[0] if rest else None
            if op in ("in", "not in") and isinstance(value, str | int | float):
                value = (value,)
            result.append(Filter(Property(str(prop)), op, value))
    return tuple(result)


def needs_person(filters: Iterable[Filter]) -> bool:
    return any(f.property.on_person for f in filters)
