"""Bound parameters collected while a query is built, so no value is ever pasted into SQL."""

from __future__ import annotations

from typing import Any


class Params(dict[str, Any]):
    """Named parameters: `add(value)` returns the placeholder (`$p0`, `$p1`, ...)."""

    def add(self, value: Any) -> str:
        name = f"p{len(self)}"
        self[name] = value
        return f"${name}"

    def add_all(self, values: list[Any]) -> str:
        """A parenthesised list of placeholders, for IN (...)."""
        return "(" + ", ".join(self.add(v) for v in values) + ")"
