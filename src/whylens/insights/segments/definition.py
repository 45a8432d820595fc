"""The segment definition language: a small JSON tree, read and checked once, so that a mistake
is refused with where it is and what to write instead (docs/segments.md).

    {"and": [
        {"did": "add_to_cart", "at_least": 3, "in_last": "30d"},
        {"person": "plan", "operator": "in", "value": ["pro", "business"]},
        {"not": {"funnel": ["view_item", "add_to_cart", "purchase"], "reached": 2}},
        {"churn_risk_above": 0.5}
    ]}
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from whylens.errors import QueryError
from whylens.insights import filters as filters_
from whylens.insights.funnels.spec import DEFAULT_WINDOW, build_spec
from whylens.insights.matchers import matcher
from whylens.insights.properties import PERSON_PREFIXES
from whylens.insights.segments.rules import (
    All,
    AnyOf,
    ChurnRisk,
    Condition,
    Did,
    Not,
    PersonIs,
    StoppedAt,
)
from whylens.insights.units import duration_s

MAX_DEPTH = 8
MAX_CONDITIONS = 40
MAX_TEXT = 20_000


def parse(definition: Any) -> Condition:
    """A definition (a dict, or its JSON text) as a checked condition tree."""
    if isinstance(definition, str | bytes):
        if len(definition) > MAX_TEXT:
            raise QueryError(f"segment definition: at most {MAX_TEXT} characters")
        try:
            definition = json.loads(definition)
        except ValueError as exc:
            raise QueryError(f"segment definition: not valid JSON: {exc}") from None
    return _Reader().read(definition, "$", 0)


class _Reader:
    def __init__(self) -> None:
        self.count = 0

    def read(self, node: Any, path: str, depth: int) -> Condition:
        if depth > MAX_DEPTH:
            raise _error(path, f"conditions nest at most {MAX_DEPTH} deep")
        if not isinstance(node, Mapping):
            raise _error(path, f"a condition is a JSON object, not {_shown(node)}")
        kinds = [k for k in node if k in READERS]
        if len(kinds) != 1:
            found = f"both {' and '.join(map(repr, kinds))}" if kinds else "none of them"
            raise _error(
                path, f"a condition has exactly one of {', '.join(READERS)}; found {found}"
            )
        self.count += 1
        if self.count > MAX_CONDITIONS:
            raise _error(path, f"a definition holds at most {MAX_CONDITIONS} conditions")
        return READERS[kinds[0]](self, node, path, depth)

    def group(self, key: str, node: Mapping[str, Any], path: str, depth: int) -> Condition:
        _only(node, {key}, path)
        parts = node[key]
        if not isinstance(parts, list) or not parts:
            raise _error(path, f"'{key}' takes a non-empty list of conditions")
        read = tuple(self.read(p, f"{path}.{key}[{i}]", depth + 1) for i, p in enumerate(parts))
        return All(read) if key == "and" else AnyOf(read)

    def negation(self, node: Mapping[str, Any], path: str, depth: int) -> Condition:
        _only(node, {"not"}, path)
        return Not(self.read(node["not"], f"{path}.not", depth + 1))


def _did(reader: _Reader, node: Mapping[str, Any], path: str, depth: int) -> Condition:
    _only(node, {"did", "at_least", "in_last", "where"}, path)
    spec = node["did"]
    if not isinstance(spec, str) or not spec.strip():
        raise _error(path, f"'did' names an event ('*' for any), not {_shown(spec)}")
    where = node.get("where")
    if where is not None and (
        not isinstance(where, list) or not all(isinstance(w, str) for w in where)
    ):
        raise _error(path, "'where' is a list of filters such as \"price > 10\"")
    written: Any = {"event": spec, "where": where} if where else spec
    event = _checked(path, lambda: matcher(written))
    at_least = _whole(node.get("at_least", 1), "at_least", path, low=1)
    return Did(event, written, at_least, _window(node.get("in_last"), path))


def _person(reader: _Reader, node: Mapping[str, Any], path: str, depth: int) -> Condition:
    _only(node, {"person", "operator", "value"}, path)
    name = node["person"]
    if not isinstance(name, str) or not name.strip():
        raise _error(path, f"'person' names a trait, not {_shown(name)}")
    if "operator" not in node:  # the --where form: "plan in (pro, business)"
        if "value" in node:
            raise _error(path, "'value' needs an 'operator'")
        text = name if name.startswith(PERSON_PREFIXES) else "person." + name.strip()
        return PersonIs(_checked(path, lambda: filters_.parse(text)))
    operator = node["operator"]
    if (
        not isinstance(operator, str)
        or " ".join(operator.lower().split()) not in filters_.OPERATORS
    ):
        raise _error(
            path, f"'operator' is one of {', '.join(filters_.OPERATORS)}, not {_shown(operator)}"
        )
    operator = " ".join(operator.lower().split())
    value = node.get("value")
    if operator in ("is set", "is not set"):
        if value is not None:
            raise _error(path, f"'{operator}' takes no value")
    elif value is None:
        raise _error(path, f"'{operator}' needs a 'value'")
    elif operator in ("in", "not in"):
        if not isinstance(value, list) or not value or not all(_scalar(v) for v in value):
            raise _error(path, f"'{operator}' takes a non-empty list of values")
    elif not _scalar(value):
        raise _error(path, f"'value' is a string or a number, not {_shown(value)}")
    key = name.strip()
    prop = key if key.startswith(PERSON_PREFIXES) else "person." + key
    given = tuple(str(v) for v in value) if isinstance(value, list) else value
    if operator in (">", ">=", "<", "<=") and not _number_like(value):
        raise _error(path, f"'{operator}' compares numbers; {_shown(value)} is not one")
    (found,) = _checked(path, lambda: filters_.coerce([(prop, operator, given)]))
    return PersonIs(found)


def _funnel(reader: _Reader, node: Mapping[str, Any], path: str, depth: int) -> Condition:
    _only(node, {"funnel", "reached", "window", "order", "in_last"}, path)
    steps = node["funnel"]
    if not isinstance(steps, list) or not all(isinstance(s, str | dict) for s in steps):
        raise _error(path, "'funnel' is a list of steps (event names)")
    if "reached" not in node:
        raise _error(path, "a funnel condition needs 'reached': the furthest step, 1-based")
    window = node.get("window", DEFAULT_WINDOW)
    order = node.get("order", "ordered")
    spec = _checked(path, lambda: build_spec(steps, window, order))
    reached = _whole(node["reached"], "reached", path, low=1, high=spec.n)
    return StoppedAt(spec, tuple(steps), reached, window, _window(node.get("in_last"), path))


def _churn(reader: _Reader, node: Mapping[str, Any], path: str, depth: int) -> Condition:
    _only(node, {"churn_risk_above", "inactive"}, path)
    above = node["churn_risk_above"]
    if not _number_like(above) or isinstance(above, str) or not 0 <= float(above) < 1:
        raise _error(path, f"'churn_risk_above' is a probability from 0 to 1, not {_shown(above)}")
    inactive = _checked(path, lambda: duration_s(node.get("inactive", "30d")))
    return ChurnRisk(float(above), inactive / 86400)


READERS: dict[str, Callable[[_Reader, Mapping[str, Any], str, int], Condition]] = {
    "and": lambda r, n, p, d: r.group("and", n, p, d),
    "or": lambda r, n, p, d: r.group("or", n, p, d),
    "not": lambda r, n, p, d: r.negation(n, p, d),
    "did": _did,
    "person": _person,
    "funnel": _funnel,
    "churn_risk_above": _churn,
}


def _only(node: Mapping[str, Any], allowed: set[str], path: str) -> None:
    extra = sorted(set(node) - allowed)
    if extra:
        raise _error(
            path, f"unknown key {extra[0]!r}; this condition takes {', '.join(sorted(allowed))}"
        )


def _whole(value: Any, key: str, path: str, low: int, high: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _error(path, f"'{key}' is a whole number, not {_shown(value)}")
    if value < low or (high is not None and value > high):
        bounds = f"from {low} to {high}" if high is not None else f"at least {low}"
        raise _error(path, f"'{key}' is {bounds}, not {value}")
    return value


def _window(value: Any, path: str) -> float | None:
    if value is None:
        return None
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise _error(path, f"'in_last' is a duration such as 30d, not {_shown(value)}")
    return _checked(path, lambda: duration_s(value))


def _checked(path: str, read: Callable[[], Any]) -> Any:
    """The value `read` returns; its QueryError says where in the definition it happened."""
    try:
        return read()
    except QueryError as exc:
        raise _error(path, str(exc)) from None


def _scalar(value: Any) -> bool:
    return isinstance(value, str | int | float) and not isinstance(value, bool)


def _number_like(value: Any) -> bool:
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return not isinstance(value, bool)


def _shown(value: Any) -> str:
    text = json.dumps(value, default=repr) if not isinstance(value, bytes) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _error(path: str, message: str) -> QueryError:
    return QueryError(f"segment definition, at {path}: {message}")
